package org.reckon.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.reckon.faults.support.Api;
import org.reckon.faults.support.Api.User;
import org.reckon.faults.support.Invariants;
import org.reckon.faults.support.Platform;
import org.reckon.faults.support.Report;
import org.reckon.faults.support.Scenario;
import org.reckon.faults.support.WalletLoad;

/**
 * Issue 12, "must survive": the Reckon JVM is SIGKILLed in the middle of each cross-partition
 * protocol of the wallet while clients send transfers between wallets of different partitions
 * (XA, TC/C and Saga mixed). A Byteman rule (crash-in-commit.btm) parks one transfer at the
 * protocol's crash point and the suite kills the server there:
 * <ul>
 *   <li>XA: both partitions' branches prepared, Narayana's decision logged, nothing committed;</li>
 *   <li>TC/C: the Try debited the from partition, the phase table still says PENDING;</li>
 *   <li>Saga: the debit step done and recorded, the credit step not begun.</li>
 * </ul>
 * The parked transfer's client gives up (it died with the server), so only recovery can finish
 * it: Narayana's for XA (the partitions wait for it before loading their state), the wallet's own
 * ({@code WalletRecovery}: the TC/C phase table, the saga table) for the others. The server
 * restarts on the same object store and databases; then every transfer must be complete or fully
 * undone as its client was told, money conserved, no balance below zero at any event, wallet
 * balances equal to ledger balances, the ledger verified, no prepared branch left
 * ({@link Invariants#settle(Duration, org.reckon.faults.support.Load, WalletLoad)}).
 *
 * Short run: one kill per protocol; the full run ({@code -Pfaults-full}) kills 10 times, the
 * protocols in turn.
 */
@Order(7)
class WalletCrashFaultIT {

    static final String[] POINTS = {"wallet-xa", "wallet-tcc", "wallet-saga"};
    static final String[] PROTOCOLS = {"XA", "TCC", "SAGA"};

    @Test
    void sigkillInsideEachCrossPartitionProtocolLosesNoMoney() throws SQLException {
        int kills = Math.max(POINTS.length, Scenario.KILLS / 2);
        Scenario.begin("wallet: server crash inside each cross-partition protocol", kills + " SIGKILLs of the Reckon JVM under "
                + "cross-partition transfers (XA, TC/C, Saga mixed), each parked inside a protocol in turn: XA prepared and not "
                + "committed, TC/C after the Try, Saga between its steps; restart, recovery");
        Platform platform = Scenario.platform();
        Invariants invariants = Scenario.invariants();
        long fundStart = System.nanoTime();
        WalletLoad load = WalletLoad.fund(platform, 4, "1000.00");
        Report.line("funded %d wallets over the partitions %s with 1000.00 EUR each through PSP top-ups in %.1f s",
                load.accounts().size(), new java.util.TreeSet<>(load.accounts().values()), (System.nanoTime() - fundStart) / 1e9);
        load.start(6);
        List<String> outcomes = new ArrayList<>();
        long maxRecoveryMillis = 0;
        for (int kill = 1; kill <= kills; kill++) {
            String point = POINTS[(kill - 1) % POINTS.length];
            long acknowledged = load.count(WalletLoad.Answer.SUCCESS);
            Awaitility.await("transfers acknowledged before kill " + kill).atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200)).until(() -> load.count(WalletLoad.Answer.SUCCESS) >= acknowledged + 10);
            platform.armCrash(point);
            Optional<String> parkedTx = platform.awaitParked(point, Duration.ofSeconds(60));
            if (parkedTx.isEmpty()) {
                platform.disarmCrash(point); // nothing parked: the next scenarios must not find it armed
            }
            assertTrue(parkedTx.isPresent(), "a transfer parked at " + point + " within 60 s");
            WalletLoad.Transfer parked = load.transfer(parkedTx.get()).orElseThrow(() ->
                    new AssertionError("the parked transaction " + parkedTx.get() + " is not one of the load's"));
            load.abandoned.add(parked.txId());
            int preparedAtKill = invariants.walletPrepared();
            long pid = platform.reckon.pid();
            platform.reckon.kill();
            int preparedAfterKill = invariants.walletPrepared();
            String atKill = invariants.walletOutcome(parked);
            platform.disarmCrash(point);
            long restart = System.nanoTime();
            Duration boot = platform.reckon.start(Platform.BOOT_TIMEOUT);
            String[] outcome = {atKill};
            int[] prepared = {preparedAfterKill};
            try {
                Awaitility.await("recovery finished the parked " + parked.protocol() + " transfer").atMost(Duration.ofMinutes(3))
                        .pollInSameThread().pollInterval(Duration.ofMillis(500)).until(() -> {
                            outcome[0] = invariants.walletOutcome(parked);
                            prepared[0] = invariants.walletPrepared();
                            return !outcome[0].startsWith("half") && prepared[0] == 0 && Api.call(platform.reckonUrl(
                                    "/v1/admin/wallet/invariants"), User.STAFF, "GET", null, null).map(Api.Response::ok).orElse(false);
                        });
            } catch (ConditionTimeoutException e) {
                // reported and asserted below
            }
            long recoveryMillis = (System.nanoTime() - restart) / 1_000_000;
            maxRecoveryMillis = Math.max(maxRecoveryMillis, recoveryMillis);
            Report.injected("kill %d/%d at %s: SIGKILL to pid %d with %s transfer %s (%s EUR) parked; %d wallet branch(es) prepared "
                            + "at the kill; its committed events then: %s; up again in %.1f s; recovery left it %s %.1f s after the restart began "
                            + "(%.1f s after ready)%s",
                    kill, kills, point, pid, parked.protocol(), parked.txId(), parked.amount(), preparedAtKill, atKill,
                    boot.toMillis() / 1000.0, outcome[0], recoveryMillis / 1000.0, (recoveryMillis - boot.toMillis()) / 1000.0,
                    prepared[0] == 0 ? "" : "; " + prepared[0] + " BRANCH(ES) STILL PREPARED");
            assertEquals(PROTOCOLS[(kill - 1) % PROTOCOLS.length], parked.protocol(), "the protocol parked at " + point);
            assertTrue(!outcome[0].startsWith("half") && prepared[0] == 0, "recovery finished the parked transfer: " + outcome[0]);
            outcomes.add(parked.protocol() + " " + outcome[0]);
        }
        load.stop(90);
        Report.line("wallet load: %s", load.summary());
        Invariants.Figures figures = invariants.settle(Duration.ofMinutes(4), null, load);
        Report.checked("%d kills inside the wallet's protocols (parked transfers after recovery: %s), max restart + recovery %.1f s; "
                        + "%d transfers acknowledged, each complete; %d refused, each fully undone; %d without an answer, each "
                        + "complete or undone; %s EUR in the load's wallets as funded; invariants sampled %d times during the load, "
                        + "%d violated; no event left a balance below zero; wallet = ledger for every wallet; %d payment orders",
                kills, outcomes, maxRecoveryMillis / 1000.0, load.count(WalletLoad.Answer.SUCCESS), load.count(WalletLoad.Answer.REFUSED),
                load.count(WalletLoad.Answer.UNKNOWN), load.fundedTotal(), load.samples.get(), load.samplesViolated.get(),
                figures.orders());
        assertEquals(0, load.unexpected.get(), "unexpected answers: " + load.unexpectedSamples);
        assertEquals(0, load.samplesViolated.get(), "invariant violations sampled: " + load.violatedSamples);
    }
}
