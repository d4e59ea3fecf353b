package org.reckon.it.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.Jndi;
import org.reckon.it.support.Json;
import org.reckon.it.support.Queues;
import org.reckon.it.support.Rows;
import org.reckon.it.support.TestUsers;
import org.reckon.ledger.Ledger;
import org.reckon.ledger.LedgerVerification;
import org.reckon.ledger.LedgerVerifier;
import org.reckon.ledger.domain.LedgerAccount;
import org.reckon.payment.PaymentOutcomes;
import org.reckon.shared.money.Money;

/** Pay-in through the API, and the success transaction across PaymentDS, LedgerDS and the broker. */
@ExtendWith(ArquillianExtension.class)
class PaymentIT {

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    private static String body(String checkout, String... orders) {
        StringBuilder json = new StringBuilder("{\"checkout_id\":\"" + checkout + "\",\"buyer_info\":{\"name\":\"Alice\","
                + "\"email\":\"alice@example.com\"},\"payment_orders\":[");
        for (int i = 0; i < orders.length; i++) {
            json.append(i > 0 ? "," : "").append(orders[i]);
        }
        return json.append("]}").toString();
    }

    private static String order(String orderId, String seller, String amount, String currency) {
        return "{\"payment_order_id\":\"" + orderId + "\",\"seller_account\":\"" + seller + "\",\"amount\":\"" + amount
                + "\",\"currency\":\"" + currency + "\"}";
    }

    private static HttpResponse<String> post(TestUsers user, String key, String json) {
        HttpRequest.Builder request = Http.as(Http.request("/v1/payments"), user.user, user.password)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return Http.send(request);
    }

    private static HttpResponse<String> get(TestUsers user, String path) {
        return Http.send(Http.as(Http.request(path), user.user, user.password).GET());
    }

    private static PaymentOutcomes outcomes() {
        return Jndi.lookup("java:global/reckon/reckon-ejb-payment/PaymentOutcomes", PaymentOutcomes.class);
    }

    @Test
    void aThreeSellerCheckoutReachesSuccessAndEachWalletShowsItsAmount() throws JMSException {
        String checkout = id("co");
        List<String> orders = List.of(id("po"), id("po"), id("po"));
        List<String> sellers = List.of(id("hotel"), id("shop"), id("ryokan"));
        List<Money> amounts = List.of(Money.of("120.50", "USD"), Money.of("9.99", "EUR"), Money.of("15000", "JPY"));
        String[] lines = new String[3];
        for (int i = 0; i < 3; i++) {
            lines[i] = order(orders.get(i), sellers.get(i), amounts.get(i).amountString(), amounts.get(i).currencyCode());
        }

        HttpResponse<String> created = post(TestUsers.ALICE, id("key"), body(checkout, lines));
        assertEquals(201, created.statusCode(), created.body());
        JsonObject view = Json.object(created.body());
        assertEquals(3, view.getJsonArray("payment_orders").size());
        assertEquals("NOT_STARTED", view.getJsonArray("payment_orders").getJsonObject(0).getString("status"));
        assertEquals(false, view.getBoolean("is_payment_done"));

        for (int i = 0; i < 3; i++) {
            outcomes().executing(orders.get(i), "tok-" + i, "http://psp.invalid/pay/tok-" + i, "registered at PSP");
            outcomes().succeeded(orders.get(i), "psp-ref-" + i, "webhook: captured");
            outcomes().succeeded(orders.get(i), "psp-ref-" + i, "webhook delivered twice");
        }

        JsonObject done = Json.object(get(TestUsers.ALICE, "/v1/payments?checkout_id=" + checkout).body());
        assertTrue(done.getBoolean("is_payment_done"));
        for (JsonObject o : done.getJsonArray("payment_orders").getValuesAs(JsonObject.class)) {
            assertEquals("SUCCESS", o.getString("status"));
            assertTrue(o.getBoolean("ledger_updated") && o.getBoolean("wallet_updated"));
        }
        Ledger ledger = Jndi.lookup("java:global/reckon/reckon-ejb-ledger/Ledger", Ledger.class);
        for (int i = 0; i < 3; i++) {
            Currency currency = amounts.get(i).currency();
            LedgerAccount wallet = ledger.account(LedgerAccount.sellerWallet(sellers.get(i), currency)).orElseThrow();
            assertEquals(amounts.get(i), ledger.balance(wallet), "wallet of " + sellers.get(i));
            assertEquals(1, Rows.count(Rows.LEDGER_DS, "SELECT COUNT(*) FROM journal_transaction WHERE reference = ?",
                    orders.get(i)), "posted once");
            Message event = Queues.take("DomainEventsAuditQueue", "payment.succeeded:" + orders.get(i), 5_000);
            assertNotNull(event, "payment.succeeded for " + orders.get(i));
            assertTrue(((TextMessage) event).getText().contains("\"seller_account\":\"" + sellers.get(i) + "\""));
        }
        LedgerVerification verification =
                Jndi.lookup("java:global/reckon/reckon-ejb-ledger/LedgerVerifier", LedgerVerifier.class).verify();
        assertTrue(verification.ok(), verification.problems().toString());

        HttpResponse<String> history = get(TestUsers.STAFF, "/v1/payments/" + orders.get(0) + "/history");
        assertEquals(200, history.statusCode(), history.body());
        assertEquals(3, Json.object(history.body()).getJsonArray("items").size(),
                "NOT_STARTED, EXECUTING, SUCCESS");
        assertEquals(404, get(TestUsers.BOB, "/v1/payments/" + orders.get(0)).statusCode(), "not bob's");
        assertEquals(404, get(TestUsers.BOB, "/v1/payments?checkout_id=" + checkout).statusCode());
        assertEquals(200, get(TestUsers.STAFF, "/v1/payments/" + orders.get(0)).statusCode());
        assertEquals(403, get(TestUsers.ALICE, "/v1/payments/" + orders.get(0) + "/history").statusCode());
    }

