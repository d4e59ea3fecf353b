package org.reckon.pspsandbox.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The record of one delivery attempt, kept so a developer can see what the receiver answered. */
@Entity
@Table(name = "webhook_delivery")
public class WebhookDelivery {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "webhook_event_id")
    private Long webhookEventId;
    private int attempt;
    private boolean duplicate;
    @Column(name = "attempted_at")
    private Instant attemptedAt;
    @Column(name = "duration_millis")
    private long durationMillis;
    @Column(name = "status_code")
    private Integer statusCode;
    private String error;

    protected WebhookDelivery() {
    }

    WebhookDelivery(Long webhookEventId, int attempt, DeliveryResult result) {
        this.webhookEventId = webhookEventId;
        this.attempt = attempt;
        this.duplicate = result.duplicate();
        this.attemptedAt = result.at();
        this.durationMillis = result.durationMillis();
        this.statusCode = result.statusCode();
        this.error = result.error();
    }

    public int attempt() {
        return attempt;
    }

    public boolean duplicate() {
        return duplicate;
    }

    public Instant attemptedAt() {
        return attemptedAt;
    }

    public long durationMillis() {
        return durationMillis;
    }

    public Integer statusCode() {
        return statusCode;
    }

    public String error() {
        return error;
    }
}
