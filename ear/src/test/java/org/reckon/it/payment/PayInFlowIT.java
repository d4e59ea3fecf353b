package org.reckon.it.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Topic;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.HttpWorker;
import org.reckon.it.support.Jndi;
import org.reckon.it.support.Json;
import org.reckon.it.support.Queues;
import org.reckon.it.support.Rows;
import org.reckon.it.support.TestUsers;
import org.reckon.payment.PspWebhookBatches;
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
        return Awaitility.await("checkout " + checkout).atMost(Duration.ofSeconds(seconds))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> read(checkout), c -> orders(c).stream().allMatch(each));
    }

    /** Asserts that the checkout's first order keeps the status for the whole period. */
    private static void staysFor(Duration period, String checkout, String status, String why) {
        Awaitility.await(why).during(period).atMost(period.plusSeconds(5)).pollInterval(Duration.ofMillis(250))
                .until(() -> orders(read(checkout)).get(0).getString("status"), status::equals);
    }

    /**
     * When the sandbox injected a fault of this kind into a request of this method about the nonce
     * (its own record, GET /faults/injections), oldest first.
     */
    private static List<Instant> injected(String nonce, String kind, String method) {
        HttpResponse<String> r = Http.get("/psp-sandbox/api/v1/faults/injections?nonce=" + nonce);
        assertEquals(200, r.statusCode(), r.body());
        return jakarta.json.Json.createReader(new java.io.StringReader(r.body())).readArray()
                .getValuesAs(JsonObject.class).stream()
                .filter(i -> kind.equals(i.getString("kind")) && method.equals(i.getString("method")))
                .map(i -> Instant.parse(i.getString("at"))).toList();
    }

    private static List<Instant> awaitInjected(String nonce, String kind, String method, int atLeast, long seconds) {
        return Awaitility.await(atLeast + " injected " + kind + " for " + nonce).atMost(Duration.ofSeconds(seconds))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> injected(nonce, kind, method), list -> list.size() >= atLeast);
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

    /**
     * A buyer's pay-in is published (a subscriber of the test's own receives its payment.succeeded,
     * naming the checkout's owner "buyer"), and the broker stores it for neither the hotel's nor the
     * wallet's durable subscription: their selectors admit only the checkouts their context made.
     * Before, each pay-in cost the hotel an XA transaction (its inbox row) and the wallet a delivery.
     */
    @Test
    void aBuyersPayInIsStoredForNeitherTheHotelsNorTheWalletsSubscription() {
        long hotelBefore = Queues.messagesAdded("hotel-payment-events");
        long walletBefore = Queues.messagesAdded("wallet-payment-events");
        String checkout = checkout(id("shop"), "5.00", "EUR");
        JsonObject order = orders(await(checkout, o -> o.containsKey("hosted_page_url") && status("EXECUTING").test(o), 30)).get(0);
        String messageId = "payment.succeeded:" + order.getString("payment_order_id");
        Topic topic = Jndi.lookup("java:/jms/topic/DomainEvents", Topic.class);
        try (JMSContext context = Queues.plainConnectionFactory().createContext(JMSContext.AUTO_ACKNOWLEDGE);
             JMSConsumer events = context.createConsumer(topic, Queues.selectorFor(messageId))) {
            pay(order, SUCCEEDS);
            Message event = events.receive(30_000);
            assertNotNull(event, "the pay-in's payment.succeeded was published");
            assertEquals("buyer", event.getStringProperty("reckon_payment_managed_by"));
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
        assertEquals(hotelBefore, Queues.messagesAdded("hotel-payment-events"), "stored for the hotel's subscription");
        assertEquals(walletBefore, Queues.messagesAdded("wallet-payment-events"), "stored for the wallet's subscription");
    }

    /** GET /v1/payments/{id} as alice, with If-None-Match and Prefer when given. */
    private static HttpResponse<String> order(String id, String ifNoneMatch, String prefer) {
        HttpRequest.Builder r = Http.as(Http.request("/v1/payments/" + id), TestUsers.ALICE.user, TestUsers.ALICE.password).GET();
        if (ifNoneMatch != null) {
            r.header("If-None-Match", ifNoneMatch);
        }
        if (prefer != null) {
            r.header("Prefer", prefer);
        }
        return Http.send(r);
    }

    @Test
    void aClientWaitsOnTheServerForItsPaymentsOutcomeInsteadOfPolling() throws Exception {
        String checkout = checkout(id("shop"), "12.00", "EUR");
        JsonObject order = orders(await(checkout, o -> o.containsKey("psp_token") && status("EXECUTING").test(o), 30)).get(0);
        String id = order.getString("payment_order_id");
        HttpResponse<String> first = order(id, null, null);
        assertEquals(200, first.statusCode(), first.body());
        String etag = first.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag: " + first.headers()));

        // nothing changes: the conditional GET is 304 at once; asked to wait 1 s, it is 304 after that second
        assertEquals(304, order(id, etag, null).statusCode());
        long begin = System.nanoTime();
        HttpResponse<String> waitedOut = order(id, etag, "wait=1");
        long waitedMillis = (System.nanoTime() - begin) / 1_000_000;
        assertEquals(304, waitedOut.statusCode(), waitedOut.body());
        assertEquals("wait=1", waitedOut.headers().firstValue("Preference-Applied").orElse(null));
        assertTrue(waitedMillis >= 900, "held for the second asked, not answered at once: " + waitedMillis + " ms");
        assertEquals(200, order(id, "\"another\"", "wait=5").statusCode(), "another ETag is answered at once");

        // the order changes while a client waits: the wait ends with the new state, long before its 20 s
        org.reckon.platform.longpoll.LongPoll longPoll = jakarta.enterprise.inject.spi.CDI.current()
                .select(org.reckon.platform.longpoll.LongPoll.class).get();
        int waitingBefore = longPoll.waiting();
        java.util.concurrent.CompletableFuture<HttpResponse<String>> waiting =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> order(id, etag, "wait=20"));
        Awaitility.await("the GET waiting on the server").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> longPoll.waiting() > waitingBefore);
        long paidAt = System.nanoTime();
        pay(order, SUCCEEDS);
        HttpResponse<String> changed = waiting.get(30, java.util.concurrent.TimeUnit.SECONDS);
        long answeredMillis = (System.nanoTime() - paidAt) / 1_000_000;
        assertEquals(200, changed.statusCode(), changed.body());
        assertEquals("wait=20", changed.headers().firstValue("Preference-Applied").orElse(null));
        String next = changed.headers().firstValue("ETag").orElseThrow();
        assertFalse(next.equals(etag), "a new ETag with the new state");
        assertFalse("EXECUTING".equals(Json.object(changed.body()).getString("status")), changed.body());
        assertTrue(answeredMillis < 10_000, "answered when the order changed, not at the end of the wait: " + answeredMillis + " ms");

        // waiting on each new ETag reaches the outcome in a few requests
        String tag = next;
        JsonObject state = Json.object(changed.body());
        for (int i = 0; i < 5 && !"SUCCESS".equals(state.getString("status")); i++) {
            HttpResponse<String> r = order(id, tag, "wait=10");
            assertEquals(200, r.statusCode(), "the order reaches its outcome before the wait ends: " + r.body());
            tag = r.headers().firstValue("ETag").orElseThrow();
            state = Json.object(r.body());
        }
        assertEquals("SUCCESS", state.getString("status"), state.toString());
    }

    @Test
    void aChangeWrittenOnlyAtCommitIsAnnouncedOnceAfterTheCommitAndARolledBackOneNever() {
        String checkout = checkout(id("announce"), "7.00", "EUR");
        JsonObject order = orders(await(checkout, o -> o.containsKey("psp_token") && status("EXECUTING").test(o), 30)).get(0);
        String id = order.getString("payment_order_id");
        PaymentOrderChangesProbe probe = jakarta.enterprise.inject.spi.CDI.current().select(PaymentOrderChangesProbe.class).get();
        PaymentOrderChangesProbe.Recorder recorder =
                jakarta.enterprise.inject.spi.CDI.current().select(PaymentOrderChangesProbe.Recorder.class).get();
        int before = recorder.statuses(id).size();

        probe.reRegister(id, order.getString("psp_token"), order.getString("hosted_page_url") + "#again");
        java.util.List<Integer> announced = recorder.statuses(id).subList(before, recorder.statuses(id).size());
        assertEquals(1, announced.size(), "announced once, before the committing call returned: " + announced);
        int observedIn = announced.get(0);
        assertTrue(observedIn == jakarta.transaction.Status.STATUS_COMMITTED || observedIn == jakarta.transaction.Status.STATUS_NO_TRANSACTION,
                "announced after the commit, not while the transaction ran (status " + observedIn + ")");

        org.junit.jupiter.api.Assertions.assertThrows(jakarta.ejb.EJBException.class,
                () -> probe.reRegisterThenRollBack(id, "rolled-back-token", "https://example.invalid/rolled-back"));
        assertEquals(before + 1, recorder.statuses(id).size(), "a rolled back change is never announced");
        assertTrue(read(checkout).toString().contains("#again"), "the committed change is what a client reads");
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
        // every duplicate and late webhook arrives within these 3 s (reordering delays by at most 2 s)
        staysFor(Duration.ofSeconds(3), checkout, "SUCCESS", "a late 'pending' changes nothing");
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

    private static HttpResponse<String> signedSuccess(String secret, String eventId, String nonce, String token,
                                                      String amount, String currency) {
        String body = "{\"event_id\":\"" + eventId + "\",\"type\":\"payment.succeeded\",\"created\":"
                + Instant.now().getEpochSecond() + ",\"data\":{\"nonce\":\"" + nonce + "\",\"token\":\"" + token
                + "\",\"psp_reference\":\"psp_" + eventId + "\",\"status\":\"succeeded\",\"amount\":\"" + amount
                + "\",\"currency\":\"" + currency + "\"}}";
        return Http.send(Http.request("/v1/psp/webhooks").header("Content-Type", "application/json")
                .header(WebhookSignature.HEADER, WebhookSignature.header(secret, Instant.now().getEpochSecond(), body))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * Issue 11, item 4: a correctly signed success is applied only when its amount, currency and
     * token are the order's; a mismatch is answered 422 naming the field, changes nothing, and is
     * recorded once per event for reconciliation. During a rotation the previous secret
     * (test.properties) still signs valid webhooks.
     */
    @Test
    void aSignedSuccessThatDoesNotMatchTheOrderIsRefusedRecordedAndFlagged() {
        String checkout = checkout(id("seller"), "30.00", "EUR");
        JsonObject order = orders(await(checkout, status("EXECUTING"), 30)).get(0);
        String nonce = order.getString("payment_order_id");
        String token = order.getString("psp_token");
        String sandbox = "whsec_reckon_sandbox";
        String bigger = id("evt");
        for (int attempt = 0; attempt < 2; attempt++) { // the PSP retries a 4xx: recorded once
            HttpResponse<String> r = signedSuccess(sandbox, bigger, nonce, token, "3000.00", "EUR");
            assertEquals(422, r.statusCode(), r.body());
            assertEquals("WEBHOOK_MISMATCH", Json.object(r.body()).getString("code"));
            assertTrue(r.body().contains("data.amount"), r.body());
        }
        HttpResponse<String> currency = signedSuccess(sandbox, id("evt"), nonce, token, "30.00", "USD");
        assertEquals(422, currency.statusCode(), currency.body());
        assertTrue(currency.body().contains("data.currency"), currency.body());
        HttpResponse<String> otherToken = signedSuccess(sandbox, id("evt"), nonce, "tok_forged", "30.00", "EUR");
        assertEquals(422, otherToken.statusCode(), otherToken.body());
        assertTrue(otherToken.body().contains("data.token"), otherToken.body());

        assertEquals("EXECUTING", orders(read(checkout)).get(0).getString("status"), "nothing applied");
        assertEquals(0, Rows.count(Rows.LEDGER_DS, "SELECT COUNT(*) FROM journal_transaction WHERE reference = ?", nonce));
        assertEquals(3, Rows.count(Rows.PAYMENT_DS, "SELECT COUNT(*) FROM payment_webhook_mismatch WHERE payment_order_id = ?"
                + " AND reconciled_at IS NULL", nonce), "each mismatching event flagged once");
        assertEquals(1, Rows.count(Rows.PAYMENT_DS, "SELECT COUNT(*) FROM payment_webhook_mismatch WHERE event_id = ?", bigger));

        HttpResponse<String> unknownSecret = signedSuccess("whsec_someone_else", id("evt"), nonce, token, "30.00", "EUR");
        assertEquals(400, unknownSecret.statusCode(), unknownSecret.body());
        HttpResponse<String> previousSecret = signedSuccess("whsec_reckon_rotated_out", id("evt"), nonce, token, "30.00", "EUR");
        assertEquals(200, previousSecret.statusCode(), previousSecret.body());
        assertEquals("SUCCESS", orders(read(checkout)).get(0).getString("status"));
        assertEquals(1, Rows.count(Rows.LEDGER_DS, "SELECT COUNT(*) FROM journal_transaction WHERE reference = ?", nonce));
    }

    /**
     * Issue 15, item 3: webhooks that arrive while a webhook transaction runs are applied together
     * in the next one, each still exactly once and each answered with its own outcome. The test
     * holds the first order's row lock, so the first webhook's transaction waits on it while the
     * others queue; a duplicate in the same batch is applied once. Then a batch with a mismatching
     * success rolls back as a whole and its events run alone: the mismatch alone is refused.
     */
    @Test
    void webhooksThatArriveTogetherShareATransactionAndEachIsAppliedOnceWithItsOwnAnswer() throws Exception {
        PspWebhookBatches batches = jakarta.enterprise.inject.spi.CDI.current().select(PspWebhookBatches.class).get();
        String[] spec = new String[8 * 3];
        for (int i = 0; i < 8; i++) {
            spec[3 * i] = id("seller");
            spec[3 * i + 1] = (10 + i) + ".00";
            spec[3 * i + 2] = "EUR";
        }
        String checkout = checkout(spec);
        List<JsonObject> orders = orders(await(checkout, o -> "EXECUTING".equals(o.getString("status"))
                && o.containsKey("psp_token"), 30));
        String sandbox = "whsec_reckon_sandbox";
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(10);
        try {
            // a burst: the first waits on the lock held here, six more and a duplicate queue behind it
            long transactions = batches.transactions();
            long replays = batches.replays();
            List<String> events = new java.util.ArrayList<>();
            java.util.concurrent.Future<HttpResponse<String>> first;
            List<java.util.concurrent.Future<HttpResponse<String>>> burst = new java.util.ArrayList<>();
            try (java.sql.Connection lock = Jndi.lookup(Rows.PAYMENT_DS, javax.sql.DataSource.class).getConnection()) {
                lock.setAutoCommit(false);
                holdOrder(lock, orders.get(0).getString("payment_order_id"));
                first = pool.submit(() -> success(sandbox, id("evt"), orders.get(0)));
                Awaitility.await("the first webhook's transaction runs").atMost(Duration.ofSeconds(10))
                        .until(() -> batches.events() > 0 && batches.waiting() == 0 && batches.transactions() > transactions);
                for (int i = 1; i <= 6; i++) {
                    String event = id("evt");
                    events.add(event);
                    JsonObject order = orders.get(i);
                    burst.add(pool.submit(() -> success(sandbox, event, order)));
                }
                burst.add(pool.submit(() -> success(sandbox, events.get(2), orders.get(3)))); // the PSP sent one twice
                Awaitility.await("seven webhooks queued").atMost(Duration.ofSeconds(10)).until(() -> batches.waiting() >= 7);
                // queued webhooks wait suspended, not on threads: the held leader and this test's own
                // request are busy (and maybe one stray request), not one thread per webhook (nine)
                int busy = HttpWorker.busyThreads();
                assertTrue(busy <= 4, "seven queued webhooks hold no HTTP worker thread; busy: " + busy);
                lock.commit();
            }
            assertEquals(200, first.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode());
            int applied = 0;
            for (java.util.concurrent.Future<HttpResponse<String>> f : burst) {
                HttpResponse<String> r = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(200, r.statusCode(), r.body());
                applied += "applied".equals(Json.object(r.body()).getString("result")) ? 1 : 0;
            }
            assertEquals(6, applied, "six events applied, the duplicate answered as one");
            assertTrue(batches.transactions() - transactions <= 3, "eight webhooks in at most 3 transactions (one alone, "
                    + "then the queued seven together), not one each: " + (batches.transactions() - transactions));
            assertEquals(replays, batches.replays(), "no batch failed");
            for (int i = 0; i < 7; i++) {
                String orderId = orders.get(i).getString("payment_order_id");
                assertEquals(1, Rows.count(Rows.LEDGER_DS, "SELECT COUNT(*) FROM journal_transaction WHERE reference = ?", orderId));
            }

            // a batch that fails: the last order's mismatching success queued with its real one
            JsonObject last = orders.get(7);
            long replaysBefore = batches.replays();
            java.util.concurrent.Future<HttpResponse<String>> held;
            java.util.concurrent.Future<HttpResponse<String>> wrong;
            java.util.concurrent.Future<HttpResponse<String>> right;
            String wrongEvent = id("evt");
            try (java.sql.Connection lock = Jndi.lookup(Rows.PAYMENT_DS, javax.sql.DataSource.class).getConnection()) {
                lock.setAutoCommit(false);
                holdOrder(lock, orders.get(0).getString("payment_order_id"));
                long before = batches.transactions();
                // an event for an order already paid: its transaction reads the order under the lock held here
                held = pool.submit(() -> success(sandbox, id("evt"), orders.get(0)));
                Awaitility.await("the held webhook's transaction runs").atMost(Duration.ofSeconds(10))
                        .until(() -> batches.waiting() == 0 && batches.transactions() > before);
                wrong = pool.submit(() -> signedSuccess(sandbox, wrongEvent, last.getString("payment_order_id"),
                        last.getString("psp_token"), "999.00", "EUR"));
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> batches.waiting() >= 1);
                right = pool.submit(() -> success(sandbox, id("evt"), last));
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> batches.waiting() >= 2);
                lock.commit();
            }
            assertEquals(200, held.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode());
            HttpResponse<String> refused = wrong.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(422, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("data.amount"), refused.body());
            HttpResponse<String> paid = right.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(200, paid.statusCode(), paid.body());
            assertEquals("applied", Json.object(paid.body()).getString("result"));
            assertTrue(batches.replays() > replaysBefore, "the failed batch ran its events alone");
            assertEquals(1, Rows.count(Rows.PAYMENT_DS, "SELECT COUNT(*) FROM payment_webhook_mismatch WHERE event_id = ?",
                    wrongEvent), "the mismatch recorded once, though tried twice");
            assertEquals(1, Rows.count(Rows.LEDGER_DS, "SELECT COUNT(*) FROM journal_transaction WHERE reference = ?",
                    last.getString("payment_order_id")));
            await(checkout, status("SUCCESS"), 30);
            assertTrue(staffGet("/v1/ledger/verify").getBoolean("ok"));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Locks the order's row in the caller's local transaction on {@code c}. */
    private static void holdOrder(java.sql.Connection c, String orderId) throws java.sql.SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT 1 FROM payment_order WHERE payment_order_id = ? FOR UPDATE")) {
            ps.setString(1, orderId);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "order " + orderId);
            }
        }
    }

    /** The PSP's signed success for the order, with its own amount, currency and token. */
    private static HttpResponse<String> success(String secret, String eventId, JsonObject order) {
        return signedSuccess(secret, eventId, order.getString("payment_order_id"), order.getString("psp_token"),
                order.getString("amount"), order.getString("currency"));
    }

    @Test
    void psp5xxIsRetriedWithGrowingGapsAndTheBuyerIsChargedOnce() {
        faults("{\"error_rate\":1.0}");
        String checkout = checkout(id("seller"), "11.00", "USD");
        String nonce = orders(read(checkout)).get(0).getString("payment_order_id");
        // the first five registrations the sandbox refused (503), by its own record
        List<Instant> refused = awaitInjected(nonce, "error", "POST", 5, 30).subList(0, 5);
        assertEquals("NOT_STARTED", orders(read(checkout)).get(0).getString("status"), "the PSP is down");
        List<Long> gaps = new java.util.ArrayList<>();
        for (int i = 1; i < refused.size(); i++) {
            gaps.add(Duration.between(refused.get(i - 1), refused.get(i)).toMillis());
        }
        // The first retry follows the execution attempt at once; the broker then redelivers the retry
        // after 200 ms, doubling (test.properties: reckon.jms.payment-retry.*), so each later gap is
        // at least its delay (10 % slack for clock granularity), and they grow.
        assertTrue(gaps.get(1) >= 180 && gaps.get(2) >= 360 && gaps.get(3) >= 720, "gaps between attempts: " + gaps);
        assertTrue(gaps.get(3) > gaps.get(2) && gaps.get(3) > gaps.get(1), "growing gaps between attempts: " + gaps);

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
        String nonce = orders(read(checkout)).get(0).getString("payment_order_id");
        // a second held registration means Reckon gave up on the first (the sandbox still holds both)
        awaitInjected(nonce, "delayed", "POST", 2, 30);
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
        staysFor(Duration.ofMillis(500), checkout, "EXECUTING", "no webhook, no news");
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
        String nonce = orders(read(checkout)).get(0).getString("payment_order_id");
        // the sandbox registered the payment, then replaced its answer by a 504: by its own record
        awaitInjected(nonce, "dropped_response", "POST", 1, 30);
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
        JsonObject dead = Awaitility.await("dead-lettered after the retry queue's attempts")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    HttpResponse<String> r = Http.send(Http.as(Http.request("/v1/admin/dead-letters/payment-retry"),
                            TestUsers.STAFF.user, TestUsers.STAFF.password).GET());
                    return Json.object(r.body()).getJsonArray("items")
                            .getValuesAs(JsonObject.class).stream()
                            .filter(d -> retryId.equals(d.getString("message_id", ""))).findFirst().orElse(null);
                }, java.util.Objects::nonNull);
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
        Awaitility.await("dead-lettered").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(PayInFlowIT::deadLetterIds, ids -> ids.contains("retry:" + orderId));
        assertEquals("NOT_STARTED", orders(read(checkout)).get(0).getString("status"));
        faults("{\"error_rate\":0.0}");

        StuckPayments sweep = Jndi.lookup("java:global/reckon/reckon-ejb-payment/StuckPayments", StuckPayments.class);
        sweep.sweep(java.time.Duration.ZERO);
        JsonObject started = orders(read(checkout)).get(0);
        assertEquals("EXECUTING", started.getString("status"), started.toString());

        HttpResponse<String> replayed = Http.send(Http.as(Http.request("/v1/admin/dead-letters/payment-retry/replay-all"),
                TestUsers.STAFF.user, TestUsers.STAFF.password).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, replayed.statusCode(), replayed.body());
        Awaitility.await("the replay registered nothing new").during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(250))
                .until(() -> orders(read(checkout)).get(0).getString("psp_token", ""),
                        started.getString("psp_token")::equals);
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
        Awaitility.await("both orders dead-lettered").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(PayInFlowIT::deadLetterIds,
                        ids -> ids.stream().filter(id -> orderIds.contains(id.replace("retry:", ""))).count() >= 2);
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

    /**
     * Issue 11, item 5: the PSP refunded, and Reckon never recorded it (as when the server dies
     * between the PSP's answer and Reckon's commit: here the intent is opened and the PSP refunds,
     * and nothing more). The refund intent was committed before the PSP was called, so the sweep
     * completes it: recorded exactly once, in the payment and ledger databases alike, however often
     * the sweep runs. And since item 6, a caller's rollback no longer undoes a refund the PSP made.
     */
    @Test
    void aRefundThePspMadeButReckonNeverCommittedIsRecordedOnceByTheSweep() throws Exception {
        String seller = id("seller");
        String checkout = checkout(seller, "50.00", "USD");
        JsonObject order = orders(await(checkout, status("EXECUTING"), 30)).get(0);
        pay(order, SUCCEEDS);
        await(checkout, status("SUCCESS"), 30);
        String orderId = order.getString("payment_order_id");
        String refundId = id("refund");
        org.reckon.payment.RefundIntents intents = Jndi.lookup("java:global/reckon/reckon-ejb-payment/RefundIntents",
                org.reckon.payment.RefundIntents.class);
        intents.open(refundId, orderId, org.reckon.shared.money.Money.of("20.00", "USD"), TestUsers.STAFF.user);
        HttpResponse<String> atPsp = Http.send(Http.request("/psp-sandbox/api/v1/payments/" + orderId + "/refunds")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"refund_id\":\"" + refundId
                        + "\",\"amount\":\"20.00\",\"currency\":\"USD\"}")));
        assertTrue(atPsp.statusCode() == 200 || atPsp.statusCode() == 201, atPsp.body());
        assertEquals(0, Rows.count(Rows.PAYMENT_DS, "SELECT COUNT(*) FROM payment_refund WHERE refund_id = ?", refundId));
        assertEquals(1, Rows.count(Rows.PAYMENT_DS, "SELECT COUNT(*) FROM payment_refund_intent WHERE refund_id = ?"
                + " AND status = 'REQUESTED'", refundId), "the intent was committed before the PSP was called");

        org.reckon.payment.RefundSweep sweep = Jndi.lookup("java:global/reckon/reckon-ejb-payment/RefundSweep",
                org.reckon.payment.RefundSweep.class);
        Rows.update(Rows.PAYMENT_DS, "UPDATE payment_refund_intent SET due_at = now() WHERE refund_id = ?", refundId);
        Awaitility.await("the sweep completes the refund").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> { sweep.sweep(); return Rows.count(Rows.PAYMENT_DS,
                        "SELECT COUNT(*) FROM payment_refund WHERE refund_id = ?", refundId); }, n -> n == 1);
        sweep.sweep();
        assertEquals(1, Rows.count(Rows.PAYMENT_DS, "SELECT COUNT(*) FROM payment_refund WHERE refund_id = ?", refundId));
        assertEquals(1, Rows.count(Rows.PAYMENT_DS, "SELECT COUNT(*) FROM payment_refund_intent WHERE refund_id = ?"
                + " AND status = 'COMPLETED'", refundId));
        assertEquals(1, Rows.count(Rows.LEDGER_DS, "SELECT COUNT(*) FROM journal_transaction WHERE reference = ?", refundId));
        assertEquals("PARTIALLY_REFUNDED", orders(read(checkout)).get(0).getString("status"));
        assertEquals("30.00", staffGet("/v1/wallets/" + seller).getJsonArray("balances").getJsonObject(0).getString("balance"));

        // item 6: the refund is recorded in a transaction of its own, so the caller's rollback keeps it
        String second = id("refund");
        org.reckon.payment.PaymentRefunds refunds = Jndi.lookup("java:global/reckon/reckon-ejb-payment/PaymentRefunds!"
                + "org.reckon.payment.PaymentRefunds", org.reckon.payment.PaymentRefunds.class);
        jakarta.transaction.UserTransaction tx = Jndi.lookup("java:jboss/UserTransaction", jakarta.transaction.UserTransaction.class);
        tx.begin();
        try {
            refunds.refund(orderId, second, org.reckon.shared.money.Money.of("10.00", "USD"),
                    new org.reckon.payment.api.Viewer(TestUsers.STAFF.user, true));
        } finally {
            tx.rollback();
        }
        assertEquals(1, Rows.count(Rows.PAYMENT_DS, "SELECT COUNT(*) FROM payment_refund WHERE refund_id = ?", second));
        assertEquals(1, Rows.count(Rows.PAYMENT_DS, "SELECT COUNT(*) FROM payment_refund_intent WHERE refund_id = ?"
                + " AND status = 'COMPLETED'", second));
        assertEquals("20.00", staffGet("/v1/wallets/" + seller).getJsonArray("balances").getJsonObject(0).getString("balance"));
        assertTrue(staffGet("/v1/ledger/verify").getBoolean("ok"));
    }

    /**
     * Issue 11, item 6: while the PSP's refund endpoint is held open (its latency switch), Reckon
     * holds nothing in the payment database: no session in a transaction begun before the PSP
     * call (the request's JTA transaction, had it enlisted a connection, would be one), and the
     * order's row can be locked with NOWAIT. Then the refund completes as before.
     */
    @Test
    void whileThePspRefundsReckonHoldsNoTransactionNoConnectionAndNoLockOnTheOrder() {
        String checkout = checkout(id("seller"), "40.00", "USD");
        JsonObject order = orders(await(checkout, status("EXECUTING"), 30)).get(0);
        pay(order, SUCCEEDS);
        await(checkout, status("SUCCESS"), 30);
        String orderId = order.getString("payment_order_id");

        org.reckon.it.support.PspHold.latency(1500); // under reckon.psp.timeout (2 s in the test environment)
        java.util.concurrent.CompletableFuture<HttpResponse<String>> refunded =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> refund(orderId, "15.00"));
        Instant held = org.reckon.it.support.PspHold.awaitRefundHeld(orderId, Duration.ofSeconds(20));
        List<String> open = org.reckon.it.support.PspHold.transactionsBegunBefore(Rows.PAYMENT_DS, held);
        String refused = org.reckon.it.support.PspHold.lockNowait(Rows.PAYMENT_DS, "payment_order", "payment_order_id", orderId);
        org.reckon.it.support.PspHold.latency(0);
        assertTrue(open.isEmpty(), "transactions of the payment database open across the PSP's refund call: " + open);
        assertEquals(null, refused, "the order's row is locked during the PSP's refund call");

        HttpResponse<String> answer = refunded.join();
        assertEquals(201, answer.statusCode(), answer.body());
        assertEquals("PARTIALLY_REFUNDED", Json.object(answer.body()).getString("order_status"));
        assertEquals(1, Rows.count(Rows.PAYMENT_DS, "SELECT COUNT(*) FROM payment_refund WHERE payment_order_id = ?", orderId));
    }

    private static HttpResponse<String> refund(String orderId, String amount) {
        return Http.send(Http.as(Http.request("/v1/payments/" + orderId + "/refunds"), TestUsers.ALICE.user,
                        TestUsers.ALICE.password)
                .header("Content-Type", "application/json").header("Idempotency-Key", id("key"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":\"" + amount + "\",\"currency\":\"USD\"}")));
    }
}
