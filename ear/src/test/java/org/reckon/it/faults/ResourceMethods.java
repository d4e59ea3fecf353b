package org.reckon.it.faults;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.SortedSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Every JAX-RS resource method the EAR under test really deploys, as "METHOD /v1/path", found by
 * reflection over the web module's classes read out of the EAR (they are not on the test
 * classpath: the WAR is packaged, not a jar dependency). Path parameters lose their regular
 * expressions: {@code {hotel_id: [A-Za-z0-9-]{1,64}}} becomes {@code {hotel_id}}.
 */
final class ResourceMethods {

    private static final String WAR = "reckon-web.war";
    private static final String CLASSES = "WEB-INF/classes/";
    private static final String LIB = "WEB-INF/lib/";

    private ResourceMethods() {
    }

    static SortedSet<String> inEar(File ear) throws IOException {
        Map<String, byte[]> classes = webClasses(ear);
        ClassLoader loader = new ClassLoader(ResourceMethods.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = classes.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
        SortedSet<String> endpoints = new TreeSet<>();
        for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
            if (!mentionsPath(entry.getValue())) {
                continue; // health checks, mappers, records: nothing routed
            }
            String name = entry.getKey();
            Class<?> type;
            try {
                type = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("cannot load " + name, e);
            }
            Path root = type.getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            for (Method method : type.getMethods()) {
                String verb = verb(method);
                if (verb != null) {
                    Path sub = method.getAnnotation(Path.class);
                    endpoints.add(verb + " " + normalize("/v1/" + root.value() + "/" + (sub == null ? "" : sub.value())));
                }
            }
        }
        return endpoints;
    }

    private static boolean mentionsPath(byte[] classFile) {
        return new String(classFile, java.nio.charset.StandardCharsets.ISO_8859_1).contains("Ljakarta/ws/rs/Path;");
    }

    private static String verb(Method method) {
        for (Annotation a : method.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    /** Drops regular expressions from templates and doubled or trailing slashes. */
    static String normalize(String template) {
        String plain = template.replaceAll("\\{\\s*([A-Za-z0-9_]+)\\s*:[^/]*?\\}(?=/|$)", "{$1}");
        plain = plain.replaceAll("/+", "/");
        return plain.length() > 1 && plain.endsWith("/") ? plain.substring(0, plain.length() - 1) : plain;
    }

    private static Map<String, byte[]> webClasses(File ear) throws IOException {
        try (ZipInputStream earZip = new ZipInputStream(new java.io.FileInputStream(ear))) {
            for (ZipEntry e = earZip.getNextEntry(); e != null; e = earZip.getNextEntry()) {
                if (e.getName().equals(WAR)) {
                    return classesOf(new ZipInputStream(earZip));
                }
            }
        }
        throw new IllegalStateException(WAR + " not in " + ear);
    }

    private static Map<String, byte[]> classesOf(ZipInputStream war) throws IOException {
        Map<String, byte[]> classes = new HashMap<>();
        for (ZipEntry e = war.getNextEntry(); e != null; e = war.getNextEntry()) {
            String name = e.getName();
            if (name.startsWith(CLASSES) && name.endsWith(".class")) {
                classes.put(name.substring(CLASSES.length(), name.length() - 6).replace('/', '.'), read(war));
            } else if (name.startsWith(LIB + "reckon-web-") && name.endsWith(".jar")) {
                classes.putAll(jarClasses(new ZipInputStream(war))); // a context's resources (web/<context>)
            }
        }
        return classes;
    }

    private static Map<String, byte[]> jarClasses(ZipInputStream jar) throws IOException {
        Map<String, byte[]> classes = new HashMap<>();
        for (ZipEntry e = jar.getNextEntry(); e != null; e = jar.getNextEntry()) {
            String name = e.getName();
            if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                classes.put(name.substring(0, name.length() - 6).replace('/', '.'), read(jar));
            }
        }
        return classes;
    }

    private static byte[] read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
