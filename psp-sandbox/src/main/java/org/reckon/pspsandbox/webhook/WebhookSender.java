package org.reckon.pspsandbox.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.reckon.pspsandbox.platform.Now;

/**
 * POSTs one webhook, signed at send time, with a 5 s budget for connect and answer. Only a 2xx
 * counts as delivered; redirects are not followed (a receiver must answer at its own URL).
 * Asynchronous, so one slow receiver does not hold up the others in a round.
 */
@ApplicationScoped
public class WebhookSender {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** Delivers once, and a second time with the same event id if {@code duplicate} and the first succeeded. */
    public CompletableFuture<List<DeliveryResult>> deliver(DueWebhook webhook, String secret, boolean duplicate) {
        return send(webhook, secret, false).thenCompose(first -> first.succeeded() && duplicate
                ? send(webhook, secret, true).thenApply(second -> List.of(first, second))
                : CompletableFuture.completedFuture(List.of(first)));
    }

    private CompletableFuture<DeliveryResult> send(DueWebhook webhook, String secret, boolean duplicate) {
        Instant at = Now.instant();
        long started = System.nanoTime();
        byte[] body = webhook.payload().getBytes(StandardCharsets.UTF_8);
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(webhook.targetUrl()))
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "reckon-psp-sandbox")
                    .header(WebhookSigner.HEADER, WebhookSigner.header(secret, at.getEpochSecond(), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
        } catch (IllegalArgumentException badUrl) {
            return CompletableFuture.completedFuture(new DeliveryResult(at, 0, null, "invalid webhook_url: " + badUrl.getMessage(), duplicate));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> new DeliveryResult(at, (System.nanoTime() - started) / 1_000_000,
                        response == null ? null : response.statusCode(), error == null ? null : describe(error), duplicate));
    }

    private static String describe(Throwable error) {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        String text = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
