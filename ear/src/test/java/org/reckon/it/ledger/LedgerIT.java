package org.reckon.it.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.ReckonDeployment;
import org.reckon.it.support.Http;
import org.reckon.it.support.Jndi;
import org.reckon.it.support.Json;
import org.reckon.it.support.Rows;
import org.reckon.it.support.TestUsers;
import org.reckon.ledger.Ledger;
import org.reckon.ledger.LedgerVerification;
import org.reckon.ledger.LedgerVerifier;
import org.reckon.ledger.domain.JournalTransaction;
import org.reckon.ledger.domain.LedgerAccount;
import org.reckon.shared.money.Money;

/** The double-entry ledger on real PostgreSQL: balanced, idempotent, append-only, verifiable. */
@ExtendWith(ArquillianExtension.class)
class LedgerIT {

    private static Ledger ledger() {
        return Jndi.lookup("java:global/reckon/reckon-ejb-ledger/Ledger", Ledger.class);
    }

    private static LedgerVerification verify() {
        return Jndi.lookup("java:global/reckon/reckon-ejb-ledger/LedgerVerifier", LedgerVerifier.class).verify();
    }

    private static String seller() {
        return "seller-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Money wallet(String seller, String currency) {
        Ledger ledger = ledger();
        return ledger.balance(ledger.account(LedgerAccount.sellerWallet(seller, java.util.Currency.getInstance(currency)))
                .orElseThrow());
    }

    @Test
    void payInsCreditWalletsOnceAndTheJournalVerifies() throws InterruptedException {
        String a = seller();
        String b = seller();
        String order = UUID.randomUUID().toString();

        JournalTransaction first = ledger().recordPayIn(order, a, Money.of("40.00", "USD"));
        JournalTransaction again = ledger().recordPayIn(order, a, Money.of("40.00", "USD"));
        ledger().recordPayIn(UUID.randomUUID().toString(), b, Money.of("2500", "JPY"));
        Instant between = clockPastAfter(Instant.now());
        clockPastAfter(between);
        ledger().recordPayIn(UUID.randomUUID().toString(), a, Money.of("2.50", "USD"));

        assertEquals(first.id(), again.id(), "a pay-in is posted once");
        assertEquals(1, Rows.count(Rows.LEDGER_DS, "SELECT COUNT(*) FROM journal_transaction WHERE reference = ?", order));
        assertEquals(Money.of("42.50", "USD"), wallet(a, "USD"));
        assertEquals(Money.of("2500", "JPY"), wallet(b, "JPY"));
        LedgerAccount walletA = ledger().account(LedgerAccount.sellerWallet(a, java.util.Currency.getInstance("USD"))).orElseThrow();
        assertEquals(Money.of("40.00", "USD"), ledger().balanceAsOf(walletA, between));
        assertEquals(2, ledger().entries(walletA.id(), 0, 10).size());
        LedgerVerification verification = verify();
        assertTrue(verification.ok(), verification.problems().toString());
        assertEquals("0", verification.journalTotals().get("USD"));
    }

    /**
     * Issue 11, item 9: a balance holds the sum of many orders at the cap (10^9 each): the column is
     * NUMERIC(38, 4), and three maximum pay-ins to one wallet (which overflowed NUMERIC(19, 4) at two
     * orders of 10^15 before the cap) add up exactly.
     */
    @Test
    void balancesAreWideEnoughForManyOrdersAtTheCap() {
        assertEquals(38, Rows.count(Rows.LEDGER_DS, "SELECT numeric_precision FROM information_schema.columns"
                + " WHERE table_name = 'account_balance' AND column_name = 'balance'"));
        String s = seller();
        for (int i = 0; i < 3; i++) {
            ledger().recordPayIn(UUID.randomUUID().toString(), s, Money.of(Money.MAX_AMOUNT, "USD"));
        }
        assertEquals(Money.of(Money.MAX_AMOUNT.multiply(java.math.BigDecimal.valueOf(3)), "USD"), wallet(s, "USD"));
    }

    @Test
    void aRefundReversesPartOfAPayIn() {
        String s = seller();
        ledger().recordPayIn(UUID.randomUUID().toString(), s, Money.of("100.00", "EUR"));

        ledger().recordRefund(UUID.randomUUID().toString(), s, Money.of("30.00", "EUR"));

        assertEquals(Money.of("70.00", "EUR"), wallet(s, "EUR"));
        assertTrue(verify().ok());
    }