    /**
     * The registration's usual answer ("registered, awaiting the buyer") is applied in one
     * transaction (issue 15): the executor's own registration of a new pay-in stores the PSP's token
     * and makes the order EXECUTING; a second such answer changes nothing, token included; and an
     * order that a failed status query left UNKNOWN is EXECUTING again, as the separate
     * awaitingBuyer step used to make it.
     */
    @Test
    void aRegistrationAwaitingTheBuyerStoresTheTokenOnceAndBringsAnUnknownOrderBack() {
        String order = id("po");
        HttpResponse<String> created = post(TestUsers.ALICE, id("key"), body(id("co"), order(order, "seller-1", "10.00", "USD")));
        assertEquals(201, created.statusCode(), created.body());
        String history = "SELECT COUNT(*) FROM payment_order_history WHERE payment_order_id = ?";
        String executingWithItsToken = "SELECT COUNT(*) FROM payment_order WHERE payment_order_id = ? AND status = 'EXECUTING'"
                + " AND psp_token IS NOT NULL AND psp_token <> 'tok-again' AND psp_hosted_page_url IS NOT NULL";
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> Rows.count(Rows.PAYMENT_DS, executingWithItsToken, order) == 1);
        assertEquals(2, Rows.count(Rows.PAYMENT_DS, history, order), "NOT_STARTED, EXECUTING");

        outcomes().registeredAwaitingBuyer(order, "tok-again", "http://psp.invalid/pay/tok-again", "registered again");
        assertEquals(1, Rows.count(Rows.PAYMENT_DS, executingWithItsToken, order), "the first token stays");
        assertEquals(2, Rows.count(Rows.PAYMENT_DS, history, order), "nothing moved");

