package org.reckon.it.faults;

import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The classes of the web module AS SHIPPED, read out of the EAR the build produced: the WAR's own
 * ({@code WEB-INF/classes}) and those of each context's web jar in its {@code WEB-INF/lib}
 * ({@code reckon-web-<context>-*.jar}), by class name. They are not on the test classpath: the WAR
 * is packaged, not a jar dependency.
 */
final class ShippedWebClasses {

    private static final String WAR = "reckon-web.war";
    private static final String CLASSES = "WEB-INF/classes/";
    private static final String CONTEXT_JARS = "WEB-INF/lib/reckon-web-";

    private ShippedWebClasses() {
    }

    static Map<String, byte[]> read() throws IOException {
        String ear = System.getProperty("reckon.ear.file");
        try (ZipInputStream earZip = new ZipInputStream(new FileInputStream(ear))) {
            for (ZipEntry e = earZip.getNextEntry(); e != null; e = earZip.getNextEntry()) {
                if (e.getName().equals(WAR)) {
                    return ofWar(new ZipInputStream(earZip));
                }
            }
        }
        throw new IllegalStateException(WAR + " not in " + ear);
    }

    private static Map<String, byte[]> ofWar(ZipInputStream war) throws IOException {
        Map<String, byte[]> classes = new HashMap<>();
        int contextJars = 0;
        for (ZipEntry e = war.getNextEntry(); e != null; e = war.getNextEntry()) {
            String name = e.getName();
            if (name.startsWith(CLASSES) && name.endsWith(".class")) {
                classes.put(className(name.substring(CLASSES.length())), war.readAllBytes());
            } else if (name.startsWith(CONTEXT_JARS) && name.endsWith(".jar")) {
                contextJars++;
                try (ZipInputStream jar = new ZipInputStream(new ByteArrayInputStream(war.readAllBytes()))) {
                    for (ZipEntry j = jar.getNextEntry(); j != null; j = jar.getNextEntry()) {
                        if (j.getName().endsWith(".class")) {
                            classes.put(className(j.getName()), jar.readAllBytes());
                        }
                    }
                }
            }
        }
        if (contextJars == 0) {
            throw new IllegalStateException("no " + CONTEXT_JARS + "*.jar in " + WAR + ": the contexts' resources are missing");
        }
        return classes;
    }

    private static String className(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }
}
