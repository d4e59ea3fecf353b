package org.reckon.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.reckon.faults.support.Invariants;
import org.reckon.faults.support.Platform;
import org.reckon.faults.support.Postgres;
import org.reckon.faults.support.Report;
import org.reckon.faults.support.Scenario;
import org.reckon.faults.support.WalletLoad;

/**
 * Issue 12, "must survive": one wallet partition's database restarted under transfer load. The
 * suite runs the wallet's partition 1 on a PostgreSQL of its own ({@link Postgres#WALLET_PARTITION_1});
 * it is stopped (fast shutdown: its connections cut, XA branches possibly prepared) for the
 * outage time while clients send cross-partition transfers of every protocol, and a probe sends
 * transfers inside partition 0. With two partitions every cross-partition transfer touches
 * partition 1, so what must keep working during the outage is partition 0's own traffic; the
 * cross-partition clients get 503 and resend. Afterwards the same invariants as after a crash.
 */
@Order(8)
class WalletPartitionRestartFaultIT {

    @Test
    void onePartitionsDatabaseRestartedUnderLoadLosesNoMoneyAndTheOtherPartitionKeepsWorking() {
        Scenario.begin("wallet: one partition's database restarted", "the PostgreSQL of wallet partition 1 stopped (fast shutdown) for "
                + Scenario.OUTAGE_SECONDS + " s under cross-partition transfers (XA, TC/C, Saga mixed), then started on the same data; "
                + "transfers inside partition 0 probed throughout");
        Platform platform = Scenario.platform();
        Invariants invariants = Scenario.invariants();
        WalletLoad load = WalletLoad.fund(platform, 3, "1000.00").start(4);
        long acknowledged = load.count(WalletLoad.Answer.SUCCESS);
        Awaitility.await("cross-partition transfers under way").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> load.count(WalletLoad.Answer.SUCCESS) >= acknowledged + 20);

        List<long[]> probes = Collections.synchronizedList(new ArrayList<>()); // {start nanos, millis, 1 if success}
        AtomicBoolean probing = new AtomicBoolean(true);
        Thread probe = new Thread(() -> {
            while (probing.get()) {
                long begin = System.nanoTime();
                WalletLoad.Answer a = load.transferOnce(0, "LOCAL");
                probes.add(new long[] {begin, (System.nanoTime() - begin) / 1_000_000, a == WalletLoad.Answer.SUCCESS ? 1 : 0});
            }
        }, "wallet-partition-0-probe");
        probe.setDaemon(true);
        probe.start();

        long retriesBefore = load.retries.get();
        long crossBefore = cross(load);
        long down = System.nanoTime();
        platform.stopWalletPartition1();
        Report.injected("PostgreSQL of wallet partition 1 stopped (fast shutdown: open connections cut)");
        Platform.sleep(Scenario.OUTAGE_SECONDS * 1000L); // the outage itself (the fault's length, not a wait for a condition)
        platform.startWalletPartition1();
        long up = System.nanoTime();
        Report.injected("PostgreSQL of wallet partition 1 started again after %.1f s down", (up - down) / 1e9);
        long crossDuring = cross(load) - crossBefore;
        long resentDuring = load.retries.get() - retriesBefore;
        long crossAtUp = cross(load);
        Awaitility.await("cross-partition transfers succeed again").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> cross(load) > crossAtUp + 5);
        long backMillis = (System.nanoTime() - up) / 1_000_000;
        probing.set(false);
        load.stop(90);
        try {
            probe.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<long[]> during = new ArrayList<>();
        synchronized (probes) {
            for (long[] p : probes) {
                if (p[0] >= down && p[0] + p[1] * 1_000_000 <= up) {
                    during.add(p);
                }
            }
        }
        long okDuring = during.stream().filter(p -> p[2] == 1).count();
        long[] latencies = during.stream().filter(p -> p[2] == 1).mapToLong(p -> p[1]).sorted().toArray();
        Report.line("wallet load: %s", load.summary());
        Report.checked("during the %.1f s outage of partition 1: %d transfers inside partition 0 acknowledged of %d sent (%.1f/s, "
                        + "p50 %d ms, max %d ms); %d cross-partition transfers acknowledged, %d requests resent (503 or no answer); "
                        + "cross-partition transfers succeeded again %.1f s after the database was back",
                (up - down) / 1e9, okDuring, during.size(), okDuring / ((up - down) / 1e9),
                latencies.length == 0 ? -1 : latencies[latencies.length / 2], latencies.length == 0 ? -1 : latencies[latencies.length - 1],
                crossDuring, resentDuring, backMillis / 1000.0);
        invariants.settle(Duration.ofMinutes(4), null, load);
        Report.checked("after the partition's restart: %d transfers acknowledged, each complete; %d refused, each undone; "
                + "%d without an answer, each complete or undone; the load's wallets hold %s EUR as funded; invariants sampled %d "
                + "times, %d violated", load.count(WalletLoad.Answer.SUCCESS), load.count(WalletLoad.Answer.REFUSED),
                load.count(WalletLoad.Answer.UNKNOWN), load.fundedTotal(), load.samples.get(), load.samplesViolated.get());
        assertTrue(okDuring > 0, "transfers inside partition 0 kept working during partition 1's outage");
        assertEquals(0, load.unexpected.get(), "unexpected answers: " + load.unexpectedSamples);
        assertEquals(0, load.samplesViolated.get(), "invariant violations sampled: " + load.violatedSamples);
    }

    /** Cross-partition transfers acknowledged so far (the probe's LOCAL ones not counted). */
    private static long cross(WalletLoad load) {
        return load.acknowledgedByProtocol.entrySet().stream().filter(e -> !"LOCAL".equals(e.getKey()))
                .mapToLong(e -> e.getValue().get()).sum();
    }
}
