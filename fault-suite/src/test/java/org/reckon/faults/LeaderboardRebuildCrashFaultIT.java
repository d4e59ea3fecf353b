package org.reckon.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.reckon.faults.support.Api;
import org.reckon.faults.support.Api.User;
import org.reckon.faults.support.Platform;
import org.reckon.faults.support.Report;
import org.reckon.faults.support.Scenario;

/**
 * The leaderboard's rebuild cut off by a crash (issue 14): a rebuild of a board big enough to take
 * a few seconds is started, Reckon's server is SIGKILLed while it writes, and its execution is left
 * STARTED in the JDBC job repository (as JBeret leaves it). After the restart, the server reclaims
 * it (RebuildRecovery: an execution of an earlier run of this node): the old execution is FAILED
 * with an exit status saying why, {@code restarted_as} names the execution that continues it (it
 * resumes after the checkpoint when Redis kept what was written; the second case restarts Redis
 * empty while the server is down, and the restart reads from the first player), that one completes,
 * and the month's board is exact again: as many players as PostgreSQL has, and every sampled
 * player's score and rank, read through the API, equal to PostgreSQL's.
 */
@Order(6)
class LeaderboardRebuildCrashFaultIT {

    /** Players on the board: enough for a rebuild of a few seconds on the suite's machine. */
    static final int PLAYERS = Integer.getInteger("reckon.faults.rebuild.players", 300_000);
    /** Past months of its own: the projection's own checks (the current month) never touch them. */
    static final String MONTH = "2020-01";
    /** The second case's month (the same players). */
    static final String MONTH_LOST = "2020-02";
    static final int SAMPLE = 300;

    @Test
    void aRebuildCutOffByACrashIsMarkedFailedAndRestartedToExactRanks() throws Exception {
        Scenario.begin("leaderboard rebuild cut off by a crash", "a rebuild of " + PLAYERS + " players is started; Reckon's server is "
                + "SIGKILLed while it writes and restarted (once with Redis kept, it resumes; once with Redis restarted empty meanwhile, "
                + "it reads from the first player); the execution must end FAILED, be restarted, and the ranks come back exact");
        Platform platform = Scenario.platform();
        String run = UUID.randomUUID().toString().substring(0, 6);
        long loading = System.nanoTime();
        try (Connection c = platform.db("reckon_leaderboard"); Statement s = c.createStatement()) {
            s.execute("INSERT INTO player (user_id, user_name, created_at) SELECT 'rb-" + run + "-' || n, 'Rebuild ' || n, now()"
                    + " FROM generate_series(1, " + PLAYERS + ") n");
            for (String month : new String[] {MONTH, MONTH_LOST}) {
                s.execute("INSERT INTO player_score (season, user_id, score, reached_at) SELECT '" + month + "', 'rb-" + run + "-' || n,"
                        + " 1 + floor(random() * 5000), timestamptz '" + month + "-01 00:00:00+00' + floor(random() * 2000000000) * interval '1 millisecond'"
                        + " FROM generate_series(1, " + PLAYERS + ") n");
            }
        }
        Report.line("loaded %,d players of %s and %s into PostgreSQL in %.1f s", PLAYERS, MONTH, MONTH_LOST, (System.nanoTime() - loading) / 1e9);
        cutOff(platform, run, MONTH, false);
        cutOff(platform, run, MONTH_LOST, true);
    }

    /** One rebuild of {@code month} cut off by a SIGKILL; with {@code redisLost}, Redis is restarted empty while the server is down. */
    private static void cutOff(Platform platform, String run, String month, boolean redisLost) throws Exception {
        long started = System.nanoTime();
        long id = Api.must(platform.reckonUrl("/v1/admin/leaderboard/rebuild?month=" + month), User.STAFF, "POST", null).json()
                .getJsonNumber("execution_id").longValue();
        JsonObject before = Awaitility.await("rebuild " + id + " writing").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> execution(platform, id), e -> e.getJsonNumber("written").longValue() >= 2_000
                        || !"STARTED".equals(e.getString("batch_status")));
        assertEquals("STARTED", before.getString("batch_status"),
                "the rebuild must still run when the server is killed (raise reckon.faults.rebuild.players): " + before);
        long pid = platform.reckon.pid();
        platform.reckon.kill();
        double seconds = (System.nanoTime() - started) / 1e9;
        String[] left = repositoryRow(platform, id);
        Report.injected("SIGKILL to pid %d %.1f s into rebuild execution %d (%s of %,d players written); the repository then says %s",
                pid, seconds, id, before.getJsonNumber("written"), PLAYERS, left[0]);
        assertEquals("STARTED", left[0], "JBeret leaves the cut-off execution STARTED");

