package org.reckon.it.wallet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.Jndi;
import org.reckon.wallet.domain.Command;
import org.reckon.wallet.domain.Outcome;
import org.reckon.wallet.domain.Purpose;
import org.reckon.wallet.domain.WalletPartitions;
import org.reckon.wallet.engine.Answers;
import org.reckon.wallet.engine.PartitionEngine;
import org.reckon.wallet.engine.WalletEngines;

/**
 * The wallet benchmark (issue 12, "Measure"), run by benchmark/wallet.sh on the same real
 * PostgreSQL and server as the suite. In the container: funded accounts are made, then one
 * partition's engine alone (validation + durable log, no HTTP) is driven at 1, 16 and 64
 * submitters. As a client: transfers/s and p50/p99 through REST at 1, 16 and 64 clients for
 * same-partition transfers between random accounts, cross-partition transfers by XA, TC/C and
 * Saga, and transfers between only 2 hot accounts; the baseline is pgbench running a custom
 * transfer (two UPDATEs and an INSERT per transaction) on the same PostgreSQL server. Table 12.1
 * is recomputed from the measured per-node figures.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalletBenchmark {

    private static final Path SHARED = Path.of(System.getProperty("java.io.tmpdir"), "reckon-wallet-bench");
    /** The client's -D flags, handed to the server's side of the test through {@link #SHARED} (written by {@link #flags}). */
    private static final java.util.Properties FLAGS = flags();
    private static final int SECONDS = Integer.parseInt(FLAGS.getProperty("reckon.bench.seconds", "10"));
    private static final int[] LEVELS = {1, 16, 64};
    private static final int ACCOUNTS_PER_PARTITION = 64;
    /** Which parts run (-Dreckon.bench.scenarios=engine,same,xa,tcc,saga,hot,pgbench; default all). */
    private static final List<String> PARTS = List.of(FLAGS.getProperty("reckon.bench.scenarios",
            "engine,same,xa,tcc,saga,hot,pgbench").split(","));
    /** -Dreckon.bench.before=true: the 2 hot accounts are measured first with the server's pre-fix path (same run). */
    private static final boolean BEFORE = Boolean.parseBoolean(FLAGS.getProperty("reckon.bench.before"));
    /** -Dreckon.bench.jfr=true: the server records a JFR profile of each 2-hot-accounts level (ear/target/wallet-hot-*.jfr). */
    private static final boolean JFR = Boolean.parseBoolean(FLAGS.getProperty("reckon.bench.jfr"));
    /** The server's switch back to the path before issue 12's hot-account fix (read per transfer by Wallets). */
    private static final String HOT_FIX_OFF = "reckon.wallet.hot-fix-off";

    private static java.util.Properties flags() {
        java.util.Properties p = new java.util.Properties();
        Path file = SHARED.resolve("flags.properties");
        if (System.getProperty("reckon.test.pg.port") != null) { // the client (failsafe's JVM): its -D flags are the truth
            for (String name : List.of("reckon.bench.seconds", "reckon.bench.scenarios", "reckon.bench.before", "reckon.bench.jfr")) {
                if (System.getProperty(name) != null) {
                    p.setProperty(name, System.getProperty(name));
                }
            }
            try {
                Files.createDirectories(SHARED);
                try (var out = Files.newBufferedWriter(file)) {
                    p.store(out, "wallet benchmark flags");
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        } else if (Files.exists(file)) {
            try (var in = Files.newBufferedReader(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return p;
    }

    /** Runs first, as a client: loading this class there writes the client's flags for the server's side. */
    @Test
    @Order(0)
    @RunAsClient
    void flagsForTheServer() {
        assertTrue(SECONDS > 0);
    }

    // ---------- in the container ----------

    @Test
    @Order(1)
    void accounts() throws Exception {
        WalletEngines engines = Jndi.lookup("java:global/reckon/reckon-ejb-wallet/WalletEngines", WalletEngines.class);
        List<List<String>> byPartition = new ArrayList<>();
        for (int p = 0; p < engines.all().size(); p++) {
            byPartition.add(new ArrayList<>());
        }
        while (byPartition.stream().anyMatch(l -> l.size() < ACCOUNTS_PER_PARTITION)) {
            String id = "w-bench-" + UUID.randomUUID();
            int p = WalletPartitions.of(id);
            if (byPartition.get(p).size() >= ACCOUNTS_PER_PARTITION) {
                continue;
            }
            PartitionEngine e = engines.partition(p);
            Answers.await(p, e.submit(new Command.Open(id, "it-alice", "EUR")));
            Answers.await(p, e.submit(new Command.Credit("top-" + id, id, new BigDecimal("1000000.00"), "EUR", Purpose.TOP_UP)));
            byPartition.get(p).add(id);
        }
        Files.createDirectories(SHARED);
        for (int p = 0; p < byPartition.size(); p++) {
            Files.write(SHARED.resolve("accounts-" + p), byPartition.get(p));
        }
    }

    /**
     * The engine alone, after the REST scenarios: its ~100,000 transfers are legs the ledger feed
     * posts for minutes afterwards, which would load every REST figure measured after it.
     */
    @Test
    @Order(5)
    void theEngineAlone() throws Exception {
        WalletEngines engines = Jndi.lookup("java:global/reckon/reckon-ejb-wallet/WalletEngines", WalletEngines.class);
        // the engine alone: partition 0, transfers between its random accounts, each submitter waits for its answer
        PartitionEngine engine = engines.partition(0);
        List<String> accounts = Files.readAllLines(SHARED.resolve("accounts-0"));
        StringBuilder out = new StringBuilder();
        // first with the event lists' consumers running beside it (the read models, the ledger feed: the
        // node as it runs), then with them paused: validation and the durable log alone, as the issue words it
        for (boolean paused : new boolean[] {false, true}) {
            if (paused) {
                System.setProperty(WalletEngines.FEEDS_PAUSED, "true");
            }
            try {
                for (int level : PARTS.contains("engine") ? LEVELS : new int[0]) {
                    long batchesBefore = engine.batches();
                    Result r = drive(level, SECONDS, () -> {
                        String from = accounts.get(ThreadLocalRandom.current().nextInt(accounts.size()));
                        String to = accounts.get(ThreadLocalRandom.current().nextInt(accounts.size()));
                        if (from.equals(to)) {
                            return true;
                        }
                        Outcome o = Answers.await(0, engine.submit(new Command.Transfer(UUID.randomUUID().toString(), from, to,
                                new BigDecimal("0.01"), "EUR")));
                        return o.accepted();
                    });
                    long batches = engine.batches() - batchesBefore;
                    out.append(String.format(Locale.ROOT, "| engine alone (partition 0), %s | %d | %.0f | %.2f | %.2f | %d commands/commit |%n",
                            paused ? "feeds paused" : "feeds running", level, r.perSecond(), r.p50(), r.p99(),
                            batches == 0 ? 0 : r.ok.get() / batches));
                }
            } finally {
                System.clearProperty(WalletEngines.FEEDS_PAUSED);
            }
        }
        Files.writeString(SHARED.resolve("engine.md"), out.toString());
        System.out.println("[wallet-bench] engine alone:\n" + out);
    }

    @Test
    @Order(6)
    @RunAsClient
    void theReport() throws Exception {
        StringBuilder table = new StringBuilder();
        table.append("# Wallet benchmark\n\n").append(machine()).append("\n\n");
        table.append("| scenario | clients | transfers/s | p50 ms | p99 ms | note |\n|---|---|---|---|---|---|\n");
        table.append(Files.readString(SHARED.resolve("engine.md")));
        double bestEngine = PARTS.contains("engine") ? bestOf(Files.readString(SHARED.resolve("engine.md"))) : 0;
        table.append(Files.readString(SHARED.resolve("rest.md")));
        table.append(table121(bestEngine, Double.parseDouble(Files.readString(SHARED.resolve("rest-best")))));
        Path report = Path.of("target", "benchmark-wallet.md");
        Files.writeString(report, table.toString());
        System.out.println(table);
        assertTrue(bestEngine > 0 || !PARTS.contains("engine"));
    }

    // ---------- as a client ----------

    @Test
    @Order(4)
    @RunAsClient
    void restTransfersAndTheBaseline() throws Exception {
        List<String> p0 = Files.readAllLines(SHARED.resolve("accounts-0"));
        List<String> p1 = Files.readAllLines(SHARED.resolve("accounts-1"));
        StringBuilder table = new StringBuilder();
        double bestRest = 0;
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        record Scenario(String name, String protocol, IntFunction<String[]> pair) {
        }
        if (PARTS.contains("hot")) {
            table.append(BEFORE ? hotBeforeAndAfter() : hot("2 hot accounts", "hot", LEVELS));
        }
        List<Scenario> scenarios = new ArrayList<>();
        if (PARTS.contains("same")) {
            scenarios.add(new Scenario("same partition, random accounts", null, i -> pick(p0, p0)));
        }
        if (PARTS.contains("xa")) {
            scenarios.add(new Scenario("cross partition, XA 2PC", "XA", i -> pick(p0, p1)));
        }
        if (PARTS.contains("tcc")) {
            scenarios.add(new Scenario("cross partition, TC/C", "TCC", i -> pick(p0, p1)));
        }
        if (PARTS.contains("saga")) {
            scenarios.add(new Scenario("cross partition, Saga", "SAGA", i -> pick(p0, p1)));
        }
        for (Scenario s : scenarios) {
            for (int level : LEVELS) {
                AtomicLong n = new AtomicLong();
                Result r = drive(level, SECONDS, () -> {
                    String[] pair = s.pair().apply((int) n.incrementAndGet());
                    return transfer(client, s.protocol(), pair[0], pair[1]);
                });
                if (s.protocol() == null && s.name().startsWith("same")) {
                    bestRest = Math.max(bestRest, r.perSecond());
                }
                table.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %d failed |%n", s.name(), level,
                        r.perSecond(), r.p50(), r.p99(), r.failed.get()));
            }
        }
        String pgbench = PARTS.contains("pgbench") ? pgbench() : "baseline: pgbench not selected";
        table.append("\n").append(pgbench).append('\n');
        Files.writeString(SHARED.resolve("rest.md"), table.toString());
        Files.writeString(SHARED.resolve("rest-best"), String.valueOf(bestRest));
    }

    /** Transfers between only 2 accounts of partition 0, alternating direction, at each level (JFR per level if asked). */
    private static String hot(String name, String tag, int... levels) throws Exception {
        List<String> p0 = Files.readAllLines(SHARED.resolve("accounts-0"));
        String hotA = p0.get(0);
        String hotB = p0.get(1);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        StringBuilder rows = new StringBuilder();
        long pid = JFR ? serverPid() : 0;
        for (int level : levels) {
            AtomicLong n = new AtomicLong();
            Path jfr = Path.of("target", "wallet-hot-" + tag + "-" + level + ".jfr").toAbsolutePath();
            if (JFR) {
                exec("jcmd", String.valueOf(pid), "JFR.start", "name=hot-" + tag + level, "settings=profile",
                        "filename=" + jfr);
            }
            Result r = drive(level, SECONDS, () -> {
                boolean even = n.incrementAndGet() % 2 == 0;
                return transfer(client, null, even ? hotA : hotB, even ? hotB : hotA);
            });
            if (JFR) {
                exec("jcmd", String.valueOf(pid), "JFR.stop", "name=hot-" + tag + level);
            }
            rows.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %d failed |%n", name, level,
                    r.perSecond(), r.p50(), r.p99(), r.failed.get()));
        }
        System.out.println("[wallet-bench] " + name + ":\n" + rows);
        return rows.toString();
    }

    /**
     * The 2 hot accounts with the server's pre-fix paths ("before") and with the fix ("after") in this
     * one run: first a warm-up (the JIT, the server's start-up timers) of both paths, then at each
     * level before, after, after, before (so a drift of the machine's load weighs on both alike), the
     * ledger feed caught up before each measurement (a phase's backlog must not load the next one).
     * The switch is the server's system property {@code reckon.wallet.hot-fix-off}, set through the CLI.
     */
    private static String hotBeforeAndAfter() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> p0 = Files.readAllLines(SHARED.resolve("accounts-0"));
        for (boolean off : new boolean[] {true, false}) {
            hotFixOff(off);
            drive(16, 6, () -> transfer(client, null, p0.get(2), p0.get(3)));
        }
        StringBuilder rows = new StringBuilder();
        for (int level : LEVELS) {
            for (boolean off : new boolean[] {true, false, false, true}) {
                hotFixOff(off);
                feedCaughtUp();
                rows.append(hot(off ? "2 hot accounts, before the fix" : "2 hot accounts, after the fix", off ? "before" : "after", level));
            }
        }
        hotFixOff(false);
        feedCaughtUp();
        return rows.toString();
    }

    private static void hotFixOff(boolean off) throws Exception {
        String command = off ? "/system-property=" + HOT_FIX_OFF + ":add(value=true)" : "/system-property=" + HOT_FIX_OFF + ":remove";
        Process p = new ProcessBuilder(System.getProperty("jboss.home") + "/bin/jboss-cli.sh", "--connect",
                "--controller=127.0.0.1:" + System.getProperty("reckon.test.management.port"), "--command=" + command)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0 && !(out.contains("WFLYCTL0216") || out.contains("WFLYCTL0212"))) { // not found / duplicate: already so
            throw new IllegalStateException(command + ": " + out);
        }
    }

    /** Waits until each partition's ledger feed has posted every event (read in the partitions' databases). */
    private static void feedCaughtUp() throws Exception {
        String port = System.getProperty("reckon.test.pg.port");
        long started = System.nanoTime();
        for (int partition = 0; partition < 2; partition++) {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/reckon_wallet_" + partition,
                    "reckon", "reckon")) {
                org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> {
                    try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT (SELECT position FROM wallet_projection"
                            + " WHERE name = 'ledger') >= (SELECT COALESCE(MAX(seq), 0) FROM wallet_event)")) {
                        return rs.next() && rs.getBoolean(1);
                    }
                });
            }
        }
        System.out.printf(Locale.ROOT, "[wallet-bench] ledger feed caught up in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    /** The server: the process listening on the test HTTP port (other engineers' servers listen on others). */
    private static long serverPid() throws Exception {
        int port = URI.create(Http.baseUrl()).getPort();
        String out = exec("ss", "-ltnpH", "sport = :" + port);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("pid=(\\d+)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no process listens on port " + port + ":\n" + out);
        }
        return Long.parseLong(m.group(1));
    }

    private static String[] pick(List<String> from, List<String> to) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String a = from.get(r.nextInt(from.size()));
        String b = to.get(r.nextInt(to.size()));
        return a.equals(b) ? pick(from, to) : new String[] {a, b};
    }

    private static boolean transfer(HttpClient client, String protocol, String from, String to) throws Exception {
        String body = "{\"from_account\":\"" + from + "\",\"to_account\":\"" + to + "\",\"amount\":\"0.01\",\"currency\":\"EUR\","
                + "\"transaction_id\":\"" + UUID.randomUUID() + "\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(Http.baseUrl() + "/v1/wallet/balance_transfer"
                        + (protocol == null ? "" : "?protocol=" + protocol)))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("it-alice:it-alice-pw".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200;
    }

    /** pgbench with a transfer script (two UPDATEs, one INSERT) on a fresh database of the same server. */
    private static String pgbench() throws Exception {
        String port = System.getProperty("reckon.test.pg.port");
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS walletbench");
            s.execute("CREATE DATABASE walletbench");
        }
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/walletbench", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE account (id INT PRIMARY KEY, balance NUMERIC(19,4) NOT NULL)");
            s.execute("INSERT INTO account SELECT g, 1000000 FROM generate_series(1, 128) g");
            s.execute("CREATE TABLE transfer (id BIGSERIAL PRIMARY KEY, from_id INT, to_id INT, amount NUMERIC(19,4), at TIMESTAMPTZ DEFAULT now())");
        }
        Path script = Files.createTempFile("wallet-transfer", ".sql");
        Files.writeString(script, "\\set a random(1, 128)\n\\set b random(1, 128)\nBEGIN;\n"
                + "UPDATE account SET balance = balance - 0.01 WHERE id = :a;\n"
                + "UPDATE account SET balance = balance + 0.01 WHERE id = :b;\n"
                + "INSERT INTO transfer (from_id, to_id, amount) VALUES (:a, :b, 0.01);\nEND;\n");
        StringBuilder out = new StringBuilder("baseline: pgbench, custom transfer script (2 UPDATEs + 1 INSERT, 128 accounts), "
                + SECONDS + " s per level:\n");
        for (int level : LEVELS) {
            try {
                String result = exec("pgbench", "-h", "localhost", "-p", port, "-U", "postgres", "-n", "-c", String.valueOf(level),
                        "-j", String.valueOf(Math.min(level, 2)), "-T", String.valueOf(SECONDS), "-M", "prepared", "-r",
                        "-f", script.toString(), "walletbench");
                String tps = result.lines().filter(l -> l.startsWith("tps")).findFirst().orElse("tps ?");
                String latency = result.lines().filter(l -> l.startsWith("latency average")).findFirst().orElse("");
                out.append(String.format(Locale.ROOT, "- %d clients: %s; %s%n", level, tps, latency));
            } catch (IOException e) {
                return "baseline: pgbench not available (" + e.getMessage() + ")";
            }
        }
        return out.toString();
    }

    private static String table121(double engine, double rest) {
        StringBuilder t = new StringBuilder("\nTable 12.1 recomputed (nodes for 1,000,000 transfers/s = 10^6 / per-node TPS):\n\n"
                + "| per-node TPS | nodes |\n|---|---|\n| 100 (book) | 10,000 |\n| 1,000 (book) | 1,000 |\n| 10,000 (book) | 100 |\n");
        t.append(String.format(Locale.ROOT, "| %.0f (measured: one partition's engine, no HTTP) | %,d |%n", engine, (long) Math.ceil(1e6 / Math.max(engine, 1))));
        t.append(String.format(Locale.ROOT, "| %.0f (measured: REST, same partition, this 2-core node) | %,d |%n", rest, (long) Math.ceil(1e6 / Math.max(rest, 1))));
        return t.toString();
    }

    private static double bestOf(String engineRows) {
        // the node's figure: with the consumers running beside the engine
        return engineRows.lines().filter(l -> !l.contains("feeds paused")).map(l -> l.split("\\|")).filter(f -> f.length > 3)
                .mapToDouble(f -> Double.parseDouble(f[3].trim())).max()
                .orElseThrow(() -> new IllegalStateException("the engine run measured nothing: " + engineRows));
    }

    private static String machine() {
        return "machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + ", Java "
                + System.getProperty("java.version") + "; " + SECONDS + " s per level";
    }

    private static String exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    // ---------- the load driver ----------

    interface Step {
        boolean run() throws Exception;
    }

    static final class Result {
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        double seconds;

        double perSecond() {
            return ok.get() / seconds;
        }

        double p50() {
            return percentile(0.50);
        }

        double p99() {
            return percentile(0.99);
        }

        private double percentile(double q) {
            List<Long> sorted = new ArrayList<>(nanos);
            if (sorted.isEmpty()) {
                return 0;
            }
            Collections.sort(sorted);
            return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size()))) / 1e6;
        }
    }

    private static Result drive(int clients, int seconds, Step step) throws InterruptedException {
        Result r = new Result();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        long end = warm + TimeUnit.SECONDS.toNanos(seconds);
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                while (true) {
                    long start = System.nanoTime();
                    if (start >= end) {
                        return;
                    }
                    boolean ok;
                    try {
                        ok = step.run();
                    } catch (Exception e) {
                        ok = false;
                    }
                    long took = System.nanoTime() - start;
                    if (start >= warm) {
                        (ok ? r.ok : r.failed).incrementAndGet();
                        if (ok) {
                            r.nanos.add(took);
                        }
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
        r.seconds = seconds;
        return r;
    }
}
