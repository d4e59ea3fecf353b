package org.reckon.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.reckon.faults.support.Invariants;
import org.reckon.faults.support.Load;
import org.reckon.faults.support.Platform;
import org.reckon.faults.support.Report;
import org.reckon.faults.support.Scenario;

/**
 * Fault 2b: the database goes away in the middle of a two-phase commit, precisely, with the server
 * up (Byteman rules of {@code crash-in-commit.btm} on pgjdbc's XA connection), under load. CI met
 * both cases by chance in {@link DatabaseRestartFaultIT}: a payment order and the ledger's journal
 * head stayed locked by prepared branches for 30 minutes, and every later scenario failed.
 * <ul>
 * <li><b>A prepare whose answer was lost</b>: PostgreSQL prepared the branch, the coordinator saw a
 * failure, and its rollbacks failed too. Narayana aborts without a log record (presumed abort), so the
 * prepared branches are orphans nobody in the JVM remembers: recovery must roll them back.</li>
 * <li><b>A ROLLBACK PREPARED sent to a backend being shut down</b>: a transaction's second prepare
 * fails, and the backend of its first, prepared, branch is terminated for real
 * ({@code pg_terminate_backend}) just before Narayana's ROLLBACK PREPARED is sent, so PostgreSQL
 * answers "terminating connection due to administrator command" (57P01) without running it, as in a
 * fast shutdown. pgjdbc 42.7.8 reports 57P01 as {@code XAER_RMERR}, which Narayana takes, on a
 * prepared branch, as a heuristic hazard: it keeps the log record and recovery never rolls the
 * branch back (this is how CI's pair stayed). {@code ReckonPGXADataSource} reports
 * {@code XAER_RMFAIL}: no log record (presumed abort), and recovery must roll the orphan back.</li>
 * </ul>
 * Either way the branches must be gone from {@code pg_prepared_xacts} within 2 minutes, the server
 * never restarted, and then the invariants: nothing lost, nothing twice, ledger = orders.
 */
@Order(2)
class DatabaseGoneMidTwoPhaseCommitFaultIT {

    @Test
    void branchesLeftByTheDatabaseGoingAwayAreResolvedWhileTheServerRuns() throws SQLException {
        Scenario.begin("database gone mid two-phase commit", "a PREPARE's answer lost and the rollbacks failing; the "
                + "backend of a ROLLBACK PREPARED terminated before the command (Byteman on pgjdbc), under load; the server is not restarted");
        Platform platform = Scenario.platform();
        Invariants invariants = Scenario.invariants();
        Load load = new Load(platform, Scenario.fixture()).start(4, 2); // each crash point waits for the 2PC it needs
        resolved(platform, invariants, "prepare-lost", "a PREPARE carried out at PostgreSQL reported lost, the rollbacks failed",
                "rolled back");
        resolved(platform, invariants, "rollback-57P01", "a transaction's second prepare failed and the backend of its first "
                + "branch's ROLLBACK PREPARED was terminated before the command was sent (57P01)", "rolled back");
        // the load goes on through the rows the faults held: 20 more payments paid at the PSP after them
        long paid = load.paidAtPsp.get();
        Awaitility.await("20 more payments paid after the faults").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200)).until(() -> load.paidAtPsp.get() >= paid + 20);
        load.stop(90);
        Report.line("load: %s", load.summary());
        Invariants.Figures figures = invariants.settle(Duration.ofMinutes(4), load);
        Report.checked("%d payment orders, %d charged, %d journal transactions; %d pay-ins and %d bookings acknowledged, "
                        + "0 lost, 0 duplicated", figures.orders(), figures.charged(), figures.journalTransactions(),
                load.acknowledgedPayIns.size(), load.acknowledgedReservations.size());
        assertEquals(0, load.unexpected.get(), "unexpected answers: " + load.unexpectedSamples);
    }

    /**
     * Arms the crash point, waits for the transaction it hits, and then for every branch that
     * transaction left prepared to leave {@code pg_prepared_xacts} (recovery's work, the server up).
     */
    private static void resolved(Platform platform, Invariants invariants, String point, String fault, String outcome)
            throws SQLException {
        platform.armCrash(point);
        java.util.Optional<String> gtrid = platform.awaitParked(point, Duration.ofSeconds(60));
        platform.disarmCrash(point);
        assertTrue(gtrid.isPresent(), point + ": no two-phase commit reached the crash point within 60 s");
        long begin = System.nanoTime();
        // pgjdbc's gid: formatId_base64(global transaction id)_base64(branch qualifier)
        String ofTheTransaction = "_" + gtrid.get() + "_";
        Set<String> left = new HashSet<>();
        for (String gid : invariants.preparedEverywhere()) {
            if (gid.contains(ofTheTransaction)) {
                left.add(gid);
            }
        }
        assertFalse(left.isEmpty(), point + ": the transaction hit left no branch prepared (the fault did not happen)");
        Report.injected("%s: %d branch(es) prepared at PostgreSQL", fault, left.size());
        Set<String> still;
        try {
            still = Awaitility.await(point + ": recovery resolved them").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        Set<String> now = new HashSet<>(left);
                        now.retainAll(invariants.preparedEverywhere());
                        return now;
                    }, Set::isEmpty);
        } catch (ConditionTimeoutException e) {
            still = new HashSet<>(left);
            still.retainAll(invariants.preparedEverywhere());
        }
        Report.checked("%s: %d branch(es) %s by recovery %.1f s after the fault, the server up throughout", point, left.size(),
                still.isEmpty() ? outcome : "NOT " + outcome + ", STILL PREPARED", (System.nanoTime() - begin) / 1e9);
        assertEquals(Set.of(), still, point + ": branches still prepared 2 minutes after the fault");
    }
}
