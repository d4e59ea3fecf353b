package org.reckon.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.reckon.faults.support.Api;
import org.reckon.faults.support.Api.User;
import org.reckon.faults.support.Platform;
import org.reckon.faults.support.Report;
import org.reckon.faults.support.Scenario;

/**
 * Fault 6, the leaderboard: Redis is SIGKILLed while game servers post scores, and restarted
 * empty. Scores keep being recorded (PostgreSQL is the truth); reads answer 503 meanwhile; once
 * Redis answers, the projection sees a board emptier than the database and runs the rebuild job.
 * Then every player's score and rank, read through the API, equals what PostgreSQL dictates (score
 * descending, the earlier reached first, equal scores sharing a rank), and equals the sum of the
 * points the clients were told were counted: nothing posted during the outage is lost. Some match
 * results are posted twice, and some arrive after later ones: each counts once.
 */
@Order(6)
class LeaderboardRedisFaultIT {

    static final int PLAYERS = 200;
    static final int CLIENTS = 8;

    @Test
    void redisKilledUnderLoadAndRestartedEmptyComesBackWithExactRanks() throws Exception {
        Scenario.begin("Redis killed under load", "game servers post scores for " + Scenario.LOAD_SECONDS
                + " s; Redis is SIGKILLed, stays down " + Scenario.OUTAGE_SECONDS + " s, restarts empty; the board must come back exact");
        Platform platform = Scenario.platform();
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> players = new ArrayList<>();
        for (int i = 0; i < PLAYERS; i++) {
            String id = "fault-" + run + "-" + i;
            Api.Response r = Api.must(platform.reckonUrl("/v1/players/" + id), User.GAME, "PUT", "{\"user_name\":\"Fault " + i + "\"}");
            assertEquals(201, r.status(), r.body());
            players.add(id);
        }
        Map<String, Long> counted = new ConcurrentHashMap<>();
        AtomicLong created = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong unexpected = new AtomicLong();
        List<String> unexpectedSamples = java.util.Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(Scenario.LOAD_SECONDS);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            pool.submit(() -> {
                Random random = new Random(client);
                List<String[]> sent = new ArrayList<>();
                while (System.nanoTime() < end) {
                    String[] match;
                    boolean again = !sent.isEmpty() && random.nextInt(10) == 0;
                    if (again) { // the same result delivered twice, and after later ones
                        match = sent.get(random.nextInt(sent.size()));
                    } else {
                        match = new String[] {"fm-" + UUID.randomUUID(), players.get(random.nextInt(PLAYERS)),
                                Integer.toString(1 + random.nextInt(20))};
                    }
                    Api.Response r = Api.call(platform.reckonUrl("/v1/scores"), User.GAME, "POST",
                            "{\"match_id\":\"" + match[0] + "\",\"user_id\":\"" + match[1] + "\",\"points\":" + match[2] + "}", null)
                            .orElse(new Api.Response(-1, "no answer"));
                    if (r.status() == 201 && !again) {
                        created.incrementAndGet();
                        counted.merge(match[1], Long.parseLong(match[2]), Long::sum);
                        sent.add(match);
                    } else if (r.status() == 200 && again) {
                        duplicates.incrementAndGet();
                    } else {
                        unexpected.incrementAndGet();
                        if (unexpectedSamples.size() < 5) {
                            unexpectedSamples.add(r.status() + " " + r.body());
                        }
                    }
                }
            });
        }
        Awaitility.await("some load first").atMost(Duration.ofSeconds(30)).until(() -> created.get() > 100);
        platform.redis.kill();
        Report.injected("Redis SIGKILLed after %d scores", created.get());
        long downAt = created.get();
        Awaitility.await("scores recorded while Redis is down").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> created.get() > downAt + 200);
        Api.Response read = Api.must(platform.reckonUrl("/v1/scores"), null, "GET", null);
        Report.checked("while down: %d more scores recorded (201); GET /v1/scores answered %d", created.get() - downAt, read.status());
        assertEquals(503, read.status(), read.body());
        platform.redis.start();
        Report.injected("Redis restarted empty");
        pool.shutdown();
        assertTrue(pool.awaitTermination(Scenario.LOAD_SECONDS + 60L, TimeUnit.SECONDS));
        Report.line("load: %d scores counted, %d duplicates answered 200, %d unexpected %s", created.get(), duplicates.get(),
                unexpected.get(), unexpectedSamples);
        assertEquals(0, unexpected.get(), "unexpected answers: " + unexpectedSamples);

        Map<String, long[]> truth = truth(platform, run);
        for (String player : counted.keySet()) {
            assertEquals(counted.get(player), truth.get(player)[0], "the database has every point counted for " + player);
        }
        long started = System.nanoTime();
        Awaitility.await("the board is exact again").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> mismatches(platform, truth).isEmpty());
        Report.checked("%d players: every score and rank read through the API equals PostgreSQL's, %.1f s after the load",
                truth.size(), (System.nanoTime() - started) / 1e9);
    }

    /** Per player of this run: score, and rank among everyone on this month's board (as PostgreSQL orders them). */
    private static Map<String, long[]> truth(Platform platform, String run) throws Exception {
        Map<String, long[]> truth = new HashMap<>();
        String month = java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString();
        try (Connection c = platform.db("reckon_leaderboard"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT user_id, score, RANK() OVER (ORDER BY score DESC) FROM player_score WHERE season = '"
                     + month + "'")) {
            while (rs.next()) {
                if (rs.getString(1).startsWith("fault-" + run + "-")) {
                    truth.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }
            }
        }
        return truth;
    }

    private static List<String> mismatches(Platform platform, Map<String, long[]> truth) {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, long[]> e : truth.entrySet()) {
            Api.Response r = Api.must(platform.reckonUrl("/v1/scores/" + e.getKey()), null, "GET", null);
            if (r.status() != 200) {
                wrong.add(e.getKey() + ": " + r.status());
                continue;
            }
            JsonObject body = r.json();
            if (body.getJsonNumber("score").longValue() != e.getValue()[0] || body.getJsonNumber("rank").longValue() != e.getValue()[1]) {
                wrong.add(e.getKey() + ": " + body.getJsonNumber("score") + "/" + body.getJsonNumber("rank") + " instead of "
                        + e.getValue()[0] + "/" + e.getValue()[1]);
            }
        }
        return wrong;
    }
}
