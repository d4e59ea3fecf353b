package org.reckon.it.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.Jndi;
import org.reckon.it.support.Json;
import org.reckon.it.support.Queues;
import org.reckon.it.support.ReckonDeployment;
import org.reckon.it.support.Rows;
import org.reckon.it.support.TestUsers;
import org.reckon.payment.StuckPayments;
import org.reckon.payment.psp.WebhookSignature;

/**
 * The hosted-payment flow of Figure 11.4 end to end, against the PSP sandbox over HTTP: Reckon
 * registers each order (nonce = order id) from the execution queue, the buyer pays on the hosted
 * page (here: the sandbox's confirm API, as a test would drive Stripe), the signed webhook moves
 * the order, and success moves the money in one XA transaction. Faults come from the sandbox's
 * switches.
 */
@ExtendWith(ArquillianExtension.class)
class PayInFlowIT {

    static final String SUCCEEDS = "4242424242424242";
    static final String DECLINED = "4000000000000002";
    static final String PENDING_THEN_SUCCEEDS = "4000000000003220";
    private static final String SANDBOX_DS = "java:jboss/datasources/PspSandboxDS";

    @Deployment
    static EnterpriseArchive deployment() {
        return ReckonDeployment.withTest(PayInFlowIT.class);
    }

    @AfterEach
    void resetFaults() {
        Http.send(Http.request("/psp-sandbox/api/v1/faults/reset").POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    private static void faults(String json) {
        HttpResponse<String> r = Http.send(Http.request("/psp-sandbox/api/v1/faults")
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
        assertEquals(200, r.statusCode(), r.body());
    }

    /** Creates a checkout as alice; returns its id. */
    private static String checkout(String... sellerAmountCurrency) {
        String checkout = id("co");
        StringBuilder orders = new StringBuilder();
        for (int i = 0; i < sellerAmountCurrency.length; i += 3) {
            orders.append(i > 0 ? "," : "").append("{\"payment_order_id\":\"").append(id("po"))
                    .append("\",\"seller_account\":\"").append(sellerAmountCurrency[i])
                    .append("\",\"amount\":\"").append(sellerAmountCurrency[i + 1])
                    .append("\",\"currency\":\"").append(sellerAmountCurrency[i + 2]).append("\"}");
        }
        HttpResponse<String> created = Http.send(Http.as(Http.request("/v1/payments"), TestUsers.ALICE.user,
                        TestUsers.ALICE.password)
                .header("Content-Type", "application/json").header("Idempotency-Key", id("key"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"checkout_id\":\"" + checkout
                        + "\",\"buyer_info\":{\"name\":\"Alice\"},\"payment_orders\":[" + orders + "]}")));
        assertEquals(201, created.statusCode(), created.body());
        return checkout;
    }

    private static JsonObject read(String checkout) {
        HttpResponse<String> r = Http.send(Http.as(Http.request("/v1/payments?checkout_id=" + checkout),
                TestUsers.ALICE.user, TestUsers.ALICE.password).GET());
        assertEquals(200, r.statusCode(), r.body());
        return Json.object(r.body());
    }

    private static List<JsonObject> orders(JsonObject checkout) {
        return checkout.getJsonArray("payment_orders").getValuesAs(JsonObject.class);
    }

    /** Polls the checkout until every order satisfies the condition. */
    private static JsonObject await(String checkout, Predicate<JsonObject> each, long seconds) {
        long until = System.currentTimeMillis() + seconds * 1000;
        JsonObject last = null;
        while (System.currentTimeMillis() < until) {
            last = read(checkout);
            if (orders(last).stream().allMatch(each)) {
                return last;
            }
            sleep(250);
        }
        throw new AssertionError("checkout " + checkout + " did not get there in " + seconds + " s: " + last);
    }

    private static Predicate<JsonObject> status(String status) {
        return o -> status.equals(o.getString("status"));
    }

    private static JsonObject pay(JsonObject order, String card) {
        String token = order.getString("psp_token");
        HttpResponse<String> r = Http.send(Http.request("/psp-sandbox/api/v1/payments/" + token + "/confirm")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"card_number\":\"" + card
                        + "\",\"holder\":\"Alice Liddell\",\"expiry\":\"12/30\",\"cvv\":\"123\"}")));
        assertEquals(200, r.statusCode(), r.body());
        return Json.object(r.body());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JsonObject staffGet(String path) {
        HttpResponse<String> r = Http.send(Http.as(Http.request(path), TestUsers.STAFF.user, TestUsers.STAFF.password).GET());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return Json.object(r.body());
    }

    @Test
    void threeSellersPayThroughTheHostedPageAndEachWalletShowsItsAmount() {
        String hotel = id("hotel");
        String shop = id("shop");
        String ryokan = id("ryokan");
        String checkout = checkout(hotel, "120.50", "USD", shop, "9.99", "EUR", ryokan, "15000", "JPY");

        JsonObject registered = await(checkout, o -> o.containsKey("hosted_page_url") && status("EXECUTING").test(o), 30);
        for (JsonObject order : orders(registered)) {
            assertTrue(order.getString("hosted_page_url").contains("/psp-sandbox/pay/"), order.toString());
            pay(order, SUCCEEDS);
        }

        JsonObject done = await(checkout, status("SUCCESS"), 30);
        assertTrue(done.getBoolean("is_payment_done"));
        assertEquals("120.50", staffGet("/v1/wallets/" + hotel).getJsonArray("balances").getJsonObject(0).getString("balance"));
        assertEquals("9.99", staffGet("/v1/wallets/" + shop).getJsonArray("balances").getJsonObject(0).getString("balance"));
        assertEquals("15000", staffGet("/v1/wallets/" + ryokan).getJsonArray("balances").getJsonObject(0).getString("balance"));
        JsonObject verify = staffGet("/v1/ledger/verify");
        assertTrue(verify.getBoolean("ok"), verify.toString());
    }

    @Test
    void aDeclinedCardFailsTheOrderWithItsReasonAndMovesNoMoney() {
        String seller = id("seller");
        String checkout = checkout(seller, "50.00", "USD");
        JsonObject order = orders(await(checkout, status("EXECUTING"), 30)).get(0);

        pay(order, DECLINED);

        JsonObject failed = orders(await(checkout, status("FAILED"), 30)).get(0);
        assertTrue(failed.getString("failure_reason").contains("card_declined"), failed.toString());
        assertEquals(0, Rows.count(Rows.LEDGER_DS, "SELECT COUNT(*) FROM journal_transaction WHERE reference = ?",
                order.getString("payment_order_id")));
        assertTrue(read(checkout).getBoolean("is_payment_done"), "a failed order is final too");
    }

    @Test
    void duplicateAndReorderedWebhooksOfAPendingPaymentAreAppliedOnce() {
        faults("{\"duplicate_webhooks\":true,\"reorder_webhooks\":true,\"pending_millis\":500}");
        String checkout = checkout(id("seller"), "75.00", "EUR");
        JsonObject order = orders(await(checkout, status("EXECUTING"), 30)).get(0);

        pay(order, PENDING_THEN_SUCCEEDS);

        await(checkout, status("SUCCESS"), 30);
        sleep(3_000); // let every duplicate and late webhook arrive
        String orderId = order.getString("payment_order_id");
        assertEquals("SUCCESS", orders(read(checkout)).get(0).getString("status"), "a late 'pending' changes nothing");
        assertEquals(1, Rows.count(Rows.LEDGER_DS, "SELECT COUNT(*) FROM journal_transaction WHERE reference = ?", orderId));
        assertTrue(staffGet("/v1/ledger/verify").getBoolean("ok"));
    }

    @Test
    void forgedAndStaleWebhooksAreRejectedAndChangeNothing() {
        String checkout = checkout(id("seller"), "20.00", "USD");
        JsonObject order = orders(await(checkout, status("EXECUTING"), 30)).get(0);
        String body = "{\"event_id\":\"" + id("evt") + "\",\"type\":\"payment.succeeded\",\"created\":"
                + Instant.now().getEpochSecond() + ",\"data\":{\"nonce\":\"" + order.getString("payment_order_id")
                + "\",\"psp_reference\":\"psp_forged\",\"status\":\"succeeded\"}}";
        long now = Instant.now().getEpochSecond();

        for (String signature : List.of(WebhookSignature.header("not-the-secret", now, body),
                WebhookSignature.header("whsec_reckon_sandbox", now - 600, body), "")) {
            HttpResponse<String> r = Http.send(Http.request("/v1/psp/webhooks").header("Content-Type", "application/json")
                    .header(WebhookSignature.HEADER, signature).POST(HttpRequest.BodyPublishers.ofString(body)));
            assertEquals(400, r.statusCode(), r.body());
            assertEquals("INVALID_SIGNATURE", Json.object(r.body()).getString("code"));
        }
        assertEquals("EXECUTING", orders(read(checkout)).get(0).getString("status"));
    }

    @Test
    void psp5xxIsRetriedWithGrowingGapsAndTheBuyerIsChargedOnce() {
        faults("{\"error_rate\":1.0}");
        String checkout = checkout(id("seller"), "11.00", "USD");
        sleep(1_000);
        assertEquals("NOT_STARTED", orders(read(checkout)).get(0).getString("status"), "the PSP is down");

        faults("{\"error_rate\":0.0}");
        JsonObject order = orders(await(checkout, status("EXECUTING"), 30)).get(0);
        pay(order, SUCCEEDS);
        await(checkout, status("SUCCESS"), 30);

        HttpResponse<String> atPsp = Http.get("/psp-sandbox/api/v1/payments/" + order.getString("payment_order_id"));
        assertEquals(order.getString("psp_token"), Json.object(atPsp.body()).getString("token"), "one payment at the PSP");
    }

    @Test
    void pspTimeoutsAreRetriedAndTheBuyerIsChargedOnce() {
        faults("{\"latency_millis\":4000}"); // twice reckon.psp.timeout in the test environment
        String checkout = checkout(id("seller"), "14.00", "USD");
        sleep(3_000);
        assertEquals("NOT_STARTED", orders(read(checkout)).get(0).getString("status"), "the first call timed out");

        faults("{\"latency_millis\":0}");
        JsonObject order = orders(await(checkout, status("EXECUTING"), 60)).get(0);
        pay(order, SUCCEEDS);
        await(checkout, status("SUCCESS"), 30);
        assertChargedOnce(order);
    }

    @Test
    void twentyConcurrentIdenticalPostsRegisterOnceAtThePspAndChargeOnce() throws Exception {
        String key = id("key");
        String checkout = id("co");
        String json = "{\"checkout_id\":\"" + checkout + "\",\"buyer_info\":{\"name\":\"Alice\"},\"payment_orders\":"
                + "[{\"payment_order_id\":\"" + id("po") + "\",\"seller_account\":\"" + id("seller")
                + "\",\"amount\":\"21.00\",\"currency\":\"USD\"}]}";
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(20);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<HttpResponse<String>>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(pool.submit(() -> {
                go.await();
                return Http.send(Http.as(Http.request("/v1/payments"), TestUsers.ALICE.user, TestUsers.ALICE.password)
                        .header("Content-Type", "application/json").header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(json)));
            }));
        }
        go.countDown();
        for (java.util.concurrent.Future<HttpResponse<String>> call : calls) {
            int status = call.get().statusCode();
            assertTrue(status == 201 || status == 409, "status " + status);
        }
        pool.shutdown();
        // each of the 20 answers may have raced; the PSP must still have seen one registration
        JsonObject order = orders(await(checkout, status("EXECUTING"), 30)).get(0);
        pay(order, SUCCEEDS);
        await(checkout, status("SUCCESS"), 30);
        assertChargedOnce(order);
    }

