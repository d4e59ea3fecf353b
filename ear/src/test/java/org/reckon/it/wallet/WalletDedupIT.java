package org.reckon.it.wallet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.Jndi;
import org.reckon.it.support.Json;
import org.reckon.it.support.TestUsers;
import org.reckon.wallet.domain.Command;
import org.reckon.wallet.domain.Outcome;
import org.reckon.wallet.domain.Purpose;
import org.reckon.wallet.domain.WalletPartitions;
import org.reckon.wallet.engine.Answers;
import org.reckon.wallet.engine.PartitionEngine;
import org.reckon.wallet.engine.WalletEngines;

/**
 * Issue 12, items 2 and 3: the deduplication map (transaction_id -> answer) across partitions and
 * over time. A transaction_id reused with a from_account of ANOTHER partition than its first use
 * is answered like any reuse (the same body: the first answer; another body: 422) and never
 * executed twice, by every protocol. Keys older than the window are forgotten by an EXPIRED event:
 * a repeat inside the window still replays, the event list still rebuilds every partition exactly
 * (from scratch and from a snapshot taken after the expiry), and money is conserved.
 */
@ExtendWith(ArquillianExtension.class)
class WalletDedupIT {

    private static HttpResponse<String> call(TestUsers user, String method, String path, String json) {
        HttpRequest.Builder r = Http.as(Http.request(path), user.user, user.password);
        if (json != null) {
            r.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            r.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return Http.send(r);
    }

    private static WalletEngines engines() {
        return Jndi.lookup("java:global/reckon/reckon-ejb-wallet/WalletEngines", WalletEngines.class);
    }

    /** An EUR account of {@code owner} in {@code partition}, funded with a TOP_UP command when {@code money} is given. */
    private static String account(TestUsers owner, int partition, String money) {
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> r = call(owner, "POST", "/v1/wallet/accounts", "{\"currency\":\"EUR\"}");
            assertEquals(201, r.statusCode(), r.body());
            JsonObject a = Json.object(r.body());
            if (a.getInt("partition") == partition) {
                String id = a.getString("account_id");
                if (money != null) {
                    PartitionEngine engine = engines().of(id);
                    Outcome o = Answers.await(engine.partition(), engine.submit(
                            new Command.Credit("top-" + id, id, new BigDecimal(money), "EUR", Purpose.TOP_UP)));
                    assertTrue(o.accepted());
                }
                return id;
            }
        }
        throw new AssertionError("no account landed in partition " + partition);
    }

    private static HttpResponse<String> transfer(String protocol, String tx, String from, String to, String amount) {
        return call(TestUsers.ALICE, "POST", "/v1/wallet/balance_transfer" + (protocol == null ? "" : "?protocol=" + protocol),
                "{\"from_account\":\"" + from + "\",\"to_account\":\"" + to + "\",\"amount\":\"" + amount
                        + "\",\"currency\":\"EUR\",\"transaction_id\":\"" + tx + "\"}");
    }

    private static String balance(String id) {
        HttpResponse<String> r = call(TestUsers.ALICE, "GET", "/v1/wallet/accounts/" + id, null);
        assertEquals(200, r.statusCode(), r.body());
        return Json.object(r.body()).getString("balance");
    }

    private static JsonObject staff(String method, String path) {
        HttpResponse<String> r = call(TestUsers.STAFF, method, path, null);
        assertTrue(r.statusCode() / 100 == 2, r.statusCode() + " " + r.body());
        return Json.object(r.body());
    }

