package org.reckon.platform.messaging;

/** The queues that belong to no context (domain events are a topic: {@link PlatformTopic}). */
public enum PlatformQueue implements ReckonQueue {
    /** Committed changes to project into Elasticsearch. */
    SEARCH_INDEXING("SearchIndexingQueue");

    private final String queueName;

    PlatformQueue(String queueName) {
        this.queueName = queueName;
    }

    @Override
    public String queueName() {
        return queueName;
    }
}