    @Test
    void theSweepReQueriesThePspForAnOrderWhoseWebhookWasLostAndAppliesItsAnswer() throws Exception {
        String checkout = checkout(id("seller"), "15.00", "USD");
        String nonce = orders(await(checkout, status("EXECUTING"), 30)).get(0).getString("payment_order_id");
        // the PSP charged the card, but its webhook never came: changed in the sandbox's own database
        assertEquals(1, Rows.update(SANDBOX_DS, "UPDATE payment SET status = 'succeeded', psp_reference = ?,"
                + " card_brand = 'visa', card_last4 = '4242', succeeded_at = CURRENT_TIMESTAMP,"
                + " updated_at = CURRENT_TIMESTAMP, version = version + 1 WHERE nonce = ?"
                + " AND status = 'requires_payment_method'", "lost-webhook-" + nonce, nonce));
        sleep(500);
        assertEquals("EXECUTING", orders(read(checkout)).get(0).getString("status"), "no webhook, no news");

        StuckPayments sweep = Jndi.lookup("java:global/reckon/reckon-ejb-payment/StuckPayments", StuckPayments.class);
        assertTrue(sweep.sweep(java.time.Duration.ZERO) >= 1, "the sweep asked the PSP");
        JsonObject order = orders(read(checkout)).get(0);
        assertEquals("SUCCESS", order.getString("status"), order.toString());
        assertEquals("lost-webhook-" + nonce, order.getString("psp_reference"));
        assertTrue(staffGet("/v1/ledger/verify").getBoolean("ok"));

        int managementPort = 9990 + Integer.getInteger("jboss.socket.binding.port-offset", 0);
        HttpResponse<String> metrics = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + managementPort + "/prometheus")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("reckon_payment_orders_stuck"), "the stuck gauge is exported: "
                + metrics.body().lines().filter(l -> l.contains("reckon") || l.contains("stuck")).limit(15).toList());
    }

    /** At the PSP sandbox (its own database): one registration for the order's nonce, one charge, our token. */
    private static void assertChargedOnce(JsonObject order) {
        String nonce = order.getString("payment_order_id");
        assertEquals(1, Rows.count(SANDBOX_DS, "SELECT COUNT(*) FROM payment WHERE nonce = ?", nonce), "one registration");
        assertEquals(1, Rows.count(SANDBOX_DS, "SELECT COUNT(*) FROM payment WHERE nonce = ? AND succeeded_at IS NOT NULL",
                nonce), "one charge");
        HttpResponse<String> atPsp = Http.get("/psp-sandbox/api/v1/payments/" + nonce);
        assertEquals(order.getString("psp_token"), Json.object(atPsp.body()).getString("token"));
    }

    @Test
    void aLostRegistrationResponseIsFoundByTheRetryWithTheSameNonce() {
        faults("{\"drop_response_rate\":1.0}");
        String checkout = checkout(id("seller"), "12.00", "USD");
        sleep(1_000);
        faults("{\"drop_response_rate\":0.0}");

        JsonObject order = orders(await(checkout, status("EXECUTING"), 30)).get(0);
        HttpResponse<String> atPsp = Http.get("/psp-sandbox/api/v1/payments/" + order.getString("payment_order_id"));
        assertEquals(order.getString("psp_token"), Json.object(atPsp.body()).getString("token"));
        pay(order, SUCCEEDS);
        await(checkout, status("SUCCESS"), 30);
    }

    @Test
    void aPspThatKeepsFailingSendsTheOrderToTheDeadLetterQueueAndStaffReplayIt() {
        faults("{\"error_rate\":1.0}");
        String checkout = checkout(id("seller"), "13.00", "USD");
        String orderId = orders(read(checkout)).get(0).getString("payment_order_id");
        String retryId = "retry:" + orderId;
        long until = System.currentTimeMillis() + 30_000;
        JsonObject dead = null;
        while (dead == null && System.currentTimeMillis() < until) {
            HttpResponse<String> r = Http.send(Http.as(Http.request("/v1/admin/dead-letters/payment-retry"),
                    TestUsers.STAFF.user, TestUsers.STAFF.password).GET());
            dead = Json.object(r.body()).getJsonArray("items")
                    .getValuesAs(JsonObject.class).stream()
                    .filter(d -> retryId.equals(d.getString("message_id", ""))).findFirst().orElse(null);
            sleep(500);
        }
        assertNotNull(dead, "dead-lettered after the retry queue's attempts");
        assertEquals("jms.queue.PaymentRetryQueue", dead.getString("original_address"));
        assertEquals("NOT_STARTED", orders(read(checkout)).get(0).getString("status"));

        faults("{\"error_rate\":0.0}");
        HttpResponse<String> replay = Http.send(Http.as(Http.request("/v1/admin/dead-letters/payment-retry/"
                        + dead.getString("jms_message_id") + "/replay"), TestUsers.STAFF.user, TestUsers.STAFF.password)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, replay.statusCode(), replay.body());

        JsonObject order = orders(await(checkout, status("EXECUTING"), 30)).get(0);
        pay(order, SUCCEEDS);
        await(checkout, status("SUCCESS"), 30);
        assertFalse(Queues.take("DLQ.PaymentRetryQueue", retryId, 500) != null, "no copy left behind");
    }

    /**
     * Found by the fault suite (database restart): an order whose execution message used up its
     * deliveries stayed NOT_STARTED until staff replayed by hand. The sweep now starts it, and the
     * dead letter replayed afterwards changes nothing.
     */
    @Test
    void theSweepStartsAnOrderWhoseExecutionWasDeadLetteredAndALaterReplayDoesNothing() throws Exception {
        faults("{\"error_rate\":1.0}");
        String checkout = checkout(id("seller"), "14.00", "USD");
        String orderId = orders(read(checkout)).get(0).getString("payment_order_id");
        long until = System.currentTimeMillis() + 30_000;
        while (!deadLetterIds().contains("retry:" + orderId)) {
            assertTrue(System.currentTimeMillis() < until, "dead-lettered: " + deadLetterIds());
            sleep(500);
        }
        assertEquals("NOT_STARTED", orders(read(checkout)).get(0).getString("status"));
        faults("{\"error_rate\":0.0}");

        StuckPayments sweep = Jndi.lookup("java:global/reckon/reckon-ejb-payment/StuckPayments", StuckPayments.class);
        sweep.sweep(java.time.Duration.ZERO);
        JsonObject started = orders(read(checkout)).get(0);
        assertEquals("EXECUTING", started.getString("status"), started.toString());

        HttpResponse<String> replayed = Http.send(Http.as(Http.request("/v1/admin/dead-letters/payment-retry/replay-all"),
                TestUsers.STAFF.user, TestUsers.STAFF.password).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, replayed.statusCode(), replayed.body());
        sleep(1_000);
        JsonObject order = orders(read(checkout)).get(0);
        assertEquals(started.getString("psp_token"), order.getString("psp_token"), "the replay registered nothing new");
        pay(order, SUCCEEDS);
        await(checkout, status("SUCCESS"), 30);
        assertChargedOnce(order);
    }

    /**
     * Found by the fault suite (PSP faults): a status query that failed made the order UNKNOWN,
     * and the PSP's later answer "awaiting the buyer" left it there for good.
     */
    @Test
    void anUnknownOrderTheBuyerHasNotPaidYetIsExecutingAgainOnThePspsWord() throws Exception {
        String checkout = checkout(id("seller"), "16.00", "USD");
        JsonObject order = orders(await(checkout, status("EXECUTING"), 30)).get(0);
        StuckPayments sweep = Jndi.lookup("java:global/reckon/reckon-ejb-payment/StuckPayments", StuckPayments.class);
        faults("{\"error_rate\":1.0}");
        sweep.sweep(java.time.Duration.ZERO);
        assertEquals("UNKNOWN", orders(read(checkout)).get(0).getString("status"));
        faults("{\"error_rate\":0.0}");
        sweep.sweep(java.time.Duration.ZERO);
        assertEquals("EXECUTING", orders(read(checkout)).get(0).getString("status"));
        pay(order, SUCCEEDS);
        await(checkout, status("SUCCESS"), 30);
        assertChargedOnce(order);
    }

    @Test
    void staffSeeStuckOrdersAndReplayAllDeadLettersOnceThePspIsBack() {
        faults("{\"error_rate\":1.0}");
        String first = checkout(id("seller"), "1.00", "USD");
        String second = checkout(id("seller"), "2.00", "USD");
        List<String> orderIds = List.of(orders(read(first)).get(0).getString("payment_order_id"),
                orders(read(second)).get(0).getString("payment_order_id"));
        long until = System.currentTimeMillis() + 30_000;
        while (deadLetterIds().stream().filter(id -> orderIds.contains(id.replace("retry:", ""))).count() < 2) {
            assertTrue(System.currentTimeMillis() < until, "both orders dead-lettered: " + deadLetterIds());
            sleep(500);
        }
        HttpResponse<String> stuck = Http.send(Http.as(Http.request("/v1/admin/payments/stuck?older_than=PT0S&max=1000"),
                TestUsers.STAFF.user, TestUsers.STAFF.password).GET());
        assertEquals(200, stuck.statusCode(), stuck.body());
        for (String orderId : orderIds) {
            assertTrue(stuck.body().contains("\"" + orderId + "\""), orderId + " listed as stuck");
        }

        faults("{\"error_rate\":0.0}");
        HttpResponse<String> replayed = Http.send(Http.as(Http.request("/v1/admin/dead-letters/payment-retry/replay-all"),
                TestUsers.STAFF.user, TestUsers.STAFF.password).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, replayed.statusCode(), replayed.body());
        assertTrue(Json.object(replayed.body()).getInt("replayed") >= 2, replayed.body());
        await(first, status("EXECUTING"), 30);
        await(second, status("EXECUTING"), 30);
    }

    private static List<String> deadLetterIds() {
        HttpResponse<String> r = Http.send(Http.as(Http.request("/v1/admin/dead-letters/payment-retry?max=1000"),
                TestUsers.STAFF.user, TestUsers.STAFF.password).GET());
        assertEquals(200, r.statusCode(), r.body());
        return Json.object(r.body()).getJsonArray("items")
                .getValuesAs(JsonObject.class).stream().map(d -> d.getString("message_id", "")).toList();
    }

    @Test
    void partialThenFullRefundNeverAboveTheCaptureAndTheLedgerVerifiesAfterEach() {
        String seller = id("seller");
        String checkout = checkout(seller, "100.00", "USD");
        JsonObject order = orders(await(checkout, status("EXECUTING"), 30)).get(0);
        pay(order, SUCCEEDS);
        await(checkout, status("SUCCESS"), 30);
        String orderId = order.getString("payment_order_id");

        assertEquals(201, refund(orderId, "30.00").statusCode());
        assertTrue(staffGet("/v1/ledger/verify").getBoolean("ok"));
        HttpResponse<String> over = refund(orderId, "70.01");
        assertEquals(422, over.statusCode(), over.body());
        assertEquals("amount", Json.object(over.body()).getJsonArray("violations").getJsonObject(0).getString("field"));
        HttpResponse<String> rest = refund(orderId, "70.00");
        assertEquals(201, rest.statusCode(), rest.body());
        assertEquals("REFUNDED", Json.object(rest.body()).getString("order_status"));
        assertTrue(staffGet("/v1/ledger/verify").getBoolean("ok"));
        assertEquals("0.00", staffGet("/v1/wallets/" + seller).getJsonArray("balances").getJsonObject(0).getString("balance"));
    }

    private static HttpResponse<String> refund(String orderId, String amount) {
        return Http.send(Http.as(Http.request("/v1/payments/" + orderId + "/refunds"), TestUsers.ALICE.user,
                        TestUsers.ALICE.password)
                .header("Content-Type", "application/json").header("Idempotency-Key", id("key"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":\"" + amount + "\",\"currency\":\"USD\"}")));
    }
}
