package org.reckon.it.contract;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The validator the suite relies on refuses what it must: a check that cannot fail proves nothing.
 * A plain JUnit class (no server: it serves its own small document); it runs with the suite.
 */
class OpenApiValidatorIT {

    private static final String DOC = """
            {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
             "paths": {
               "/v1/things/{thing_id}": {"get": {"security": [],
                 "parameters": [{"name": "thing_id", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[a-z0-9-]{1,10}$"}},
                                {"name": "size", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 10}}],
                 "responses": {
                   "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                   "404": {"description": "no", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}}}}}},
               "/v1/things": {"post": {"security": [{"basic": []}],
                 "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewThing"}}}},
                 "responses": {
                   "201": {"description": "made", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                   "400": {"description": "bad", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}}},
                   "401": {"description": "who", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}}}}}}},
             "components": {"schemas": {
               "Thing": {"type": "object", "additionalProperties": false, "required": ["count"],
                 "properties": {"thing_id": {"type": "string"}, "count": {"type": "integer"},
                   "amount": {"type": "string", "pattern": "^-?[0-9]+(\\\\.[0-9]+)?$"},
                   "status": {"type": "string", "enum": ["NEW", "DONE"]}, "created_at": {"type": "string", "format": "date-time"}}},
               "NewThing": {"type": "object", "required": ["amount"], "properties": {"amount": {"type": "string", "pattern": "^-?[0-9]+(\\\\.[0-9]+)?$"}}},
               "ProblemDetails": {"type": "object", "additionalProperties": false, "required": ["type", "title", "status", "code"],
                 "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                   "code": {"type": "string", "enum": ["NOT_FOUND", "VALIDATION_FAILED", "AUTHENTICATION_REQUIRED"]},
                   "detail": {"type": "string"}, "instance": {"type": "string"}}}}}}
            """;
    private static final String PROBLEM = "{\"type\":\"https://reckon.dev/problems/not-found\",\"title\":\"t\",\"status\":404,\"code\":\"NOT_FOUND\"}";

    private static HttpServer server;
    private static OpenApiContract contract;
    private static String base;

    @BeforeAll
    static void serveTheDocument() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/openapi", exchange -> {
            byte[] body = DOC.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        contract = new OpenApiContract(base, false);
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).GET().build();
    }

    private static HttpRequest post(String json, boolean credentials) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/v1/things")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        return (credentials ? b.header("Authorization", "Basic YTpi") : b).build();
    }

    private static void check(HttpRequest request, int status, String type, String body) {
        contract.check(request, Exchanges.body(request), new Answer(request, status, type, body));
    }

    @Test
    void aResponseAsDocumentedPasses() {
        assertDoesNotThrow(() -> check(get("/v1/things/a-1?size=3"), 200, "application/json; charset=UTF-8",
                "{\"thing_id\":\"a-1\",\"count\":2,\"amount\":\"9.90\",\"status\":\"NEW\",\"created_at\":\"2027-01-01T10:00:00Z\"}"));
        assertDoesNotThrow(() -> check(get("/v1/things/zz"), 404, "application/problem+json", PROBLEM));
        assertDoesNotThrow(() -> check(post("{\"amount\":\"1.00\"}", true), 201, "application/json", "{\"count\":0}"));
    }

    @Test
    void aJavaNameOnTheWireFails() {
        AssertionError e = assertThrows(AssertionError.class, () -> check(get("/v1/things/a"), 200, "application/json",
                "{\"thingId\":\"a\",\"count\":1}"));
        assertTrue(e.getMessage().contains("thingId"), e.getMessage());
    }

    @Test
    void wrongTypesMissingMembersEnumsPatternsAndFormatsFail() {
        for (String body : List.of("{\"count\":\"1\"}", "{}", "{\"count\":1,\"status\":\"LOST\"}",
                "{\"count\":1,\"amount\":\"9,90\"}", "{\"count\":1,\"created_at\":\"yesterday\"}")) {
            assertThrows(AssertionError.class, () -> check(get("/v1/things/a"), 200, "application/json", body), body);
        }
    }

    @Test
    void anUndocumentedStatusOrMediaTypeFails() {
        assertThrows(AssertionError.class, () -> check(get("/v1/things/a"), 409, "application/problem+json", PROBLEM));
        assertThrows(AssertionError.class, () -> check(get("/v1/things/a"), 404, "application/json", PROBLEM));
        assertThrows(AssertionError.class, () -> check(get("/v1/things/a"), 404, "application/problem+json",
                "{\"type\":\"x\",\"title\":\"t\",\"status\":404,\"code\":\"SOMETHING_ELSE\"}"));
    }

    @Test
    void aRequestTheDocumentForbidsMustBeRefused() {
        HttpRequest badBody = post("{\"amount\":\"lots\"}", true);
        assertDoesNotThrow(() -> check(badBody, 400, "application/problem+json", PROBLEM.replace("404", "400")
                .replace("NOT_FOUND", "VALIDATION_FAILED")));
        assertThrows(AssertionError.class, () -> check(badBody, 201, "application/json", "{\"count\":0}"));
        HttpRequest anonymous = post("{\"amount\":\"1\"}", false);
        assertThrows(AssertionError.class, () -> check(anonymous, 201, "application/json", "{\"count\":0}"));
        assertThrows(AssertionError.class, () -> check(get("/v1/things/a?size=99"), 200, "application/json", "{\"count\":1}"));
        assertThrows(AssertionError.class, () -> check(get("/v1/things/a?colour=red"), 200, "application/json", "{\"count\":1}"));
    }

    @Test
    void aPathOutsideTheApiIsNotChecked() {
        assertDoesNotThrow(() -> check(get("/psp-sandbox/api/v1/anything"), 200, "text/html", "<p>"));
    }

    @Test
    void anUnknownApiPathMustBeAProblem() {
        assertDoesNotThrow(() -> check(get("/v1/nothing/here"), 404, "application/problem+json", PROBLEM));
        assertThrows(AssertionError.class, () -> check(get("/v1/nothing/here"), 200, "application/json", "{}"));
    }

    private record Answer(HttpRequest request, int statusCode, String type, String body) implements HttpResponse<String> {
        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return HttpHeaders.of(Map.of("Content-Type", List.of(type)), (a, b) -> true);
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
