package org.reckon.it.wallet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.HttpWorker;
import org.reckon.it.support.Jndi;
import org.reckon.it.support.Json;
import org.reckon.it.support.TestUsers;
import org.reckon.wallet.SagaTransfers;
import org.reckon.wallet.TccTransfers;
import org.reckon.wallet.domain.Command;
import org.reckon.wallet.domain.Outcome;
import org.reckon.wallet.domain.Purpose;
import org.reckon.wallet.domain.WalletError;
import org.reckon.wallet.domain.WalletPartitions;
import org.reckon.wallet.engine.PartitionEngine;
import org.reckon.wallet.engine.WalletEngines;

/**
 * The wallet end to end on the real partitions (two PostgreSQL databases): the book's transfer
 * inside one partition and across partitions by each protocol, deduplication, insufficient
 * funds, who may see and move what, balances as of an event, the TC/C out-of-order case, the
 * Saga's compensation, and, under concurrent transfers of every protocol, money conserved at
 * every observed instant and every partition rebuilt from its events equal to the live state.
 *
 * Accounts are funded by the same credit command a top-up appends (TOP_UP), straight to the
 * partition's writer, so these tests do not depend on the PSP.
 */
@ExtendWith(ArquillianExtension.class)
class WalletIT {

    private static final String EJB = "java:global/reckon/reckon-ejb-wallet/";

    private static HttpResponse<String> call(TestUsers user, String method, String path, String json) {
        HttpRequest.Builder r = Http.as(Http.request(path), user.user, user.password);
        if (json != null) {
            r.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            r.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return Http.send(r);
    }

    /** Opens EUR accounts for {@code owner} until one lands in {@code partition}; funds it with {@code money}. */
    private static String account(TestUsers owner, int partition, String money) {
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> r = call(owner, "POST", "/v1/wallet/accounts", "{\"currency\":\"EUR\"}");
            assertEquals(201, r.statusCode(), r.body());
            JsonObject a = Json.object(r.body());
            String id = a.getString("account_id");
            assertEquals(WalletPartitions.of(id), a.getInt("partition"));
            if (a.getInt("partition") == partition) {
                if (money != null) {
                    PartitionEngine engine = engines().of(id);
                    Outcome o = org.reckon.wallet.engine.Answers.await(engine.partition(), engine.submit(
                            new Command.Credit("top-" + id, id, new BigDecimal(money), "EUR", Purpose.TOP_UP)));
                    assertTrue(o.accepted());
                }
                return id;
            }
        }
        throw new AssertionError("no account landed in partition " + partition);
    }

    private static WalletEngines engines() {
        return Jndi.lookup(EJB + "WalletEngines", WalletEngines.class);
    }

    private static String balance(TestUsers user, String id) {
        HttpResponse<String> r = call(user, "GET", "/v1/wallet/accounts/" + id, null);
        assertEquals(200, r.statusCode(), r.body());
        return Json.object(r.body()).getString("balance");
    }

    private static String transferJson(String tx, String from, String to, String amount) {
        return "{\"from_account\":\"" + from + "\",\"to_account\":\"" + to + "\",\"amount\":\"" + amount
                + "\",\"currency\":\"EUR\",\"transaction_id\":\"" + tx + "\"}";
    }

    private static HttpResponse<String> transfer(TestUsers user, String protocol, String tx, String from, String to, String amount) {
        return call(user, "POST", "/v1/wallet/balance_transfer" + (protocol == null ? "" : "?protocol=" + protocol),
                transferJson(tx, from, to, amount));
    }

    private static String tx() {
        return UUID.randomUUID().toString();
    }

