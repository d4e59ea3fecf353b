package org.reckon.platform.messaging;

import java.time.Instant;

/** A message that exhausted its delivery attempts, as staff see it in a dead-letter queue. */
public record DeadLetter(String jmsMessageId, String messageId, String type, String originalAddress,
                         String originalQueue, int deliveryCount, Instant sentAt, String body) {
}
