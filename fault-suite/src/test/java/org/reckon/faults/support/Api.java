package org.reckon.faults.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/** HTTP as the API's clients see it. A call that gets no answer (server down) is an empty Optional, not an exception. */
public final class Api {

    public enum User {
        ADMIN("it-admin"), STAFF("it-staff"), ALICE("it-alice"), BOB("it-bob"),
        /** leaderboard: the game server (password game) */
        GAME("game");

        final String name;

        User(String name) {
            this.name = name;
        }

        String authorization() {
            return "Basic " + Base64.getEncoder().encodeToString((name + ":" + (this == GAME ? name : name + "-pw")).getBytes(StandardCharsets.UTF_8));
        }
    }

    public record Response(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private Api() {
    }

    public static Optional<Response> call(String url, User user, String method, String json, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (user != null) {
            request.header("Authorization", user.authorization());
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return Optional.of(new Response(r.statusCode(), r.body()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** A call that must answer (the platform is up): its response, or an exception. */
    public static Response must(String url, User user, String method, String json) {
        return call(url, user, method, json, null).orElseThrow(() -> new IllegalStateException(method + " " + url + ": no answer"));
    }

    public static JsonStructure parse(String body) {
        return Json.createReader(new StringReader(body)).read();
    }
}
