package org.reckon.payment.psp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.reckon.platform.json.ReckonJson;
import org.reckon.shared.money.Money;

/**
 * HTTP client of the PSP (Figure 11.4 steps 2-3, the status query, refunds). Short timeouts: a
 * slow PSP becomes a retryable failure handled by the retry queue, not a stuck thread. Every call
 * is safe to repeat: registration is keyed by the payment order id (the nonce), refunds by the
 * refund id.
 */
@ApplicationScoped
public class PspClient {

    @Inject
    PspSettings settings;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public PspPayment register(String nonce, Money amount, String merchantReference, String returnUrl) {
        Registration body = new Registration(nonce, amount.amountString(), amount.currencyCode(), merchantReference,
                returnUrl, settings.webhookUrl());
        return call(HttpRequest.newBuilder(uri("/api/v1/payments"))
                .POST(HttpRequest.BodyPublishers.ofString(ReckonJson.toJson(body))), PspPayment.class, "register " + nonce);
    }

    public PspPayment status(String nonce) {
        return call(HttpRequest.newBuilder(uri("/api/v1/payments/" + encode(nonce))).GET(), PspPayment.class,
                "status of " + nonce);
    }

    public PspRefund refund(String nonce, String refundId, Money amount) {
        RefundRequest body = new RefundRequest(refundId, amount.amountString(), amount.currencyCode());
        return call(HttpRequest.newBuilder(uri("/api/v1/payments/" + encode(nonce) + "/refunds"))
                .POST(HttpRequest.BodyPublishers.ofString(ReckonJson.toJson(body))), PspRefund.class, "refund " + refundId);
    }

    private <T> T call(HttpRequest.Builder request, Class<T> type, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(settings.timeout()).header("Content-Type", "application/json")
                    .header("Accept", "application/json").header("Authorization", "Bearer " + settings.apiKey()).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PspException("PSP unreachable or silent during " + what + ": " + e, true, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PspException("interrupted during " + what, true, 0, e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return ReckonJson.JSONB.fromJson(response.body(), type);
        }
        // A refusal of this request (bad input, declined, conflicting reuse) will not change on retry;
        // anything else (5xx, 404 of a misrouted URL, 401 of a rotated key) is infrastructure: retry.
        boolean retryable = !(status == 400 || status == 402 || status == 409 || status == 422);
        throw new PspException("PSP answered " + status + " to " + what + ": " + abbreviate(response.body()),
                retryable, status, null);
    }

    private URI uri(String path) {
        return URI.create(settings.url() + path);
    }

    private static String encode(String value) {
        if (value.matches("\\.*")) { // "", "." or "..": would name another PSP resource, not this order
            throw new IllegalArgumentException("not a usable PSP path segment: '" + value + "'");
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    public record Registration(String nonce, String amount, String currency, String merchantReference,
                               String returnUrl, String webhookUrl) {
    }

    public record RefundRequest(String refundId, String amount, String currency) {
    }
}
