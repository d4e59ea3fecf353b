package org.reckon.it.faults;

import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reckon.it.support.Http;
import org.reckon.it.support.Json;

/** One HTTP request of the matrix, sent as any caller (or with credentials the server must refuse). */
record Call(String method, String path, String body, Map<String, String> headers) {

    static Call get(String path) {
        return new Call("GET", path, null, Map.of());
    }

    static Call delete(String path) {
        return new Call("DELETE", path, null, Map.of());
    }

    static Call post(String path, String json) {
        return new Call("POST", path, json, Map.of());
    }

    static Call put(String path, String json) {
        return new Call("PUT", path, json, Map.of());
    }

    static Call patch(String path, String json) {
        return new Call("PATCH", path, json, Map.of());
    }

    Call header(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Call(method, path, body, more);
    }

    /** Everything the caller put into the request: what it knew already cannot leak to it. */
    String sent() {
        return path + " " + (body == null ? "" : body) + " " + headers.values();
    }

    /**
     * When set, a caller authenticates with a bearer token (POST /v1/auth/token, once per user)
     * instead of Basic: the matrix runs over the token path too.
     */
    static volatile boolean bearer;
    /**
     * When set (with {@link #bearer}), each user's successive requests alternate: bearer token,
     * Basic, bearer token, ... so one pass covers both credentials (counted in {@link #SENT}).
     */
    static volatile boolean alternating;
    private static final java.util.Map<String, String> TOKENS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.Map<String, java.util.concurrent.atomic.AtomicLong> TURNS = new java.util.concurrent.ConcurrentHashMap<>();
    /** Requests sent with credentials while alternating, by scheme ("Bearer", "Basic"). */
    static final java.util.Map<String, java.util.concurrent.atomic.LongAdder> SENT = new java.util.concurrent.ConcurrentHashMap<>();

    HttpResponse<String> send(Caller caller) {
        boolean withToken = bearer;
        if (bearer && alternating && caller.user != null) {
            withToken = TURNS.computeIfAbsent(caller.user.user, u -> new java.util.concurrent.atomic.AtomicLong())
                    .getAndIncrement() % 2 == 0;
            SENT.computeIfAbsent(withToken ? "Bearer" : "Basic", k -> new java.util.concurrent.atomic.LongAdder()).increment();
        }
        if (withToken && caller.user != null) {
            String token = TOKENS.computeIfAbsent(caller.user.user, u -> {
                HttpResponse<String> issued = Call.post("/v1/auth/token", null).sendAs(caller.user.user, caller.user.password);
                if (issued.statusCode() != 200) {
                    throw new IllegalStateException("no token for " + u + ": " + issued.statusCode() + " " + issued.body());
                }
                return org.reckon.it.support.Json.object(issued.body()).getString("access_token");
            });
            return sendWith("Bearer " + token);
        }
        return caller.user == null ? sendAs(null, null) : sendAs(caller.user.user, caller.user.password);
    }

    HttpResponse<String> sendWith(String authorization) {
        HttpRequest.Builder request = Http.request(path);
        request.header("Authorization", authorization);
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return Http.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> sendAs(String user, String password) {
        HttpRequest.Builder request = Http.request(path);
        if (user != null) {
            String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + token);
        }
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return Http.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Sends and requires the status, for arranging data. */
    JsonObject expect(Caller caller, int status) {
        HttpResponse<String> r = send(caller);
        if (r.statusCode() != status) {
            throw new AssertionError(method + " " + path + " as " + caller.label() + ": expected " + status + ", got "
                    + r.statusCode() + " " + r.body());
        }
        String text = r.body().trim();
        return text.startsWith("{") ? Json.object(text) : null;
    }
}
