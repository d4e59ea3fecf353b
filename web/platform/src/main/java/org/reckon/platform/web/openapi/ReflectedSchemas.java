package org.reckon.platform.web.openapi;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbTransient;
import jakarta.ws.rs.HttpMethod;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Describes, from the Java types, the bodies the annotation scanner leaves opaque
 * ({@code type: object}): in the EAR, WildFly indexes only the web module's own classes for
 * {@code /openapi}, and the views the resources return (records of the context APIs, in the EJB
 * module) are outside that index. Adding the EJB module's index to the web module's would deploy its
 * session beans twice, so the records are read here by reflection, with the rules JSON-B applies
 * (record components, snake_case names, {@code @JsonbProperty}, {@code @JsonbTransient}).
 * The operation's Java method is found from its {@code operationId}
 * ({@code PACKAGE_CLASS_METHOD}), which is then shortened to {@code Class_method}.
 */
final class ReflectedSchemas {

    private final Components components;
    private final Map<Type, String> named = new HashMap<>();

    ReflectedSchemas(Components components) {
        this.components = components;
    }

    void describe(PathItem.HttpMethod httpMethod, Operation operation) {
        String id = operation.getOperationId();
        if (id == null || !id.contains("_")) {
            return;
        }
        String className = id.substring(0, id.lastIndexOf('_'));
        String methodName = id.substring(id.lastIndexOf('_') + 1);
        operation.setOperationId(className.substring(className.lastIndexOf('.') + 1) + "_" + methodName);
        Method method = find(className, methodName, httpMethod);
        if (method == null || operation.getResponses() == null || operation.getResponses().getAPIResponses() == null) {
            return;
        }
        Map<String, APIResponse> declared = new HashMap<>();
        for (APIResponse r : method.getAnnotationsByType(APIResponse.class)) {
            declared.put(r.responseCode(), r);
        }
        operation.getResponses().getAPIResponses().forEach((code, response) -> {
            if (response.getContent() == null || response.getContent().getMediaTypes() == null) {
                return;
            }
            for (MediaType media : response.getContent().getMediaTypes().values()) {
                APIResponse annotation = declared.get(code);
                if (annotation != null && annotation.content().length > 0) {
                    org.eclipse.microprofile.openapi.annotations.media.Schema s = annotation.content()[0].schema();
                    if (s.implementation() != Void.class && partlyOpaque(media.getSchema())) {
                        media.setSchema(schemaOf(s.implementation()));
                    }
                    fillProperties(media.getSchema(), s.properties());
                } else if (partlyOpaque(media.getSchema())) {
                    media.setSchema(schemaOf(method.getGenericReturnType()));
                }
            }
        });
        if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
            for (java.lang.reflect.Parameter p : method.getParameters()) {
                var body = p.getAnnotation(org.eclipse.microprofile.openapi.annotations.parameters.RequestBody.class);
                if (body != null && body.content().length > 0 && body.content()[0].schema().implementation() != Void.class) {
                    Class<?> type = body.content()[0].schema().implementation();
                    operation.getRequestBody().getContent().getMediaTypes().values().forEach(m -> {
                        if (m.getSchema() == null || m.getSchema().getRef() == null) {
                            m.setSchema(schemaOf(type));
                        }
                    });
                }
            }
        }
    }

    /** Array properties declared with an implementation the scanner could not see. */
    private void fillProperties(Schema schema, SchemaProperty[] declared) {
        if (schema == null || schema.getProperties() == null) {
            return;
        }
        for (SchemaProperty p : declared) {
            Schema property = schema.getProperties().get(p.name());
            if (property != null && p.implementation() != Void.class && p.implementation() != Map.class
                    && property.getItems() != null && opaque(property.getItems())) {
                property.setItems(schemaOf(p.implementation()));
            }
        }
    }

    /** An opaque part anywhere inline (a map's values, an array's items), components aside. */
    static boolean partlyOpaque(Schema schema) {
        if (opaque(schema)) {
            return true;
        }
        if (schema.getRef() != null) {
            return false;
        }
        if (schema.getItems() != null && partlyOpaque(schema.getItems())) {
            return true;
        }
        if (schema.getAdditionalPropertiesSchema() != null && partlyOpaque(schema.getAdditionalPropertiesSchema())) {
            return true;
        }
        return schema.getProperties() != null && schema.getProperties().values().stream().anyMatch(ReflectedSchemas::partlyOpaque);
    }

    /** What the scanner writes for a type it could not find: an object or array of nothing in particular. */
    static boolean opaque(Schema schema) {
        if (schema == null) {
            return true;
        }
        if (schema.getRef() != null || (schema.getProperties() != null && !schema.getProperties().isEmpty())
                || schema.getAdditionalPropertiesSchema() != null || schema.getAdditionalPropertiesBoolean() != null) {
            return false;
        }
        List<Schema.SchemaType> type = schema.getType();
        if (type == null) {
            return schema.getItems() == null && schema.getAllOf() == null && schema.getOneOf() == null;
        }
        if (type.contains(Schema.SchemaType.ARRAY)) {
            return opaque(schema.getItems());
        }
        return type.contains(Schema.SchemaType.OBJECT);
    }

    private static Method find(String className, String methodName, PathItem.HttpMethod httpMethod) {
        try {
            Class<?> type = Class.forName(className, false, ReflectedSchemas.class.getClassLoader());
            return Arrays.stream(type.getMethods())
                    .filter(m -> m.getName().equals(methodName) && httpMethod.name().equals(verb(m)))
                    .findFirst().orElse(null);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static String verb(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    Schema schemaOf(Type type) {
        return schemaOf(type, Map.of());
    }

    private Schema schemaOf(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (type instanceof TypeVariable<?> v) {
            return schemaOf(bindings.getOrDefault(v, Object.class), bindings);
        }
        if (type instanceof WildcardType w) {
            Type[] upper = w.getUpperBounds();
            return upper.length == 1 && upper[0] != Object.class ? schemaOf(upper[0], bindings) : OASFactory.createSchema();
        }
        Class<?> raw = raw(type);
        if (raw == String.class || raw == char.class || raw == Character.class) {
            return simple(Schema.SchemaType.STRING, null);
        }
        if (raw == int.class || raw == Integer.class || raw == short.class || raw == Short.class) {
            return simple(Schema.SchemaType.INTEGER, "int32");
        }
        if (raw == long.class || raw == Long.class) {
            return simple(Schema.SchemaType.INTEGER, "int64");
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return simple(Schema.SchemaType.BOOLEAN, null);
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class || raw == BigDecimal.class) {
            return simple(Schema.SchemaType.NUMBER, null);
        }
        if (raw == Instant.class || raw == OffsetDateTime.class || raw == ZonedDateTime.class) {
            return simple(Schema.SchemaType.STRING, "date-time");
        }
        if (raw == LocalDate.class) {
            return simple(Schema.SchemaType.STRING, "date");
        }
        if (raw.isEnum()) {
            return simple(Schema.SchemaType.STRING, null).enumeration(
                    Arrays.stream(raw.getEnumConstants()).map(c -> (Object) ((Enum<?>) c).name()).toList());
        }
        if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
            Type item = raw.isArray() ? raw.getComponentType() : argument(type, 0);
            return OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(schemaOf(item, bindings));
        }
        if (Map.class.isAssignableFrom(raw)) {
            Type value = argument(type, 1);
            Schema values = schemaOf(value, bindings);
            return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).additionalPropertiesSchema(values);
        }
        if (raw.isRecord()) {
            return OASFactory.createSchema().ref("#/components/schemas/" + component(type, raw, bindings));
        }
        return OASFactory.createSchema(); // Object, or a class JSON-B writes by its getters: any value
    }

    /** The record as a component, named after its class (and type arguments), defined once. */
    private String component(Type type, Class<?> raw, Map<TypeVariable<?>, Type> outer) {
        Map<TypeVariable<?>, Type> bindings = new HashMap<>(outer);
        StringBuilder name = new StringBuilder(raw.getSimpleName());
        if (type instanceof ParameterizedType p) {
            TypeVariable<?>[] variables = raw.getTypeParameters();
            for (int i = 0; i < variables.length; i++) {
                Type argument = p.getActualTypeArguments()[i] instanceof TypeVariable<?> v
                        ? outer.getOrDefault(v, Object.class) : p.getActualTypeArguments()[i];
                bindings.put(variables[i], argument);
                name.append(raw(argument).getSimpleName());
            }
        }
        Type key = type instanceof ParameterizedType ? type : raw;
        String existing = named.get(key);
        if (existing != null) {
            return existing;
        }
        String unique = name.toString();
        Map<String, Schema> schemas = components.getSchemas() == null ? Map.of() : components.getSchemas();
        for (int i = 1; schemas.containsKey(unique) && !named.containsValue(unique) && !sameRecord(schemas.get(unique), raw); i++) {
            unique = name + Integer.toString(i);
        }
        named.put(key, unique);
        if (schemas.containsKey(unique) && !opaque(schemas.get(unique))) {
            return unique; // the scanner described it already (a web record)
        }
        Schema schema = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT);
        for (RecordComponent c : raw.getRecordComponents()) {
            if (c.isAnnotationPresent(JsonbTransient.class) || c.getAccessor().isAnnotationPresent(JsonbTransient.class)) {
                continue;
            }
            JsonbProperty property = c.getAnnotation(JsonbProperty.class) != null ? c.getAnnotation(JsonbProperty.class)
                    : c.getAccessor().getAnnotation(JsonbProperty.class);
            String wire = property != null && !property.value().isEmpty() ? property.value() : snakeCase(c.getName());
            schema.addProperty(wire, schemaOf(c.getGenericType(), bindings));
        }
        components.addSchema(unique, schema);
        return unique;
    }

    /** True when the component of that name was written for the same record (same member names). */
    private static boolean sameRecord(Schema schema, Class<?> raw) {
        if (schema.getProperties() == null) {
            return false;
        }
        List<String> names = Arrays.stream(raw.getRecordComponents()).map(c -> snakeCase(c.getName())).toList();
        return schema.getProperties().keySet().containsAll(names) && names.containsAll(schema.getProperties().keySet());
    }

    /** JSON-B's LOWER_CASE_WITH_UNDERSCORES: an underscore before each upper-case letter but the first. */
    static String snakeCase(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (Character.isUpperCase(ch) && i > 0) {
                out.append('_');
            }
            out.append(Character.toLowerCase(ch));
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    private static Schema simple(Schema.SchemaType type, String format) {
        Schema schema = OASFactory.createSchema().addType(type);
        return format == null ? schema : schema.format(format);
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static Type argument(Type type, int index) {
        return type instanceof ParameterizedType p && p.getActualTypeArguments().length > index
                ? p.getActualTypeArguments()[index] : Object.class;
    }
}