    @Test
    void theDatabaseRefusesToChangeTheJournalAndVerificationCatchesWhatBypassesIt() throws SQLException {
        String s = seller();
        JournalTransaction tx = ledger().recordPayIn(UUID.randomUUID().toString(), s, Money.of("10.00", "USD"));
        DataSource ledgerDs = Jndi.lookup(Rows.LEDGER_DS, DataSource.class);
        String tamper = "UPDATE journal_entry SET amount = amount + 1 WHERE transaction_id = '" + tx.id() + "'";

        try (Connection c = ledgerDs.getConnection(); Statement st = c.createStatement()) {
            SQLException refused = assertThrows(SQLException.class, () -> st.executeUpdate(tamper));
            assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
        }

        try (Connection c = ledgerDs.getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE journal_entry DISABLE TRIGGER journal_entry_append_only");
            try {
                st.executeUpdate(tamper);
                LedgerVerification tampered = verify();
                assertFalse(tampered.ok());
                assertTrue(tampered.problems().stream().anyMatch(p -> p.contains(tx.id()) && p.contains("altered")),
                        tampered.problems().toString());
                assertTrue(tampered.problems().stream().anyMatch(p -> p.contains("sums to")), tampered.problems().toString());
            } finally {
                st.executeUpdate("UPDATE journal_entry SET amount = amount - 1 WHERE transaction_id = '" + tx.id() + "'");
                st.execute("ALTER TABLE journal_entry ENABLE TRIGGER journal_entry_append_only");
            }
        }
        assertTrue(verify().ok(), "restored");
    }

    @Test
    @RunAsClient
    void staffReadWalletsBalancesAndVerificationOverHttp() {
        HttpResponse<String> verifyResponse = Http.send(Http.as(Http.request("/v1/ledger/verify"),
                TestUsers.STAFF.user, TestUsers.STAFF.password).GET());
        assertEquals(200, verifyResponse.statusCode(), verifyResponse.body());
        assertTrue(Json.object(verifyResponse.body()).getBoolean("ok"), verifyResponse.body());

        HttpResponse<String> unknown = Http.send(Http.as(Http.request("/v1/wallets/nobody-" + UUID.randomUUID().toString().substring(0, 6)),
                TestUsers.STAFF.user, TestUsers.STAFF.password).GET());
        assertEquals(404, unknown.statusCode());

        HttpResponse<String> badInstant = Http.send(Http.as(Http.request("/v1/ledger/accounts/psp-receivable:USD?as_of=yesterday"),
                TestUsers.STAFF.user, TestUsers.STAFF.password).GET());
        JsonObject problem = Json.object(badInstant.body());
        assertEquals(400, badInstant.statusCode(), badInstant.body());
        assertEquals("as_of", problem.getJsonArray("violations").getJsonObject(0).getString("field"));

        HttpResponse<String> customer = Http.send(Http.as(Http.request("/v1/ledger/verify"),
                TestUsers.ALICE.user, TestUsers.ALICE.password).GET());
        assertEquals(403, customer.statusCode());
    }

    /**
     * Regression (fault suite): under concurrent postings the verification reported chain gaps and
     * stale heads that were not there, because each of its statements read a newer state than the
     * one before. A pay-in commits while the verification is between its reads (it has read the
     * journal, and waits for the heads' table the posting holds): it must still see one state.
     */
    @Test
    void aVerificationReadsOneSnapshotWhilePayInsCommitBetweenItsReads() throws Exception {
        LedgerWriterProbe probe = Jndi.lookup("java:global/reckon/" + ReckonDeployment.TEST_MODULE_NAME + "/LedgerWriterProbe", LedgerWriterProbe.class);
        long before = verify().transactionsChecked();
        CountDownLatch posted = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> writer = threads.submit(() -> {
                probe.postAndHoldTheHeads(seller(), posted, commit);
                return null;
            });
            assertTrue(posted.await(30, TimeUnit.SECONDS), "the pay-in was posted");
            Future<LedgerVerification> verification = threads.submit(LedgerIT::verify);
            Awaitility.await("the verification reached the heads").pollInSameThread().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> Rows.count(Rows.LEDGER_DS, "SELECT COUNT(*) FROM pg_locks l JOIN pg_class c"
                            + " ON c.oid = l.relation WHERE c.relname = 'journal_head' AND NOT l.granted") > 0);
            commit.countDown();
            writer.get(30, TimeUnit.SECONDS);
            LedgerVerification seen = verification.get(30, TimeUnit.SECONDS);
            assertTrue(seen.ok(), seen.problems().toString());
            assertTrue(seen.transactionsChecked() >= before, "it read the journal as it was when it began");
        } finally {
            commit.countDown();
            threads.shutdownNow();
        }
        LedgerVerification after = verify();
        assertTrue(after.ok(), after.problems().toString());
        assertTrue(after.transactionsChecked() > before, "the pay-in is there once committed");
    }

    /** Waits until the clock reads at least 2 ms past {@code instant}, so instants either side differ; returns now. */
    private static Instant clockPastAfter(Instant instant) {
        Awaitility.await().pollInSameThread().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(1))
                .until(() -> Instant.now().isAfter(instant.plusMillis(2)));
        return Instant.now();
    }
}