        outcomes().unknown(order, "status query failed");
        outcomes().registeredAwaitingBuyer(order, "tok-again", "http://psp.invalid/pay/tok-again", "registered again");
        assertEquals(1, Rows.count(Rows.PAYMENT_DS, executingWithItsToken, order), "EXECUTING again, its token kept");
        assertEquals(1, Rows.count(Rows.PAYMENT_DS, history + " AND from_status = 'UNKNOWN' AND to_status = 'EXECUTING'", order));
    }

    @Test
    void theSameKeyReplaysTheFirstResponseAndADifferentBodyIsRefused() {
        String key = id("key");
        String checkout = id("co");
        String json = body(checkout, order(id("po"), "seller-1", "10.00", "USD"));

        HttpResponse<String> first = post(TestUsers.ALICE, key, json);
        HttpResponse<String> again = post(TestUsers.ALICE, key, json);
        HttpResponse<String> other = post(TestUsers.ALICE, key, body(id("co"), order(id("po"), "seller-1", "10.00", "USD")));

        assertEquals(201, first.statusCode(), first.body());
        assertEquals(201, again.statusCode());
        assertEquals(first.body(), again.body());
        assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElse(""));
        assertEquals(422, other.statusCode(), other.body());
        assertEquals(1, Rows.count(Rows.PAYMENT_DS, "SELECT COUNT(*) FROM payment_event WHERE checkout_id = ?", checkout));
        assertEquals(201, post(TestUsers.BOB, key, body(id("co"), order(id("po"), "s", "1", "USD"))).statusCode(),
                "keys are per user");
    }

    /**
     * Regression (fault suite, database restart): a pay-in whose work failed while releasing its
     * claim could not reach the database either left the key IN_PROGRESS, and the client's retries
     * heard 409 "still being processed" for the claim's whole 60 s lock although nothing ran. Here
     * PostgreSQL itself refuses both (privileges revoked for a moment): the claim left behind was
     * this server's, for a request that has ended, so the retry takes it over and pays once.
     */
    @Test
    void aClaimLeftByAFailedRequestWhoseReleaseFailedIsTakenOverByTheRetry() {
        String checkout = id("co");
        String json = body(checkout, order(id("po"), "seller-claim", "12.00", "EUR"));
        String key = id("key");
        HttpResponse<String> failed;
        Rows.update(Rows.PAYMENT_DS, "REVOKE INSERT ON payment_event FROM CURRENT_USER");
        Rows.update(Rows.PAYMENT_DS, "REVOKE DELETE ON idempotency_record FROM CURRENT_USER");
        try {
            failed = post(TestUsers.ALICE, key, json);
        } finally {
            Rows.update(Rows.PAYMENT_DS, "GRANT INSERT ON payment_event TO CURRENT_USER");
            Rows.update(Rows.PAYMENT_DS, "GRANT DELETE ON idempotency_record TO CURRENT_USER");
        }
        assertTrue(failed.statusCode() >= 500, failed.statusCode() + " " + failed.body());
        assertEquals(1, Rows.count(Rows.PAYMENT_DS, "SELECT COUNT(*) FROM idempotency_record WHERE idem_key = ?"
                + " AND state = 'IN_PROGRESS' AND locked_until > CURRENT_TIMESTAMP", key), "the claim was left behind");

        HttpResponse<String> retried = post(TestUsers.ALICE, key, json);
        assertEquals(201, retried.statusCode(), retried.body());
        assertEquals(1, Rows.count(Rows.PAYMENT_DS, "SELECT COUNT(*) FROM payment_event WHERE checkout_id = ?", checkout));
        HttpResponse<String> replayed = post(TestUsers.ALICE, key, json);
        assertEquals(201, replayed.statusCode(), replayed.body());
        assertEquals("true", replayed.headers().firstValue("Idempotent-Replayed").orElse(""));
    }

    @Test
    void twentyConcurrentIdenticalPostsMakeOnePayment() throws Exception {
        String key = id("key");
        String checkout = id("co");
        String json = body(checkout, order(id("po"), "seller-1", "33.00", "USD"));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<HttpResponse<String>>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                calls.add(pool.submit(() -> post(TestUsers.ALICE, key, json)));
            }
            Map<Integer, Integer> statuses = new java.util.TreeMap<>();
            String firstBody = null;
            for (Future<HttpResponse<String>> call : calls) {
                HttpResponse<String> response = call.get();
                statuses.merge(response.statusCode(), 1, Integer::sum);
                if (response.statusCode() == 201) {
                    if (firstBody == null) {
                        firstBody = response.body();
                    }
                    assertEquals(firstBody, response.body());
                }
            }
            assertTrue(statuses.keySet().stream().allMatch(s -> s == 201 || s == 409), statuses.toString());
            assertTrue(statuses.getOrDefault(201, 0) >= 1, statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, Rows.count(Rows.PAYMENT_DS, "SELECT COUNT(*) FROM payment_event WHERE checkout_id = ?", checkout));
        assertEquals(1, Rows.count(Rows.PAYMENT_DS, "SELECT COUNT(*) FROM payment_order WHERE checkout_id = ?", checkout));
    }

    @Test
    void badInputIsA4xxProblemNamingTheFieldAndStoresNothing() {
        String reused = id("po");
        assertEquals(201, post(TestUsers.ALICE, id("key"), body(id("co"), order(reused, "s", "5.00", "USD"))).statusCode());

        Map<String, String[]> cases = new java.util.LinkedHashMap<>();
        cases.put("negative", new String[] {order(id("po"), "s", "-5.00", "USD"), "payment_orders[0].amount", "400"});
        cases.put("zero", new String[] {order(id("po"), "s", "0.00", "USD"), "payment_orders[0].amount", "400"});
        cases.put("non-numeric", new String[] {order(id("po"), "s", "ten", "USD"), "payment_orders[0].amount", "400"});
        cases.put("over-precise", new String[] {order(id("po"), "s", "10.001", "USD"), "payment_orders[0].amount", "400"});
        cases.put("yen cents", new String[] {order(id("po"), "s", "10.5", "JPY"), "payment_orders[0].amount", "400"});
        cases.put("unknown currency", new String[] {order(id("po"), "s", "10", "ABC"), "payment_orders[0].currency", "400"});
        cases.put("missing seller", new String[] {"{\"payment_order_id\":\"" + id("po") + "\",\"amount\":\"1\",\"currency\":\"USD\"}",
                "payment_orders[0].seller_account", "400"});
        cases.put("reused order id", new String[] {order(reused, "s", "5.00", "USD"), "payment_orders[0].payment_order_id", "409"});
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            String checkout = id("co");
            String key = id("key");
            HttpResponse<String> response = post(TestUsers.ALICE, key, body(checkout, c.getValue()[0]));
            assertEquals(Integer.parseInt(c.getValue()[2]), response.statusCode(), c.getKey() + ": " + response.body());
            assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""), c.getKey());
            JsonObject problem = Json.object(response.body());
            assertEquals(c.getValue()[1], problem.getJsonArray("violations").getJsonObject(0).getString("field"), c.getKey());
            assertEquals(0, Rows.count(Rows.PAYMENT_DS, "SELECT COUNT(*) FROM payment_event WHERE checkout_id = ?", checkout),
                    c.getKey() + " stored nothing");
            assertEquals(0, Rows.count(Rows.PAYMENT_DS, "SELECT COUNT(*) FROM idempotency_record WHERE idem_key = ?", key),
                    c.getKey() + " kept no key");
        }

        HttpResponse<String> noKey = post(TestUsers.ALICE, null, body(id("co"), order(id("po"), "s", "1", "USD")));
        assertEquals(400, noKey.statusCode());
        assertEquals("Idempotency-Key", Json.object(noKey.body()).getJsonArray("violations").getJsonObject(0).getString("field"));
        HttpResponse<String> missingOrders = post(TestUsers.ALICE, id("key"), "{\"checkout_id\":\"" + id("co") + "\",\"buyer_info\":{}}");
        assertEquals(400, missingOrders.statusCode());
        assertEquals("payment_orders", Json.object(missingOrders.body()).getJsonArray("violations").getJsonObject(0).getString("field"));
        assertEquals(404, get(TestUsers.ALICE, "/v1/payments/" + id("unknown")).statusCode());
    }
}
