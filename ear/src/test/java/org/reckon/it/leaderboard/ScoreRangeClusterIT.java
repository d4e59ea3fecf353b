package org.reckon.it.leaderboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reckon.it.leaderboard.LeaderboardIT.DS;
import static org.reckon.it.leaderboard.LeaderboardIT.match;
import static org.reckon.it.leaderboard.LeaderboardIT.ok;
import static org.reckon.it.leaderboard.LeaderboardIT.post;
import static org.reckon.it.leaderboard.LeaderboardIT.send;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Rows;
import org.reckon.it.support.TestUsers;
import org.reckon.leaderboard.domain.Month;
import org.reckon.leaderboard.domain.RankKey;
import org.reckon.leaderboard.redis.RedisBoards;
import org.reckon.leaderboard.redis.SortedSets;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;

/**
 * Score-range partitioning on the production path and on the suite's Redis Cluster of 3 masters
 * and 3 replicas (issue 14): the running server is pointed at the cluster (its settings
 * {@code reckon.leaderboard.redis.uri=redis-cluster://...} and {@code reckon.leaderboard.partitioning=score-range},
 * which RedisBoards reads on every call, set in the server's JVM: no second deployment), the month
 * is rebuilt into the partitions there, and then {@code POST /v1/scores}, {@code GET /v1/scores}
 * and {@code GET /v1/scores/{user_id}} answer from it: every rank and score read through the API
 * equals PostgreSQL's, before and after scores that move players across partition bounds. The
 * test also reads the cluster itself: each player is in the partition of its score, the
 * partitions used sit on more than one master, and the moved players' new scores are not on the
 * suite's single Redis (the answers came from the cluster). The cluster is started and stopped by
 * the client-side steps around it (ShardingIT's cluster, same ports, one at a time).
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScoreRangeClusterIT {

    static final String HOST = "127.0.0.1";
    static final long[] BOUNDS = {0, 100, 200, 300, 400, 500, 600, 700, 800, 900};

    /** 7000 + the suite's port offset, in the client JVM and in the server's (its port offset is the suite's). */
    static int base() {
        return 7000 + Integer.getInteger("reckon.test.port.offset", Integer.getInteger("jboss.socket.binding.port-offset", 100));
    }

    static Path state() {
        return Path.of(System.getProperty("reckon.test.redis.state", "target/redis-state")).resolveSibling("redis-cluster-state");
    }

    @Test
    @Order(1)
    @RunAsClient
    void theClusterRuns() throws Exception {
        exec("bash", System.getProperty("reckon.test.redis.script"), "cluster", Integer.toString(base()), state().toString());
        ClusterFormation.form(HOST, base());
        assertEquals(3, ClusterFormation.masters(HOST, base()).size());
    }

    @Test
    @Order(2)
    void postAndGetScoresAnswerFromScoreRangePartitionsOnTheCluster() {
        int base = base();
        String clusterUri = "redis-cluster://" + HOST + ":" + base + "," + HOST + ":" + (base + 1) + "," + HOST + ":" + (base + 2);
        Month month = Month.current(Clock.systemUTC());
        // 41 .. 1,404 points: across the ten partitions (bounds 0, 100, .., 900)
        List<String> players = LeaderboardIT.playersWithPoints("Cluster ", 30, 41, 47);
        String configured = System.getProperty(RedisBoards.URI);
        UnifiedJedis single = LeaderboardIT.redis(); // the suite's one Redis, before the switch
        System.setProperty(RedisBoards.URI, clusterUri);
        System.setProperty(RedisBoards.PARTITIONING, "score-range");
        try (UnifiedJedis cluster = SortedSets.open(clusterUri, 2)) {
            rebuild(month); // the month, as PostgreSQL has it, into the partitions on the cluster
            answersAsPostgres(month, players);

            // scores posted through the API with the partitions on the cluster: every third player crosses one or more bounds
            List<String> moved = new ArrayList<>();
            for (int i = 0; i < players.size(); i += 3) {
                post(match(), players.get(i), 150, 201);
                moved.add(players.get(i));
            }
            answersAsPostgres(month, players);

            // the answers came from the cluster: each player in the partition of its score, the partitions on several masters
            String name = "leaderboard:" + month;
            Set<HostAndPort> masters = new HashSet<>();
            for (String id : players) {
                long score = score(month, id);
                String where = cluster.hget("{" + name + ":where}", id);
                assertNotNull(where, id + " is on the cluster's board");
                int shard = Integer.parseInt(where);
                assertEquals(shard(score), shard, "the partition of " + id + " (score " + score + ")");
                Double key = cluster.zscore("{" + name + ":r" + shard + "}", id);
                assertNotNull(key, id + " in its partition");
                assertEquals(score, RankKey.score(key), id);
                masters.add(ClusterFormation.masterOf(HOST, base, "{" + name + ":r" + shard + "}"));
            }
            assertTrue(masters.size() >= 2, "the partitions used are spread over the masters: " + masters);
            for (String id : moved) {
                Double onSingle = single.zscore(SortedSets.key(month), id);
                assertTrue(onSingle == null || RankKey.score(onSingle) < score(month, id),
                        "the single Redis did not get " + id + "'s new score: the API read the cluster");
            }
        } finally {
            if (configured == null) {
                System.clearProperty(RedisBoards.URI);
            } else {
                System.setProperty(RedisBoards.URI, configured);
            }
            System.clearProperty(RedisBoards.PARTITIONING);
            single.close();
            rebuild(month); // the single set on the suite's Redis takes the scores posted meanwhile (ZADD GT)
        }
        for (String id : players) {
            assertEquals(score(month, id), ok(send(null, "GET", "/v1/scores/" + id, null), 200).getJsonNumber("score").longValue(), id);
        }
    }

    @Test
    @Order(3)
    @RunAsClient
    void theClusterStops() throws Exception {
        exec("bash", System.getProperty("reckon.test.redis.script"), "stop", state().toString());
    }

    static String exec(String... command) throws java.io.IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new java.io.IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    /** Every player's score and rank, and the top 10, read through the API, are PostgreSQL's. */
    private static void answersAsPostgres(Month month, List<String> players) {
        for (String id : players) {
            JsonObject me = ok(send(null, "GET", "/v1/scores/" + id, null), 200);
            long score = score(month, id);
            assertEquals(score, me.getJsonNumber("score").longValue(), id);
            assertEquals(1 + Rows.count(DS, "SELECT count(*) FROM player_score WHERE season = ? AND score > ?", month.toString(), score),
                    me.getJsonNumber("rank").longValue(), "the rank of " + id);
        }
        JsonObject board = ok(send(null, "GET", "/v1/scores", null), 200);
        assertEquals(Rows.count(DS, "SELECT count(*) FROM player_score WHERE season = ?", month.toString()),
                board.getJsonNumber("total").longValue(), "players on the board");
        JsonArray top = board.getJsonArray("data");
        for (int i = 0; i < top.size(); i++) {
            long score = top.getJsonObject(i).getJsonNumber("score").longValue();
            assertEquals(score(month, top.getJsonObject(i).getString("user_id")), score, "top " + (i + 1));
            assertEquals(Rows.count(DS, "SELECT score FROM player_score WHERE season = ? ORDER BY score DESC OFFSET " + i + " LIMIT 1",
                    month.toString()), score, "the score at place " + (i + 1));
            assertEquals(1 + Rows.count(DS, "SELECT count(*) FROM player_score WHERE season = ? AND score > ?", month.toString(), score),
                    top.getJsonObject(i).getJsonNumber("rank").longValue(), "the rank at place " + (i + 1));
        }
    }

    private static long score(Month month, String id) {
        return Rows.count(DS, "SELECT score FROM player_score WHERE season = ? AND user_id = ?", month.toString(), id);
    }

    private static int shard(long score) {
        int shard = 0;
        while (shard + 1 < BOUNDS.length && score >= BOUNDS[shard + 1]) {
            shard++;
        }
        return shard;
    }

    private static void rebuild(Month month) {
        long id = ok(send(TestUsers.STAFF, "POST", "/v1/admin/leaderboard/rebuild?month=" + month, null), 202)
                .getJsonNumber("execution_id").longValue();
        Awaitility.await("rebuild " + id).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> ok(send(TestUsers.STAFF, "GET", "/v1/admin/leaderboard/rebuild/" + id, null), 200),
                        e -> e.getString("batch_status").equals("COMPLETED"));
    }
}
