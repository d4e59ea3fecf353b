package org.reckon.it.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
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

/**
 * The success transaction fails at PREPARE in LedgerDS: nothing of it survives (no status
 * change, no wallet, no journal entry, no event), the PSP's webhook is answered with an error and
 * retried, and the order then ends SUCCESS exactly once.
 *
 * The fault is real: a rival transaction holds, uncommitted, a journal row with the same
 * (kind, reference) as the pay-in; the deferred unique key makes the success transaction's
 * PREPARE wait for it, and the rival commits, so PostgreSQL refuses the PREPARE. The rival row is
 * then removed (around the append-only trigger) before the PSP retries.
 */
@ExtendWith(ArquillianExtension.class)
class LedgerPrepareFailureIT {

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    private static JsonObject order(String orderId) {
        HttpResponse<String> r = Http.send(Http.as(Http.request("/v1/payments/" + orderId), TestUsers.ALICE.user,
                TestUsers.ALICE.password).GET());
        assertEquals(200, r.statusCode(), r.body());
        return Json.object(r.body());
    }

    private static long waitingOnLocks(Connection c) throws Exception {
        try (Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM pg_locks WHERE NOT granted AND locktype = 'transactionid'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void failureAtPrepareInTheLedgerLeavesNothingAndTheRetryAppliesItOnce() throws Exception {
        String checkout = id("co");
        String orderId = id("po");
        String seller = id("seller");
        HttpResponse<String> created = Http.send(Http.as(Http.request("/v1/payments"), TestUsers.ALICE.user,
                        TestUsers.ALICE.password)
                .header("Content-Type", "application/json").header("Idempotency-Key", id("key"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"checkout_id\":\"" + checkout + "\",\"buyer_info\":{},"
                        + "\"payment_orders\":[{\"payment_order_id\":\"" + orderId + "\",\"seller_account\":\"" + seller
                        + "\",\"amount\":\"42.00\",\"currency\":\"USD\"}]}")));
        assertEquals(201, created.statusCode(), created.body());
        JsonObject registered = Awaitility.await("registered at the PSP: " + orderId).pollInSameThread().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250)).until(() -> order(orderId), o -> o.containsKey("psp_token"));
        assertTrue(registered.containsKey("psp_token"), "never registered at the PSP: " + registered);

        DataSource ledgerDs = Jndi.lookup(Rows.LEDGER_DS, DataSource.class);
        String rivalId = UUID.randomUUID().toString();
        try (Connection rival = ledgerDs.getConnection(); Connection observer = ledgerDs.getConnection()) {
            rival.setAutoCommit(false);
            try (PreparedStatement insert = rival.prepareStatement("INSERT INTO journal_transaction (id, sequence_no, kind,"
                    + " reference, occurred_at, previous_hash, hash) VALUES (?, ?, 'pay-in', ?, ?, ?, ?)")) {
                insert.setString(1, rivalId);
                insert.setLong(2, -System.nanoTime());
                insert.setString(3, orderId);
                insert.setObject(4, java.time.OffsetDateTime.now());
                insert.setString(5, "0".repeat(64));
                insert.setString(6, "f".repeat(64));
                insert.executeUpdate();
            }

            Http.send(Http.request("/psp-sandbox/api/v1/payments/" + registered.getString("psp_token") + "/confirm")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"card_number\":\"4242424242424242\",\"holder\":\"A\",\"expiry\":\"12/30\",\"cvv\":\"123\"}")));
            Awaitility.await("the success transaction waits at PREPARE for the rival").pollInSameThread().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(20)).until(() -> waitingOnLocks(observer) > 0);
            assertTrue(waitingOnLocks(observer) > 0, "the success transaction waits at PREPARE for the rival");
            rival.commit(); // now the pay-in's PREPARE in LedgerDS must fail

            Awaitility.await("the pay-in's PREPARE no longer waits").pollInSameThread().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(5)).until(() -> waitingOnLocks(observer) == 0);
            try (Statement s = observer.createStatement()) { // remove the rival before the PSP retries
                s.execute("ALTER TABLE journal_transaction DISABLE TRIGGER journal_transaction_append_only");
                s.executeUpdate("DELETE FROM journal_transaction WHERE id = '" + rivalId + "'");
                s.execute("ALTER TABLE journal_transaction ENABLE TRIGGER journal_transaction_append_only");
            }
        }

        JsonObject afterFailure = order(orderId);
        assertEquals("EXECUTING", afterFailure.getString("status"), "no status change");
        assertEquals(false, afterFailure.getBoolean("ledger_updated"));
        assertEquals(0, Rows.count(Rows.LEDGER_DS, "SELECT COUNT(*) FROM journal_transaction WHERE reference = ?", orderId),
                "no journal entry");
        // the wallet account may exist (accounts are opened in a transaction of their own, see
        // LedgerAccounts), but nothing was posted to it: no balance, no entry
        assertEquals(0, Rows.count(Rows.LEDGER_DS, "SELECT COUNT(*) FROM account_balance WHERE account_id LIKE ?",
                "seller-wallet:" + seller + ":%"), "no wallet balance");
        assertEquals(0, Rows.count(Rows.LEDGER_DS, "SELECT COUNT(*) FROM journal_entry WHERE account_id LIKE ?",
                "seller-wallet:" + seller + ":%"), "no wallet entry");
        assertNull(Queues.take("DomainEventsAuditQueue", "payment.succeeded:" + orderId, 200), "no event");

        JsonObject done = Awaitility.await("the PSP's retried webhook applied it").pollInSameThread().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250)).until(() -> order(orderId), o -> "SUCCESS".equals(o.getString("status")));
        assertEquals("SUCCESS", done.getString("status"), "the PSP's retried webhook applied it");
        assertEquals(1, Rows.count(Rows.LEDGER_DS, "SELECT COUNT(*) FROM journal_transaction WHERE reference = ?", orderId));
        assertNotNull(Queues.take("DomainEventsAuditQueue", "payment.succeeded:" + orderId, 5_000));
        assertLedgerVerifies();

        // The connection whose PREPARE failed was left with autocommit off (pgjdbc 42.7.8) while
        // the pool believes it on. Used for a read outside any transaction, it kept a server
        // transaction open that the next XA branch inherited: the verification above answered 500
        // "SET TRANSACTION ISOLATION LEVEL must be called before any query" (CI, test order
        // dependent). Reading on every connection the non-transactional pool can give must leave
        // no session inside a transaction, and the ledger must still verify.
        readOnEveryConnectionOutsideTransactions(ledgerDs);
        // first looked at once a session those reads left in a transaction would be idle in it for
        // over a second; such a session stays there, one merely in flight leaves
        Awaitility.await("no session left idle in transaction").pollInSameThread().pollDelay(Duration.ofMillis(1_500))
                .atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> sessionsLeftInsideATransaction(ledgerDs, Duration.ofSeconds(1)), List::isEmpty);
        assertEquals(List.of(), sessionsLeftInsideATransaction(ledgerDs, Duration.ofSeconds(1)),
                "sessions left idle in transaction by reads made outside any transaction");
        assertLedgerVerifies();
    }

    private static void assertLedgerVerifies() {
        HttpResponse<String> verify = Http.send(Http.as(Http.request("/v1/ledger/verify"), TestUsers.STAFF.user,
                TestUsers.STAFF.password).GET());
        assertEquals(200, verify.statusCode(), verify.body());
        assertTrue(Json.object(verify.body()).getBoolean("ok"), verify.body());
    }

    /** Holds as many connections at once as the pool may open, reads once on each, gives them back. */
    private static void readOnEveryConnectionOutsideTransactions(DataSource ds) throws Exception {
        int poolMax = Integer.parseInt(System.getProperty("reckon.db.pool.max", "30"));
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < poolMax; i++) {
                Connection c = ds.getConnection();
                held.add(c);
                try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT 1")) {
                    rs.next();
                }
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }

    private static List<String> sessionsLeftInsideATransaction(DataSource ds, Duration idleFor) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT pid, state, query FROM pg_stat_activity"
                     + " WHERE datname = current_database() AND state LIKE 'idle in transaction%'"
                     + " AND state_change < clock_timestamp() - make_interval(secs => ?)")) {
            q.setDouble(1, idleFor.toMillis() / 1000.0);
            try (var rs = q.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getInt(1) + " " + rs.getString(2) + ": " + rs.getString(3));
                }
            }
        }
        return found;
    }
}
