package org.reckon.it.leaderboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.leaderboard.domain.Month;
import org.reckon.leaderboard.domain.RankKey;
import org.reckon.leaderboard.redis.RedisBoards;
import org.reckon.leaderboard.redis.SortedSets;
import org.reckon.leaderboard.redis.sharding.HashBoard;
import org.reckon.leaderboard.redis.sharding.ScoreRangeBoard;
import org.reckon.leaderboard.redis.sharding.ShardedBoard;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;

/**
 * Sharding on a real Redis Cluster of 3 masters and 3 replicas (six redis-server processes that
 * bin/redis.sh starts, joined here with CLUSTER MEET / ADDSLOTS / REPLICATE): the chapter's fixed
 * partitions by score range and hash partitions with scatter-gather both answer exactly what one
 * sorted set answers (top 10, a player's rank and neighbours, before and after score changes that
 * move players between partitions), with their read latencies printed side by side; then a master
 * is SIGKILLed, its replica takes over, and every rank is still exact.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ShardingIT {

    static final int PLAYERS = Integer.getInteger("reckon.test.sharding.players", 100_000);
    static final int READS = 500;
    static final Month MONTH = Month.parse("2001-06");
    static int base;
    static Path state;
    static UnifiedJedis cluster;
    static ExecutorService scatter = Executors.newFixedThreadPool(10);

    @BeforeAll
    static void startCluster() throws Exception {
        base = 7000 + Integer.getInteger("reckon.test.port.offset", 100);
        state = Path.of(System.getProperty("reckon.test.redis.state", "target/redis-state")).resolveSibling("redis-cluster-state");
        exec("bash", System.getProperty("reckon.test.redis.script"), "cluster", Integer.toString(base), state.toString());
        ClusterFormation.form("127.0.0.1", base);
        cluster = SortedSets.open("redis-cluster://127.0.0.1:" + base + ",127.0.0.1:" + (base + 1) + ",127.0.0.1:" + (base + 2), 16);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        scatter.shutdownNow();
        exec("bash", System.getProperty("reckon.test.redis.script"), "stop", state.toString());
    }

    @Test
    void bothPartitioningsAnswerAsOneSortedSetAndAMasterFailsOverWithExactRanks() throws Exception {
        String reference = "{" + MONTH + ":single}";
        ShardedBoard byRange = new ScoreRangeBoard(cluster, MONTH + ":range",
                new long[] {0, 100, 200, 300, 400, 500, 600, 700, 800, 900});
        ShardedBoard byHash = new HashBoard(cluster, MONTH + ":hash", 10, scatter);
        Random random = new Random(11);
        Map<String, Long> scores = new HashMap<>();
        List<ShardedBoard.Entry> entries = new ArrayList<>();
        Instant start = MONTH.start();
        for (int i = 0; i < PLAYERS; i++) {
            String id = "sp-" + i;
            long score = 1 + random.nextInt(999);
            scores.put(id, score);
            entries.add(new ShardedBoard.Entry(id, score, RankKey.encode(score, MONTH, start.plusMillis(random.nextInt(2_000_000_000)))));
        }
        long t0 = System.nanoTime();
        for (int from = 0; from < entries.size(); from += 10_000) {
            List<ShardedBoard.Entry> chunk = entries.subList(from, Math.min(entries.size(), from + 10_000));
            try (AbstractPipeline p = cluster.pipelined()) {
                chunk.forEach(e -> p.zadd(reference, e.rankKey(), e.userId()));
                p.sync();
            }
            byRange.putAll(chunk);
            byHash.putAll(chunk);
        }
        System.out.printf(Locale.ROOT, "[sharding] loaded %,d players three ways in %.1f s%n", PLAYERS, (System.nanoTime() - t0) / 1e9);
        assertEquals(PLAYERS, byRange.count());
        assertEquals(PLAYERS, byHash.count());

        List<String> sample = new ArrayList<>(scores.keySet());
        Collections.shuffle(sample, random);
        sample = sample.subList(0, 300);
        sameAnswers(reference, byRange, byHash, sample);

        // players move up, across partitions
        for (String id : sample.subList(0, 150)) {
            long score = scores.merge(id, 1L + random.nextInt(300), Long::sum);
            double key = RankKey.encode(score, MONTH, start.plusMillis(2_100_000_000L + random.nextInt(1000)));
            cluster.zadd(reference, key, id);
            byRange.put(id, score, key);
            byHash.put(id, score, key);
        }
        sameAnswers(reference, byRange, byHash, sample);

        Map<String, String> figures = new LinkedHashMap<>();
        List<String> readers = sample;
        figures.put("one sorted set (one slot)", latencies(() -> oneTop(reference), i -> oneAround(reference, readers.get(i % readers.size()))));
        figures.put("fixed partitions by score range (10)", latencies(() -> byRange.top(10), i -> byRange.around(readers.get(i % readers.size()), 4)));
        figures.put("hash partitions, scatter-gather (10)", latencies(() -> byHash.top(10), i -> byHash.around(readers.get(i % readers.size()), 4)));
        StringBuilder table = new StringBuilder("| board on the 3-master cluster | top 10 p50 ms | top 10 p99 ms | rank+neighbours p50 ms | rank+neighbours p99 ms |\n|---|---|---|---|---|\n");
        figures.forEach((name, row) -> table.append("| ").append(name).append(" | ").append(row).append(" |\n"));
        System.out.println("[sharding] " + PLAYERS + " players, " + READS + " reads each, 1 client\n" + table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "sharding.md"), table, StandardCharsets.UTF_8);

        // a master dies: its replica takes over; nothing acknowledged by the replica is lost
        for (HostAndPort master : ClusterFormation.masters("127.0.0.1", base)) {
            try (Jedis j = new Jedis(master)) {
                assertTrue(j.waitReplicas(1, 5000) >= 1, "replicated before the kill");
            }
        }
        Map<String, Object> before = snapshot(reference, byRange, sample);
        HostAndPort victim = ClusterFormation.masterOf("127.0.0.1", base, reference);
        long pid = Long.parseLong(Files.readString(state.resolve(Integer.toString(victim.getPort())).resolve("redis.pid")).trim());
        exec("kill", "-9", Long.toString(pid));
        long killed = System.nanoTime();
        Awaitility.await("a replica takes over").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> snapshot(reference, byRange, readers).equals(before));
        System.out.printf(Locale.ROOT, "[sharding] master %s killed: ranks exact again after %.1f s%n", victim,
                (System.nanoTime() - killed) / 1e9);
    }

    private static Map<String, Object> snapshot(String reference, ShardedBoard byRange, List<String> sample) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("top", oneTop(reference));
        s.put("range-top", byRange.top(10));
        for (String id : sample.subList(0, 50)) {
            s.put(id, oneAround(reference, id));
        }
        return s;
    }

    private static void sameAnswers(String reference, ShardedBoard byRange, ShardedBoard byHash, List<String> sample) {
        List<RedisBoards.Ranked> top = oneTop(reference);
        assertEquals(top, byRange.top(10), "top 10 by score range");
        assertEquals(top, byHash.top(10), "top 10 by hash");
        for (String id : sample) {
            List<RedisBoards.Ranked> expected = oneAround(reference, id);
            assertEquals(expected, byRange.around(id, 4), "around " + id + " by score range");
            assertEquals(expected, byHash.around(id, 4), "around " + id + " by hash");
        }
    }

    static List<RedisBoards.Ranked> oneTop(String key) {
        return SortedSets.ranked(cluster.zrevrangeWithScores(key, 0, 9), 0, 1);
    }

    static List<RedisBoards.Ranked> oneAround(String key, String id) {
        long position = cluster.zrevrank(key, id);
        long first = Math.max(0, position - 4);
        List<Tuple> window = cluster.zrevrangeWithScores(key, first, position + 4);
        long firstScore = RankKey.score(window.get(0).getScore());
        long firstRank = first == 0 ? 1 : cluster.zcount(key, RankKey.lowestWith(firstScore + 1), Double.POSITIVE_INFINITY) + 1;
        return SortedSets.ranked(window, first, firstRank);
    }

    private static String latencies(Supplier<?> top, java.util.function.IntFunction<?> around) {
        for (int i = 0; i < 100; i++) {
            top.get();
            around.apply(i);
        }
        List<Long> t = new ArrayList<>();
        List<Long> a = new ArrayList<>();
        for (int i = 0; i < READS; i++) {
            long t0 = System.nanoTime();
            top.get();
            t.add(System.nanoTime() - t0);
            long t1 = System.nanoTime();
            around.apply(i);
            a.add(System.nanoTime() - t1);
        }
        return String.format(Locale.ROOT, "%.2f | %.2f | %.2f | %.2f", p(t, 50), p(t, 99), p(a, 50), p(a, 99));
    }

    private static double p(List<Long> values, int percentile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1e6;
    }

    static String exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
