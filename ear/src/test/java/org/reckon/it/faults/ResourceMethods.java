package org.reckon.it.faults;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.File;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.TreeSet;
import java.util.SortedSet;

/**
 * Every JAX-RS resource method the EAR under test really deploys, as "METHOD /v1/path", found by
 * reflection over the web module's classes read out of the EAR (they are not on the test
 * classpath: the WAR is packaged, not a jar dependency). Path parameters lose their regular
 * expressions: {@code {hotel_id: [A-Za-z0-9-]{1,64}}} becomes {@code {hotel_id}}.
 */
public final class ResourceMethods {


    private ResourceMethods() {
    }

    static SortedSet<String> inEar(File ear) throws IOException {
        return new TreeSet<>(rolesInEar(ear).keySet());
    }

    /**
     * The same endpoints, each with the roles its {@code @RolesAllowed} (method, else class) names;
     * an empty set for a public one ({@code @PermitAll} or no annotation).
     */
    public static Map<String, java.util.Set<String>> rolesInEar(File ear) throws IOException {
        Map<String, byte[]> classes = ShippedWebClasses.read();
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
        Map<String, java.util.Set<String>> endpoints = new java.util.TreeMap<>();
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
                    endpoints.put(verb + " " + normalize("/v1/" + root.value() + "/" + (sub == null ? "" : sub.value())),
                            roles(type, method));
                }
            }
        }
        return endpoints;
    }

    private static java.util.Set<String> roles(Class<?> type, Method method) {
        if (method.isAnnotationPresent(jakarta.annotation.security.PermitAll.class)) {
            return java.util.Set.of();
        }
        jakarta.annotation.security.RolesAllowed allowed = method.getAnnotation(jakarta.annotation.security.RolesAllowed.class);
        if (allowed == null && !type.isAnnotationPresent(jakarta.annotation.security.PermitAll.class)) {
            allowed = type.getAnnotation(jakarta.annotation.security.RolesAllowed.class);
        }
        return allowed == null ? java.util.Set.of() : new TreeSet<>(java.util.List.of(allowed.value()));
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

}
