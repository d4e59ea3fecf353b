package org.reckon.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A plain HTTP client for tests that act as the API's clients. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    public static String baseUrl() {
        return System.getProperty("reckon.test.base.url", "http://127.0.0.1:8180");
    }

    public static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30));
    }

    public static HttpRequest.Builder as(HttpRequest.Builder request, String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return request.header("Authorization", "Basic " + token);
    }

    public static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpRequest built = request.build();
            HttpResponse<String> response = CLIENT.send(built, HttpResponse.BodyHandlers.ofString());
            // in the client JVM and in the server alike (the suite's deployment carries the validator)
            if (org.reckon.it.contract.Exchanges.enabled()) {
                // every exchange with /v1 must be what the served /openapi says (fails the calling test otherwise)
                org.reckon.it.contract.Exchanges.check(baseUrl(), built, response);
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException("HTTP call failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }
}
