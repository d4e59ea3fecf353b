package org.reckon.platform.inbox;

import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.util.Objects;

/**
 * The consumer side of exactly once: the broker delivers at least once, and a consumer asks the
 * inbox, in its own transaction, whether it has applied a message before. The row it writes
 * commits or rolls back with the effect, so a rolled-back attempt leaves no trace and a
 * committed one is never applied again.
 */
public final class Inbox {

    private final EntityManager entityManager;
    private final Clock clock;

    public Inbox(EntityManager entityManager, Clock clock) {
        this.entityManager = Objects.requireNonNull(entityManager);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Records the message as applied by {@code consumer} and returns true the first time; returns
     * false, recording nothing, when it was applied before. Must run in the effect's transaction.
     */
    public boolean firstDelivery(String consumer, String messageId) {
        ProcessedMessageId id = new ProcessedMessageId(consumer, messageId);
        if (entityManager.find(ProcessedMessage.class, id) != null) {
            return false;
        }
        entityManager.persist(new ProcessedMessage(consumer, messageId, clock.instant()));
        return true;
    }
}
