package org.reckon.it.contract;

import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Checks one exchange with {@code /v1} against the {@code /openapi} the server serves: the
 * operation exists, the response's status is documented, its media type is, and its body
 * validates against the documented schema (JSON Schema 2020-12, as OpenAPI 3.1 says: types,
 * required, enums, patterns, formats, {@code additionalProperties}). The request is checked too
 * (body, parameters, credentials); a request the document calls invalid must be refused with a
 * 4xx, since tests send bad input on purpose, but one the server accepts is a mismatch.
 * Any mismatch throws {@link AssertionError}, which fails the test that made the call.
 */
public final class OpenApiContract {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DOC = "https://reckon.invalid/openapi.json";
    private static final java.util.List<String> MISMATCHES = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final AtomicInteger VALIDATED = new AtomicInteger();
    private static final AtomicInteger REQUESTS_VALID = new AtomicInteger();
    private static volatile OpenApiContract instance;

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final Map<String, com.networknt.schema.Schema> schemas = new ConcurrentHashMap<>();
    private final List<Route> routes = new ArrayList<>();

    private record Route(String template, Pattern regex, int templated, JsonNode item) {
    }

    private final boolean counted;

    /** {@code counted}: the suite's exchanges are; the validator's own test's are not. */
    OpenApiContract(String baseUrl, boolean counted) {
        this.counted = counted;
        this.document = fetch(baseUrl);
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            String template = path.getKey();
            String regex = "^" + Pattern.compile("\\{[^}]+\\}").matcher(Pattern.quote(template))
                    .replaceAll("\\\\E[^/]+\\\\Q") + "$";
            int templated = template.split("\\{", -1).length - 1;
            routes.add(new Route(template, Pattern.compile(regex), templated, path.getValue()));
        }
        routes.sort((a, b) -> Integer.compare(a.templated, b.templated));
    }

    /** The document the suite's server serves, fetched once per test JVM. */
    public static OpenApiContract served(String baseUrl) {
        OpenApiContract c = instance;
        if (c == null) {
            synchronized (OpenApiContract.class) {
                if (instance == null) {
                    instance = new OpenApiContract(baseUrl, true);
                }
                c = instance;
            }
        }
        return c;
    }

    public static int validated() {
        return VALIDATED.get();
    }

    public static int requestsValid() {
        return REQUESTS_VALID.get();
    }

    /** Every mismatch found in this JVM (each also failed its test). */
    public static java.util.List<String> mismatches() {
        return java.util.List.copyOf(MISMATCHES);
    }

    public JsonNode document() {
        return document;
    }

    private static JsonNode fetch(String baseUrl) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/openapi?format=JSON"))
                    .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("/openapi answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot fetch /openapi: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Checks the exchange when it is with {@code /v1}; anything else (the sandbox, /health) is not Reckon's API. */
    public void check(HttpRequest request, String requestBody, HttpResponse<String> response) {
        String path = request.uri().getRawPath();
        if (path == null || !(path.equals("/v1") || path.startsWith("/v1/"))) {
            return;
        }
        if (request.method().equals("OPTIONS")) {
            return; // JAX-RS answers it for every resource; not an operation of the API
        }
        boolean head = request.method().equals("HEAD");
        String method = head ? "get" : request.method().toLowerCase(java.util.Locale.ROOT);
        String where = request.method() + " " + request.uri().getRawPath()
                + (request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery()) + " -> " + response.statusCode();
        // as JAX-RS matches: the most literal path first, then the method (DELETE /v1/hotels/search is a 405
        // of /v1/hotels/search, not a delete of hotel "search")
        Route route = null;
        for (Route r : routes) {
            if (r.regex.matcher(path).matches()) {
                route = r.item.has(method) ? r : null;
                break;
            }
        }
        List<String> responseIssues = new ArrayList<>();
        if (route == null) {
            // not an operation of the API: the answer must still be a documented problem
            if (response.statusCode() != 404 && response.statusCode() != 405 && response.statusCode() != 401
                    && response.statusCode() != 400) {
                responseIssues.add("no operation " + method.toUpperCase() + " matches " + path + " in /openapi, yet the server answered "
                        + response.statusCode());
            }
            checkBody(response, "#/components/schemas/ProblemDetails", "application/problem+json", responseIssues);
            fail(where, responseIssues, response);
            count(VALIDATED);
            return;
        }
        String opPointer = "#/paths/" + escape(route.template) + "/" + method;
        JsonNode operation = route.item.get(method);
        checkResponse(operation, opPointer, response, responseIssues);
        fail(where, responseIssues, response);
        List<String> requestIssues = new ArrayList<>();
        checkRequest(route, operation, opPointer, request, requestBody, path, requestIssues);
        if (requestIssues.isEmpty()) {
            count(REQUESTS_VALID);
        } else if (response.statusCode() < 400) {
            fail(where + " (the server accepted a request /openapi calls invalid)", requestIssues, response);
        }
        count(VALIDATED);
    }

    private void count(AtomicInteger counter) {
        if (counted) {
            counter.incrementAndGet();
        }
    }

    private void checkResponse(JsonNode operation, String opPointer, HttpResponse<String> response, List<String> issues) {
        String status = Integer.toString(response.statusCode());
        JsonNode responses = operation.path("responses");
        String key = responses.has(status) ? status : responses.has(status.charAt(0) + "XX") ? status.charAt(0) + "XX"
                : responses.has("default") ? "default" : null;
        if (key == null) {
            issues.add("status " + status + " is not documented; documented: " + names(responses));
            return;
        }
        JsonNode content = responses.get(key).path("content");
        String body = response.body() == null ? "" : response.body();
        String type = response.headers().firstValue("Content-Type").map(t -> t.split(";")[0].trim()).orElse(null);
        if (body.isEmpty()) {
            if (content.size() > 0 && !"HEAD".equals(response.request().method()) && response.statusCode() != 204 && !content.has("*/*")) {
                issues.add("empty body, but /openapi documents " + names(content));
            }
            return;
        }
        if (content.size() == 0) {
            issues.add("a " + type + " body, but /openapi documents none");
            return;
        }
        if (type == null || !content.has(type)) {
            issues.add("media type " + type + ", documented: " + names(content));
            return;
        }
        if (content.get(type).has("schema") && isJson(type)) {
            String pointer = opPointer + "/responses/" + escape(key) + "/content/" + escape(type) + "/schema";
            validate(pointer, parse(body, issues), "response body", issues);
        }
    }

    private void checkBody(HttpResponse<String> response, String pointer, String expectedType, List<String> issues) {
        String type = response.headers().firstValue("Content-Type").map(t -> t.split(";")[0].trim()).orElse(null);
        if (!expectedType.equals(type)) {
            issues.add("media type " + type + ", expected " + expectedType);
            return;
        }
        validate(pointer, parse(response.body(), issues), "response body", issues);
    }

    private void checkRequest(Route route, JsonNode operation, String opPointer, HttpRequest request, String body,
                              String path, List<String> issues) {
        // parameters: the path item's, then the operation's
        Map<String, String> pointers = new LinkedHashMap<>();
        Map<String, JsonNode> params = new LinkedHashMap<>();
        collect(route.item.path("parameters"), "#/paths/" + escape(route.template) + "/parameters", params, pointers);
        collect(operation.path("parameters"), opPointer + "/parameters", params, pointers);
        Map<String, String> query = query(request.uri().getRawQuery());
        Map<String, String> pathValues = pathValues(route.template, path);
        for (String q : query.keySet()) {
            if (!params.containsKey("query:" + q)) {
                issues.add("query parameter " + q + " is not documented");
            }
        }
        params.forEach((id, p) -> {
            String in = p.path("in").asString();
            String name = p.path("name").asString();
            String value = switch (in) {
                case "query" -> query.get(name);
                case "path" -> pathValues.get(name);
                case "header" -> request.headers().firstValue(name).orElse(null);
                default -> null;
            };
            if (value == null) {
                if (p.path("required").asBoolean(false)) {
                    issues.add(in + " parameter " + name + " is required");
                }
                return;
            }
            if (p.has("schema")) {
                validate(pointers.get(id) + "/schema", typed(value, p.get("schema")), in + " parameter " + name, issues);
            }
        });
        if (!isPublic(operation) && request.headers().firstValue("Authorization").isEmpty()) {
            issues.add("no credentials, but the operation requires " + operation.path("security"));
        }
        JsonNode requestBody = operation.path("requestBody");
        boolean hasBody = body != null && !body.isEmpty();
        if (requestBody.isMissingNode()) {
            if (hasBody) {
                issues.add("a body, but /openapi documents none");
            }
            return;
        }
        if (!hasBody) {
            if (requestBody.path("required").asBoolean(false)) {
                issues.add("the body is required");
            }
            return;
        }
        String type = request.headers().firstValue("Content-Type").map(t -> t.split(";")[0].trim()).orElse(null);
        if (type == null || !requestBody.path("content").has(type)) {
            issues.add("request media type " + type + ", documented: " + names(requestBody.path("content")));
            return;
        }
        if (requestBody.path("content").get(type).has("schema") && isJson(type)) {
            validate(opPointer + "/requestBody/content/" + escape(type) + "/schema", parse(body, issues), "request body", issues);
        }
    }

    /**
     * Validates against the schema at {@code pointer} in the document. The schema is taken out with
     * the document's components beside it, so its {@code $ref}s to {@code #/components/schemas/...}
     * resolve as they do in the document.
     */
    /** No security, {@code security: []}, or an empty requirement among them: credentials optional. */
    public static boolean isPublic(JsonNode operation) {
        JsonNode security = operation.path("security");
        if (security.isMissingNode() || security.isEmpty()) {
            return true;
        }
        for (JsonNode requirement : security) {
            if (requirement.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private void validate(String pointer, JsonNode value, String what, List<String> issues) {
        if (value == null) {
            return;
        }
        com.networknt.schema.Schema schema = schemas.computeIfAbsent(pointer, p -> {
            JsonNode at = document.at(p.substring(1));
            if (at.isMissingNode()) {
                throw new IllegalStateException("no schema at " + p);
            }
            tools.jackson.databind.node.ObjectNode standalone = at.isObject()
                    ? ((tools.jackson.databind.node.ObjectNode) at).deepCopy() : JsonNodeFactory.instance.objectNode();
            standalone.set("components", document.path("components"));
            return registry.getSchema(SchemaLocation.of(DOC), standalone);
        });
        List<Error> errors = schema.validate(value, ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true)));
        for (Error e : errors) {
            issues.add(what + " " + e.getInstanceLocation() + ": " + e.getMessage() + " (schema " + pointer + ")");
        }
    }

    private static JsonNode typed(String value, JsonNode schema) {
        String type = schema.path("type").isArray() ? schema.path("type").path(0).asString() : schema.path("type").asString();
        try {
            return switch (type) {
                case "integer" -> JsonNodeFactory.instance.numberNode(new java.math.BigInteger(value));
                case "number" -> JsonNodeFactory.instance.numberNode(new java.math.BigDecimal(value));
                case "boolean" -> value.equals("true") || value.equals("false")
                        ? JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(value)) : JsonNodeFactory.instance.stringNode(value);
                default -> JsonNodeFactory.instance.stringNode(value);
            };
        } catch (NumberFormatException e) {
            return JsonNodeFactory.instance.stringNode(value);
        }
    }

    private static void collect(JsonNode list, String pointer, Map<String, JsonNode> params, Map<String, String> pointers) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode p = list.get(i);
            String id = p.path("in").asString() + ":" + p.path("name").asString();
            params.put(id, p);
            pointers.put(id, pointer + "/" + i);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            values.putIfAbsent(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return values;
    }

    private static Map<String, String> pathValues(String template, String path) {
        Map<String, String> values = new LinkedHashMap<>();
        String[] t = template.split("/");
        String[] p = path.split("/");
        for (int i = 0; i < t.length && i < p.length; i++) {
            if (t[i].startsWith("{") && t[i].endsWith("}")) {
                values.put(t[i].substring(1, t[i].length() - 1).split(":")[0].trim(), decode(p[i]));
            }
        }
        return values;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static JsonNode parse(String body, List<String> issues) {
        try {
            return JSON.readTree(body);
        } catch (RuntimeException e) {
            issues.add("body is not JSON: " + e.getMessage());
            return null;
        }
    }

    private static boolean isJson(String type) {
        return type.equals("application/json") || type.endsWith("+json");
    }

    private static String names(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.propertyNames().iterator(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names.toString();
    }

    static String escape(String pointerToken) {
        return pointerToken.replace("~", "~0").replace("/", "~1");
    }

    private void fail(String where, List<String> issues, HttpResponse<String> response) {
        if (!issues.isEmpty()) {
            String body = response.body() == null ? "" : response.body();
            AssertionError error = new AssertionError("/openapi mismatch: " + where + "\n  " + String.join("\n  ", issues)
                    + "\n  response body: " + (body.length() > 600 ? body.substring(0, 600) + "…" : body));
            if (counted) {
                MISMATCHES.add(error.getMessage());
            }
            throw error;
        }
    }
}
