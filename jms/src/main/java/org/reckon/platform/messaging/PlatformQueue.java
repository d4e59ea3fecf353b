package org.reckon.platform.messaging;

/** The queues that belong to no context. */
public enum PlatformQueue implements ReckonQueue {
    /** Committed changes to project into Elasticsearch. */
    SEARCH_INDEXING("SearchIndexingQueue"),
    /** Domain events between bounded contexts (payment succeeded, reservation canceled, ...). */
    DOMAIN_EVENTS("DomainEventsQueue");

    private final String queueName;

    PlatformQueue(String queueName) {
        this.queueName = queueName;
    }

    @Override
    public String queueName() {
        return queueName;
    }
}
