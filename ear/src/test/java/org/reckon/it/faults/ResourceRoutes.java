package org.reckon.it.faults;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every JAX-RS resource method of the web module AS SHIPPED: the classes are read from
 * {@code reckon-web.war} inside the EAR the build produced, and each method becomes a route
 * "{@code METHOD /v1/path/{param}}" (regular expressions of path parameters dropped). A
 * sub-resource locator (a {@code @Path} method without an HTTP method) is reported as such, since
 * the matrix could not know what it serves.
 */
final class ResourceRoutes {

    private ResourceRoutes() {
    }

    static TreeSet<String> ofShippedWar() throws IOException, ClassNotFoundException {
        java.nio.file.Path dir = Files.createTempDirectory("reckon-web-classes");
        List<String> candidates = new ArrayList<>();
        for (Map.Entry<String, byte[]> shipped : ShippedWebClasses.read().entrySet()) {
            byte[] bytes = shipped.getValue();
            java.nio.file.Path target = dir.resolve(shipped.getKey().replace('.', '/') + ".class");
            Files.createDirectories(target.getParent());
            Files.write(target, bytes);
            // only classes whose constant pool names a JAX-RS annotation are loaded
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            if (text.contains("Ljakarta/ws/rs/Path;") || text.contains("Ljakarta/ws/rs/ApplicationPath;")) {
                candidates.add(shipped.getKey());
            }
        }
        TreeSet<String> routes = new TreeSet<>();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                ResourceRoutes.class.getClassLoader())) {
            String base = "";
            List<Class<?>> resources = new ArrayList<>();
            for (String name : candidates) {
                Class<?> type = Class.forName(name, false, loader);
                if (type.isAnnotationPresent(ApplicationPath.class)) {
                    base = type.getAnnotation(ApplicationPath.class).value();
                }
                if (type.isAnnotationPresent(Path.class)) {
                    resources.add(type);
                }
            }
            for (Class<?> type : resources) {
                String classPath = join("/" + base, type.getAnnotation(Path.class).value());
                for (Method m : type.getDeclaredMethods()) {
                    String verb = httpMethod(m);
                    Path sub = m.getAnnotation(Path.class);
                    if (verb == null && sub != null) {
                        routes.add("LOCATOR " + join(classPath, sub.value()) + " (" + type.getName() + "." + m.getName() + ")");
                    } else if (verb != null) {
                        routes.add(verb + " " + (sub == null ? classPath : join(classPath, sub.value())));
                    }
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return routes;
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod verb = a.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    /** Joins path segments and drops parameter expressions: {@code {id: [0-9]+}} becomes {@code {id}}. */
    static String join(String a, String b) {
        String joined = ("/" + a + "/" + b).replaceAll("/+", "/");
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean skipping = false;
        for (char ch : joined.toCharArray()) {
            if (ch == '{') {
                depth++;
                if (depth == 1) {
                    skipping = false;
                    out.append(ch);
                    continue;
                }
            } else if (ch == '}') {
                depth--;
                if (depth == 0) {
                    skipping = false;
                    out.append(ch);
                    continue;
                }
            } else if (ch == ':' && depth == 1) {
                skipping = true;
                continue;
            }
            if (!skipping) {
                out.append(ch);
            }
        }
        String path = out.toString().replaceAll("\\{\\s*([^}\\s]+)\\s*}", "{$1}");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
