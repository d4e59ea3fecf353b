package org.reckon.payment.messaging;

import org.reckon.platform.messaging.ReckonQueue;

/** The payment context's own queues (created with their retry policy by wildfly-config). */
public enum PaymentQueue implements ReckonQueue {
    /** Payment orders to execute against the PSP. */
    PAYMENT_EXECUTION("PaymentExecutionQueue"),
    /** Payment orders whose execution failed in a retryable way (timeout, PSP 5xx). */
    PAYMENT_RETRY("PaymentRetryQueue");

    private final String queueName;

    PaymentQueue(String queueName) {
        this.queueName = queueName;
    }

    @Override
    public String queueName() {
        return queueName;
    }
}
