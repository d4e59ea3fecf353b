package org.reckon.it.wallet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.Json;
import org.reckon.it.support.TestUsers;

/**
 * A top-up end to end: a pay-in through the payment context whose seller is the wallet, paid on
 * the PSP sandbox with a succeeding card; the payment.succeeded event on the DomainEvents topic
 * credits the wallet once, and the ledger (the book of record) holds the same amount for it; transfers
 * by each protocol are fed to the ledger, and wallet balances equal ledger balances.
 */
@ExtendWith(ArquillianExtension.class)
class WalletTopUpIT {

    private static HttpResponse<String> call(TestUsers user, String method, String path, String json) {
        HttpRequest.Builder r = Http.as(Http.request(path), user.user, user.password);
        if (json != null) {
            r.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            r.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return Http.send(r);
    }

    /** The wallet's balance in the ledger: its seller wallet account (null before the first posting). */
    private static String ledgerBalance(String account) {
        HttpResponse<String> r = call(TestUsers.STAFF, "GET", "/v1/wallets/wallet-" + account, null);
        if (r.statusCode() == 404) {
            return null;
        }
        return Json.object(r.body()).getJsonArray("balances").getJsonObject(0).getString("balance");
    }

    @Test
    void aTopUpPaidAtThePspCreditsTheWalletOnceAndTheLedgerAgrees() {
        HttpResponse<String> opened = call(TestUsers.ALICE, "POST", "/v1/wallet/accounts", "{\"currency\":\"EUR\"}");
        assertEquals(201, opened.statusCode(), opened.body());
        String account = Json.object(opened.body()).getString("account_id");

        HttpResponse<String> started = call(TestUsers.ALICE, "POST", "/v1/wallet/accounts/" + account + "/top-ups",
                "{\"amount\":\"25.00\",\"currency\":\"EUR\"}");
        assertEquals(201, started.statusCode(), started.body());
        JsonObject topUp = Json.object(started.body());
        String order = topUp.getString("payment_order_id");
        assertEquals(404, call(TestUsers.BOB, "POST", "/v1/wallet/accounts/" + account + "/top-ups",
                "{\"amount\":\"25.00\",\"currency\":\"EUR\"}").statusCode(), "bob does not see alice's wallet");
        assertEquals(422, call(TestUsers.ALICE, "POST", "/v1/wallet/accounts/" + account + "/top-ups",
                "{\"amount\":\"25.00\",\"currency\":\"USD\"}").statusCode(), "another currency");

        String token = await("the PSP's token").atMost(Duration.ofSeconds(30)).until(() -> {
            JsonObject o = Json.object(call(TestUsers.ALICE, "GET", "/v1/payments/" + order, null).body());
            return o.containsKey("psp_token") && !o.isNull("psp_token") ? o.getString("psp_token") : null;
        }, java.util.Objects::nonNull);
        assertNotNull(token);
        HttpResponse<String> paid = Http.send(Http.request("/psp-sandbox/api/v1/payments/" + token + "/confirm")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"card_number\":\"4242424242424242\",\"holder\":\"Alice\","
                        + "\"expiry\":\"12/30\",\"cvv\":\"123\"}")));
        assertEquals(200, paid.statusCode(), paid.body());

        await("the wallet credited").atMost(Duration.ofSeconds(30)).until(() -> Json.object(
                call(TestUsers.ALICE, "GET", "/v1/wallet/accounts/" + account, null).body()).getString("balance"), "25.00"::equals);
        JsonObject history = await().atMost(Duration.ofSeconds(20)).until(() -> Json.object(call(TestUsers.ALICE, "GET",
                "/v1/wallet/accounts/" + account + "/transactions", null).body()), h -> h.getInt("total") >= 1);
        assertEquals(1, history.getInt("total"), "credited once");
        assertEquals("TOP_UP", history.getJsonArray("items").getJsonObject(0).getString("purpose"));
        assertEquals(order, history.getJsonArray("items").getJsonObject(0).getString("transaction_id"));

        assertEquals("25.00", ledgerBalance(account), "the ledger holds the top-up for the wallet");

        // transfers by each protocol to a wallet of the other partition reach the ledger too, once each
        String other = null;
        while (other == null) {
            JsonObject o = Json.object(call(TestUsers.BOB, "POST", "/v1/wallet/accounts", "{\"currency\":\"EUR\"}").body());
            if (o.getInt("partition") != Json.object(call(TestUsers.ALICE, "GET", "/v1/wallet/accounts/" + account, null).body()).getInt("partition")) {
                other = o.getString("account_id");
            }
        }
        for (String protocol : new String[] {"XA", "TCC", "SAGA"}) {
            HttpResponse<String> sent = call(TestUsers.ALICE, "POST", "/v1/wallet/balance_transfer?protocol=" + protocol,
                    "{\"from_account\":\"" + account + "\",\"to_account\":\"" + other + "\",\"amount\":\"5.00\","
                            + "\"currency\":\"EUR\",\"transaction_id\":\"" + java.util.UUID.randomUUID() + "\"}");
            assertEquals(200, sent.statusCode(), protocol + ": " + sent.body());
        }
        String to = other;
        await("the ledger fed").atMost(Duration.ofSeconds(30)).until(() -> "10.00".equals(ledgerBalance(account))
                && "15.00".equals(ledgerBalance(to)));
        assertEquals(Json.object(call(TestUsers.ALICE, "GET", "/v1/wallet/accounts/" + account, null).body()).getString("balance"),
                ledgerBalance(account), "wallet balance = ledger balance");
        assertEquals(Json.object(call(TestUsers.BOB, "GET", "/v1/wallet/accounts/" + to, null).body()).getString("balance"),
                ledgerBalance(to), "wallet balance = ledger balance");
        JsonObject verified = Json.object(call(TestUsers.STAFF, "GET", "/v1/ledger/verify", null).body());
        assertTrue(verified.getBoolean("ok"), "the ledger verifies: " + verified);
        JsonObject invariants = Json.object(call(TestUsers.STAFF, "GET", "/v1/admin/wallet/invariants", null).body());
        assertTrue(invariants.getBoolean("holds"), invariants.toString());
    }
}
