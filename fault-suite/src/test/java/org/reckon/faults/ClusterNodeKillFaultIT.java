package org.reckon.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.reckon.faults.support.Api;
import org.reckon.faults.support.Cluster;
import org.reckon.faults.support.Diagnostics;
import org.reckon.faults.support.Fixture;
import org.reckon.faults.support.Invariants;
import org.reckon.faults.support.Load;
import org.reckon.faults.support.Platform;
import org.reckon.faults.support.Report;
import org.reckon.faults.support.S3Load;
import org.reckon.faults.support.Scenario;
import org.reckon.faults.support.WalletLoad;
import org.reckon.faults.support.WildFly;

/**
 * Issue 16, "must survive": SIGKILL of one node of the two-node cluster under a load spread across
 * both nodes through the balancer. Reckon's single server of the suite is stopped; the cluster
 * ({@link Cluster}: standalone-full-ha, mod_cluster balancer, the same configuration as
 * benchmark/cluster.sh) runs on the suite's PostgreSQL, Elasticsearch, Redis and PSP sandbox. Pay-in
 * clients and a booking client (retrying as careful clients do: same Idempotency-Key, same
 * reservation) and two readers of availability go through the balancer. Each kill hits the node
 * that runs the singleton work (the primary); the first kill of the short run is at a random moment,
 * and in the full run ({@code reckon.faults.cluster.kills} > 1) every even kill parks a transaction
 * inside its commit phase first, so the dead node surely leaves branches in doubt.
 *
 * <p>Checked and printed for each kill: the time until the survivor's first {@code @SingletonWork}
 * run as the primary (failover); the survivor serving reads and acknowledging pay-ins before the
 * dead node is back; the clients' failed attempts (no answer or a 5xx) between the kill and the
 * restart, at most one per client (the requests in flight on the dead node), each retried until it
 * succeeded; the dead node restarted on its own data and its in-doubt branches resolved
 * ({@code pg_prepared_xacts} empty). At the end: both nodes served pay-ins, and every invariant
 * ({@link Invariants}: ledger balanced, every paid payment posted once, no double booking, the
 * search index, nothing acknowledged lost). Messages: the brokers form an Artemis cluster (each
 * with its own journal) and every consumer de-duplicates (platform.md), so "no message lost or delivered twice" is what the
 * invariants see: every order final and charged once, each journal posting once, inventory equal to
 * the live reservations.
 */