        if (redisLost) {
            platform.redis.kill();
            platform.redis.start();
            Report.injected("Redis SIGKILLed and restarted empty while the server is down (what the cut-off execution wrote is gone)");
        }
        long restart = System.nanoTime();
        Duration boot = platform.reckon.start(Platform.BOOT_TIMEOUT);
        Report.line("reckon server up again in %.1f s", boot.toMillis() / 1000.0);
        JsonObject failed = Awaitility.await("execution " + id + " marked FAILED").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(250)).until(() -> execution(platform, id), e -> "FAILED".equals(e.getString("batch_status"))
                        && e.containsKey("restarted_as"));
        double markedAfter = (System.nanoTime() - restart) / 1e9;
        long next = failed.getJsonNumber("restarted_as").longValue();
        Report.checked("execution %d: %s, exit status \"%s\" (%.1f s after the restart began)", id, failed.getString("batch_status"),
                failed.getString("exit_status"), markedAfter);
        assertTrue(failed.getString("exit_status").startsWith("CRASHED: the server "), failed.toString());
        assertTrue(failed.getString("exit_status").contains(redisLost ? "; restarted, from the first player" : "; restarted, resuming after the "),
                failed.toString());

        JsonObject done = Awaitility.await("execution " + next + " completed").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(250)).until(() -> execution(platform, next), e -> !"STARTING".equals(e.getString("batch_status"))
                        && !"STARTED".equals(e.getString("batch_status")));
        double completedAfter = (System.nanoTime() - restart) / 1e9;
        Report.checked("execution %d (restart of %d): %s, %s of total %s written, %.1f s after the restart began", next,
                done.getJsonNumber("restart_of").longValue(), done.getString("batch_status"), done.getJsonNumber("written"),
                done.getJsonNumber("total"), completedAfter);
        assertEquals("COMPLETED", done.getString("batch_status"), done.toString());
        assertEquals(id, done.getJsonNumber("restart_of").longValue());
        assertNotEquals(before.getString("owner"), done.getString("owner"), "the restarted server's run owns the restart");
        assertEquals(PLAYERS, done.getJsonNumber("total").longValue());
        assertEquals(PLAYERS, done.getJsonNumber("written").longValue(), "every player written, counting those before the crash");
        // written = those before the crash (resumed) + the restart's own step; from the first player, the step wrote all
        assertEquals(redisLost ? 0 : stepWritten(platform, id), done.getJsonNumber("written").longValue() - stepWritten(platform, next),
                "players counted from before the crash: the cut-off step's, or none when Redis lost them");
        assertEquals("FAILED", repositoryRow(platform, id)[0]);

        // the board: as many players as PostgreSQL has, and the sampled players' scores and ranks equal to PostgreSQL's
        JsonObject top = Api.must(platform.reckonUrl("/v1/scores?month=" + month), null, "GET", null).json();
        assertEquals(PLAYERS, top.getJsonNumber("total").longValue(), "players on the board");
        Map<String, long[]> truth = truth(platform, run, month, top);
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, long[]> e : truth.entrySet()) {
            Api.Response r = Api.must(platform.reckonUrl("/v1/scores/" + e.getKey() + "?month=" + month), null, "GET", null);
            JsonObject me = r.status() == 200 ? r.json() : null;
            if (me == null || me.getJsonNumber("score").longValue() != e.getValue()[0] || me.getJsonNumber("rank").longValue() != e.getValue()[1]) {
                wrong.add(e.getKey() + ": " + r.status() + " " + r.body() + " instead of " + e.getValue()[0] + "/" + e.getValue()[1]);
            }
        }
        for (int i = 0; i < top.getJsonArray("data").size(); i++) {
            JsonObject row = top.getJsonArray("data").getJsonObject(i);
            long[] t = truth.get(row.getString("user_id"));
            if (t[0] != row.getJsonNumber("score").longValue() || t[1] != row.getJsonNumber("rank").longValue()) {
                wrong.add("top " + (i + 1) + " " + row + " instead of " + t[0] + "/" + t[1]);
            }
        }
        Report.checked("%,d players on the board of %s; the top 10 and %d sampled players: score and rank equal to PostgreSQL's%s", PLAYERS,
                month, truth.size() - 10, wrong.isEmpty() ? "" : " EXCEPT " + wrong.size() + ": " + wrong.subList(0, Math.min(5, wrong.size())));
        assertTrue(wrong.isEmpty(), wrong.toString());
        assertFalse(truth.isEmpty());
    }

    private static JsonObject execution(Platform platform, long id) {
        return Api.must(platform.reckonUrl("/v1/admin/leaderboard/rebuild/" + id), User.STAFF, "GET", null).json();
    }

    /** Players written by the execution's own step (its row in the JDBC job repository). */
    private static long stepWritten(Platform platform, long id) throws Exception {
        try (Connection c = platform.db("reckon_leaderboard");
             PreparedStatement s = c.prepareStatement("SELECT sum(writecount) FROM leaderboard_batch.step_execution WHERE jobexecutionid = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The execution's row in the JDBC job repository: batch status, exit status. */
    private static String[] repositoryRow(Platform platform, long id) throws Exception {
        try (Connection c = platform.db("reckon_leaderboard");
             PreparedStatement s = c.prepareStatement("SELECT batchstatus, exitstatus FROM leaderboard_batch.job_execution WHERE jobexecutionid = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next(), "execution " + id + " in the repository");
                return new String[] {rs.getString(1), rs.getString(2)};
            }
        }
    }

    /** Score and rank (as PostgreSQL orders the month) of the top 10's players and of {@value #SAMPLE} random players of this run. */
    private static Map<String, long[]> truth(Platform platform, String run, String month, JsonObject top) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < top.getJsonArray("data").size(); i++) {
            ids.add(top.getJsonArray("data").getJsonObject(i).getString("user_id"));
        }
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < SAMPLE; i++) {
            ids.add("rb-" + run + "-" + (1 + random.nextInt(PLAYERS)));
        }
        Map<String, long[]> truth = new HashMap<>();
        try (Connection c = platform.db("reckon_leaderboard"); PreparedStatement s = c.prepareStatement(
                "SELECT user_id, score, r FROM (SELECT user_id, score, RANK() OVER (ORDER BY score DESC) r FROM player_score WHERE season = ?) t"
                        + " WHERE user_id = ANY (?)")) {
            s.setString(1, month);
            s.setArray(2, c.createArrayOf("varchar", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    truth.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }
            }
        }
        return truth;
    }
}
