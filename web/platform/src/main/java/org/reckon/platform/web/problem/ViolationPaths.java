package org.reckon.platform.web.problem;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;

/**
 * Names a violated field the way the client wrote it: a query, path or header parameter by its
 * wire name ({@code start_date}), a body property by its snake_case JSON path
 * ({@code payment_orders[1].amount}). Bean Validation reports Java names ({@code search.arg1},
 * {@code paymentOrders[1].amount}); clients should never see those.
 */
public final class ViolationPaths {

    private ViolationPaths() {
    }

    public static boolean isReturnValue(ConstraintViolation<?> violation) {
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    public static String fieldOf(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        Method method = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.isInIterable() && field.length() > 0) {
                field.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            switch (node.getKind()) {
                case METHOD -> method = findMethod(violation.getRootBeanClass(), node.as(Path.MethodNode.class));
                case PARAMETER -> append(field, wireName(method, node.as(Path.ParameterNode.class)));
                case PROPERTY -> append(field, snakeCase(node.getName()));
                default -> {
                    // BEAN, CONTAINER_ELEMENT, CROSS_PARAMETER: nothing the client named
                }
            }
        }
        return field.length() == 0 ? "request" : field.toString();
    }

    static String snakeCase(String javaName) {
        return javaName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static void append(StringBuilder field, String part) {
        if (part == null || part.isEmpty()) {
            return;
        }
        if (field.length() > 0) {
            field.append('.');
        }
        field.append(part);
    }

    /** The @QueryParam/@PathParam/... name; null for the request body, whose properties follow. */
    private static String wireName(Method method, Path.ParameterNode node) {
        if (method == null) {
            return node.getName();
        }
        for (Annotation annotation : method.getParameters()[node.getParameterIndex()].getAnnotations()) {
            if (annotation instanceof QueryParam q) {
                return q.value();
            } else if (annotation instanceof PathParam p) {
                return p.value();
            } else if (annotation instanceof HeaderParam h) {
                return h.value();
            } else if (annotation instanceof FormParam f) {
                return f.value();
            } else if (annotation instanceof CookieParam c) {
                return c.value();
            } else if (annotation instanceof MatrixParam m) {
                return m.value();
            }
        }
        return null;
    }

    private static Method findMethod(Class<?> type, Path.MethodNode node) {
        List<Class<?>> parameterTypes = node.getParameterTypes();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                return c.getDeclaredMethod(node.getName(), parameterTypes.toArray(Class<?>[]::new));
            } catch (NoSuchMethodException e) {
                // declared higher up, or on a proxy's superclass
            }
        }
        return null;
    }
}
