package org.reckon.it.leaderboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.JMSContext;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.Json;
import org.reckon.it.support.Queues;
import org.reckon.it.support.Rows;
import org.reckon.it.support.TestUsers;
import org.reckon.leaderboard.domain.Month;
import org.reckon.leaderboard.domain.RankKey;
import org.reckon.leaderboard.redis.RedisBoards;
import org.reckon.leaderboard.redis.SortedSets;
import redis.clients.jedis.UnifiedJedis;

/**
 * The chapter's API on the real Redis and PostgreSQL: scores posted by the game server (players
 * get 403), each match counted once whether posted again or sent on the MatchResults queue, ranks
 * shared by equal scores with the earlier one first, a player's four neighbours either side, months,
 * and the rebuild job that refills a board Redis lost with exactly the same ranks.
 */
@ExtendWith(ArquillianExtension.class)
class LeaderboardIT {

    static final String DS = "java:jboss/datasources/LeaderboardDS";

    static HttpResponse<String> send(TestUsers user, String method, String path, String json) {
        HttpRequest.Builder request = Http.request(path);
        if (user != null) {
            request = Http.as(request, user.user, user.password);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return Http.send(request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)));
    }

    static JsonObject ok(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        return response.body().isEmpty() ? null : Json.object(response.body());
    }

    static void problem(HttpResponse<String> r, int status, String field) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), r.body());
        if (field != null) {
            assertTrue(r.body().contains("\"" + field + "\""), "names " + field + ": " + r.body());
        }
    }

    static String player(String name) {
        String id = "p-" + UUID.randomUUID().toString().substring(0, 12);
        ok(send(TestUsers.GAME, "PUT", "/v1/players/" + id, "{\"user_name\":\"" + name + "\"}"), 201);
        return id;
    }

    static JsonObject post(String matchId, String userId, long points, int status) {
        return ok(send(TestUsers.GAME, "POST", "/v1/scores",
                "{\"match_id\":\"" + matchId + "\",\"user_id\":\"" + userId + "\",\"points\":" + points + "}"), status);
    }

    static String match() {
        return "m-" + UUID.randomUUID();
    }

    /**
     * {@code count} new players named {@code prefix + i}, player i holding {@code first + step * i}
     * points (posted as matches of up to 1,000 points each), in that order.
     */
    static List<String> playersWithPoints(String prefix, int count, long first, long step) {
        List<String> players = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = player(prefix + i);
            long points = first + step * i;
            while (points > 0) {
                long now = Math.min(points, 1_000);
                post(match(), id, now, 201);
                points -= now;
            }
            players.add(id);
        }
        return players;
    }

    static UnifiedJedis redis() {
        return SortedSets.open(System.getProperty("reckon.leaderboard.redis.uri"), 2);
    }

    @Test
    void aMatchCountsOnceWhicheverWayItArrivesAndTiesShareARankEarliestFirst() {
        String ann = player("Ann");
        String ben = player("Ben");
        String cid = player("Cid");
        String shared = match();
        JsonObject first = post(shared, ann, 300, 201);
        assertEquals(300, first.getJsonNumber("score").longValue());
        assertEquals(true, first.getBoolean("applied"));
        JsonObject again = post(shared, ann, 300, 200);
        assertEquals(300, again.getJsonNumber("score").longValue(), "the same match posted twice counts once");
        assertEquals(false, again.getBoolean("applied"));

        // the same match on the queue: still once (the score stays 300 for 2 s); a new match on the queue counts
        sendToQueue(shared, ann, 300);
        Awaitility.await("the duplicate ignored").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> Rows.count(DS, "SELECT score FROM player_score WHERE user_id = ?", ann) == 300);
        String viaQueue = match();
        sendToQueue(viaQueue, ann, 33);
        Awaitility.await("the queued match counted").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> Rows.count(DS, "SELECT score FROM player_score WHERE user_id = ?", ann) == 333);
        assertEquals(1, Rows.count(DS, "SELECT COUNT(*) FROM match_result WHERE match_id = ?", viaQueue));
        assertEquals(1, Rows.count(DS, "SELECT COUNT(*) FROM match_result WHERE match_id = ?", shared));
        assertEquals(1, Rows.inbox(DS, "leaderboard-match-results", shared));

        // ben reaches 333 after ann (tie: ann first, same rank), cid 334 above both
        post(match(), ben, 333, 201);
        post(match(), cid, 334, 201);
        JsonObject around = Awaitility.await("projected").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> ok(send(null, "GET", "/v1/scores/" + ben, null), 200),
                        b -> b.getJsonNumber("score").longValue() == 333
                                && b.getJsonArray("above").stream().anyMatch(e -> e.asJsonObject().getString("user_id").equals(ann)));
        long benRank = around.getJsonNumber("rank").longValue();
        JsonArray above = around.getJsonArray("above");
        JsonObject annEntry = above.getJsonObject(above.size() - 1);
        assertEquals(ann, annEntry.getString("user_id"), "ann reached 333 first, so is listed just above ben: " + around);
        assertEquals("Ann", annEntry.getString("user_name"));
        assertEquals(benRank, annEntry.getJsonNumber("rank").longValue(), "equal scores share a rank: " + around);
        JsonObject cidEntry = above.getJsonObject(above.size() - 2);
        assertEquals(cid, cidEntry.getString("user_id"));
        assertEquals(benRank - 1, cidEntry.getJsonNumber("rank").longValue());
        assertTrue(above.size() <= 4 && around.getJsonArray("below").size() <= 4);

        JsonObject top = ok(send(null, "GET", "/v1/scores", null), 200);
        assertTrue(top.getJsonNumber("total").longValue() >= 3);
        assertTrue(top.getJsonArray("data").size() <= 10);
        assertEquals(1, top.getJsonArray("data").getJsonObject(0).getJsonNumber("rank").longValue());
    }

    /**
     * The one-statement write under concurrency: a player's results arriving at once (her month's
     * first among them) all add up; the same match posted eight times at once counts once; the
     * same match for another player is 409; a result past the monthly cap is 422 and leaves no
     * trace (no score change, no match_result, no inbox row).
     */
    @Test
    void concurrentResultsAddUpAMatchCountsOnceAndTheCapChangesNothing() throws Exception {
        String eve = player("Eve");
        String fay = player("Fay");
        String shared = match();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<HttpResponse<String>>> eves = new ArrayList<>();
        List<Future<HttpResponse<String>>> fays = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                String m = match();
                eves.add(pool.submit(() -> send(TestUsers.GAME, "POST", "/v1/scores",
                        "{\"match_id\":\"" + m + "\",\"user_id\":\"" + eve + "\",\"points\":10}")));
                if (i < 8) {
                    fays.add(pool.submit(() -> send(TestUsers.GAME, "POST", "/v1/scores",
                            "{\"match_id\":\"" + shared + "\",\"user_id\":\"" + fay + "\",\"points\":7}")));
                }
            }
            for (Future<HttpResponse<String>> f : eves) {
                assertEquals(201, f.get().statusCode(), f.get().body());
            }
            int created = 0;
            for (Future<HttpResponse<String>> f : fays) {
                HttpResponse<String> r = f.get();
                assertTrue(r.statusCode() == 201 || r.statusCode() == 200, r.body());
                created += r.statusCode() == 201 ? 1 : 0;
                assertEquals(7, Json.object(r.body()).getJsonNumber("score").longValue(), r.body());
            }
            assertEquals(1, created, "one of the eight deliveries counted the match");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(160, Rows.count(DS, "SELECT score FROM player_score WHERE user_id = ?", eve));
        assertEquals(16, Rows.count(DS, "SELECT COUNT(*) FROM match_result WHERE user_id = ?", eve));
        assertEquals(7, Rows.count(DS, "SELECT score FROM player_score WHERE user_id = ?", fay));
        assertEquals(1, Rows.inbox(DS, "leaderboard-match-results", shared));
        problem(send(TestUsers.GAME, "POST", "/v1/scores",
                "{\"match_id\":\"" + shared + "\",\"user_id\":\"" + eve + "\",\"points\":7}"), 409, "match_id");
        assertEquals(160, Rows.count(DS, "SELECT score FROM player_score WHERE user_id = ?", eve));

        // the monthly cap: 5 points short of it, a 10-point result changes nothing; a 5-point one reaches it
        Rows.update(DS, "UPDATE player_score SET score = ? WHERE user_id = ?", RankKey.MAX_SCORE - 5, eve);
        String over = match();
        problem(send(TestUsers.GAME, "POST", "/v1/scores",
                "{\"match_id\":\"" + over + "\",\"user_id\":\"" + eve + "\",\"points\":10}"), 422, "points");
        assertEquals(RankKey.MAX_SCORE - 5, Rows.count(DS, "SELECT score FROM player_score WHERE user_id = ?", eve));
        assertEquals(0, Rows.count(DS, "SELECT COUNT(*) FROM match_result WHERE match_id = ?", over));
        assertEquals(0, Rows.inbox(DS, "leaderboard-match-results", over));
        assertEquals(RankKey.MAX_SCORE, post(over, eve, 5, 201).getJsonNumber("score").longValue());
        Awaitility.await("projected").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> ok(send(null, "GET", "/v1/scores/" + eve, null), 200).getJsonNumber("score").longValue()
                        == RankKey.MAX_SCORE);
    }

    /**
     * The group commit (ScoreWriter): results posted at the same moment share transactions, yet
     * each is answered for itself: refusals (an unknown player, a match of another player, a
     * result past the cap, which rolls its batch back and has each result applied alone) change
     * nothing and get their own problem, repeats of one match count it once, and every other
     * result counts.
     */
    @Test
    void resultsPostedTogetherAreEachAnsweredForThemselves() throws Exception {
        String capped = player("Capped");
        String bee = player("Bee");
        String cal = player("Cal");
        String taken = match();
        post(taken, bee, 2, 201);
        post(match(), capped, 1, 201);
        Rows.update(DS, "UPDATE player_score SET score = ? WHERE user_id = ?", RankKey.MAX_SCORE - 5, capped);
        String over = match();
        String again = match();
        List<String[]> posts = new ArrayList<>(); // match, user, points, expected status
        for (int i = 0; i < 24; i++) {
            posts.add(new String[] {match(), cal, "3", "201"});
        }
        posts.add(new String[] {match(), "nobody-" + UUID.randomUUID().toString().substring(0, 8), "3", "422"});
        posts.add(new String[] {taken, cal, "3", "409"});
        posts.add(new String[] {taken, bee, "2", "200"});
        posts.add(new String[] {over, capped, "10", "422"});
        for (int i = 0; i < 4; i++) {
            posts.add(new String[] {again, bee, "5", "20x"});
        }
        ExecutorService pool = Executors.newFixedThreadPool(posts.size());
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try {
            for (String[] p : posts) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return send(TestUsers.GAME, "POST", "/v1/scores",
                            "{\"match_id\":\"" + p[0] + "\",\"user_id\":\"" + p[1] + "\",\"points\":" + p[2] + "}");
                }));
            }
            go.countDown();
            int againCounted = 0;
            for (int i = 0; i < posts.size(); i++) {
                HttpResponse<String> r = answers.get(i).get();
                String expected = posts.get(i)[3];
                if (expected.equals("20x")) {
                    assertTrue(r.statusCode() == 201 || r.statusCode() == 200, r.body());
                    againCounted += r.statusCode() == 201 ? 1 : 0;
                } else if (expected.equals("422") || expected.equals("409")) {
                    problem(r, Integer.parseInt(expected), posts.get(i)[1].equals(capped) ? "points"
                            : expected.equals("409") ? "match_id" : "user_id");
                } else {
                    assertEquals(Integer.parseInt(expected), r.statusCode(), r.body());
                }
            }
            assertEquals(1, againCounted, "one of the four deliveries of a match counted it");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(72, Rows.count(DS, "SELECT score FROM player_score WHERE user_id = ?", cal));
        assertEquals(24, Rows.count(DS, "SELECT COUNT(*) FROM match_result WHERE user_id = ?", cal));
        assertEquals(7, Rows.count(DS, "SELECT score FROM player_score WHERE user_id = ?", bee));
        assertEquals(RankKey.MAX_SCORE - 5, Rows.count(DS, "SELECT score FROM player_score WHERE user_id = ?", capped));
        assertEquals(0, Rows.count(DS, "SELECT COUNT(*) FROM match_result WHERE match_id = ?", over));
        assertEquals(0, Rows.inbox(DS, "leaderboard-match-results", over));
        assertEquals(1, Rows.inbox(DS, "leaderboard-match-results", again));
        Awaitility.await("projected").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> ok(send(null, "GET", "/v1/scores/" + cal, null), 200).getJsonNumber("score").longValue() == 72);
    }

    private static void sendToQueue(String matchId, String userId, long points) {
        try (JMSContext context = Queues.plainConnectionFactory().createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
            context.createProducer().send(Queues.queue("MatchResultsQueue"),
                    "{\"match_id\":\"" + matchId + "\",\"user_id\":\"" + userId + "\",\"points\":" + points + "}");
        }
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndPlayersCannotPostScores() {
        String dee = player("Dee");
        problem(send(TestUsers.ALICE, "POST", "/v1/scores",
                "{\"match_id\":\"" + match() + "\",\"user_id\":\"it-alice\",\"points\":5}"), 403, null);
        problem(send(null, "POST", "/v1/scores",
                "{\"match_id\":\"" + match() + "\",\"user_id\":\"" + dee + "\",\"points\":5}"), 401, null);
        problem(send(TestUsers.GAME, "POST", "/v1/scores",
                "{\"match_id\":\"" + match() + "\",\"user_id\":\"nobody-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"points\":5}"), 422, "user_id");
        problem(send(TestUsers.GAME, "POST", "/v1/scores",
                "{\"match_id\":\"" + match() + "\",\"user_id\":\"" + dee + "\",\"points\":0}"), 400, "points");
        problem(send(TestUsers.GAME, "POST", "/v1/scores",
                "{\"match_id\":\"" + match() + "\",\"user_id\":\"" + dee + "\",\"points\":1001}"), 400, "points");
        problem(send(TestUsers.GAME, "POST", "/v1/scores",
                "{\"match_id\":\"" + match() + "\",\"user_id\":\"" + dee + "\",\"points\":99999999999999999999}"), 400, null);
        problem(send(null, "GET", "/v1/scores?month=2026-13", null), 400, "month");
        problem(send(null, "GET", "/v1/scores?month=nov", null), 400, "month");
        String future = YearMonth.now(ZoneOffset.UTC).plusMonths(1).toString();
        problem(send(null, "GET", "/v1/scores?month=" + future, null), 400, "month");
        problem(send(null, "GET", "/v1/scores/nobody-" + UUID.randomUUID().toString().substring(0, 8), null), 404, "user_id");
        problem(send(null, "GET", "/v1/scores/" + dee, null), 404, "user_id");
        assertEquals(0, Rows.count(DS, "SELECT COUNT(*) FROM player_score WHERE user_id = ?", dee), "nothing changed");
        JsonObject past = ok(send(null, "GET", "/v1/scores?month=2001-01", null), 200);
        assertEquals(0, past.getJsonNumber("total").longValue(), "an earlier month stays readable; this one is empty");
    }

    /**
     * A past month's board written to PostgreSQL only, rebuilt into Redis by the batch job, then
     * dropped from Redis and rebuilt again: both times the ranks are those PostgreSQL dictates.
     */
    @Test
    void theRebuildRefillsALostBoardWithTheSameRanks() {
        Month month = Month.parse("2001-03");
        Instant start = month.start();
        List<long[]> rows = new ArrayList<>(); // index, score, ms
        for (int i = 0; i < 40; i++) {
            String id = "rb-" + i + "-" + UUID.randomUUID().toString().substring(0, 6);
            Rows.update(DS, "INSERT INTO player (user_id, user_name, created_at) VALUES (?, ?, ?)", id, "Rebuilt " + i,
                    Timestamp.from(start));
            long score = 100 + (i % 7) * 10; // many ties
            long ms = 1_000_000L * (40 - i);  // reached in reverse order of i
            Rows.update(DS, "INSERT INTO player_score (season, user_id, score, reached_at) VALUES (?, ?, ?, ?)",
                    month.toString(), id, score, Timestamp.from(start.plusMillis(ms)));
            rows.add(new long[] {i, score, ms});
        }
        JsonObject before = ok(send(null, "GET", "/v1/scores?month=" + month, null), 200);
        assertEquals(0, before.getJsonNumber("total").longValue(), "Redis has not seen this month yet");

        JsonObject rebuilt = rebuild(month);
        assertEquals(40, rebuilt.getJsonNumber("total").longValue());
        assertEquals(40, rebuilt.getJsonNumber("written").longValue());
        inTheJobRepository(rebuilt);
        JsonObject board = ok(send(null, "GET", "/v1/scores?month=" + month, null), 200);
        assertEquals(40, board.getJsonNumber("total").longValue());

        // expected: score desc, then earliest reached first; competition ranks
        rows.sort(Comparator.<long[]>comparingLong(r -> -r[1]).thenComparingLong(r -> r[2]));
        JsonArray data = board.getJsonArray("data");
        assertEquals(10, data.size());
        long rank = 1;
        for (int i = 0; i < 10; i++) {
            if (i > 0 && rows.get(i)[1] != rows.get(i - 1)[1]) {
                rank = i + 1;
            }
            JsonObject e = data.getJsonObject(i);
            assertTrue(e.getString("user_id").startsWith("rb-" + rows.get(i)[0] + "-"), i + ": " + board);
            assertEquals(rows.get(i)[1], e.getJsonNumber("score").longValue());
            assertEquals(rank, e.getJsonNumber("rank").longValue(), i + ": " + board);
            assertEquals("Rebuilt " + rows.get(i)[0], e.getString("user_name"));
        }
        String someone = data.getJsonObject(7).getString("user_id");
        JsonObject neighbours = ok(send(null, "GET", "/v1/scores/" + someone + "?month=" + month, null), 200);

        try (UnifiedJedis redis = redis()) {
            redis.del(SortedSets.key(month));
        }
        assertEquals(0, ok(send(null, "GET", "/v1/scores?month=" + month, null), 200).getJsonNumber("total").longValue());
        rebuild(month);
        assertEquals(board, ok(send(null, "GET", "/v1/scores?month=" + month, null), 200), "the same board after a second rebuild");
        assertEquals(neighbours, ok(send(null, "GET", "/v1/scores/" + someone + "?month=" + month, null), 200));
    }

    /**
     * The execution the rebuild resource reported is a row of JBeret's JDBC job repository in the
     * leaderboard's database (not the in-memory one a restart loses): its status, and its step's
     * read and write counts, are those the resource answered.
     */
    private static void inTheJobRepository(JsonObject execution) {
        long id = execution.getJsonNumber("execution_id").longValue();
        assertEquals(1, Rows.count(DS, "SELECT count(*) FROM leaderboard_batch.job_execution WHERE jobexecutionid = ? AND batchstatus = ?",
                id, execution.getString("batch_status")), "execution " + id + " in the JDBC job repository");
        assertEquals(1, Rows.count(DS, "SELECT count(*) FROM leaderboard_batch.step_execution WHERE jobexecutionid = ? AND readcount = ? AND writecount = ?",
                id, execution.getJsonNumber("read").longValue(), execution.getJsonNumber("written").longValue()),
                "its progress in the JDBC job repository: " + execution);
    }

    private static JsonObject rebuild(Month month) {
        JsonObject started = ok(send(TestUsers.STAFF, "POST", "/v1/admin/leaderboard/rebuild?month=" + month, null), 202);
        long id = started.getJsonNumber("execution_id").longValue();
        problem(send(TestUsers.ALICE, "POST", "/v1/admin/leaderboard/rebuild?month=" + month, null), 403, null);
        return Awaitility.await("rebuild " + id).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> ok(send(TestUsers.STAFF, "GET", "/v1/admin/leaderboard/rebuild/" + id, null), 200),
                        e -> e.getString("batch_status").equals("COMPLETED"));
    }

    /**
     * On a cluster a node's projection sees only the scores its consumer got: a board's change is
     * told to every node through Redis (ScoreNotices). A notice published on the shared Redis, as
     * the other node's projection would publish it, reaches this node's live stream.
     */
    @Test
    void aChangeAnotherNodePublishedReachesThisNodesLiveStream() throws Exception {
        String month = "2001-" + String.format("%02d", 1 + new java.util.Random().nextInt(12)); // no score of the suite is that old
        java.net.http.HttpClient client = Http.tls ? Http.tlsClient() : java.net.http.HttpClient.newHttpClient();
        HttpResponse<java.util.stream.Stream<String>> stream = client.send(
                Http.request("/v1/leaderboard/events?max_seconds=30").header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, stream.statusCode());
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> stream.body().forEach(lines::add), "it-sse-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            Awaitility.await("hello").atMost(Duration.ofSeconds(10)).until(() -> lines.contains("event: hello"));
            org.reckon.leaderboard.redis.RedisBoards boards =
                    jakarta.enterprise.inject.spi.CDI.current().select(org.reckon.leaderboard.redis.RedisBoards.class).get();
            // published straight on Redis, not through this node's ScoreNotices; again each poll, in case the
            // stream's registration came after the first one
            Awaitility.await("the other node's notice on this node's stream").atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        boards.client().publish(org.reckon.leaderboard.ScoreNotices.CHANNEL, month);
                        return lines.stream().anyMatch(l -> l.startsWith("data:") && l.contains("\"month\":\"" + month + "\""));
                    });
        } finally {
            stream.body().close();
        }
    }
}
