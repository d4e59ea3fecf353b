package org.reckon.platform.inbox;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * The inbox: one row per message a consumer has applied, in the consumer's own database and in
 * the same transaction as the effect. Delivery is at least once (the broker redelivers); this row
 * makes the effect at most once. Each bounded context's database has its own table.
 */
@Entity
@Table(name = "processed_message")
public class ProcessedMessage {

    @EmbeddedId
    private ProcessedMessageId id;

    @Column(name = "processed_at", nullable = false)
    private Instant processedAt;

    protected ProcessedMessage() {
        // for JPA
    }

    public ProcessedMessage(String consumer, String messageId, Instant processedAt) {
        this.id = new ProcessedMessageId(consumer, messageId);
        this.processedAt = Objects.requireNonNull(processedAt);
    }

    public ProcessedMessageId id() {
        return id;
    }

    public Instant processedAt() {
        return processedAt;
    }
}