    /** The account's history read model once it shows at least {@code events} movements (it follows the event list). */
    private static JsonObject history(String account, int events) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> Json.object(call(TestUsers.ALICE, "GET",
                "/v1/wallet/accounts/" + account + "/transactions", null).body()), h -> h.getInt("total") >= events);
    }

    private static JsonObject staffGet(String path) {
        HttpResponse<String> r = call(TestUsers.STAFF, "GET", path, null);
        assertEquals(200, r.statusCode(), r.body());
        return Json.object(r.body());
    }

    private static void assertInvariantsHold() {
        JsonObject inv = staffGet("/v1/admin/wallet/invariants");
        assertTrue(inv.getBoolean("holds"), inv.toString());
        assertEquals(0, inv.getJsonNumber("negative_balances").longValue(), inv.toString());
    }

    @Test
    void theBooksTransferInsideOnePartition() {
        String a = account(TestUsers.ALICE, 0, "100.00");
        String b = account(TestUsers.BOB, 0, null);
        long before = history(a, 1).getJsonArray("items").getJsonObject(0).getJsonNumber("event").longValue();
        String tx = tx();
        HttpResponse<String> first = transfer(TestUsers.ALICE, null, tx, a, b, "30.00");
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("success", Json.object(first.body()).getString("status"));
        assertEquals(tx, Json.object(first.body()).getString("transaction_id"));
        assertEquals("LOCAL", Json.object(first.body()).getString("protocol"));
        assertEquals("70.00", balance(TestUsers.ALICE, a));
        assertEquals("30.00", balance(TestUsers.BOB, b));

        HttpResponse<String> again = transfer(TestUsers.ALICE, null, tx, a, b, "30.00");
        assertEquals(200, again.statusCode());
        assertEquals(first.body(), again.body(), "the same transaction_id and body answer as the first time");
        HttpResponse<String> other = transfer(TestUsers.ALICE, null, tx, a, b, "31.00");
        assertEquals(422, other.statusCode());
        assertTrue(other.body().contains("transaction-id-reused") || other.body().contains("TRANSACTION_ID_REUSED")
                || other.body().contains("transaction_id"), other.body());
        HttpResponse<String> tooMuch = transfer(TestUsers.ALICE, null, tx(), a, b, "70.01");
        assertEquals(422, tooMuch.statusCode(), tooMuch.body());
        assertTrue(tooMuch.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertEquals("70.00", balance(TestUsers.ALICE, a), "nothing changed");
        assertEquals("30.00", balance(TestUsers.BOB, b));

        assertEquals(403, transfer(TestUsers.BOB, null, tx(), a, b, "1.00").statusCode(), "only the owner moves money out");
        assertEquals(404, call(TestUsers.BOB, "GET", "/v1/wallet/accounts/" + a, null).statusCode(), "another's wallet is hidden");
        assertEquals("70.00", balance(TestUsers.STAFF, a), "staff see any wallet");
        assertEquals(200, transfer(TestUsers.STAFF, null, tx(), a, b, "5.00").statusCode(), "staff may move it");

        JsonObject asOf = Json.object(call(TestUsers.ALICE, "GET", "/v1/wallet/accounts/" + a + "?as_of_event=" + before, null).body());
        assertEquals("100.00", asOf.getString("balance"), "the balance as of the top-up event");
        assertEquals(400, call(TestUsers.ALICE, "GET", "/v1/wallet/accounts/" + a + "?as_of=yesterday", null).statusCode());

        JsonObject mine = await().atMost(Duration.ofSeconds(20)).until(
                () -> Json.object(call(TestUsers.ALICE, "GET", "/v1/wallet/accounts", null).body()),
                m -> m.getJsonArray("items").stream().anyMatch(v -> v.asJsonObject().getString("account_id").equals(a)
                        && v.asJsonObject().getString("balance").equals("65.00")));
        assertTrue(mine.getJsonArray("items").stream().noneMatch(v -> v.asJsonObject().getString("account_id").equals(b)));
        assertEquals(mine.getJsonArray("items").size(), mine.getInt("total"));
        JsonObject page = await().atMost(Duration.ofSeconds(20)).until(() -> Json.object(call(TestUsers.ALICE, "GET",
                "/v1/wallet/accounts/" + a + "/transactions?page=0&size=2", null).body()), p -> p.getInt("total") == 3);
        assertEquals(2, page.getJsonArray("items").size());
        assertEquals("DEBITED", page.getJsonArray("items").getJsonObject(0).getString("type"));
        assertInvariantsHold();
    }

    /**
     * Issue 15: a transfer waiting for its partition's group commit waits suspended, not on an HTTP
     * worker thread, whether its id homes in that partition or in another (the claim taken there
     * first). The test holds the partition's log lock, so the writer's batch of a first
     * transfer waits on it while eight more (one of them sent twice) queue behind it: the worker's
     * busy threads stay few, not one per waiting transfer. Once the lock is let go each is answered
     * with its own outcome and the duplicate moves the money once.
     */
    @Test
    void transfersWaitingForTheirGroupCommitHoldNoHttpWorkerThread() throws Exception {
        String a = account(TestUsers.ALICE, 1, "100.00");
        String b = account(TestUsers.BOB, 1, null);
        PartitionEngine engine = engines().of(a);
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try (java.sql.Connection lock = WalletEngines.dataSource(engine.partition()).getConnection()) {
            lock.setAutoCommit(false);
            engine.log().lockForCut(lock, 30_000);
            Future<HttpResponse<String>> first = pool.submit(() -> transfer(TestUsers.ALICE, null, txIn(engine), a, b, "10.00"));
            await("the writer's batch waits on the lock held here").atMost(Duration.ofSeconds(10)).until(() -> {
                try (java.sql.PreparedStatement ps = lock.prepareStatement(
                        "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
                     java.sql.ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getInt(1) > 0;
                }
            });
            List<String> txs = new ArrayList<>();
            List<Future<HttpResponse<String>>> queued = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                // ids homing here (claim and transfer in one item) and elsewhere (the claim commits there, then
                // the transfer queues here)
                String tx = i % 2 == 0 ? txIn(engine) : txOutside(engine);
                txs.add(tx);
                queued.add(pool.submit(() -> transfer(TestUsers.ALICE, null, tx, a, b, "10.00")));
            }
            queued.add(pool.submit(() -> transfer(TestUsers.ALICE, null, txs.get(3), a, b, "10.00")));
            await("eight transfers queued").atMost(Duration.ofSeconds(10)).until(() -> engine.queued() >= 8);
            // this test's own request and maybe a stray one are busy, not one thread per waiting transfer (nine)
            int busy = HttpWorker.busyThreads();
            assertTrue(busy <= 4, "nine transfers waiting for their group commit hold no HTTP worker thread; busy: " + busy);
            lock.commit();
            assertEquals(200, first.get(30, TimeUnit.SECONDS).statusCode());
            List<String> bodies = new ArrayList<>();
            for (Future<HttpResponse<String>> f : queued) {
                HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
                assertEquals(200, r.statusCode(), r.body());
                bodies.add(r.body());
            }
            for (int i = 0; i < 7; i++) {
                assertEquals(txs.get(i), Json.object(bodies.get(i)).getString("transaction_id"), "each answered with its own outcome");
            }
            assertEquals(bodies.get(3), bodies.get(7), "the duplicate answered as the first");
        } finally {
            pool.shutdownNow();
        }
        assertEquals("20.00", balance(TestUsers.ALICE, a), "8 transfers of 10.00, the duplicate once");
        assertEquals("80.00", balance(TestUsers.BOB, b));
        assertInvariantsHold();
    }

    /** A transaction id that hashes to {@code engine}'s partition: its claim and the transfer go in one batch. */
    private static String txIn(PartitionEngine engine) {
        return txHoming(engine, true);
    }

    /** A transaction id that hashes to another partition than {@code engine}'s: its claim is taken there. */
    private static String txOutside(PartitionEngine engine) {
        return txHoming(engine, false);
    }

    private static String txHoming(PartitionEngine engine, boolean there) {
        String tx;
        do {
            tx = tx();
        } while ((engines().of(tx) == engine) != there);
        return tx;
    }

    @Test
    void aTransferAcrossPartitionsByEachProtocol() {
        for (String protocol : List.of("XA", "TCC", "SAGA")) {
            String a = account(TestUsers.ALICE, 0, "50.00");
            String b = account(TestUsers.BOB, 1, null);
            String tx = tx();
            HttpResponse<String> r = transfer(TestUsers.ALICE, protocol, tx, a, b, "20.00");
            assertEquals(200, r.statusCode(), protocol + ": " + r.body());
            assertEquals(protocol, Json.object(r.body()).getString("protocol"));
            assertEquals("30.00", balance(TestUsers.ALICE, a), protocol);
            assertEquals("20.00", balance(TestUsers.BOB, b), protocol);
            HttpResponse<String> again = transfer(TestUsers.ALICE, "XA".equals(protocol) ? "SAGA" : "XA", tx, a, b, "20.00");
            assertEquals(200, again.statusCode(), protocol + " again: " + again.body());
            assertEquals(protocol, Json.object(again.body()).getString("protocol"), "a decided transaction keeps its protocol");
            assertEquals("30.00", balance(TestUsers.ALICE, a), protocol + ": moved once");
            assertEquals("20.00", balance(TestUsers.BOB, b), protocol + ": moved once");
            assertEquals(422, transfer(TestUsers.ALICE, protocol, tx, a, b, "21.00").statusCode(), protocol + ": another body");
            HttpResponse<String> tooMuch = transfer(TestUsers.ALICE, protocol, tx(), a, b, "30.01");
            assertEquals(422, tooMuch.statusCode(), protocol + ": " + tooMuch.body());
            assertEquals("30.00", balance(TestUsers.ALICE, a), protocol + ": nothing changed");
            assertEquals("20.00", balance(TestUsers.BOB, b), protocol + ": nothing changed");
            if ("TCC".equals(protocol)) {
                Map<String, Object> phase = Jndi.lookup(EJB + "TccTransfers", TccTransfers.class).phase(a, tx);
                assertEquals("DONE", phase.get("try_from"));
                assertEquals("DONE", phase.get("try_to"));
                assertEquals("CONFIRM", phase.get("second_phase"));
                assertEquals("DONE", phase.get("second_phase_status"));
                assertEquals(false, phase.get("out_of_order"));
            }
        }
        assertInvariantsHold();
    }

    @Test
    void aCancelArrivingBeforeItsTryLeavesTheFlagAndTheLateTryFails() {
        String a = account(TestUsers.ALICE, 0, "10.00");
        String b = account(TestUsers.BOB, 1, null);
        TccTransfers tcc = Jndi.lookup(EJB + "TccTransfers", TccTransfers.class);
        String tx = tx();
        Outcome late = tcc.cancelBeforeTry(tx, a, b, new BigDecimal("4.00"), "EUR");
        assertEquals(WalletError.CANCELLED_BEFORE_TRY, late.rejection());
        Map<String, Object> phase = tcc.phase(a, tx);
        assertEquals(true, phase.get("out_of_order"));
        assertEquals("CANCEL", phase.get("second_phase"));
        assertEquals("FAILED", phase.get("try_from"));
        assertEquals("10.00", balance(TestUsers.ALICE, a));
        assertEquals(422, transfer(TestUsers.ALICE, "TCC", tx, a, b, "4.00").statusCode(), "the cancelled transaction never runs");
        assertEquals("10.00", balance(TestUsers.ALICE, a));
        assertInvariantsHold();
    }

    @Test
    void aSagaWhoseCreditFailsIsCompensatedInReverse() {
        String a = account(TestUsers.ALICE, 0, "10.00");
        String nowhere = null;
        for (int i = 0; nowhere == null; i++) {
            String id = "w-nowhere-" + i;
            if (WalletPartitions.of(id) == 1) {
                nowhere = id;
            }
        }
        SagaTransfers saga = Jndi.lookup(EJB + "SagaTransfers", SagaTransfers.class);
        String tx = tx();
        Outcome o = saga.transfer(tx, a, nowhere, new BigDecimal("6.00"), "EUR");
        assertEquals(WalletError.UNKNOWN_ACCOUNT, o.rejection());
        assertEquals("COMPENSATED", saga.step(a, tx).get("step"));
        assertEquals("10.00", balance(TestUsers.ALICE, a), "the debit was given back");
        JsonObject history = history(a, 3);
        assertEquals("SAGA_COMPENSATE", history.getJsonArray("items").getJsonObject(0).getString("purpose"));
        assertEquals("SAGA_DEBIT", history.getJsonArray("items").getJsonObject(1).getString("purpose"));
        assertInvariantsHold();
    }

    /**
     * Duplicate commands (issue 12, "must survive"): the same transfer (same transaction_id, same
     * body, same protocol) sent by eight clients at once, as a client's retry racing its first
     * attempt would, inside one partition and across partitions by each protocol. Every answer is
     * the same success, the money moves once (one debit and one credit in the event lists), and
     * the TC/C phase row and the saga row each end once. (The reordered case, a TC/C Cancel
     * before its Try, is {@link #aCancelArrivingBeforeItsTryLeavesTheFlagAndTheLateTryFails}.)
     */
    @Test
    void theSameTransferSentConcurrentlyMovesTheMoneyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (String protocol : new String[] {"LOCAL", "XA", "TCC", "SAGA"}) {
                String a = account(TestUsers.ALICE, 0, "100.00");
                String b = account(TestUsers.BOB, "LOCAL".equals(protocol) ? 0 : 1, null);
                String tx = tx();
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                for (int c = 0; c < 8; c++) {
                    answers.add(pool.submit(() -> {
                        go.await();
                        return transfer(TestUsers.ALICE, "LOCAL".equals(protocol) ? null : protocol, tx, a, b, "20.00");
                    }));
                }
                go.countDown();
                for (Future<HttpResponse<String>> f : answers) {
                    HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
                    assertEquals(200, r.statusCode(), protocol + ": " + r.body());
                    JsonObject body = Json.object(r.body());
                    assertEquals("success", body.getString("status"), protocol);
                    assertEquals(tx, body.getString("transaction_id"), protocol);
                    assertEquals(protocol, body.getString("protocol"), protocol);
                }
                assertEquals("80.00", balance(TestUsers.ALICE, a), protocol + ": debited once");
                assertEquals("20.00", balance(TestUsers.BOB, b), protocol + ": credited once");
                JsonObject from = history(a, 2);
                assertEquals(2, from.getInt("total"), protocol + ": the top-up and one debit: " + from);
                JsonObject to = await().atMost(Duration.ofSeconds(20)).until(() -> Json.object(call(TestUsers.BOB, "GET",
                        "/v1/wallet/accounts/" + b + "/transactions", null).body()), h -> h.getInt("total") >= 1);
                assertEquals(1, to.getInt("total"), protocol + ": one credit: " + to);
                if ("TCC".equals(protocol)) {
                    Map<String, Object> phase = Jndi.lookup(EJB + "TccTransfers", TccTransfers.class).phase(a, tx);
                    assertEquals("CONFIRM", phase.get("second_phase"), protocol);
                    assertEquals("DONE", phase.get("second_phase_status"), protocol);
                } else if ("SAGA".equals(protocol)) {
                    assertEquals("DONE", Jndi.lookup(EJB + "SagaTransfers", SagaTransfers.class).step(a, tx).get("step"), protocol);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertInvariantsHold();
    }

    /**
     * The same cross-partition transfer sent by 9 clients at once, three asking for each protocol:
     * the first claim fixes the protocol, every answer is that protocol's success, and the money
     * moves once (before the claim recorded it, each protocol could run: the money could move twice).
     */
    @Test
    void theSameTransferSentAtOnceWithDifferentProtocolsRunsOneProtocolOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            for (int round = 0; round < 3; round++) {
                String a = account(TestUsers.ALICE, 0, "100.00");
                String b = account(TestUsers.BOB, 1, null);
                String tx = tx();
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                String[] protocols = {"XA", "TCC", "SAGA"};
                for (int c = 0; c < 9; c++) {
                    String protocol = protocols[(c + round) % 3];
                    answers.add(pool.submit(() -> {
                        go.await();
                        return transfer(TestUsers.ALICE, protocol, tx, a, b, "20.00");
                    }));
                }
                go.countDown();
                java.util.Set<String> ran = new java.util.HashSet<>();
                for (Future<HttpResponse<String>> f : answers) {
                    HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
                    assertEquals(200, r.statusCode(), r.body());
                    JsonObject body = Json.object(r.body());
                    assertEquals("success", body.getString("status"));
                    ran.add(body.getString("protocol"));
                }
                assertEquals(1, ran.size(), "every answer names the one protocol that ran: " + ran);
                assertEquals("80.00", balance(TestUsers.ALICE, a), "debited once by " + ran);
                JsonObject to = await().atMost(Duration.ofSeconds(20)).until(() -> Json.object(call(TestUsers.BOB, "GET",
                        "/v1/wallet/accounts/" + b + "/transactions", null).body()), h -> h.getInt("total") >= 1);
                assertEquals("20.00", balance(TestUsers.BOB, b), "credited once by " + ran);
                assertEquals(1, to.getInt("total"), "one credit: " + to);
                assertEquals(2, history(a, 2).getInt("total"), "the top-up and one debit");
            }
        } finally {
            pool.shutdownNow();
        }
        assertInvariantsHold();
    }

    /**
     * Four clients send transfers of every protocol between four accounts of two partitions while
     * a fifth reads the invariants: conserved and never negative at every read. Then every
     * partition, rebuilt from its events from the beginning and from a snapshot, equals the live
     * state.
     */
    @Test
    void underConcurrentTransfersMoneyIsConservedAndEveryPartitionRebuildsToItsLiveState() throws Exception {
        List<String> accounts = List.of(account(TestUsers.ALICE, 0, "200.00"), account(TestUsers.ALICE, 1, "200.00"),
                account(TestUsers.ALICE, 0, "200.00"), account(TestUsers.ALICE, 1, "200.00"));
        String[] protocols = {"XA", "TCC", "SAGA"};
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<Future<Integer>> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int client = c;
            clients.add(pool.submit(() -> {
                int ok = 0;
                for (int i = 0; i < 25; i++) {
                    String from = accounts.get((client + i) % 4);
                    String to = accounts.get((client + i + 1 + i % 2) % 4);
                    HttpResponse<String> r = transfer(TestUsers.ALICE, protocols[(client + i) % 3], tx(), from, to,
                            (1 + (i * 7 + client) % 40) + ".00");
                    assertTrue(r.statusCode() == 200 || r.statusCode() == 422, r.body());
                    ok += r.statusCode() == 200 ? 1 : 0;
                }
                return ok;
            }));
        }
        Future<Integer> watcher = pool.submit(() -> {
            int reads = 0;
            while (running.get()) {
                assertInvariantsHold();
                reads++;
            }
            return reads;
        });
        int succeeded = 0;
        for (Future<Integer> f : clients) {
            succeeded += f.get(120, TimeUnit.SECONDS);
        }
        running.set(false);
        assertTrue(watcher.get(30, TimeUnit.SECONDS) > 0);
        pool.shutdown();
        assertTrue(succeeded > 0);
        BigDecimal total = BigDecimal.ZERO;
        for (String a : accounts) {
            total = total.add(new BigDecimal(balance(TestUsers.ALICE, a)));
        }
        assertEquals(0, new BigDecimal("800.00").compareTo(total), "the four accounts still hold what they were given");

        JsonObject check = staffGet("/v1/admin/wallet/rebuild-check");
        assertTrue(check.getBoolean("consistent"), check.toString());
        HttpResponse<String> snap = call(TestUsers.STAFF, "POST", "/v1/admin/wallet/snapshots", null);
        assertEquals(200, snap.statusCode(), snap.body());
        transfer(TestUsers.ALICE, "XA", tx(), accounts.get(0), accounts.get(1), "1.00");
        check = staffGet("/v1/admin/wallet/rebuild-check");
        assertTrue(check.getBoolean("consistent"), check.toString());
        check.getJsonArray("partitions").forEach(p -> assertNotEquals(0, p.asJsonObject().getJsonNumber("snapshots").longValue()));
        assertInvariantsHold();

        // the read models catch up with the event lists, and agree with the live balances
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            HttpResponse<String> r = call(TestUsers.STAFF, "GET", "/v1/admin/wallet/read-models", null);
            return r.statusCode() == 200 && jakarta.json.Json.createReader(new java.io.StringReader(r.body())).readArray()
                    .stream().allMatch(p -> p.asJsonObject().getJsonNumber("lag_events").longValue() == 0);
        });
        JsonObject mine = Json.object(call(TestUsers.ALICE, "GET", "/v1/wallet/accounts", null).body());
        for (String a : accounts) {
            String live = balance(TestUsers.ALICE, a);
            assertTrue(mine.getJsonArray("items").stream().anyMatch(v -> v.asJsonObject().getString("account_id").equals(a)
                    && v.asJsonObject().getString("balance").equals(live)), a + " " + live + " in " + mine);
        }
    }
}
