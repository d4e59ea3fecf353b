package org.reckon.it.psp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.reckon.it.support.Json;

/**
 * A webhook receiver on 127.0.0.1 (any free port) that records every POST it gets, per hook
 * name ({@code /hooks/<name>}), and can be told to answer 500 a number of times first, so a test
 * sees the sandbox retry.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One POST as received: the raw body (what the signature covers) and the answer it got. */
    record Delivery(String signature, String contentType, byte[] rawBody, int answered) {

        JsonObject json() {
            return Json.object(new String(rawBody, StandardCharsets.UTF_8));
        }

        String eventId() {
            return json().getString("event_id");
        }

        String type() {
            return json().getString("type");
        }

        JsonObject data() {
            return json().getJsonObject("data");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, List<Delivery>> received = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    static WebhookReceiver start() {
        try {
            WebhookReceiver receiver = new WebhookReceiver(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
            receiver.server.createContext("/hooks/", receiver::handle);
            receiver.server.setExecutor(receiver.executor);
            receiver.server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the webhook receiver", e);
        }
    }

    /** The webhook_url to register for a hook name. */
    String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/" + name;
    }

    /** The next {@code times} deliveries to this hook are answered 500. */
    void failNext(String name, int times) {
        failuresLeft.computeIfAbsent(name, n -> new AtomicInteger()).set(times);
    }

    List<Delivery> deliveries(String name) {
        return List.copyOf(received.getOrDefault(name, List.of()));
    }

    /** Waits until the deliveries to a hook satisfy {@code done}; fails with what did arrive. */
    List<Delivery> await(String name, Predicate<List<Delivery>> done, Duration timeout, String what) {
        try {
            return Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(100))
                    .until(() -> deliveries(name), done::test);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + what + " at hook "
                    + name + "; received: " + deliveries(name).stream().map(d -> d.answered() + " " + d.json()).toList());
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String name = exchange.getRequestURI().getPath().substring("/hooks/".length());
            AtomicInteger left = failuresLeft.get(name);
            int status = left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 200;
            if (!"POST".equals(exchange.getRequestMethod())) {
                status = 405;
            }
            received.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(new Delivery(
                    exchange.getRequestHeaders().getFirst("PSP-Signature"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body, status));
            exchange.sendResponseHeaders(status, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