    @Test
    void aTransactionIdReusedFromAnotherPartitionIsAnsweredLikeAnyReuseAndNeverRunsTwice() {
        // LOCAL (both accounts in the first from_account's partition) and each cross-partition protocol
        for (String protocol : new String[] {null, "XA", "TCC", "SAGA"}) {
            for (int first = 0; first < 2; first++) {
                int other = 1 - first;
                String label = (protocol == null ? "LOCAL" : protocol) + ", first use from partition " + first;
                String a = account(TestUsers.ALICE, first, "50.00");
                String b = account(TestUsers.ALICE, other, "50.00");
                String to = account(TestUsers.ALICE, protocol == null ? first : other, null);
                String tx = UUID.randomUUID().toString();
                HttpResponse<String> r = transfer(protocol, tx, a, to, "10.00");
                assertEquals(200, r.statusCode(), label + ": " + r.body());

                // the same id, a from_account on the other partition: another request, 422 naming transaction_id
                HttpResponse<String> reused = transfer(protocol, tx, b, to, "10.00");
                assertEquals(422, reused.statusCode(), label + ": " + reused.body());
                assertTrue(reused.body().contains("transaction_id"), reused.body());
                assertEquals("50.00", balance(b), label + ": nothing taken from the second from_account");
                // the first request again: its first answer, still moved once
                HttpResponse<String> again = transfer(protocol, tx, a, to, "10.00");
                assertEquals(200, again.statusCode(), label + ": " + again.body());
                assertEquals(tx, Json.object(again.body()).getString("transaction_id"));
                assertEquals("40.00", balance(a), label);
                assertEquals("10.00", balance(to), label);
                // a first answer that was a refusal is replayed too, from wherever the reuse comes
                String refused = UUID.randomUUID().toString();
                assertEquals(422, transfer(protocol, refused, a, to, "40.01").statusCode(), label);
                assertEquals(422, transfer(protocol, refused, b, to, "1.00").statusCode(), label);
                assertEquals("50.00", balance(b), label);
            }
        }
        assertTrue(staff("GET", "/v1/admin/wallet/invariants").getBoolean("holds"));
    }

    /** A transaction id whose home (the partition it hashes to) is {@code partition}. */
    private static String homedIn(int partition) {
        while (true) {
            String tx = UUID.randomUUID().toString();
            if (WalletPartitions.of(tx, engines().all().size()) == partition) {
                return tx;
            }
        }
    }

    /** The events of {@code tx} in {@code engine}'s event list, in order. */
    private static java.util.List<org.reckon.wallet.domain.Event> eventsOf(PartitionEngine engine, String tx) throws Exception {
        java.util.List<org.reckon.wallet.domain.Event> found = new java.util.ArrayList<>();
        engine.log().replay(0, engine.lastSeqNow(), e -> {
            if (tx.equals(e.txId())) {
                found.add(e);
            }
        });
        return found;
    }

    /**
     * Issue 12, 2 hot accounts: when a LOCAL transfer's id homes in its accounts' partition, the claim
     * and the transfer are decided in ONE batch of that writer (consecutive commands, one instant: one
     * group commit); a claim refused there (the id taken from the other partition) leaves no transfer
     * command at all, and a repeat of the first request replays it without moving money again.
     */
    @Test
    void aLocalTransferWhoseIdHomesInItsPartitionIsClaimedAndRunInOneGroupCommit() throws Exception {
        for (int p = 0; p < 2; p++) {
            String a = account(TestUsers.ALICE, p, "50.00");
            String to = account(TestUsers.ALICE, p, null);
            String tx = homedIn(p);
            HttpResponse<String> r = transfer(null, tx, a, to, "10.00");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("LOCAL", Json.object(r.body()).getString("protocol"), r.body());
            var events = eventsOf(engines().partition(p), tx);
            assertEquals(java.util.List.of("CLAIMED", "DEBITED", "CREDITED"), events.stream().map(e -> e.type().name()).toList(), "partition " + p);
            assertEquals(events.get(0).commandSeq() + 1, events.get(1).commandSeq(), "the transfer is the command right after its claim");
            assertEquals(events.get(0).at(), events.get(1).at(), "decided in the same batch");
            assertEquals(200, transfer(null, tx, a, to, "10.00").statusCode(), "the same request again replays");
            assertEquals("40.00", balance(a));
            assertEquals("10.00", balance(to));
            assertEquals(3, eventsOf(engines().partition(p), tx).size(), "the repeat appended no event");

            // the id of a first use from the other partition, homed here: refused before any transfer command exists
            int q = 1 - p;
            String elsewhere = account(TestUsers.ALICE, q, "50.00");
            String elsewhereTo = account(TestUsers.ALICE, q, null);
            String taken = homedIn(p);
            assertEquals(200, transfer(null, taken, elsewhere, elsewhereTo, "5.00").statusCode());
            HttpResponse<String> reused = transfer(null, taken, a, to, "5.00");
            assertEquals(422, reused.statusCode(), reused.body());
            assertTrue(reused.body().contains("transaction_id"), reused.body());
            assertFalse(engines().partition(p).<Boolean>read(s -> s.decided("TRANSFER:" + taken)), "no transfer decided here");
            assertEquals("40.00", balance(a));
        }
        assertTrue(staff("GET", "/v1/admin/wallet/invariants").getBoolean("holds"));
        assertTrue(staff("GET", "/v1/admin/wallet/rebuild-check").getBoolean("consistent"));
    }

