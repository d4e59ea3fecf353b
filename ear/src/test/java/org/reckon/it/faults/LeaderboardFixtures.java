package org.reckon.it.faults;

import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.reckon.it.support.Http;
import org.reckon.it.support.Json;
import org.reckon.it.support.TestUsers;

/**
 * What the leaderboard rows of the matrix and the fuzzer act on, made through the API by the game
 * server (a caller the matrix has no column for: it may post, every column may not) and by staff:
 * a registered player with a score this month, and a rebuild execution. Made once per run.
 */
final class LeaderboardFixtures {

    private static final Map<String, String> MADE = new ConcurrentHashMap<>();

    private LeaderboardFixtures() {
    }

    /** A player on this month's board. */
    static String player() {
        return MADE.computeIfAbsent("player", k -> {
            String id = "mx-" + UUID.randomUUID().toString().substring(0, 12);
            expect(send(TestUsers.GAME, "PUT", "/v1/players/" + id, "{\"user_name\":\"Matrix Player\"}"), 201);
            expect(send(TestUsers.GAME, "POST", "/v1/scores",
                    "{\"match_id\":\"mx-" + UUID.randomUUID() + "\",\"user_id\":\"" + id + "\",\"points\":7}"), 201);
            return id;
        });
    }

    /** A rebuild execution of this month's board. */
    static String rebuildExecution() {
        return MADE.computeIfAbsent("rebuild", k -> Long.toString(Json.object(
                expect(send(TestUsers.STAFF, "POST", "/v1/admin/leaderboard/rebuild", null), 202))
                .getJsonNumber("execution_id").longValue()));
    }

    static String scoreJson(String userId) {
        return "{\"match_id\":\"mx-" + UUID.randomUUID() + "\",\"user_id\":\"" + userId + "\",\"points\":3}";
    }

    private static java.net.http.HttpResponse<String> send(TestUsers user, String method, String path, String json) {
        HttpRequest.Builder request = Http.as(Http.request(path), user.user, user.password);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return Http.send(request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)));
    }

    private static String expect(java.net.http.HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("expected " + status + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
