package org.reckon.it.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.Json;
import org.reckon.it.support.ReckonDeployment;
import org.reckon.it.support.TestUsers;

/** Every error the edge answers is RFC 9457 problem+json naming what was wrong. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ProblemDetailsIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return ReckonDeployment.withTest(ProblemDetailsIT.class);
    }

    private static JsonObject problem(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        JsonObject body = Json.object(response.body());
        assertEquals(status, body.getInt("status"));
        assertEquals(code, body.getString("code"));
        assertTrue(body.getString("type").startsWith("https://reckon.dev/problems/"), body.getString("type"));
        assertFalse(response.body().contains("Exception"), "no exception or stack trace in " + response.body());
        return body;
    }

    private static List<String> fields(JsonObject problem) {
        return problem.getJsonArray("violations").getValuesAs(JsonObject.class).stream()
                .map(v -> v.getString("field")).toList();
    }

    @Test
    void anUnknownRouteIsA404Problem() {
        JsonObject body = problem(Http.get("/v1/no-such-resource/42"), 404, "NOT_FOUND");
        assertEquals("/v1/no-such-resource/42", body.getString("instance"));
    }

    @Test
    void malformedJsonIsA400Problem() {
        HttpResponse<String> response = Http.send(Http.as(Http.request("/v1/search/it-malformed/documents/1"),
                        TestUsers.ADMIN.user, TestUsers.ADMIN.password)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"fields\": {\"name\": ")));
        problem(response, 400, "MALFORMED_REQUEST");
    }

    @Test
    void everyViolatedParameterIsListedByItsWireName() {
        HttpResponse<String> response = Http.send(Http.as(Http.request("/v1/search/NOT-lowercase!?size=1000"),
                TestUsers.STAFF.user, TestUsers.STAFF.password).GET());
        JsonObject body = problem(response, 400, "VALIDATION_FAILED");
        assertEquals(List.of("index", "q", "size"), fields(body));
    }

    @Test
    void aViolatedBodyPropertyIsListedBySnakeCaseName() {
        HttpResponse<String> response = Http.send(Http.as(Http.request("/v1/search/it-body/documents/1"),
                        TestUsers.ADMIN.user, TestUsers.ADMIN.password)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"fields\": {}, \"visible_on_return\": true}")));
        JsonObject body = problem(response, 400, "VALIDATION_FAILED");
        assertEquals(List.of("fields"), fields(body));
    }

    @Test
    void anonymousCallersAreAskedToAuthenticateAndCustomersAreForbiddenFromStaffEndpoints() {
        HttpResponse<String> anonymous = Http.get("/v1/search/hotels?q=x");
        problem(anonymous, 401, "AUTHENTICATION_REQUIRED");
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));

        HttpResponse<String> customer = Http.send(Http.as(Http.request("/v1/search/hotels?q=x"),
                TestUsers.ALICE.user, TestUsers.ALICE.password).GET());
        problem(customer, 403, "FORBIDDEN");
    }

    @Test
    void aWrongMethodIsA405ProblemThatSaysWhatIsAllowed() {
        HttpResponse<String> response = Http.send(Http.as(Http.request("/v1/search/hotels"),
                TestUsers.STAFF.user, TestUsers.STAFF.password).DELETE());
        problem(response, 405, "METHOD_NOT_ALLOWED");
        assertTrue(response.headers().firstValue("Allow").orElse("").contains("GET"));
    }

    @Test
    void theOpenApiDocumentDescribesTheApi() {
        HttpResponse<String> response = Http.get("/openapi");
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("/v1/search/{index}"), response.body());
    }
}
