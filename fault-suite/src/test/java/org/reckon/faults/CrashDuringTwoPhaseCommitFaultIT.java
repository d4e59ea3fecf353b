package org.reckon.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
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
 * Fault 1: the Reckon JVM is killed with SIGKILL under a steady load of pay-ins and bookings, half
 * the times at a random moment, half the times inside the commit phase of a two-phase commit (the
 * Byteman rule parks a transaction after its first branch committed, then the suite kills). The
 * server is restarted on the same data (object store, Artemis journal) and Narayana's recovery
 * must resolve every in-doubt branch. Then the invariants.
 */
@Order(1)
class CrashDuringTwoPhaseCommitFaultIT {

    @Test
    void sigkillAtRandomAndInsideTheCommitPhaseLosesNothing() throws SQLException {
        Scenario.begin("server crash during two-phase commit", Scenario.KILLS + " SIGKILLs of the Reckon JVM under load "
                + "(odd: parked inside phase 2 after one branch committed; even: at a random moment), restart, recovery");
        Platform platform = Scenario.platform();
        Invariants invariants = Scenario.invariants();
        Load load = new Load(platform, Scenario.fixture()).start(4, 2);
        long maxRecoveryMillis = 0;
        long maxAfterReadyMillis = 0;
        long maxBlockedMillis = 0;
        int insideCommit = 0;
        int inDoubtTotal = 0;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int kill = 1; kill <= Scenario.KILLS; kill++) {
            Platform.sleep(2000 + random.nextInt(3000));
            String moment = "at a random moment";
            if (kill % 2 == 1) {
                platform.armCrashInCommit();
                if (platform.awaitParkedInCommit(Duration.ofSeconds(30))) {
                    moment = "inside the commit phase (one branch committed, the rest prepared)";
                    insideCommit++;
                } else {
                    moment = "at a random moment (no two-phase commit reached phase 2 within 30 s)";
                }
            }
            long pid = platform.reckon.pid();
            platform.reckon.kill();
            Set<String> inDoubt = invariants.preparedEverywhere();
            inDoubtTotal += inDoubt.size();
            platform.disarmCrashInCommit();
            long restart = System.nanoTime();
            Duration boot = platform.reckon.start(Platform.BOOT_TIMEOUT);
            Set<String> left;
            long[] blocked = {0}; // the longest wait seen of a live request on a lock held by a prepared branch
            try { // recovery resolves the branches left in doubt; asserted below, after the report
                left = Awaitility.await("recovery resolved the branches in doubt").atMost(Duration.ofMinutes(3))
                        .pollInSameThread().pollInterval(Duration.ofMillis(200)).until(() -> {
                            blocked[0] = Math.max(blocked[0], longestWaitOnPreparedBranch(invariants));
                            Set<String> stillPrepared = new HashSet<>(inDoubt);
                            stillPrepared.retainAll(invariants.preparedEverywhere());
                            return stillPrepared;
                        }, Set::isEmpty);
            } catch (ConditionTimeoutException e) {
                left = new HashSet<>(inDoubt);
                left.retainAll(invariants.preparedEverywhere());
            }
            long recoveryMillis = (System.nanoTime() - restart) / 1_000_000;
            maxBlockedMillis = Math.max(maxBlockedMillis, blocked[0]);
            maxRecoveryMillis = Math.max(maxRecoveryMillis, recoveryMillis);
            maxAfterReadyMillis = Math.max(maxAfterReadyMillis, recoveryMillis - boot.toMillis());
            Report.injected("kill %d/%d: SIGKILL to pid %d %s; %d branch(es) prepared at PostgreSQL; up again in %.1f s; "
                            + "in-doubt branches resolved %.1f s after the restart began (%.1f s after ready); longest wait of a live "
                            + "request on a prepared branch's lock %.1f s%s",
                    kill, Scenario.KILLS, pid, moment, inDoubt.size(), boot.toMillis() / 1000.0, recoveryMillis / 1000.0,
                    (recoveryMillis - boot.toMillis()) / 1000.0, blocked[0] / 1000.0,
                    left.isEmpty() ? "" : " — " + left.size() + " STILL IN DOUBT");
            assertEquals(Set.of(), left, "branches still in doubt 3 minutes after the restart");
        }
        load.stop(90);
        Report.line("load: %s", load.summary());
        Invariants.Figures figures = invariants.settle(Duration.ofMinutes(4), load);
        Report.checked("%d kills (%d inside the commit phase), %d in-doubt branches resolved by recovery, max recovery %.1f s "
                        + "from the restart (boot included), %.1f s after the server was ready (recovery settings: %s); "
                        + "longest wait of a live request on a prepared branch's lock %.1f s; "
                        + "%d pay-ins and %d bookings acknowledged, 0 lost, 0 duplicated; %d payment orders, %d charged",
                Scenario.KILLS, insideCommit, inDoubtTotal, maxRecoveryMillis / 1000.0, maxAfterReadyMillis / 1000.0,
                System.getProperty("reckon.faults.recovery.settings", "test"), maxBlockedMillis / 1000.0,
                load.acknowledgedPayIns.size(),
                load.acknowledgedReservations.size(), figures.orders(), figures.charged());
        assertEquals(0, load.unexpected.get(), "unexpected answers: " + load.unexpectedSamples);
        assertEquals((Scenario.KILLS + 1) / 2, insideCommit, "kills that hit the inside of a commit phase");
    }

    /**
     * The longest current wait, in ms, of a session blocked by a prepared transaction (PostgreSQL
     * reports a prepared transaction among the blockers as pid 0), over the whole cluster.
     */
    private static long longestWaitOnPreparedBranch(Invariants invariants) throws SQLException {
        return invariants.millis("SELECT coalesce(max(extract(epoch FROM clock_timestamp() - query_start)) * 1000, 0)::bigint "
                + "FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND 0 = ANY(pg_blocking_pids(pid))");
    }
}
