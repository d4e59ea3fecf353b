package org.reckon.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
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
import org.reckon.it.support.TestUsers;
import org.reckon.leaderboard.domain.Month;
import org.reckon.leaderboard.domain.RankKey;
import org.reckon.leaderboard.redis.RedisBoards;
import org.reckon.leaderboard.redis.SortedSets;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;

/**
 * The leaderboard's figures (issue 14, "Measure"), on the real server, PostgreSQL and Redis of the
 * suite: score updates/s and p50/p99 through POST /v1/scores at 1, 16 and 64 clients; p99 of the
 * top 10 and of a player's rank with neighbours on a board of 10 million players (loaded into Redis
 * directly with pipelining, under a past month); the Redis memory those 10 million take,
 * extrapolated to 25 million beside the chapter's estimate; and, as the baseline on the same
 * server, redis-benchmark's ZADD and ZREVRANK. Run with benchmark/leaderboard.sh.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LeaderboardBenchmark {

    private static final int SECONDS = Integer.getInteger("reckon.bench.seconds", 15);
    private static final int PLAYERS = 20_000;
    private static final long BOARD = Long.getLong("reckon.bench.board", 10_000_000L);
    private static final int READS = Integer.getInteger("reckon.bench.reads", 2_000);
    private static final Month BIG = Month.parse("2000-01");

    @Test
    void leaderboardFigures() throws Exception {
        Report report = new Report("# Leaderboard benchmark\n\n");
        report.append("machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", ").append(SECONDS).append(" s per level\n\n");
        String redisPort = System.getProperty("reckon.test.redis.port");
        report.append(redisBenchmark(redisPort)).append('\n');

        List<String> players = registerPlayers();
        report.append("## Score updates through POST /v1/scores (").append(PLAYERS).append(" players)\n\n");
        report.append("Each level runs twice on the same server (issue 15's request-path fixes on): first with the"
                + " group commit switched off at runtime (the server's system property `" + GROUP_COMMIT_OFF + "=true`: each"
                + " POST in its own transaction, as before), then on (results posted at the same time share one transaction).\n\n");
        report.append("| clients | group commit | updates | updates/s | p50 ms | p99 ms | errors |\n|---|---|---|---|---|---|---|\n");
        StringBuilder phases = new StringBuilder();
        for (boolean group : new boolean[] {false, true}) {
            groupCommit(group);
            run(players, 4, 5); // warm-up
            phases.append("- group commit ").append(group ? "on" : "off").append(": levels from ").append(Instant.now());
            for (int clients : new int[] {1, 16, 64}) {
                Result r = run(players, clients, SECONDS);
                report.append(String.format(Locale.ROOT, "| %d | %s | %d | %.0f | %.2f | %.2f | %d |%n", clients,
                        group ? "on (after)" : "off (before)", r.count, r.count / (double) SECONDS, r.p(50), r.p(99), r.errors.get()));
                assertTrue(r.count > 0);
            }
            phases.append(" to ").append(Instant.now()).append('\n');
        }
        report.append("\nWhen (for `benchmark/leaderboard-profile.py --from --to`):\n\n").append(phases);
        report.append("\nThe same updates with wrk as the client (C, 2 threads; the Java client above shares the 2 cores with"
                + " the server and costs it CPU): a fresh match_id per request, a random player of the same "
                + PLAYERS + ", points 1, Basic as `game`; group commit off, then on.\n\n");
        report.append("| connections | group commit | updates | updates/s | p50 ms | p99 ms | non-201 or socket errors |\n|---|---|---|---|---|---|---|\n");
        for (boolean group : new boolean[] {false, true}) {
            groupCommit(group);
            wrkUpdates(4, 5); // warm-up
            for (int connections : new int[] {16, 64}) {
                report.append("| ").append(connections).append(" | ").append(group ? "on (after)" : "off (before)")
                        .append(wrkUpdates(connections, SECONDS).substring(("| " + connections).length()));
            }
        }

        try (UnifiedJedis redis = SortedSets.open("redis://127.0.0.1:" + redisPort, 8)) {
            redis.unlink(SortedSets.key(BIG)); // freed in the background: DEL of 10 M members blocks past the timeout
            long before = usedMemory(redis);
            long loadStart = System.nanoTime();
            List<String> sample = load(redis);
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            long after = usedMemory(redis);
            Long keyBytes = redis.memoryUsage(SortedSets.key(BIG)); // sampled: samples=0 walks 10 M members
            report.append(String.format(Locale.ROOT, "%n## A board of %,d players (month %s, loaded directly: %.0f s, %.0f ZADD/s pipelined)%n%n",
                    BOARD, BIG, loadSeconds, BOARD / loadSeconds));
            double perPlayer = (after - before) / (double) BOARD;
            report.append(String.format(Locale.ROOT, "- Redis used_memory grew by %,d bytes (%.1f bytes/player; MEMORY USAGE of the key: %,d bytes)%n",
                    after - before, perPlayer, keyBytes == null ? -1 : keyBytes));
            report.append(String.format(Locale.ROOT, "- extrapolated to 25 million players: %.2f GB; the chapter estimates 650 MB of data, ~1.3 GB with the skip list's and hash's overhead%n",
                    perPlayer * 25_000_000 / 1e9));
            registerSample(sample);
            report.append("\n| read (through the API, 1 client) | requests | p50 ms | p99 ms |\n|---|---|---|---|\n");
            Latencies top = new Latencies();
            Latencies rank = new Latencies();
            Random random = new Random(7);
            for (int i = 0; i < READS / 10; i++) { // warm-up
                get("/v1/scores?month=" + BIG);
                get("/v1/scores/" + sample.get(random.nextInt(sample.size())) + "?month=" + BIG);
            }
            for (int i = 0; i < READS; i++) {
                long t0 = System.nanoTime();
                get("/v1/scores?month=" + BIG);
                top.add(System.nanoTime() - t0);
                long t1 = System.nanoTime();
                get("/v1/scores/" + sample.get(random.nextInt(sample.size())) + "?month=" + BIG);
                rank.add(System.nanoTime() - t1);
            }
            report.append(String.format(Locale.ROOT, "| GET /v1/scores (top 10) | %d | %.2f | %.2f |%n", READS, top.p(50), top.p(99)));
            report.append(String.format(Locale.ROOT, "| GET /v1/scores/{user_id} (rank, 4 above, 4 below) | %d | %.2f | %.2f |%n", READS, rank.p(50), rank.p(99)));
            Latencies direct = new Latencies();
            for (int i = 0; i < READS; i++) {
                long t0 = System.nanoTime();
                redis.zrevrank(SortedSets.key(BIG), sample.get(random.nextInt(sample.size())));
                direct.add(System.nanoTime() - t0);
            }
            report.append(String.format(Locale.ROOT, "| ZREVRANK straight to Redis (Jedis, baseline) | %d | %.2f | %.2f |%n", READS, direct.p(50), direct.p(99)));
            redis.unlink(SortedSets.key(BIG)); // freed in the background: DEL of 10 M members blocks past the timeout
        }
        Files.writeString(Path.of("target", "benchmark-leaderboard.md"), report.toString(), StandardCharsets.UTF_8);
    }

    /** The report, also printed line by line as it grows (a later failure keeps the earlier figures). */
    static final class Report {
        private final StringBuilder text = new StringBuilder();

        Report(String first) {
            append(first);
        }

        Report append(Object part) {
            text.append(part);
            System.out.print(part);
            System.out.flush();
            return this;
        }

        Report append(char c) {
            return append(String.valueOf(c));
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    private static long usedMemory(UnifiedJedis redis) {
        Matcher m = Pattern.compile("used_memory:(\\d+)").matcher(redis.info("memory"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** BOARD members u0000000.., 24-character ids as in the chapter, scores 1..1000, in pipelines of 10,000. */
    private static List<String> load(UnifiedJedis redis) {
        Random random = new Random(42);
        List<String> sample = new ArrayList<>();
        Instant start = BIG.start();
        String key = SortedSets.key(BIG);
        for (long done = 0; done < BOARD; ) {
            try (AbstractPipeline p = redis.pipelined()) {
                for (int i = 0; i < 10_000 && done < BOARD; i++, done++) {
                    String id = String.format(Locale.ROOT, "bench-player-%011d", done);
                    long score = 1 + random.nextInt(1000);
                    p.zadd(key, RankKey.encode(score, BIG, start.plusMillis(random.nextInt(2_000_000_000))), id);
                    if (done % 10_000 == 0) {
                        sample.add(id);
                    }
                }
                p.sync();
            }
        }
        return sample;
    }

    /** The server's runtime switch of the group commit ({@code ScoreWriter.OFF}), set through the CLI. */
    private static final String GROUP_COMMIT_OFF = "reckon.leaderboard.group-commit-off";

    private static void groupCommit(boolean on) throws Exception {
        // The test server's configuration outlives a run: a run cut short between "off" and "on"
        // leaves the property behind. So both ways first remove it (absent is fine), then "off" adds it.
        String removed = cli("/system-property=" + GROUP_COMMIT_OFF + ":remove");
        String out = on ? removed : cli("/system-property=" + GROUP_COMMIT_OFF + ":add(value=true)");
        if (on && out.contains("WFLYCTL0216")) {   // not found: it was not set
            out = "\"outcome\" => \"success\"";
        }
        if (!out.contains("\"outcome\" => \"success\"")) {
            throw new IllegalStateException("switching the group commit " + (on ? "on" : "off") + ":\n" + out);
        }
        System.out.println("group commit " + (on ? "on" : "off"));
    }

    private static String cli(String command) throws Exception {
        return RequestPathBenchmark.exec(List.of(System.getProperty("jboss.home") + "/bin/jboss-cli.sh", "--connect",
                "--controller=127.0.0.1:" + System.getProperty("reckon.test.management.port", "10090"), "--commands=" + command), 120);
    }

    private static Connection db() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + System.getProperty("reckon.test.pg.port")
                + "/reckon_leaderboard", "reckon", "reckon");
    }

    /** POST /v1/scores with wrk: one table row. */
    private static String wrkUpdates(int connections, int seconds) throws Exception {
        String lua = "wrk.method = \"POST\"\n"
                + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
                + "wrk.headers[\"Authorization\"] = \"Basic " + java.util.Base64.getEncoder().encodeToString(
                        (TestUsers.GAME.user + ":" + TestUsers.GAME.password).getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "\"\n"
                + "local counter = 0\n"
                + "function setup(thread) counter = counter + 1; thread:set(\"id\", counter) end\n"
                + "local n = 0\n"
                + "function init(args) prefix = \"w" + connections + "-\" .. id .. \"-\" .. os.time() .. \"-\"; math.randomseed(os.time() + id) end\n"
                + "function request() n = n + 1\n"
                + "  local body = '{\"match_id\":\"' .. prefix .. n .. '\",\"user_id\":\"bp-' .. math.random(0, " + (PLAYERS - 1)
                + ") .. '\",\"points\":1}'\n"
                + "  return wrk.format(nil, \"/v1/scores\", nil, body) end\n"
                + "function done(summary, latency, requests)\n"
                + "  io.write(string.format(\"LB p50_us %d p99_us %d\\n\", latency:percentile(50), latency:percentile(99)))\n"
                + "end\n";
        java.nio.file.Path script = java.nio.file.Files.createTempFile("leaderboard-wrk", ".lua");
        java.nio.file.Files.writeString(script, lua);
        Process p = new ProcessBuilder("wrk", "-t", "2", "-c", String.valueOf(connections), "-d", seconds + "s", "--timeout", "10s",
                "-s", script.toString(), Http.baseUrl()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor(seconds + 60L, TimeUnit.SECONDS);
        System.out.println("wrk POST /v1/scores, " + connections + " connections:\n" + out);
        java.util.regex.Matcher total = java.util.regex.Pattern.compile("(\\d+) requests in ([0-9.]+)(m?s)").matcher(out);
        java.util.regex.Matcher pct = java.util.regex.Pattern.compile("LB p50_us (\\d+) p99_us (\\d+)").matcher(out);
        if (!total.find() || !pct.find()) {
            throw new IllegalStateException("cannot read wrk's output:\n" + out);
        }
        long errors = 0;
        for (String e : new String[] {"Non-2xx or 3xx responses: (\\d+)", "connect (\\d+)", "read (\\d+)", "write (\\d+)", "timeout (\\d+)"}) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(e).matcher(out);
            errors += m.find() ? Long.parseLong(m.group(1)) : 0;
        }
        long requests = Long.parseLong(total.group(1));
        double elapsed = Double.parseDouble(total.group(2)) * ("ms".equals(total.group(3)) ? 0.001 : 1);
        return String.format(Locale.ROOT, "| %d | %d | %.0f | %.2f | %.2f | %d |%n", connections, requests - errors,
                (requests - errors) / elapsed, Long.parseLong(pct.group(1)) / 1000.0, Long.parseLong(pct.group(2)) / 1000.0, errors);
    }

    private static List<String> registerPlayers() throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = db(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO player (user_id, user_name, created_at) VALUES (?, ?, ?)")) {
            for (int i = 0; i < PLAYERS; i++) {
                String id = "bp-" + i;
                s.setString(1, id);
                s.setString(2, "Bench " + i);
                s.setTimestamp(3, Timestamp.from(Instant.now()));
                s.addBatch();
                ids.add(id);
            }
            s.executeBatch();
        }
        return ids;
    }

    private static void registerSample(List<String> sample) throws Exception {
        try (Connection c = db(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO player (user_id, user_name, created_at) VALUES (?, ?, ?)")) {
            for (String id : sample) {
                s.setString(1, id);
                s.setString(2, "Sample " + id.substring(13));
                s.setTimestamp(3, Timestamp.from(Instant.now()));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void get(String path) {
        HttpResponse<String> r = Http.send(Http.request(path).GET());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    static class Latencies {
        final List<Long> values = Collections.synchronizedList(new ArrayList<>());

        void add(long nanos) {
            values.add(nanos);
        }

        double p(int percentile) {
            List<Long> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            if (sorted.isEmpty()) {
                return -1;
            }
            int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1e6;
        }
    }

    static final class Result extends Latencies {
        long count;
        final AtomicLong errors = new AtomicLong();
    }

    private static Result run(List<String> players, int clients, int seconds) throws InterruptedException {
        Result result = new Result();
        AtomicLong completed = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            pool.submit(() -> {
                Random random = new Random();
                while (System.nanoTime() < end) {
                    String body = "{\"match_id\":\"bench-" + UUID.randomUUID() + "\",\"user_id\":\""
                            + players.get(random.nextInt(players.size())) + "\",\"points\":1}";
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = Http.send(Http.as(Http.request("/v1/scores"), TestUsers.GAME.user,
                            TestUsers.GAME.password).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)));
                    if (r.statusCode() == 201) {
                        result.add(System.nanoTime() - t0);
                        completed.incrementAndGet();
                    } else {
                        result.errors.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
        result.count = completed.get();
        return result;
    }

    /** redis-benchmark's ZADD and ZREVRANK rates on the same server (50 clients, no pipelining). */
    private static String redisBenchmark(String port) {
        try {
            String zadd = exec("redis-benchmark", "-p", port, "-q", "-n", "200000", "-c", "50", "-r", "1000000",
                    "zadd", "bench:zset", "__rand_int__", "member:__rand_int__");
            String rank = exec("redis-benchmark", "-p", port, "-q", "-n", "200000", "-c", "50", "-r", "1000000",
                    "zrevrank", "bench:zset", "member:__rand_int__");
            exec("redis-cli", "-p", port, "del", "bench:zset");
            return "baseline (redis-benchmark, 50 clients, 200,000 requests each, same Redis):\n\n    " + zadd.trim().replace("\r", "\n    ")
                    + "\n    " + rank.trim().replace("\r", "\n    ") + "\n";
        } catch (IOException | InterruptedException e) {
            return "baseline: redis-benchmark not available (" + e.getMessage() + "); apt-get install redis-tools\n";
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
}