    @Test
    void keysOlderThanTheWindowAreForgottenAndTheEventListStillRebuildsEveryPartition() {
        String a = account(TestUsers.ALICE, 0, "100.00");
        String b = account(TestUsers.BOB, 1, null);
        String old = UUID.randomUUID().toString();
        assertEquals(200, transfer("XA", old, a, b, "10.00").statusCode());
        Instant cutoff = Instant.now();
        await().atMost(Duration.ofSeconds(1)).until(() -> Instant.now().isAfter(cutoff));
        String recent = UUID.randomUUID().toString();
        assertEquals(200, transfer("XA", recent, a, b, "20.00").statusCode());
        PartitionEngine home = engines().partition(WalletPartitions.of(old, engines().all().size()));
        assertTrue(home.<Boolean>read(s -> s.decided("CLAIM:" + old)));

        engines().expireBefore(cutoff);

        PartitionEngine from = engines().of(a);
        assertFalse(from.<Boolean>read(s -> s.decided("XA:" + old)), "the old key is forgotten");
        assertFalse(home.<Boolean>read(s -> s.decided("CLAIM:" + old)), "its claim too");
        assertTrue(from.<Boolean>read(s -> s.decided("XA:" + recent)), "the recent key is kept");
        assertTrue(from.<Boolean>read(s -> s.decided("TOP_UP:top-" + a)), "a top-up's key is kept: the inbox of its payment order");
        assertEquals(cutoff, from.read(s -> s.expiredBefore()));

        // inside the window: the same request replays its first answer, another body is refused
        assertEquals(200, transfer("XA", recent, a, b, "20.00").statusCode());
        assertEquals(422, transfer("XA", recent, a, b, "21.00").statusCode());
        assertEquals("70.00", balance(a), "the repeat moved nothing");

        // the event list is the truth: every partition rebuilds to its live state, from scratch and from a snapshot
        assertTrue(staff("GET", "/v1/admin/wallet/rebuild-check").getBoolean("consistent"));
        assertEquals(200, call(TestUsers.STAFF, "POST", "/v1/admin/wallet/snapshots", null).statusCode());
        JsonObject check = staff("GET", "/v1/admin/wallet/rebuild-check");
        assertTrue(check.getBoolean("consistent"), check.toString());
        JsonObject history = await().atMost(Duration.ofSeconds(20)).until(() -> Json.object(call(TestUsers.ALICE, "GET",
                "/v1/wallet/accounts/" + a + "/transactions", null).body()), h -> h.getInt("total") >= 3);
        assertEquals(3, history.getInt("total"), "expiry forgets keys, never movements: " + history);

        // past the window the id is new again (documented): the same body runs as a new transfer
        assertEquals(200, transfer("XA", old, a, b, "10.00").statusCode());
        assertEquals("60.00", balance(a));
        assertTrue(staff("GET", "/v1/admin/wallet/invariants").getBoolean("holds"));
        assertTrue(staff("GET", "/v1/admin/wallet/rebuild-check").getBoolean("consistent"));
    }
}
