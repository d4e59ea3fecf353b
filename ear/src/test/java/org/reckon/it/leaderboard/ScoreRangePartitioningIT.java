package org.reckon.it.leaderboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.reckon.it.leaderboard.LeaderboardIT.DS;
import static org.reckon.it.leaderboard.LeaderboardIT.match;
import static org.reckon.it.leaderboard.LeaderboardIT.ok;
import static org.reckon.it.leaderboard.LeaderboardIT.post;
import static org.reckon.it.leaderboard.LeaderboardIT.send;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Rows;
import org.reckon.it.support.TestUsers;
import org.reckon.leaderboard.domain.Month;
import org.reckon.leaderboard.redis.RedisBoards;

/**
 * The production path with fixed partitions by score range (issue 14): the server setting
 * {@code reckon.leaderboard.partitioning=score-range}, switched on in this (the server's) JVM, makes
 * POST and GET /v1/scores, the projection, the group commit and the rebuild use the partitions
 * instead of the month's one sorted set. The same board read both ways gives the same top 10, ranks
 * and neighbours; scores posted with the partitions on move players across partition bounds and
 * every rank stays the one PostgreSQL dictates. The suite's Redis is a single server here (the
 * partitions are separate keys on it); ShardingIT checks the partitions themselves on the cluster.
 */
@ExtendWith(ArquillianExtension.class)
class ScoreRangePartitioningIT {

    @Test
    void scoreRangePartitionsAnswerAsTheSingleSortedSet() {
        Month month = Month.current(Clock.systemUTC());
        // 37 .. 1,574 points: across the ten partitions (bounds 0, 100, .., 900)
        List<String> players = LeaderboardIT.playersWithPoints("Range ", 30, 37, 53);
        rebuild(month); // the single set as PostgreSQL has it (other tests wrote scores straight to the database)
        JsonObject singleTop = ok(send(null, "GET", "/v1/scores", null), 200);
        Map<String, JsonObject> single = new LinkedHashMap<>();
        for (String id : players) {
            single.put(id, ok(send(null, "GET", "/v1/scores/" + id, null), 200));
        }

        System.setProperty(RedisBoards.PARTITIONING, "score-range");
        try {
            rebuild(month);
            assertEquals(singleTop, ok(send(null, "GET", "/v1/scores", null), 200), "the top 10 from the partitions");
            for (String id : players) {
                assertEquals(single.get(id), ok(send(null, "GET", "/v1/scores/" + id, null), 200), "rank and neighbours of " + id);
            }
            // scores posted with the partitions on: every third player crosses one or more bounds
            for (int i = 0; i < players.size(); i += 3) {
                post(match(), players.get(i), 150, 201);
            }
            for (String id : players) {
                JsonObject me = ok(send(null, "GET", "/v1/scores/" + id, null), 200);
                long score = Rows.count(DS, "SELECT score FROM player_score WHERE season = ? AND user_id = ?", month.toString(), id);
                assertEquals(score, me.getJsonNumber("score").longValue(), id);
                assertEquals(1 + Rows.count(DS, "SELECT count(*) FROM player_score WHERE season = ? AND score > ?", month.toString(), score),
                        me.getJsonNumber("rank").longValue(), "the rank of " + id + " after moves between partitions");
            }
            JsonArray top = ok(send(null, "GET", "/v1/scores", null), 200).getJsonArray("data");
            for (int i = 0; i < top.size(); i++) {
                long score = top.getJsonObject(i).getJsonNumber("score").longValue();
                assertEquals(i == 0 ? 0 : Rows.count(DS, "SELECT count(*) FROM player_score WHERE season = ? AND score > ?",
                        month.toString(), score), top.getJsonObject(i).getJsonNumber("rank").longValue() - 1, "top " + i);
                assertEquals(Rows.count(DS, "SELECT score FROM player_score WHERE season = ? ORDER BY score DESC OFFSET " + i + " LIMIT 1",
                        month.toString()), score, "the score at place " + (i + 1));
            }
        } finally {
            System.clearProperty(RedisBoards.PARTITIONING);
            rebuild(month); // the single set takes the scores posted meanwhile (ZADD GT)
        }
        for (String id : players) {
            assertEquals(Rows.count(DS, "SELECT score FROM player_score WHERE season = ? AND user_id = ?", month.toString(), id),
                    ok(send(null, "GET", "/v1/scores/" + id, null), 200).getJsonNumber("score").longValue(), id);
        }
    }

    private static void rebuild(Month month) {
        long id = ok(send(TestUsers.STAFF, "POST", "/v1/admin/leaderboard/rebuild?month=" + month, null), 202)
                .getJsonNumber("execution_id").longValue();
        Awaitility.await("rebuild " + id).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> ok(send(TestUsers.STAFF, "GET", "/v1/admin/leaderboard/rebuild/" + id, null), 200),
                        e -> e.getString("batch_status").equals("COMPLETED"));
    }
}
