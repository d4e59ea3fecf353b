package org.reckon.platform.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The domain-events topic keeps its admin name, and its names are the ones messaging.cli creates. */
class PlatformTopicTest {

    @Test
    void theDomainEventsTopicIsWhereTheAdminApiAndTheBrokerLookForIt() {
        PlatformTopic topic = PlatformTopic.DOMAIN_EVENTS;
        assertEquals(Optional.of(topic), PlatformTopic.ofSlug("domain-events"));
        assertEquals("java:/jms/topic/DomainEvents", topic.jndiName());
        assertEquals("jms.topic.DomainEvents", topic.address());
        assertEquals("java:/jms/queue/DLQ.DomainEvents", topic.deadLetterJndiName());
        assertTrue(topic.isTopic());
        assertFalse(PlatformQueue.SEARCH_INDEXING.isTopic());
        assertEquals(Optional.empty(), PlatformTopic.ofSlug("search-indexing"));
    }
}
