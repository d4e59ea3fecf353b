package org.reckon.it.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.Json;
import org.reckon.it.support.TestUsers;
import org.reckon.payment.psp.WebhookSignature;

/** Every error the edge answers is RFC 9457 problem+json naming what was wrong. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ProblemDetailsIT {

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

    /**
     * Issue 11, item 8: paging stays inside Elasticsearch's 10,000-result window (it answered 503
     * past it) and a page of ledger entries cannot overflow an int (it answered 500).
     */
    @Test
    void pagingPastTheResultWindowOrAnIntIsA400NamingPage() {
        JsonObject search = problem(Http.get("/v1/hotels/search?page=100&size=100"), 400, "VALIDATION_FAILED");
        assertEquals(List.of("page"), fields(search), search.toString());
        problem(Http.send(Http.as(Http.request("/v1/admin/reservations/search?page=5000&size=2"), TestUsers.STAFF.user,
                TestUsers.STAFF.password).GET()), 400, "VALIDATION_FAILED");
        assertEquals(200, Http.get("/v1/hotels/search?page=99&size=100").statusCode(), "the last page inside the window");
        JsonObject ledger = problem(Http.send(Http.as(Http.request("/v1/ledger/accounts/none/entries?page=2147483647&size=500"),
                TestUsers.STAFF.user, TestUsers.STAFF.password).GET()), 400, "VALIDATION_FAILED");
        assertEquals(List.of("page"), fields(ledger), ledger.toString());
    }

    /** Issue 11, item 9: an amount above the cap is refused. */
    @Test
    void anAmountAboveTheCapIsA400() {
        HttpResponse<String> response = Http.send(Http.as(Http.request("/v1/payments"), TestUsers.ALICE.user,
                        TestUsers.ALICE.password)
                .header("Content-Type", "application/json").header("Idempotency-Key", "cap-" + java.util.UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofString("{\"checkout_id\":\"co-cap-" + java.util.UUID.randomUUID()
                        + "\",\"buyer_info\":{\"name\":\"Alice\"},\"payment_orders\":[{\"payment_order_id\":\"po-cap-"
                        + java.util.UUID.randomUUID() + "\",\"seller_account\":\"s-cap\",\"amount\":\"999999999999999\",\"currency\":\"EUR\"}]}")));
        JsonObject body = problem(response, 400, "VALIDATION_FAILED");
        assertTrue(response.body().contains("at most 1000000000"), response.body());
        // the balance column's width: LedgerIT.balancesAreWideEnoughForManyOrdersAtTheCap (in the container)
    }

    /** Issue 11, item 10: ids made only of dots would reach the PSP's URL paths ("/payments/.."); they are refused. */
    @Test
    void idsMadeOnlyOfDotsAreRefusedNamingTheField() {
        for (String dots : List.of(".", "..", "...")) {
            HttpResponse<String> response = Http.send(Http.as(Http.request("/v1/payments"), TestUsers.ALICE.user,
                            TestUsers.ALICE.password)
                    .header("Content-Type", "application/json").header("Idempotency-Key", "dots-" + java.util.UUID.randomUUID())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"checkout_id\":\"co-dots-" + java.util.UUID.randomUUID()
                            + "\",\"buyer_info\":{\"name\":\"Alice\"},\"payment_orders\":[{\"payment_order_id\":\"" + dots
                            + "\",\"seller_account\":\"" + dots + "\",\"amount\":\"1.00\",\"currency\":\"EUR\"}]}")));
            JsonObject body = problem(response, 400, "VALIDATION_FAILED");
            assertEquals(List.of("payment_orders[0].payment_order_id", "payment_orders[0].seller_account"),
                    fields(body).stream().sorted().toList(), response.body());
        }
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

    // Regressions found by the bad-input fault suite (BadInputFuzzIT)

    private static HttpResponse<String> staff(String method, String path, String contentType, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = Http.as(Http.request(path), TestUsers.STAFF.user, TestUsers.STAFF.password);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return Http.send(request.method(method, body));
    }

    private static HttpResponse<String> webhook(String json) {
        long now = java.time.Instant.now().getEpochSecond();
        return Http.send(Http.request("/v1/psp/webhooks").header("Content-Type", "application/json")
                .header(WebhookSignature.HEADER, WebhookSignature.header("whsec_reckon_sandbox", now, json))
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    @Test
    void aBodyOverOneMebibyteIsA413ProblemWhetherItsLengthIsDeclaredOrChunked() {
        String huge = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        problem(staff("POST", "/v1/hotels", "application/json", HttpRequest.BodyPublishers.ofString(huge)),
                413, "PAYLOAD_TOO_LARGE");
        HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(huge.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        problem(staff("POST", "/v1/hotels", "application/json", chunked), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void aWrongPasswordIsA401ProblemNotTheContainersHtmlPage() {
        HttpResponse<String> response = Http.send(Http.as(Http.request("/v1/ledger/verify"), TestUsers.STAFF.user, "wrong").GET());
        problem(response, 401, "AUTHENTICATION_REQUIRED");
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
    }

    @Test
    void aPathThatDoesNotDecodeIsA400ProblemNotTheContainersHtmlPage() {
        HttpResponse<String> response = Http.get("/v1/hotels/%C0%AF/room-types");
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals(400, Json.object(response.body()).getInt("status"));
    }

    @Test
    void aNulCharacterIsA400ProblemNotA500FromPostgresql() {
        assertEquals(List.of("path"), fields(problem(Http.send(Http.as(Http.request("/v1/payments/a%00b"),
                TestUsers.ALICE.user, TestUsers.ALICE.password).GET()), 400, "VALIDATION_FAILED")));
        assertEquals(List.of("checkout_id"), fields(problem(Http.send(Http.as(Http.request("/v1/payments?checkout_id=%00"),
                TestUsers.ALICE.user, TestUsers.ALICE.password).GET()), 400, "VALIDATION_FAILED")));
        HttpResponse<String> body = staff("POST", "/v1/hotels", "application/json", HttpRequest.BodyPublishers.ofString(
                "{\"name\":\"Nul\\u0000Hotel\",\"city\":\"Lisbon\",\"address\":\"Rua 1\",\"currency\":\"EUR\"}"));
        assertEquals(List.of("body"), fields(problem(body, 400, "VALIDATION_FAILED")));
    }

    @Test
    void instantsAndDurationsBeyondWhatPostgresqlStoresAre400ProblemsNot500s() {
        assertEquals(List.of("as_of"), fields(problem(staff("GET",
                "/v1/ledger/accounts/no-such-account?as_of=%2B1000000000-12-31T23:59:59Z", null,
                HttpRequest.BodyPublishers.noBody()), 400, "VALIDATION_FAILED")));
        assertEquals(List.of("older_than"), fields(problem(staff("GET", "/v1/admin/payments/stuck?older_than=P1000000000D",
                null, HttpRequest.BodyPublishers.noBody()), 400, "VALIDATION_FAILED")));
    }

    @Test
    void anUnknownCharsetIsA415ProblemNotA500() {
        problem(Http.send(Http.as(Http.request("/v1/search/it-charset/documents/1"), TestUsers.ADMIN.user,
                        TestUsers.ADMIN.password).header("Content-Type", "application/json; charset=x-no-such-charset")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"fields\":{\"name\":\"x\"}}"))), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void aWholeNumberThatIsNotWholeOrDoesNotFitIsRefusedNotNarrowed() {
        HttpResponse<String> fraction = Http.send(Http.as(Http.request("/v1/reservation-orders"), TestUsers.ALICE.user,
                        TestUsers.ALICE.password).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"hotel_id\":\"h\",\"room_type_id\":\"t\","
                        + "\"start_date\":\"2030-01-01\",\"end_date\":\"2030-01-02\",\"number_of_rooms\":1.5,"
                        + "\"guest_name\":\"A\",\"guest_email\":\"a@example.com\"}")));
        problem(fraction, 400, "MALFORMED_REQUEST");
        problem(webhook("{\"event_id\":\"evt-it-overflow\",\"type\":\"payment.pending\",\"created\":99999999999999999999999,"
                + "\"data\":{\"nonce\":\"po-it-none\"}}"), 400, "MALFORMED_REQUEST");
    }

    @Test
    void aSignedWebhookOfAnUnknownTypeOrWithAnOverlongEventIdIsRefusedBeforeTheInboxStoresIt() {
        assertEquals(List.of("type"), fields(problem(webhook("{\"event_id\":\"evt-it-" + java.util.UUID.randomUUID()
                + "\",\"type\":\"payment.exploded\",\"data\":{\"nonce\":\"po-it-none\"}}"), 400, "VALIDATION_FAILED")));
        assertEquals(List.of("event_id"), fields(problem(webhook("{\"event_id\":\"" + "e".repeat(201)
                + "\",\"type\":\"payment.pending\",\"data\":{\"nonce\":\"po-it-none\"}}"), 400, "VALIDATION_FAILED")));
        problem(webhook("null"), 400, "MALFORMED_REQUEST");
    }

    @Test
    void aJsonBodyIsOneObjectWithBooleansThatAreBooleansNotWhateverJsonBBindsFromIt() {
        for (String body : List.of("[{\"fields\":{\"name\":\"x\"}}]", "{\"fields\":{\"name\":\"x\"}} {\"more\":1}",
                "{\"fields\":{\"name\":\"x\"}}}", "{\"fields\":{\"name\":\"x\"},\"visible_on_return\":\"maybe\"}",
                "{\"fields\":{\"name\":\"x\"},\"visible_on_return\":1}", "[".repeat(5000))) {
            HttpResponse<String> response = Http.send(Http.as(Http.request("/v1/search/it-one-object/documents/1"),
                            TestUsers.ADMIN.user, TestUsers.ADMIN.password).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body)));
            problem(response, 400, "MALFORMED_REQUEST");
        }
    }
}
