package org.reckon.it.psp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.awaitility.core.ConditionTimeoutException;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.Json;

/**
 * The PSP sandbox as Reckon's PSP client sees it: over HTTP only, against psp-sandbox.war
 * deployed (by the deployment scanner) on the test server beside reckon.ear, at
 * {@code reckon.test.base.url + /psp-sandbox}. Over HTTP only: the test deploys
 * nothing. Its own webhook receiver on 127.0.0.1 checks every signature with the sandbox's
 * default secret. Each test registers its own payments under fresh nonces; tests that switch a
 * fault reset the faults in a finally, because faults are global to the sandbox.
 *
 * <p>A client-side Arquillian class: Arquillian starts the test server (and deploys the suite's
 * EAR, beside which the scanner deployed the sandbox) whether this class runs first, last or alone
 * ({@code -Dreckon.it.includes='**&#47;psp/PspSandboxIT.java'}).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PspSandboxIT {

    private static final String SANDBOX = "/psp-sandbox";
    private static final String API = SANDBOX + "/api/v1";
    private static final String SUCCEEDS = "4242424242424242";
    private static final String DECLINED = "4000000000000002";
    private static final String NEEDS_REVIEW = "4000000000003220";
    private static final Duration WEBHOOK_WAIT = Duration.ofSeconds(20);

    private static WebhookReceiver receiver;

    @BeforeAll
    static void receiverUpAndSandboxReachable() {
        receiver = WebhookReceiver.start();
        awaitSandbox(Duration.ofSeconds(60));
        resetFaults();
    }

    @AfterAll
    static void stopReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    // ---- registration ---------------------------------------------------------------------------

    @Test
    void registrationIsIdempotentOnTheNonce() {
        String nonce = unique("idem");
        HttpResponse<String> first = register(nonce, "25.00", "EUR", nonce);
        assertEquals(201, first.statusCode(), first.body());
        JsonObject created = Json.object(first.body());
        assertEquals("requires_payment_method", created.getString("status"));
        assertEquals(nonce, created.getString("nonce"));
        assertEquals("25.00", created.getString("amount"));
        assertEquals("EUR", created.getString("currency"));
        assertTrue(created.isNull("psp_reference"));
        assertTrue(created.getString("hosted_page_url").startsWith(Http.baseUrl() + SANDBOX + "/pay/"),
                created.getString("hosted_page_url"));

        HttpResponse<String> again = register(nonce, "25.00", "EUR", nonce);
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(created.getString("token"), Json.object(again.body()).getString("token"));

        problem(register(nonce, "26.00", "EUR", nonce), 409, "NONCE_CONFLICT");

        JsonObject queried = Json.object(ok(Http.get(API + "/payments/" + nonce)).body());
        assertEquals(created.getString("token"), queried.getString("token"));
    }

    @Test
    void badRegistrationIsA400NamingEachField() {
        HttpResponse<String> response = post(API + "/payments", "{\"amount\": \"0\", \"currency\": \"EUR\"}");
        JsonObject problem = problem(response, 400, "VALIDATION_FAILED");
        List<String> fields = problem.getJsonArray("violations").getValuesAs(JsonObject.class).stream()
                .map(v -> v.getString("field")).toList();
        assertEquals(List.of("nonce", "amount", "webhook_url"), fields);
    }

    @Test
    void anUnknownNonceIsA404Problem() {
        problem(Http.get(API + "/payments/" + unique("nobody")), 404, "NOT_FOUND");
    }

    // ---- cards and webhooks -------------------------------------------------------------------------

    @Test
    void theSucceedingCardSucceedsAndSaysSoInASignedWebhook() {
        String nonce = unique("ok");
        JsonObject payment = registered(nonce, "12.34", "EUR");
        JsonObject paid = Json.object(ok(confirm(payment.getString("token"), SUCCEEDS)).body());
        assertEquals("succeeded", paid.getString("status"));
        assertTrue(paid.getString("psp_reference").startsWith("psp_"), paid.toString());

        WebhookReceiver.Delivery webhook = receiver.await(nonce, d -> !d.isEmpty(), WEBHOOK_WAIT, "payment.succeeded").get(0);
        assertSigned(webhook);
        assertEquals("application/json", webhook.contentType());
        assertEquals("payment.succeeded", webhook.type());
        assertTrue(webhook.eventId() != null && !webhook.eventId().isBlank());
        assertTrue(Math.abs(webhook.json().getJsonNumber("created").longValue() - Instant.now().getEpochSecond()) < 120);
        JsonObject data = webhook.data();
        assertEquals(nonce, data.getString("nonce"));
        assertEquals(payment.getString("token"), data.getString("token"));
        assertEquals(paid.getString("psp_reference"), data.getString("psp_reference"));
        assertEquals("succeeded", data.getString("status"));
        assertEquals("12.34", data.getString("amount"));
        assertEquals("EUR", data.getString("currency"));
        assertTrue(data.isNull("failure_reason"));
        assertEquals("0.00", data.getString("refunded_amount"));
    }

    @Test
    void theDeclinedCardFailsWithCardDeclined() {
        String nonce = unique("declined");
        JsonObject paid = Json.object(ok(confirm(registered(nonce, "5.00", "USD").getString("token"), DECLINED)).body());
        assertEquals("failed", paid.getString("status"));
        assertEquals("card_declined", paid.getString("failure_reason"));
        assertTrue(paid.isNull("psp_reference"));

        WebhookReceiver.Delivery webhook = receiver.await(nonce, d -> !d.isEmpty(), WEBHOOK_WAIT, "payment.failed").get(0);
        assertSigned(webhook);
        assertEquals("payment.failed", webhook.type());
        assertEquals("card_declined", webhook.data().getString("failure_reason"));
    }

    @Test
    void theReviewCardIsPendingThenSucceedsWithTwoWebhooksInOrder() {
        try {
            putFaults("{\"pending_millis\": 500}");
            String nonce = unique("review");
            JsonObject paid = Json.object(ok(confirm(registered(nonce, "40.00", "EUR").getString("token"), NEEDS_REVIEW)).body());
            assertEquals("pending", paid.getString("status"));

            List<WebhookReceiver.Delivery> webhooks = receiver.await(nonce, d -> d.size() >= 2, WEBHOOK_WAIT, "pending and succeeded");
            webhooks.forEach(PspSandboxIT::assertSigned);
            assertEquals(List.of("payment.pending", "payment.succeeded"), webhooks.stream().map(WebhookReceiver.Delivery::type).toList());
            assertNotEquals(webhooks.get(0).eventId(), webhooks.get(1).eventId());

            JsonObject settled = Json.object(ok(Http.get(API + "/payments/" + nonce)).body());
            assertEquals("succeeded", settled.getString("status"));
            assertEquals(settled.getString("psp_reference"), webhooks.get(1).data().getString("psp_reference"));
        } finally {
            resetFaults();
        }
    }

    @Test
    void aPaymentIsDecidedOnlyOnce() {
        String token = registered(unique("twice"), "3.00", "EUR").getString("token");
        ok(confirm(token, DECLINED));
        problem(confirm(token, SUCCEEDS), 409, "PAYMENT_ALREADY_DECIDED");
    }

    @Test
    void aWebhookAnswered500IsRetriedWithTheSameEventIdAndAFreshSignature() {
        String nonce = unique("retry");
        receiver.failNext(nonce, 1);
        ok(confirm(registered(nonce, "8.00", "EUR").getString("token"), SUCCEEDS));

        List<WebhookReceiver.Delivery> attempts = receiver.await(nonce,
                d -> d.stream().anyMatch(x -> x.answered() == 200), WEBHOOK_WAIT, "a retried delivery");
        assertEquals(2, attempts.size(), "one refused, one accepted");
        assertEquals(500, attempts.get(0).answered());
        assertEquals(200, attempts.get(1).answered());
        assertEquals(attempts.get(0).eventId(), attempts.get(1).eventId());
        attempts.forEach(PspSandboxIT::assertSigned);
    }

    // ---- hosted page --------------------------------------------------------------------------------

    @Test
    void theHostedPageTakesACardAndSendsTheBuyerBack() {
        String nonce = unique("page");
        HttpResponse<String> created = post(API + "/payments", registration(nonce, "19.99", "EUR", nonce,
                "http://shop.example/return?checkout_id=c1"));
        String pageUrl = Json.object(created.body()).getString("hosted_page_url");
        String path = pageUrl.substring(Http.baseUrl().length());

        HttpResponse<String> page = ok(Http.get(path));
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("19.99") && page.body().contains(SUCCEEDS), "amount and test cards on the page");

        HttpResponse<String> paid = Http.send(Http.request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form("card_number", "4242 4242 4242 4242", "holder", "Ann Buyer",
                        "expiry", "12/39", "cvv", "123"))));
        assertEquals(303, paid.statusCode(), paid.body());
        assertEquals("http://shop.example/return?checkout_id=c1&payment_order_id=" + nonce,
                paid.headers().firstValue("Location").orElse(null));
        assertEquals("succeeded", Json.object(ok(Http.get(API + "/payments/" + nonce)).body()).getString("status"));
    }

    // ---- refunds and settlement -----------------------------------------------------------------------

    @Test
    void aRefundOverTheCapturedAmountIs422AndRefundsAreIdempotent() {
        String nonce = unique("refund");
        ok(confirm(registered(nonce, "10.00", "EUR").getString("token"), SUCCEEDS));
        String refundId = unique("re");

        HttpResponse<String> first = refund(nonce, refundId, "6.00", "EUR");
        assertEquals(201, first.statusCode(), first.body());
        JsonObject refund = Json.object(first.body());
        assertEquals("succeeded", refund.getString("status"));
        assertEquals("6.00", refund.getString("amount"));
        assertEquals(nonce, refund.getString("nonce"));

        HttpResponse<String> repeat = refund(nonce, refundId, "6.00", "EUR");
        assertEquals(200, repeat.statusCode(), repeat.body());
        assertEquals(refund.getString("psp_reference"), Json.object(repeat.body()).getString("psp_reference"));

        JsonObject over = problem(refund(nonce, unique("re"), "4.01", "EUR"), 422, "REFUND_REJECTED");
        assertEquals("amount", over.getJsonArray("violations").getJsonObject(0).getString("field"));
        assertEquals("partially_refunded", Json.object(ok(Http.get(API + "/payments/" + nonce)).body()).getString("status"));

        assertEquals(201, refund(nonce, unique("re"), "4.00", "EUR").statusCode());
        assertEquals("refunded", Json.object(ok(Http.get(API + "/payments/" + nonce)).body()).getString("status"));
        receiver.await(nonce, d -> d.stream().filter(x -> x.type().equals("payment.refunded")).count() >= 2,
                WEBHOOK_WAIT, "two payment.refunded webhooks");
    }

    @Test
    void theSettlementFileListsTheCharge() {
        String nonce = unique("settle");
        JsonObject paid = Json.object(ok(confirm(registered(nonce, "12.34", "EUR").getString("token"), SUCCEEDS)).body());
        LocalDate day = LocalDate.ofInstant(Instant.parse(paid.getString("updated_at")), ZoneOffset.UTC);

        HttpResponse<String> csv = ok(Http.get(API + "/settlements/" + day));
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        List<String> lines = csv.body().lines().toList();
        assertEquals("psp_reference,nonce,type,amount,currency,settled_at", lines.get(0));
        String expected = paid.getString("psp_reference") + "," + nonce + ",charge,12.34,EUR,";
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(expected)), "no line " + expected + " in\n" + csv.body());
    }

    // ---- faults -------------------------------------------------------------------------------------

    @Test
    void aDroppedResponseHidesAPaymentThatWasRegistered() {
        String nonce = unique("dropped");
        try {
            putFaults("{\"drop_response_rate\": 1.0}");
            problem(register(nonce, "15.00", "EUR", nonce), 504, "RESPONSE_LOST");
        } finally {
            resetFaults();
        }
        JsonObject found = Json.object(ok(Http.get(API + "/payments/" + nonce)).body());
        assertEquals("requires_payment_method", found.getString("status"));
        HttpResponse<String> retry = register(nonce, "15.00", "EUR", nonce);
        assertEquals(200, retry.statusCode(), "the retry finds the payment: " + retry.body());
        assertEquals(found.getString("token"), Json.object(retry.body()).getString("token"));
    }

    @Test
    void anInjectedErrorDoesNothing() {
        String nonce = unique("errored");
        try {
            putFaults("{\"error_rate\": 1.0}");
            problem(register(nonce, "15.00", "EUR", nonce), 503, "INJECTED_FAILURE");
        } finally {
            resetFaults();
        }
        problem(Http.get(API + "/payments/" + nonce), 404, "NOT_FOUND");
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static String unique(String prefix) {
        return "it-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String registration(String nonce, String amount, String currency, String hook, String returnUrl) {
        return "{\"nonce\": \"" + nonce + "\", \"amount\": \"" + amount + "\", \"currency\": \"" + currency + "\", "
                + "\"merchant_reference\": \"checkout-" + nonce + "\", \"return_url\": \"" + returnUrl + "\", "
                + "\"webhook_url\": \"" + receiver.url(hook) + "\"}";
    }

    private static HttpResponse<String> register(String nonce, String amount, String currency, String hook) {
        return post(API + "/payments", registration(nonce, amount, currency, hook, "http://shop.example/return"));
    }

    /** Registers a payment whose webhooks go to the hook named after its nonce. */
    private static JsonObject registered(String nonce, String amount, String currency) {
        HttpResponse<String> response = register(nonce, amount, currency, nonce);
        assertEquals(201, response.statusCode(), response.body());
        return Json.object(response.body());
    }

    private static HttpResponse<String> confirm(String token, String cardNumber) {
        return post(API + "/payments/" + token + "/confirm", "{\"card_number\": \"" + cardNumber
                + "\", \"holder\": \"Ann Buyer\", \"expiry\": \"12/39\", \"cvv\": \"123\"}");
    }

    private static HttpResponse<String> refund(String nonce, String refundId, String amount, String currency) {
        return post(API + "/payments/" + nonce + "/refunds",
                "{\"refund_id\": \"" + refundId + "\", \"amount\": \"" + amount + "\", \"currency\": \"" + currency + "\"}");
    }

    private static HttpResponse<String> post(String path, String json) {
        return Http.send(Http.request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static void putFaults(String json) {
        ok(Http.send(Http.request(API + "/faults").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json))));
    }

    private static void resetFaults() {
        ok(Http.send(Http.request(API + "/faults/reset").POST(HttpRequest.BodyPublishers.noBody())));
    }

    private static String form(String... pairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            body.append(i == 0 ? "" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return body.toString();
    }

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return response;
    }

    private static JsonObject problem(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        JsonObject body = Json.object(response.body());
        assertEquals(status, body.getInt("status"));
        assertEquals(code, body.getString("code"));
        assertFalse(response.body().contains("Exception"), response.body());
        return body;
    }

    private static void assertSigned(WebhookReceiver.Delivery delivery) {
        assertNull(PspSignature.problemWith(delivery.signature(), delivery.rawBody(), PspSignature.SANDBOX_SECRET),
                "signature of " + delivery.json());
    }

    private static void awaitSandbox(Duration timeout) {
        String[] last = {"no answer"};
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> {
                try {
                    HttpResponse<String> response = Http.get(API + "/faults");
                    last[0] = "HTTP " + response.statusCode();
                    return response.statusCode() == 200;
                } catch (IllegalStateException unreachable) {
                    last[0] = unreachable.getMessage();
                    return false;
                }
            });
        } catch (ConditionTimeoutException e) {
            fail("PSP sandbox not reachable at " + Http.baseUrl() + SANDBOX + " (" + last[0] + "). It is deployed by the "
                    + "deployment scanner of the test server: is psp-sandbox.war in standalone/deployments?");
        }
    }
}
