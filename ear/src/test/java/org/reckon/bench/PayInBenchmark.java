package org.reckon.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.Json;
import org.reckon.it.support.TestUsers;

/**
 * Complete pay-ins per second, and their latency, for 1, 16 and 64 concurrent clients: each
 * client loops POST /v1/payments → (execution queue registers at the PSP sandbox) → pay with a
 * test card → (signed webhook) → XA success transaction, and measures until the order reads
 * SUCCESS. Baseline in the same run, on the same PostgreSQL server: pgbench's built-in TPC-B.
 * Run with benchmark/payin.sh; not part of ./mvnw verify.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayInBenchmark {

    private static final int SECONDS = Integer.getInteger("reckon.bench.seconds", 15);
    /**
     * Seconds of warm-up at 16 clients, half polling and half waiting on the server. At 5 s and 4
     * clients (until 2026-12-07) the JIT compiler threads still took 17-24 % of the machine during
     * the measured levels (JFR's jdk.ThreadCPULoad): the figures were partly the JIT's warm-up.
     */
    private static final int WARMUP_SECONDS = Integer.getInteger("reckon.bench.warmup", 30);
    private static final long POLL_MILLIS = 20;

    @Test
    void payInsPerSecondAgainstPgbench() throws Exception {
        StringBuilder report = new StringBuilder();
        report.append("# Pay-in benchmark\n\n").append(machine()).append('\n');
        report.append(pgbench()).append('\n');
        report.append("| clients | client waits by | pay-ins | pay-ins/s | p50 ms | p99 ms | register p50 | confirm p50 | webhook→SUCCESS p50 "
                + "| webhooks per transaction | reckon_payment transactions per pay-in | CPU ms per pay-in: server, PostgreSQL |\n");
        report.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        run(16, WARMUP_SECONDS / 2, false); // warm up the JIT, pools and caches on both clients' paths
        run(16, WARMUP_SECONDS - WARMUP_SECONDS / 2, true);
        // the statements of one pay-in, end to end, on an otherwise idle server (issue 15: count first)
        List<StatementTrace.Transaction> traced = new StatementTrace(System.getProperty("reckon.test.pg.port"))
                .of(() -> assertTrue(payIn(new Result(), System.nanoTime() + TimeUnit.SECONDS.toNanos(30), true),
                        "the traced pay-in did not complete"));
        for (int clients : new int[] {1, 16, 64}) {
            // the same level twice, back to back: clients polling every 20 ms (the old client, the baseline),
            // then clients waiting on the server (GET with If-None-Match and Prefer: wait, LongPoll)
            for (boolean longPoll : new boolean[] {false, true}) {
                double[] webhooksBefore = webhookCounters();
                long paymentTransactionsBefore = transactions("reckon_payment");
                ProcessCpu.Used cpu = ProcessCpu.now();
                Result r = run(clients, SECONDS, longPoll);
                String cpuPerPayIn = cpu.since(r.count);
                double[] webhooksAfter = webhookCounters();
                long paymentTransactions = transactions("reckon_payment") - paymentTransactionsBefore;
                double transactions = webhooksAfter[0] - webhooksBefore[0];
                report.append(String.format(Locale.ROOT, "| %d | %s | %d | %.1f | %d | %d | %d | %d | %d | %s | %.1f | %s |%n", clients,
                        longPoll ? "waiting on the server (long poll)" : "polling every " + POLL_MILLIS + " ms", r.count,
                        r.count / (double) SECONDS, r.p(r.total, 50), r.p(r.total, 99), r.p(r.register, 50),
                        r.p(r.confirm, 50), r.p(r.webhook, 50), transactions > 0 ? String.format(Locale.ROOT, "%.2f (%.0f in %.0f)",
                                (webhooksAfter[1] - webhooksBefore[1]) / transactions, webhooksAfter[1] - webhooksBefore[1], transactions)
                                : "–", r.count > 0 ? paymentTransactions / (double) r.count : 0.0, cpuPerPayIn));
                assertTrue(r.count > 0, "no pay-in completed with " + clients + " clients");
            }
        }
        report.append("\n## The SQL statements of one pay-in (POST, registration, webhook, success; the client waits on the server)\n\n")
                .append(StatementTrace.table(traced));
        System.out.println("\n" + report);
        Files.writeString(Path.of("target", "benchmark-payin.md"), report, StandardCharsets.UTF_8);
    }

    /**
     * The server's webhook group commit ({@code PspWebhookBatches}) from its /prometheus page:
     * transactions run and events applied so far; zeros before the first webhook registers them.
     */
    private static double[] webhookCounters() throws Exception {
        String port = System.getProperty("reckon.test.management.port", "10090");
        HttpResponse<String> page = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/prometheus")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        double[] counters = new double[2];
        page.body().lines().filter(l -> !l.startsWith("#")).forEach(l -> {
            String[] parts = l.split(" ");
            if (l.startsWith("reckon_payment_webhook_transactions")) {
                counters[0] = Double.parseDouble(parts[parts.length - 1]);
            } else if (l.startsWith("reckon_payment_webhook_events")) {
                counters[1] = Double.parseDouble(parts[parts.length - 1]);
            }
        });
        return counters;
    }

    /**
     * Transactions a database has ended (commits and rollbacks, {@code pg_stat_database}); a statement
     * outside a transaction counts as one. Backends report theirs when idle, within about a second, so
     * a level's difference is close, not exact.
     */
    private static long transactions(String database) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + System.getProperty("reckon.test.pg.port")
                + "/postgres", "postgres", "");
             java.sql.PreparedStatement s = c.prepareStatement("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = ?")) {
            s.setString(1, database);
            try (java.sql.ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    private static String machine() {
        return "machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", " + SECONDS + " s per level after " + WARMUP_SECONDS + " s of warm-up at 16 clients\n";
    }

    /** TPC-B (pgbench default script), 16 clients, on a fresh database of the same server. */
    private static String pgbench() throws Exception {
        String port = System.getProperty("reckon.test.pg.port");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS pgbench");
            s.execute("CREATE DATABASE pgbench");
        }
        try {
            exec("pgbench", "-h", "localhost", "-p", port, "-U", "postgres", "-i", "-s", "10", "-q", "pgbench");
            String out = exec("pgbench", "-h", "localhost", "-p", port, "-U", "postgres", "-c", "16", "-j", "2",
                    "-T", String.valueOf(SECONDS), "-M", "prepared", "pgbench");
            Matcher tps = Pattern.compile("tps = ([0-9.]+)").matcher(out);
            Matcher latency = Pattern.compile("latency average = ([0-9.]+) ms").matcher(out);
            return "baseline: pgbench TPC-B, scale 10, 16 clients, " + SECONDS + " s: "
                    + (tps.find() ? tps.group(1) : "?") + " tps, latency average "
                    + (latency.find() ? latency.group(1) : "?") + " ms\n";
        } catch (IOException e) {
            return "baseline: pgbench not available (" + e.getMessage() + "); install Debian's postgresql-contrib\n";
        }
    }

    private static String exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static final class Result {
        final List<Long> total = Collections.synchronizedList(new ArrayList<>());
        final List<Long> register = Collections.synchronizedList(new ArrayList<>());
        final List<Long> confirm = Collections.synchronizedList(new ArrayList<>());
        final List<Long> webhook = Collections.synchronizedList(new ArrayList<>());
        long count;

        long p(List<Long> values, int percentile) {
            List<Long> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            if (sorted.isEmpty()) {
                return -1;
            }
            int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1_000_000;
        }
    }

    private static Result run(int clients, int seconds, boolean longPoll) throws InterruptedException {
        Result result = new Result();
        AtomicLong completed = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    try {
                        if (payIn(result, end, longPoll)) {
                            completed.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        System.err.println("pay-in failed: " + e);
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
        result.count = completed.get();
        return result;
    }

    /** One complete pay-in; true if it reached SUCCESS before the level ended. */
    private static boolean payIn(Result result, long end, boolean longPoll) {
        String id = UUID.randomUUID().toString().substring(0, 18);
        long start = System.nanoTime();
        HttpResponse<String> created = Http.send(Http.as(Http.request("/v1/payments"), TestUsers.ALICE.user,
                        TestUsers.ALICE.password)
                .header("Content-Type", "application/json").header("Idempotency-Key", id)
                .POST(HttpRequest.BodyPublishers.ofString("{\"checkout_id\":\"bench-" + id + "\",\"buyer_info\":{},"
                        + "\"payment_orders\":[{\"payment_order_id\":\"bench-po-" + id + "\",\"seller_account\":\"bench-seller-"
                        + (id.charAt(0)) + "\",\"amount\":\"10.00\",\"currency\":\"USD\"}]}")));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("POST answered " + created.statusCode() + ": " + created.body());
        }
        Read registeredOrder = await("bench-po-" + id, o -> o.containsKey("psp_token"), end, longPoll, null);
        if (registeredOrder == null) {
            return false;
        }
        JsonObject order = registeredOrder.order();
        long registered = System.nanoTime();
        HttpResponse<String> paid = Http.send(Http.request("/psp-sandbox/api/v1/payments/" + order.getString("psp_token")
                        + "/confirm").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"card_number\":\"4242424242424242\",\"holder\":\"Bench\",\"expiry\":\"12/30\",\"cvv\":\"123\"}")));
        if (paid.statusCode() != 200) {
            throw new IllegalStateException("confirm answered " + paid.statusCode() + ": " + paid.body());
        }
        long confirmed = System.nanoTime();
        // a client that waits on the server keeps the ETag it has: its first read already waits
        if (await("bench-po-" + id, o -> "SUCCESS".equals(o.getString("status")), end, longPoll,
                registeredOrder.tag()) == null) {
            return false;
        }
        long done = System.nanoTime();
        result.total.add(done - start);
        result.register.add(registered - start);
        result.confirm.add(confirmed - registered);
        result.webhook.add(done - confirmed);
        return true;
    }

    /**
     * Reads the order until it satisfies {@code until}: polling every {@link #POLL_MILLIS} ms, or
     * (longPoll) sending each read with the last ETag and {@code Prefer: wait=10}, so the server
     * answers when the order changes. {@code tag}: the ETag the client holds already (long poll), or null.
     */
    private static Read await(String orderId, java.util.function.Predicate<JsonObject> until, long end, boolean longPoll,
                              String tag) {
        while (System.nanoTime() < end + TimeUnit.SECONDS.toNanos(30)) {
            HttpRequest.Builder get = Http.as(Http.request("/v1/payments/" + orderId), TestUsers.ALICE.user, TestUsers.ALICE.password).GET();
            if (longPoll && tag != null) {
                get.header("If-None-Match", tag).header("Prefer", "wait=10");
            }
            HttpResponse<String> r = Http.send(get);
            if (r.statusCode() == 200) {
                JsonObject order = Json.object(r.body());
                tag = r.headers().firstValue("ETag").orElse(null);
                if (until.test(order)) {
                    return new Read(order, tag);
                }
            }
            if (longPoll && tag != null && (r.statusCode() == 200 || r.statusCode() == 304)) {
                continue; // the next read waits on the server
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** An order as read, with the ETag it came with. */
    private record Read(JsonObject order, String tag) {
    }
}
