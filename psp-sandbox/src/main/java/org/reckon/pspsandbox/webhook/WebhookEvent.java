package org.reckon.pspsandbox.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/**
 * One outbox row: an event to deliver, written in the same transaction as the status change it
 * announces, so a webhook exists if and only if the change committed. The payload is fixed at
 * that moment; only the signature is computed per attempt. The identity {@code id} orders a
 * payment's events.
 */
@Entity
@Table(name = "webhook_event")
public class WebhookEvent {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String ABANDONED = "abandoned";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "event_id")
    private String eventId;
    @Column(name = "payment_id")
    private Long paymentId;
    private String type;
    @Column(name = "target_url")
    private String targetUrl;
    private String payload;
    private String state;
    private int attempts;
    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "delivered_at")
    private Instant deliveredAt;
    @Column(name = "last_status_code")
    private Integer lastStatusCode;
    @Column(name = "last_error")
    private String lastError;

    protected WebhookEvent() {
    }

    WebhookEvent(String eventId, Long paymentId, String type, String targetUrl, String payload,
                 Instant now, Duration initialDelay) {
        this.eventId = eventId;
        this.paymentId = paymentId;
        this.type = type;
        this.targetUrl = targetUrl;
        this.payload = payload;
        this.state = PENDING;
        this.createdAt = now;
        this.nextAttemptAt = now.plus(initialDelay);
    }

    /** Counts one attempt (not its duplicate); schedules the next by {@link Backoff} or gives up. */
    void recordAttempt(DeliveryResult result, Duration extraDelay) {
        attempts++;
        lastStatusCode = result.statusCode();
        lastError = result.error();
        if (result.succeeded()) {
            state = DELIVERED;
            deliveredAt = result.at();
            return;
        }
        Backoff.afterFailedAttempts(attempts).ifPresentOrElse(
                wait -> nextAttemptAt = result.at().plus(wait).plus(extraDelay),
                () -> state = ABANDONED);
    }

    public Long id() {
        return id;
    }

    public String eventId() {
        return eventId;
    }

    public Long paymentId() {
        return paymentId;
    }

    public String type() {
        return type;
    }

    public String targetUrl() {
        return targetUrl;
    }

    public String payload() {
        return payload;
    }

    public String state() {
        return state;
    }

    public int attempts() {
        return attempts;
    }

    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant deliveredAt() {
        return deliveredAt;
    }

    public Integer lastStatusCode() {
        return lastStatusCode;
    }

    public String lastError() {
        return lastError;
    }
}
