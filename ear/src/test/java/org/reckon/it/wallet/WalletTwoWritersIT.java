package org.reckon.it.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.Jndi;
import org.reckon.it.support.Json;
import org.reckon.it.support.TestUsers;
import org.reckon.wallet.WalletChecks;
import org.reckon.wallet.domain.Command;
import org.reckon.wallet.domain.Outcome;
import org.reckon.wallet.domain.Purpose;
import org.reckon.wallet.domain.WalletError;
import org.reckon.wallet.domain.WalletPartitions;
import org.reckon.wallet.engine.Answers;
import org.reckon.wallet.engine.PartitionEngine;
import org.reckon.wallet.engine.PartitionLog;
import org.reckon.wallet.engine.PartitionOvertakenException;
import org.reckon.wallet.engine.WalletEngines;

/**
 * Issue 16's wallet gap: on a two-node cluster each node has its own engine per partition, both
 * writing the SAME partition log. Here a second {@link PartitionEngine} is built on the server's
 * partition log and DataSource, as the other node would have, and both take concurrent transfers
 * between the same accounts: pairs that would overdraw if each engine trusted its own memory, and
 * transaction ids sent to both engines. Every command must be answered (none lost to a 503), each
 * transaction decided once, no balance ever below zero (every event's balance_after), the money
 * conserved, and both engines, once caught up, must hold exactly what a replay of the log gives.
 */
@ExtendWith(ArquillianExtension.class)
class WalletTwoWritersIT {

    private static final int PARTITION = 1;
    private static final BigDecimal FUNDS = new BigDecimal("100.00");

    /** One command sent to one engine and what it answered (or why it did not). */
    private record Sent(String tx, int engine, Outcome outcome, RuntimeException failure) {
    }

