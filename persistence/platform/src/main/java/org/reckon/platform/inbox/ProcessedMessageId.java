package org.reckon.platform.inbox;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serializable;
import java.util.Objects;

/** Identity of an inbox row: which consumer applied which message. */
@Embeddable
public class ProcessedMessageId implements Serializable {

    private static final long serialVersionUID = 1L;

    @Column(name = "consumer", nullable = false, length = 100)
    private String consumer;

    @Column(name = "message_id", nullable = false, length = 200)
    private String messageId;

    protected ProcessedMessageId() {
        // for JPA
    }

    public ProcessedMessageId(String consumer, String messageId) {
        this.consumer = Objects.requireNonNull(consumer);
        this.messageId = Objects.requireNonNull(messageId);
    }

    public String consumer() {
        return consumer;
    }

    public String messageId() {
        return messageId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProcessedMessageId other
                && consumer.equals(other.consumer) && messageId.equals(other.messageId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(consumer, messageId);
    }
}
