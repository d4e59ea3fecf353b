package org.reckon.platform.messaging;

/**
 * The platform's queues, created by wildfly-config/src/main/cli/messaging.cli. Each has an
 * address-setting (attempts, growing redelivery delay, a dead-letter queue of its own, expiry);
 * consumers only throw and the broker does the retrying.
 */
public enum ReckonQueue {
    /** Payment orders to execute against the PSP. */
    PAYMENT_EXECUTION("PaymentExecutionQueue"),
    /** Payment orders whose execution failed in a retryable way (timeout, PSP 5xx). */
    PAYMENT_RETRY("PaymentRetryQueue"),
    /** Committed changes to project into Elasticsearch. */
    SEARCH_INDEXING("SearchIndexingQueue"),
    /** Domain events between bounded contexts (payment succeeded, reservation canceled, ...). */
    DOMAIN_EVENTS("DomainEventsQueue");

    private final String queueName;

    ReckonQueue(String queueName) {
        this.queueName = queueName;
    }

    /** The JMS queue name, as in {@code Session.createQueue}. */
    public String queueName() {
        return queueName;
    }

    public String jndiName() {
        return "java:/jms/queue/" + queueName;
    }

    public String deadLetterQueueName() {
        return "DLQ." + queueName;
    }

    public String deadLetterJndiName() {
        return "java:/jms/queue/" + deadLetterQueueName();
    }

    /** The Artemis address the broker routes to; dead letters keep it as their original address. */
    public String address() {
        return "jms.queue." + queueName;
    }
}