    @Test
    void twoEnginesOnOnePartitionLogDecideEachTransferOnceOnTheLogsState() throws Exception {
        WalletEngines engines = Jndi.lookup("java:global/reckon/reckon-ejb-wallet/WalletEngines", WalletEngines.class);
        PartitionEngine first = engines.partition(PARTITION);
        DataSource dataSource = WalletEngines.dataSource(PARTITION);
        PartitionEngine second = new PartitionEngine(new PartitionLog(PARTITION, dataSource), 500, Long.MAX_VALUE, Clock.systemUTC());
        second.start(Thread::new);
        List<PartitionEngine> both = List.of(first, second);
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            // accounts opened through the first engine and funded through the second: the second learns them from the log
            List<String> sources = accounts(first, 4);
            List<String> others = accounts(first, 4);
            String sink = accounts(first, 1).get(0);
            List<String> funded = new ArrayList<>(sources);
            funded.addAll(others);
            for (String id : funded) {
                Outcome o = Answers.await(PARTITION, second.submit(new Command.Credit("fund-" + id, id, FUNDS, "EUR", Purpose.TOP_UP)));
                assertTrue(o.accepted(), id + ": " + o);
            }
            List<String> all = new ArrayList<>(funded);
            all.add(sink);

            // 1. each source's 100.00 asked for twice at once, 70.00 through each engine: exactly one may pass
            List<Callable<Sent>> pairs = new ArrayList<>();
            Map<String, String> sourceOf = new HashMap<>();
            for (String s : sources) {
                for (int e = 0; e < 2; e++) {
                    String tx = "pair-" + UUID.randomUUID();
                    sourceOf.put(tx, s);
                    pairs.add(send(both, e, new Command.Transfer(tx, s, sink, new BigDecimal("70.00"), "EUR"), tx));
                }
            }
            List<Sent> pairAnswers = run(clients, pairs);

            // 2. random transfers among all the accounts, a quarter of them sent to both engines at once
            Random random = new Random(16);
            List<Callable<Sent>> storm = new ArrayList<>();
            Map<String, Command.Transfer> transfers = new HashMap<>();
            for (int i = 0; i < 600; i++) {
                String from = all.get(random.nextInt(all.size()));
                String to = all.get(random.nextInt(all.size()));
                if (from.equals(to)) {
                    continue;
                }
                String tx = "storm-" + UUID.randomUUID();
                Command.Transfer t = new Command.Transfer(tx, from, to, new BigDecimal(20 + random.nextInt(70) + ".00"), "EUR");
                transfers.put(tx, t);
                storm.add(send(both, i % 2, t, tx));
                if (i % 4 == 0) {
                    storm.add(send(both, 1 - i % 2, t, tx));
                }
            }
            Collections.shuffle(storm, random);
            List<Sent> stormAnswers = run(clients, storm);

            List<Sent> failed = new ArrayList<>();
            for (Sent s : concat(pairAnswers, stormAnswers)) {
                if (s.failure() != null) {
                    failed.add(s);
                }
            }
            assertEquals(List.of(), failed.stream().map(s -> "engine " + s.engine() + " " + s.tx() + ": " + s.failure().getMessage()).toList(),
                    "every command answered: none lost when the other engine appended first");

            // exactly one of each source's two 70.00 transfers passed, the other is short of funds
            Map<String, List<Sent>> bySource = new HashMap<>();
            pairAnswers.forEach(s -> bySource.computeIfAbsent(sourceOf.get(s.tx()), k -> new ArrayList<>()).add(s));
            for (Map.Entry<String, List<Sent>> e : bySource.entrySet()) {
                long accepted = e.getValue().stream().filter(s -> s.outcome().accepted()).count();
                assertEquals(1, accepted, e.getKey() + ": " + e.getValue());
                assertTrue(e.getValue().stream().anyMatch(s -> s.outcome().rejection() == WalletError.INSUFFICIENT_FUNDS), e.getValue().toString());
            }
            // a transaction sent to both engines: decided once, the other answer is the duplicate saying the same
            Map<String, List<Sent>> byTx = new HashMap<>();
            stormAnswers.forEach(s -> byTx.computeIfAbsent(s.tx(), k -> new ArrayList<>()).add(s));
            for (List<Sent> answers : byTx.values()) {
                if (answers.size() == 2) {
                    assertEquals(1, answers.stream().filter(s -> !s.outcome().duplicate()).count(), answers.toString());
                    assertEquals(answers.get(0).outcome().rejection(), answers.get(1).outcome().rejection(), answers.toString());
                    assertNotEquals(answers.get(0).engine(), answers.get(1).engine());
                }
            }

            // the log: each transaction moved money once if accepted and never if refused; no balance ever below zero
            Map<String, Integer> debits = new HashMap<>();
            Map<String, Integer> credits = new HashMap<>();
            BigDecimal lowest = null;
            long firstSeq = Long.MAX_VALUE;
            long lastSeq = 0;
            long rows = 0;
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT seq, type, tx_id, balance_after FROM wallet_event"
                         + " WHERE account_id = ANY (?) ORDER BY seq")) {
                ps.setArray(1, c.createArrayOf("varchar", all.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        firstSeq = Math.min(firstSeq, rs.getLong(1));
                        lastSeq = rs.getLong(1);
                        rows++;
                        String type = rs.getString(2);
                        BigDecimal after = rs.getBigDecimal(4);
                        if ("DEBITED".equals(type)) {
                            debits.merge(rs.getString(3), 1, Integer::sum);
                        } else if ("CREDITED".equals(type)) {
                            credits.merge(rs.getString(3), 1, Integer::sum);
                        }
                        if (after != null && (lowest == null || after.compareTo(lowest) < 0)) {
                            lowest = after;
                        }
                    }
                }
            }
            assertTrue(rows > 0);
            assertTrue(lowest.signum() >= 0, "a balance went below zero in the log: " + lowest);
            Map<String, Boolean> acceptedTx = new HashMap<>();
            concat(pairAnswers, stormAnswers).forEach(s -> acceptedTx.put(s.tx(), s.outcome().accepted()));
            for (Map.Entry<String, Boolean> e : acceptedTx.entrySet()) {
                int expected = e.getValue() ? 1 : 0;
                assertEquals(expected, debits.getOrDefault(e.getKey(), 0), e.getKey() + " debited");
                assertEquals(expected, credits.getOrDefault(e.getKey(), 0), e.getKey() + " credited");
            }
            assertEquals(lastSeq - firstSeq + 1, denseEvents(dataSource, firstSeq, lastSeq), "the event list has no hole");

            // both engines caught up hold exactly the log's state: the same as each other and as a replay
            first.catchUp();
            second.catchUp();
            PartitionEngine.Live a = first.live();
            PartitionEngine.Live b = second.live();
            assertEquals(a.seq(), b.seq(), "both engines at the log's head");
            assertEquals(a.encoded(), b.encoded(), "both engines hold the same state");
            assertEquals(first.rebuild(a.seq(), false).encode(), a.encoded(), "a replay from the first event");
            assertEquals(first.rebuild(a.seq(), true).encode(), a.encoded(), "a replay from the latest snapshot");
            BigDecimal total = first.read(s -> all.stream().map(id -> s.account(id).balance()).reduce(BigDecimal.ZERO, BigDecimal::add));
            assertEquals(0, FUNDS.multiply(BigDecimal.valueOf(funded.size())).compareTo(total), "money conserved: " + total);
            for (String id : all) {
                BigDecimal inMemory = first.read(s -> s.account(id).balance());
                assertEquals(0, inMemory.compareTo(first.log().balanceAsOf(id, a.seq(), null).orElseThrow()), id);
            }
            assertTrue(second.caughtUp() > 0, "the second engine learnt the first one's events from the log");
            System.out.println("[two-writers] " + acceptedTx.size() + " transactions, " + acceptedTx.values().stream().filter(x -> x).count()
                    + " accepted; batches decided again after being overtaken: " + first.overtaken() + " + " + second.overtaken()
                    + "; events caught up from the log: " + first.caughtUp() + " + " + second.caughtUp());
        } finally {
            clients.shutdownNow();
            second.stop();
            first.catchUp();
        }
    }

    /**
     * The server's own protocols while another writer appends to both partitions' logs: XA, TC/C
     * and Saga transfers through REST, each partition's log also taking a second engine's
     * transfers between other accounts at the same time. The server's engines are overtaken and
     * must catch up and decide again (TC/C and Saga steps are writer batches; an XA transfer rolls
     * back and runs again): every transfer answered 200, the money where it should be, the
     * invariants and the rebuild check holding.
     */
    @Test
    void theServersXaTccAndSagaTransfersCatchUpWhenAnotherWriterAppendsFirst() throws Exception {
        WalletEngines engines = Jndi.lookup("java:global/reckon/reckon-ejb-wallet/WalletEngines", WalletEngines.class);
        List<PartitionEngine> seconds = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            PartitionEngine e = new PartitionEngine(new PartitionLog(p, WalletEngines.dataSource(p)), 500, Long.MAX_VALUE, Clock.systemUTC());
            e.start(Thread::new);
            seconds.add(e);
        }
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            // alice's wallets through REST, funded through the second engines
            String a0 = restAccount(0);
            String a1 = restAccount(1);
            for (String id : List.of(a0, a1)) {
                PartitionEngine second = seconds.get(WalletPartitions.of(id, WalletPartitions.count()));
                assertTrue(Answers.await(second.partition(), second.submit(
                        new Command.Credit("fund-" + id, id, new BigDecimal("500.00"), "EUR", Purpose.TOP_UP))).accepted());
            }
            // the other writer's traffic: claims of transaction ids between two accounts of its own in each partition
            // (commands and events like any other, but no money: the ledger feed has nothing to post for them)
            List<List<String>> noise = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                PartitionEngine second = seconds.get(p);
                List<String> pair = new ArrayList<>();
                while (pair.size() < 2) {
                    String id = "two-" + UUID.randomUUID();
                    if (WalletPartitions.of(id, WalletPartitions.count()) == p) {
                        assertTrue(Answers.await(p, second.submit(new Command.Open(id, "bob", "EUR"))).accepted());
                        assertTrue(Answers.await(p, second.submit(new Command.Credit("fund-" + id, id, FUNDS, "EUR", Purpose.TOP_UP))).accepted());
                        pair.add(id);
                    }
                }
                noise.add(pair);
            }
            AtomicBoolean loading = new AtomicBoolean(true);
            List<Future<Integer>> writers = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                int partition = p;
                writers.add(clients.submit(() -> {
                    int n = 0;
                    while (loading.get()) {
                        List<String> pair = noise.get(partition);
                        Outcome o = Answers.await(partition, seconds.get(partition).submit(new Command.Claim("noise-" + UUID.randomUUID(),
                                pair.get(n % 2), pair.get(1 - n % 2), new BigDecimal("1.00"), "EUR", "LOCAL")));
                        assertTrue(o.accepted(), o.toString());
                        n++;
                    }
                    return n;
                }));
            }
            List<Callable<String>> transfers = new ArrayList<>();
            String[] protocols = {"XA", "TCC", "SAGA"};
            for (int i = 0; i < 60; i++) {
                String protocol = protocols[i % 3];
                boolean forth = i % 2 == 0;
                String tx = "two-" + UUID.randomUUID();
                Callable<String> send = () -> {
                    HttpResponse<String> r = Http.send(Http.as(Http.request("/v1/wallet/balance_transfer?protocol=" + protocol),
                                    TestUsers.ALICE.user, TestUsers.ALICE.password)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"from_account\":\"" + (forth ? a0 : a1) + "\",\"to_account\":\""
                                    + (forth ? a1 : a0) + "\",\"amount\":\"" + (forth ? "3.00" : "1.00") + "\",\"currency\":\"EUR\","
                                    + "\"transaction_id\":\"" + tx + "\"}")));
                    return tx + " " + protocol + " " + r.statusCode() + " " + (r.statusCode() == 200 ? "" : r.body());
                };
                transfers.add(send);
            }
            List<String> answers = new ArrayList<>();
            for (Future<String> f : clients.invokeAll(transfers, 5, TimeUnit.MINUTES)) {
                answers.add(f.get());
            }
            loading.set(false);
            int noiseTransfers = 0;
            for (Future<Integer> w : writers) {
                noiseTransfers += w.get(1, TimeUnit.MINUTES);
            }
            assertTrue(noiseTransfers > 0);
            // TC/C and Saga steps are writer batches, an XA transfer runs again: each takes the log's lock when it
            // keeps losing to the other writer, so none gives up
            assertEquals(List.of(), answers.stream().filter(a -> !a.contains(" 200 ")).toList(), "every transfer succeeded");

            engines.all().forEach(PartitionEngine::catchUp);
            seconds.forEach(PartitionEngine::catchUp);
            // 30 transfers of 3.00 one way, 30 of 1.00 back
            assertEquals(0, new BigDecimal("440.00").compareTo(engines.of(a0).read(s -> s.account(a0).balance())));
            assertEquals(0, new BigDecimal("560.00").compareTo(engines.of(a1).read(s -> s.account(a1).balance())));
            for (int p = 0; p < 2; p++) {
                PartitionEngine.Live server = engines.partition(p).live();
                PartitionEngine.Live other = seconds.get(p).live();
                assertEquals(server.seq(), other.seq(), "partition " + p);
                assertEquals(server.encoded(), other.encoded(), "partition " + p + ": both writers hold the log's state");
                assertEquals(engines.partition(p).rebuild(server.seq(), false).encode(), server.encoded(), "partition " + p);
            }
            JsonObject inv = Json.object(Http.send(Http.as(Http.request("/v1/admin/wallet/invariants"), TestUsers.STAFF.user,
                    TestUsers.STAFF.password)).body());
            assertTrue(inv.getBoolean("holds"), inv.toString());
            JsonObject check = Json.object(Http.send(Http.as(Http.request("/v1/admin/wallet/rebuild-check"), TestUsers.STAFF.user,
                    TestUsers.STAFF.password)).body());
            assertTrue(check.getBoolean("consistent"), check.toString());
            System.out.println("[two-writers] REST: " + answers.size() + " transfers,"
                    + " the other writer " + noiseTransfers
                    + " claims; overtaken batches of the server's engines " + engines.partition(0).overtaken() + " + "
                    + engines.partition(1).overtaken() + ", events they caught up " + engines.partition(0).caughtUp() + " + "
                    + engines.partition(1).caughtUp());
        } finally {
            clients.shutdownNow();
            seconds.forEach(PartitionEngine::stop);
            engines.all().forEach(PartitionEngine::catchUp);
        }
    }

    /**
     * The invariants' cut with another node's writers: second engines on both partitions (the
     * other node) commit XA transfers between the partitions while the server's check
     * ({@link WalletChecks#invariants}) samples in a loop. The server's engines learn those
     * transfers from the logs, each partition on its own schedule; a cut taken from them as they
     * stand may hold a transfer's credit without its debit (money created) or the reverse. Every
     * sample must be conserved with no negative balance, and after the load both nodes' engines
     * equal the log and the load's accounts still hold what they were funded with.
     */
    @Test
    void theInvariantsCutIsConservedWhileAnotherNodesXaTransfersCommit() throws Exception {
        WalletEngines engines = Jndi.lookup("java:global/reckon/reckon-ejb-wallet/WalletEngines", WalletEngines.class);
        WalletChecks checks = Jndi.lookup("java:global/reckon/reckon-ejb-wallet/WalletChecks", WalletChecks.class);
        UserTransaction ut = Jndi.lookup("java:jboss/UserTransaction", UserTransaction.class);
        engines.all().forEach(PartitionEngine::catchUp);
        WalletChecks.Invariants before = checks.invariants();
        assertTrue(before.holds(), "the invariants hold before the load: " + before);
        List<PartitionEngine> seconds = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            PartitionEngine e = new PartitionEngine(new PartitionLog(p, WalletEngines.dataSource(p)), 500, Long.MAX_VALUE, Clock.systemUTC());
            e.start(Thread::new);
            seconds.add(e);
        }
        ExecutorService threads = Executors.newFixedThreadPool(3);
        AtomicBoolean loading = new AtomicBoolean(true);
        try {
            // three wallets in each partition, opened and funded through the other node's engines
            List<List<String>> wallets = List.of(new ArrayList<>(), new ArrayList<>());
            while (wallets.get(0).size() < 3 || wallets.get(1).size() < 3) {
                String id = "cut-" + UUID.randomUUID();
                int p = WalletPartitions.of(id, WalletPartitions.count());
                if (wallets.get(p).size() == 3) {
                    continue;
                }
                assertTrue(Answers.await(p, seconds.get(p).submit(new Command.Open(id, "alice", "EUR"))).accepted());
                assertTrue(Answers.await(p, seconds.get(p).submit(new Command.Credit("fund-" + id, id, FUNDS, "EUR", Purpose.TOP_UP))).accepted());
                wallets.get(p).add(id);
            }
            // the other node's XA transfers, both ways between the partitions, as fast as they commit
            List<Future<Integer>> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                writers.add(threads.submit(() -> {
                    Random random = new Random();
                    int committed = 0;
                    while (loading.get()) {
                        int fromPartition = random.nextInt(2);
                        String from = wallets.get(fromPartition).get(random.nextInt(3));
                        String to = wallets.get(1 - fromPartition).get(random.nextInt(3));
                        if (otherNodesXaTransfer(ut, seconds, "cut-" + UUID.randomUUID(), from, to,
                                new BigDecimal(1 + random.nextInt(20) + "." + String.format("%02d", random.nextInt(100))))) {
                            committed++;
                        }
                    }
                    return committed;
                }));
            }
            // the server's check sampled meanwhile
            List<String> violated = new ArrayList<>();
            int samples = 0;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(12);
            while (System.nanoTime() < until) {
                WalletChecks.Invariants inv = checks.invariants();
                samples++;
                if (!inv.holds() || inv.negativeBalances() != 0) {
                    violated.add(inv.toString());
                }
            }
            loading.set(false);
            System.out.println("[two-writers] cut: the server's check took " + samples + " cuts while the other node's XA transfers committed, "
                    + violated.size() + " not conserved" + (violated.isEmpty() ? "" : ", the first: " + violated.get(0)));
            int committed = 0;
            for (Future<Integer> w : writers) {
                committed += w.get(1, TimeUnit.MINUTES);
            }
            System.out.println("[two-writers] cut: the other node committed " + committed + " XA transfers");
            assertTrue(committed >= 20, "the other node's XA transfers committed: " + committed);
            assertTrue(samples >= 20, "cuts taken: " + samples);
            assertEquals(List.of(), violated.stream().limit(3).toList(), violated.size() + " of " + samples
                    + " cuts not conserved or with a negative balance while the other node's XA transfers committed");

            // settled: both nodes' engines hold the log, and the money is where it was funded
            engines.all().forEach(PartitionEngine::catchUp);
            seconds.forEach(PartitionEngine::catchUp);
            BigDecimal total = BigDecimal.ZERO;
            for (int p = 0; p < 2; p++) {
                PartitionEngine.Live server = engines.partition(p).live();
                PartitionEngine.Live other = seconds.get(p).live();
                assertEquals(server.encoded(), other.encoded(), "partition " + p + ": both nodes' engines hold the log's state");
                List<String> ids = wallets.get(p);
                total = total.add(engines.partition(p).read(s -> ids.stream().map(id -> s.account(id).balance())
                        .reduce(BigDecimal.ZERO, BigDecimal::add)));
            }
            assertEquals(0, FUNDS.multiply(BigDecimal.valueOf(6)).compareTo(total), "the load's wallets hold what they were funded with: " + total);
            assertTrue(checks.invariants().holds());
        } finally {
            loading.set(false);
            threads.shutdownNow();
            threads.awaitTermination(1, TimeUnit.MINUTES);
            seconds.forEach(PartitionEngine::stop);
            engines.all().forEach(PartitionEngine::catchUp);
        }
    }

    /**
     * One XA transfer as another node's {@code XaTransfers} runs it, on {@code engines} (that node's):
     * both writers held in partition order, the debit and the credit decided and appended in
     * partition order through the XA datasources in one JTA transaction, committed by two-phase
     * commit. A transfer overtaken by the server's writers (an expiry, say) rolls back and is
     * counted as not committed. Answers whether it committed with the money moved.
     */
    private static boolean otherNodesXaTransfer(UserTransaction ut, List<PartitionEngine> engines, String tx, String from, String to,
                                                BigDecimal amount) throws Exception {
        PartitionEngine a = engines.get(WalletPartitions.of(from, WalletPartitions.count()));
        PartitionEngine b = engines.get(WalletPartitions.of(to, WalletPartitions.count()));
        List<PartitionEngine> ordered = a.partition() < b.partition() ? List.of(a, b) : List.of(b, a);
        a.catchUp();
        b.catchUp();
        ut.begin();
        boolean committed = false;
        try {
            ordered.get(0).beginXa();
        } catch (PartitionOvertakenException e) {
            ut.rollback(); // the other thread's rollback left the engine to reload: the next transfer's catch-up does
            return false;
        }
        try {
            ordered.get(1).beginXa();
            try {
                PartitionEngine.XaStep debit = a.decideXa(new Command.Debit(tx, from, amount, "EUR", Purpose.XA));
                if (!debit.outcome().accepted()) {
                    return false;
                }
                PartitionEngine.XaStep credit = b.decideXa(new Command.Credit(tx, to, amount, "EUR", Purpose.XA));
                for (PartitionEngine e : ordered) {
                    try (Connection c = WalletEngines.dataSource(e.partition()).getConnection()) {
                        e.appendXa(c, e == a ? debit : credit);
                    }
                }
                ut.commit();
                committed = true;
                return true;
            } catch (SQLException e) {
                if (PartitionLog.overtaken(e)) {
                    return false;
                }
                throw e;
            } finally {
                if (!committed && ut.getStatus() != Status.STATUS_NO_TRANSACTION) {
                    ut.rollback();
                }
                ordered.get(1).completeXa(committed);
            }
        } catch (PartitionOvertakenException e) {
            if (ut.getStatus() != Status.STATUS_NO_TRANSACTION) {
                ut.rollback();
            }
            return false;
        } finally {
            ordered.get(0).completeXa(committed);
        }
    }

    /** An EUR wallet of alice's in {@code partition}, opened through REST. */
    private static String restAccount(int partition) {
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> r = Http.send(Http.as(Http.request("/v1/wallet/accounts"), TestUsers.ALICE.user, TestUsers.ALICE.password)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"currency\":\"EUR\"}")));
            assertEquals(201, r.statusCode(), r.body());
            JsonObject a = Json.object(r.body());
            if (a.getInt("partition") == partition) {
                return a.getString("account_id");
            }
        }
        throw new AssertionError("no account landed in partition " + partition);
    }

    /** {@code n} EUR accounts of alice in the partition, opened through {@code engine}. */
    private static List<String> accounts(PartitionEngine engine, int n) {
        List<String> ids = new ArrayList<>();
        while (ids.size() < n) {
            String id = "two-" + UUID.randomUUID();
            if (WalletPartitions.of(id, WalletPartitions.count()) != PARTITION) {
                continue;
            }
            Outcome o = Answers.await(PARTITION, engine.submit(new Command.Open(id, "alice", "EUR")));
            assertTrue(o.accepted(), o.toString());
            ids.add(id);
        }
        return ids;
    }

    private static Callable<Sent> send(List<PartitionEngine> engines, int engine, Command command, String tx) {
        return () -> {
            try {
                return new Sent(tx, engine, Answers.await(PARTITION, engines.get(engine).submit(command)), null);
            } catch (RuntimeException e) {
                return new Sent(tx, engine, null, e);
            }
        };
    }

    private static List<Sent> run(ExecutorService clients, List<Callable<Sent>> tasks) throws Exception {
        List<Sent> answers = new ArrayList<>();
        for (Future<Sent> f : clients.invokeAll(tasks, 5, TimeUnit.MINUTES)) {
            answers.add(f.get());
        }
        return answers;
    }

    private static List<Sent> concat(List<Sent> a, List<Sent> b) {
        List<Sent> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static long denseEvents(DataSource dataSource, long from, long to) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM wallet_event WHERE seq BETWEEN ? AND ?")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