@Order(9)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterNodeKillFaultIT {

    private static final int KILLS = Integer.getInteger("reckon.faults.cluster.kills", 1);
    private static final int PAY_IN_CLIENTS = 3;
    private static final int BOOKING_CLIENTS = 1;
    private static final int READERS = 2;
    /** Wallet transfer clients through the balancer (cross-partition XA, TC/C and Saga; one transfer in 4 inside a partition). */
    private static final int WALLET_CLIENTS = 2;
    private static final int WALLET_LOCAL_EVERY = 4;
    /** S3 clients (the AWS SDK) writing and reading objects through the balancer's S3 endpoint. */
    private static final int S3_CLIENTS = 1;

    private static Platform platform;
    private static Fixture fixture;
    private static Cluster cluster;

    /** The cluster boots once for both cases (Reckon's single server is stopped meanwhile). */
    @BeforeAll
    static void startCluster() {
        platform = Scenario.platform();
        fixture = Scenario.fixture();
        cluster = Cluster.start(platform);
    }

    /** Whatever happened, every process of the cluster is killed (the platform's shutdown would too). */
    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    @Test
    @Order(1)
    void sigkillOfThePrimaryNodeUnderLoadLosesNothingAndTheOtherNodeTakesOver() throws SQLException {
        Scenario.begin("cluster: a node killed under load", KILLS + " SIGKILL(s) of the primary node of the two-node cluster (offsets "
                + Cluster.NODE1_OFFSET + "/" + Cluster.NODE2_OFFSET + ", balancer " + Cluster.BALANCER_OFFSET + ") under pay-ins, "
                + "bookings, wallet transfers and availability reads through the balancer; restart on its own data, recovery");
        Invariants invariants = Scenario.invariants();
        // wallets of both partitions opened and topped up through the balancer (so through both nodes)
        long funding = System.nanoTime();
        WalletLoad wallet = WalletLoad.fund(platform, 2, "1000.00");
        Report.line("wallet: %d wallets opened and topped up through the balancer (paid at the PSP) in %.1f s", wallet.accounts().size(),
                (System.nanoTime() - funding) / 1e9);
        S3Load objects = S3Load.create(platform, cluster.dataNodes.s3Endpoint());
        Load load = new Load(platform, fixture).start(PAY_IN_CLIENTS, BOOKING_CLIENTS);
        Readers readers = new Readers(platform, fixture).start(READERS);
        wallet.start(WALLET_CLIENTS, WALLET_LOCAL_EVERY);
        objects.start(S3_CLIENTS);
        int clients = PAY_IN_CLIENTS + BOOKING_CLIENTS + READERS + S3_CLIENTS;
        long maxFailover = 0;
        long maxRecovery = 0;
        int inDoubtTotal = 0;
        try {
            for (int kill = 1; kill <= KILLS; kill++) {
                WildFly victim = cluster.awaitPrimary(Duration.ofMinutes(2));
                WildFly survivor = cluster.other(victim);
                // the survivor must be one the balancer already routes to (a node restarted by the
                // previous kill is not until its first STATUS message), or its clients only see 503s
                cluster.awaitBothRoutable(Duration.ofMinutes(2));
                // the load runs on both nodes before the kill
                int acknowledged = load.acknowledgedPayIns.size();
                Awaitility.await("pay-ins acknowledged through the balancer").atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(200)).until(() -> load.acknowledgedPayIns.size() >= acknowledged + 10);
                // the fault itself: the kill lands at a random point of the load, not right after a condition
                Platform.sleep(ThreadLocalRandom.current().nextInt(3000));
                String moment = "at a random moment";
                boolean insideCommit = kill % 2 == 0;
                if (insideCommit) {
                    cluster.armCrashInCommit(victim);
                    moment = cluster.awaitParkedInCommit(victim, Duration.ofSeconds(30))
                            ? "inside the commit phase (one branch committed, the rest prepared)"
                            : "at a random moment (no two-phase commit reached phase 2 within 30 s)";
                }
                long pid = victim.pid();
                int payInsAtKill = load.acknowledgedPayIns.size();
                int readsAtKill = readers.ok();
                long transfersAtKill = wallet.count(WalletLoad.Answer.SUCCESS);
                int objectsAtKill = objects.acknowledged.size();
                Instant killedAt = Instant.now();
                victim.kill();
                Set<String> inDoubt = invariants.preparedEverywhere();
                inDoubtTotal += inDoubt.size();
                cluster.disarmCrashInCommit(victim);

                Optional<Instant> tookOver = cluster.awaitBecamePrimary(survivor, killedAt, Duration.ofMinutes(2));
                long failover = tookOver.map(t -> Duration.between(killedAt, t).toMillis()).orElse(-1L);
                // the survivor serves alone: reads answered and pay-ins acknowledged while the other node is dead
                boolean served = awaitQuietly(Duration.ofMinutes(2), () -> readers.ok() >= readsAtKill + 20
                        && load.acknowledgedPayIns.size() >= payInsAtKill + 5 && objects.acknowledged.size() >= objectsAtKill + 5);
                Set<String> stillInDoubt = new HashSet<>(inDoubt);
                stillInDoubt.retainAll(invariants.preparedEverywhere());
                long restart = System.currentTimeMillis();
                List<Load.Failure> failuresWhileDown = between(killedAt.toEpochMilli(), restart, load.failedAt, readers.failedAt, objects.failedAt);
                long failedWhileDown = failuresWhileDown.size();
                long inProgressWhileDown = count(load.inProgressAt, killedAt.toEpochMilli(), restart);
                long failedBefore = count(load.failedAt, 0, killedAt.toEpochMilli()) + count(readers.failedAt, 0, killedAt.toEpochMilli());
                int payInsWhileDown = load.acknowledgedPayIns.size() - payInsAtKill;
                int readsWhileDown = readers.ok() - readsAtKill;
                long transfersWhileDown = wallet.count(WalletLoad.Answer.SUCCESS) - transfersAtKill;
                long walletResentWhileDown = wallet.resentAt.stream().filter(t -> t >= killedAt.toEpochMilli() && t < restart).count();
                int objectsWhileDown = objects.acknowledged.size() - objectsAtKill;
                long s3FailedWhileDown = count(objects.failedAt, killedAt.toEpochMilli(), restart);

                Duration boot = victim.start(Platform.BOOT_TIMEOUT);
                long ready = System.currentTimeMillis();
                // watched beside the recovery, so neither wait delays the other's figure
                java.util.concurrent.CompletableFuture<Long> routed = java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> awaitQuietly(Duration.ofMinutes(1), () -> cluster.routable(victim)) ? System.currentTimeMillis() : -1L);
                Set<String> left;
                try {
                    left = Awaitility.await("the restarted node resolved its branches in doubt").atMost(Duration.ofMinutes(3))
                            .pollInterval(Duration.ofMillis(200)).until(() -> {
                                Set<String> s = new HashSet<>(inDoubt);
                                s.retainAll(invariants.preparedEverywhere());
                                return s;
                            }, Set::isEmpty);
                } catch (ConditionTimeoutException e) {
                    left = new HashSet<>(inDoubt);
                    left.retainAll(invariants.preparedEverywhere());
                }
                long recovery = System.currentTimeMillis() - restart;
                long routedAt = routed.join();
                boolean routableAgain = routedAt > 0;
                if (!routableAgain) {
                    Diagnostics.add(platform, Scenario.current(), cluster.routingDiagnosis(victim, killedAt));
                }
                long routedAfter = routedAt - ready;
                long failedAfter = count(load.failedAt, restart, Long.MAX_VALUE) + count(readers.failedAt, restart, Long.MAX_VALUE);
                long s3FailedAfter = count(objects.failedAt, restart, Long.MAX_VALUE);
                maxFailover = Math.max(maxFailover, failover);
                maxRecovery = Math.max(maxRecovery, recovery);
                Report.injected("kill %d/%d: SIGKILL to %s (%s, pid %d, the primary) %s; %d branch(es) prepared at PostgreSQL, "
                                + "%d of them still in doubt when the restart began (the survivor leaves the dead node's branches alone)",
                        kill, KILLS, cluster.name(victim), victim.baseDir().getFileName(), pid, moment, inDoubt.size(), stillInDoubt.size());
                Report.checked("kill %d/%d: singleton work on %s %s after the kill; while %s was dead the survivor answered %d reads "
                                + "and acknowledged %d pay-ins; the clients' failed attempts (no answer or 5xx) from the kill to the restart: "
                                + "%d (%d clients, so at most %d requests in flight on the dead node), 409 in progress %d, each retried "
                                + "until it succeeded; failed attempts before the kill %d, after the restart began %d; %s up again in %.1f s "
                                + "on its own data, the balancer routing to it again %s after it was ready, its in-doubt branches resolved %.1f s after the restart began%s",
                        kill, KILLS, cluster.name(survivor), failover < 0 ? "NOT within 2 min" : failover + " ms",
                        cluster.name(victim), readsWhileDown, payInsWhileDown, failedWhileDown, clients, clients, inProgressWhileDown,
                        failedBefore, failedAfter, cluster.name(victim), boot.toMillis() / 1000.0,
                        routableAgain ? String.format("%.1f s", routedAfter / 1000.0) : "NOT within 1 min", recovery / 1000.0,
                        left.isEmpty() ? "" : " — " + left.size() + " STILL IN DOUBT");
                Report.line("kill %d/%d: wallet transfers acknowledged while %s was dead: %d; wallet requests resent (no answer or "
                                + "5xx) from the kill to the restart: %d (%d wallet clients)", kill, KILLS, cluster.name(victim), transfersWhileDown,
                        walletResentWhileDown, WALLET_CLIENTS);
                Report.line("kill %d/%d: objects stored through the balancer's S3 endpoint while %s was dead: %d; S3 requests "
                                + "retried (no answer or 5xx) from the kill to the restart: %d, after the restart began: %d (%d S3 client(s)): %s",
                        kill, KILLS, cluster.name(victim), objectsWhileDown, s3FailedWhileDown, s3FailedAfter, S3_CLIENTS,
                        byOutcome(between(killedAt.toEpochMilli(), Long.MAX_VALUE, objects.failedAt), killedAt.toEpochMilli()));
                if (!failuresWhileDown.isEmpty()) {
                    Report.line("kill %d/%d: the failed attempts while %s was dead, by request and answer (ms after the kill): %s", kill, KILLS,
                            cluster.name(victim), describe(failuresWhileDown, killedAt.toEpochMilli()));
                }
                assertTrue(failover >= 0, "the survivor took over the singleton work within 2 minutes of the kill");
                assertTrue(served, "the survivor answered reads, acknowledged pay-ins and stored objects while the other node was dead");
                assertTrue(failedWhileDown <= clients, "failed attempts between the kill and the restart (" + failedWhileDown
                        + ") are at most the requests in flight on the dead node (one per client: " + clients + ")");
                assertEquals(Set.of(), left, "branches still in doubt 3 minutes after the restart");
                assertTrue(routableAgain, "the balancer routes to the restarted node within a minute of its being ready");
            }
        } finally {
            readers.stop();
            objects.stop(90);
            wallet.stop(90);
            load.stop(90);
        }
        Report.line("load: %s; reads: %d answered 200, %d failed attempts", load.summary(), readers.ok(), readers.failedAt.size());
        Report.line("wallet load: %s", wallet.summary());
        Report.line("object storage load: %s", objects.summary());
        List<String> objectsLost = objects.verify();
        Report.checked("object storage: %d objects acknowledged through the balancer, %d of them read back byte for byte after the "
                + "kills, %d missing or changed", objects.acknowledged.size(), objects.acknowledged.size() - objectsLost.size(), objectsLost.size());
        objects.close();
        Map<String, Integer> byNode = payInsByNode(invariants, load);
        Invariants.Figures figures = invariants.settle(Duration.ofMinutes(4), load, wallet);
        Report.checked("wallet: %d transfers acknowledged %s, each complete; %d refused, each undone; %d without an answer, each "
                        + "complete or undone; the load's wallets hold %s EUR as funded; invariants sampled %d times through the "
                        + "balancer, %d violated", wallet.count(WalletLoad.Answer.SUCCESS), new java.util.TreeMap<>(wallet.acknowledgedByProtocol),
                wallet.count(WalletLoad.Answer.REFUSED), wallet.count(WalletLoad.Answer.UNKNOWN), wallet.fundedTotal(), wallet.samples.get(),
                wallet.samplesViolated.get());
        Report.checked("%d kill(s) of the primary: failover of the singleton work at most %d ms after the kill; in-doubt branches "
                        + "(%d) resolved by the restarted node at most %.1f s after its restart began; pay-ins claimed per node %s; "
                        + "%d pay-ins and %d bookings acknowledged, 0 lost, 0 duplicated; %d payment orders, %d charged once",
                KILLS, maxFailover, inDoubtTotal, maxRecovery / 1000.0, byNode, load.acknowledgedPayIns.size(),
                load.acknowledgedReservations.size(), figures.orders(), figures.charged());
        assertEquals(0, load.unexpected.get(), "unexpected answers: " + load.unexpectedSamples);
        assertEquals(0, readers.unexpected.get(), "unexpected answers to reads: " + readers.unexpectedSamples);
        assertEquals(0, wallet.unexpected.get(), "unexpected answers to wallet transfers: " + wallet.unexpectedSamples);
        assertEquals(List.of(), objectsLost, "acknowledged objects missing or changed");
        assertEquals(0, objects.unexpected.get(), "unexpected answers to S3 requests: " + objects.unexpectedSamples);
        assertTrue(wallet.samples.get() > 0, "the wallet's invariants were sampled while the load ran");
        assertEquals(0, wallet.samplesViolated.get(), "wallet invariants violated in a sample: " + wallet.violatedSamples);
        assertTrue(wallet.acknowledgedByProtocol.keySet().containsAll(List.of("XA", "TCC", "SAGA", "LOCAL")),
                "every protocol acknowledged at least once: " + wallet.acknowledgedByProtocol);
        assertTrue(byNode.getOrDefault("reckon-c1", 0) > 0 && byNode.getOrDefault("reckon-c2", 0) > 0,
                "the balancer spread the pay-ins over both nodes: " + byNode);
    }

    /**
     * A network partition between the two nodes under the same load: every link between them (their
     * JGroups transports, through the proxies of {@link Cluster}) cut, the balancer, the
     * databases and the clients still reaching both. Each half gets a coordinator, but only the node
     * holding the singleton lock (PostgreSQL, which both halves reach) runs the singleton work: the
     * other half's coordinator must say it is fenced, and no firing may run on both halves. Both keep
     * serving; after the links are restored MERGE3 must make one view again (one node says it is no
     * longer the primary or no longer the coordinator, in a view of both); then every invariant,
     * nothing acknowledged lost.
     */
    @Test
    @Order(2)
    void networkPartitionBetweenTheNodesRunsTheSingletonWorkOnceAndLosesNothing() {
        Scenario.begin("cluster: network partition", "the link between the two nodes' JGroups transports cut for "
                + Scenario.OUTAGE_SECONDS + " s once each half has a coordinator, under pay-ins, bookings and reads through the balancer; "
                + "then healed");
        Invariants invariants = Scenario.invariants();
        for (WildFly node : List.of(cluster.node1, cluster.node2)) {
            if (!node.running()) {
                node.start(Platform.BOOT_TIMEOUT); // the kill case failed before its restart
            }
        }
        cluster.awaitBothRoutable(Duration.ofMinutes(2));
        Load load = new Load(platform, fixture).start(PAY_IN_CLIENTS, BOOKING_CLIENTS);
        Readers readers = new Readers(platform, fixture).start(READERS);
        long split;
        long merged;
        int payInsWhileCut;
        int readsWhileCut;
        // singleton work each node ran (not skipped): before the cut one node runs it, while cut both
        // halves do (the duplicate work counted below), once merged one node again
        long[] beforeCut = {cluster.singletonWorkRan(cluster.node1), cluster.singletonWorkRan(cluster.node2)};
        long[] atCut;
        long[] whileCut;
        long[] afterMerge;
        boolean stillPrimary;
        String holderName;
        try {
            int acknowledged = load.acknowledgedPayIns.size();
            Awaitility.await("pay-ins acknowledged through the balancer").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200)).until(() -> load.acknowledgedPayIns.size() >= acknowledged + 10);
            WildFly holder = cluster.awaitPrimary(Duration.ofMinutes(2));
            WildFly other = cluster.other(holder);
            atCut = new long[] {cluster.singletonWorkRan(cluster.node1), cluster.singletonWorkRan(cluster.node2)};
            Instant cut = Instant.now();
            cluster.partition();
            List<String> direct = cluster.directLinks();
            if (!direct.isEmpty()) {
                Report.line("links the cut did not reach (connections between the nodes' JGroups ports outside the proxies): %s", direct);
            }
            int payInsAtCut = load.acknowledgedPayIns.size();
            int readsAtCut = readers.ok();
            // each half elects its own coordinator; the other half's is refused the singleton lock (fenced)
            Instant bothCoordinators = Awaitility.await("the other half's coordinator fenced").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(200)).until(() -> cluster.fenced(other, cut).orElse(null), java.util.Objects::nonNull);
            split = Duration.between(cut, bothCoordinators).toMillis();
            long[] atBothCoordinators = {cluster.singletonWorkRan(cluster.node1), cluster.singletonWorkRan(cluster.node2)};
            // the fault's duration: the link stays cut this long with a coordinator in each half
            Platform.sleep(Scenario.OUTAGE_SECONDS * 1000L);
            whileCut = new long[] {cluster.singletonWorkRan(cluster.node1) - atBothCoordinators[0],
                    cluster.singletonWorkRan(cluster.node2) - atBothCoordinators[1]};
            stillPrimary = cluster.becamePrimary(holder, Instant.EPOCH).isPresent();
            holderName = cluster.name(holder);
            payInsWhileCut = load.acknowledgedPayIns.size() - payInsAtCut;
            readsWhileCut = readers.ok() - readsAtCut;
            Instant healed = Instant.now();
            cluster.heal();
            Awaitility.await("one view again").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> cluster.rejoined(cluster.node1, healed) || cluster.rejoined(cluster.node2, healed));
            merged = Duration.between(healed, Instant.now()).toMillis();
            // once one node has said it is no longer the primary, the other alone runs the singleton work
            long[] atMerge = {cluster.singletonWorkRan(cluster.node1), cluster.singletonWorkRan(cluster.node2)};
            afterMerge = Awaitility.await("singleton work after the merge").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> new long[] {cluster.singletonWorkRan(cluster.node1) - atMerge[0], cluster.singletonWorkRan(cluster.node2) - atMerge[1]},
                            ran -> ran[0] + ran[1] >= 10);
            Report.injected("links between the nodes cut; the other half's coordinator fenced off the singleton work %.1f s later; "
                            + "cut for %d s more, then restored", split / 1000.0, Scenario.OUTAGE_SECONDS);
        } finally {
            cluster.heal();
            readers.stop();
            load.stop(90);
        }
        Report.line("load: %s; reads: %d answered 200, %d failed attempts", load.summary(), readers.ok(), readers.failedAt.size());
        long[] untilCut = {atCut[0] - beforeCut[0], atCut[1] - beforeCut[1]};
        Report.line("singleton work (timer firings that ran, not skipped): before the cut node1 %d, node2 %d; while each half had its "
                        + "coordinator for %d s node1 %d, node2 %d (the lock's holder %s%s): %d firings ran on both halves; after the merge "
                        + "node1 %d, node2 %d",
                untilCut[0], untilCut[1], Scenario.OUTAGE_SECONDS, whileCut[0], whileCut[1], holderName,
                stillPrimary ? " still primary" : " NO LONGER primary", Math.min(whileCut[0], whileCut[1]), afterMerge[0], afterMerge[1]);
        assertEquals(0, Math.min(untilCut[0], untilCut[1]), "before the cut only the primary runs singleton work: node1 "
                + untilCut[0] + ", node2 " + untilCut[1]);
        assertEquals(0, Math.min(whileCut[0], whileCut[1]), "while cut only the lock's holder runs singleton work (no duplicate work): node1 "
                + whileCut[0] + ", node2 " + whileCut[1]);
        assertTrue(Math.max(whileCut[0], whileCut[1]) > 0 && stillPrimary, "while cut the lock's holder (" + holderName
                + ") keeps running the singleton work: node1 " + whileCut[0] + ", node2 " + whileCut[1]);
        assertEquals(0, Math.min(afterMerge[0], afterMerge[1]), "after the merge only one node runs singleton work again: node1 "
                + afterMerge[0] + ", node2 " + afterMerge[1]);
        Invariants.Figures figures = invariants.settle(Duration.ofMinutes(4), load);
        Report.checked("partition: each half had its coordinator %.1f s after the cut (one ran the singleton work, the other was fenced); while cut the "
                        + "nodes acknowledged %d pay-ins and answered %d reads through the balancer; one view of both nodes %.1f s after "
                        + "the links came back; %d pay-ins and %d bookings acknowledged, 0 lost, 0 duplicated; %d payment orders, %d charged once",
                split / 1000.0, payInsWhileCut, readsWhileCut, merged / 1000.0, load.acknowledgedPayIns.size(),
                load.acknowledgedReservations.size(), figures.orders(), figures.charged());
        assertEquals(0, load.unexpected.get(), "unexpected answers: " + load.unexpectedSamples);
        assertEquals(0, readers.unexpected.get(), "unexpected answers to reads: " + readers.unexpectedSamples);
        assertTrue(payInsWhileCut > 0 && readsWhileCut > 0, "the cluster kept serving while partitioned");
    }

    /**
     * The node that claimed each acknowledged pay-in's Idempotency-Key (the claim records
     * "node/run"): how the balancer spread the load.
     */
    private static Map<String, Integer> payInsByNode(Invariants invariants, Load load) throws SQLException {
        Map<String, Integer> byNode = new java.util.TreeMap<>();
        for (String claim : invariants.ids("reckon_payment",
                "SELECT idem_key || ' ' || coalesce(split_part(claimed_by, '/', 1), '?') FROM idempotency_record WHERE idem_key LIKE 'fk-%'")) {
            String[] parts = claim.split(" ");
            if (load.acknowledgedPayIns.contains("fpo-" + parts[0].substring(3))) {
                byNode.merge(parts[1], 1, Integer::sum);
            }
        }
        return byNode;
    }

    private static long count(java.util.Queue<Load.Failure> failures, long from, long to) {
        return between(from, to, failures).size();
    }

    @SafeVarargs
    private static List<Load.Failure> between(long from, long to, java.util.Queue<Load.Failure>... queues) {
        List<Load.Failure> all = new ArrayList<>();
        for (java.util.Queue<Load.Failure> q : queues) {
            q.stream().filter(f -> f.at() >= from && f.at() < to).forEach(all::add);
        }
        all.sort(java.util.Comparator.comparingLong(Load.Failure::at));
        return all;
    }

    /** "POST /v1/payments -> 503 ... x3 (120..480 ms)" per distinct request and answer, in order of first failure. */
    /** The failures grouped by answer alone (requests of many keys): "answer xN (first..last ms after zero)". */
    private static String byOutcome(List<Load.Failure> failures, long zero) {
        Map<String, long[]> groups = new java.util.LinkedHashMap<>();
        for (Load.Failure f : failures) {
            String outcome = f.outcome().replaceAll("\\(Service: S3.*", "").replaceAll("\\(SDK Attempt.*", "").strip();
            long[] g = groups.computeIfAbsent(outcome, k -> new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE});
            g[0]++;
            g[1] = Math.min(g[1], f.at() - zero);
            g[2] = Math.max(g[2], f.at() - zero);
        }
        List<String> out = new ArrayList<>();
        groups.forEach((outcome, g) -> out.add(outcome + " x" + g[0] + " (" + g[1] + ".." + g[2] + " ms)"));
        return String.join("; ", out);
    }

    private static String describe(List<Load.Failure> failures, long zero) {
        Map<String, List<Long>> groups = new java.util.LinkedHashMap<>();
        for (Load.Failure f : failures) {
            String key = f.request().replaceAll("/[0-9a-f-]{36}", "/{id}") + " -> " + f.outcome();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(f.at() - zero);
        }
        List<String> parts = new ArrayList<>();
        groups.forEach((k, at) -> parts.add(k + " x" + at.size() + " (" + at.get(0) + ".." + at.get(at.size() - 1) + " ms)"));
        return String.join("; ", parts);
    }

    private static boolean awaitQuietly(Duration timeout, java.util.concurrent.Callable<Boolean> condition) {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** Clients reading availability (public, cached per node) through the balancer, retrying a failed read. */
    static final class Readers {
        final ConcurrentLinkedQueue<Load.Failure> failedAt = new ConcurrentLinkedQueue<>();
        final java.util.concurrent.atomic.AtomicLong unexpected = new java.util.concurrent.atomic.AtomicLong();
        final List<String> unexpectedSamples = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.util.concurrent.atomic.AtomicInteger ok = new java.util.concurrent.atomic.AtomicInteger();
        private final Platform platform;
        private final Fixture fixture;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Readers(Platform platform, Fixture fixture) {
            this.platform = platform;
            this.fixture = fixture;
        }

        Readers start(int n) {
            for (int i = 0; i < n; i++) {
                Thread t = new Thread(this::loop, "availability-reader-" + i);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            return this;
        }

        int ok() {
            return ok.get();
        }

        private void loop() {
            while (running.get()) {
                Fixture.Stay stay = fixture.randomStay();
                LocalDate start = stay.start();
                String url = platform.reckonUrl("/v1/hotels/" + stay.type().hotelId() + "/availability?start_date=" + start
                        + "&end_date=" + stay.end() + "&rooms=1");
                while (running.get()) { // the same read until it is answered
                    Optional<Api.Response> r = Api.call(url, null, "GET", null, null);
                    if (r.isPresent() && r.get().status() == 200) {
                        ok.incrementAndGet();
                        break;
                    }
                    if (r.isPresent() && r.get().status() < 500) {
                        unexpected.incrementAndGet();
                        if (unexpectedSamples.size() < 10) {
                            unexpectedSamples.add(r.get().status() + " " + r.get().body());
                        }
                        break;
                    }
                    failedAt.add(Load.Failure.of("GET", url, r));
                    Platform.sleep(300); // a client's back-off before it retries with the same key
                }
                Platform.sleep(50); // the load's pacing: a client's think time between requests
            }
        }

        void stop() {
            running.set(false);
            for (Thread t : threads) {
                try {
                    t.join(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
