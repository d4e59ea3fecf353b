package org.reckon.platform.messaging;

import java.util.Locale;

/**
 * A JMS queue of the platform, with its dead-letter queue and Artemis address (or a topic, with
 * the dead-letter queue its subscriptions share: {@link PlatformTopic}). Each context
 * declares its own queues in an enum of its own (the payment context's {@code PaymentQueue}; the
 * platform's {@link PlatformQueue}), and {@code wildfly-config} creates them with their retry
 * policy: the broker's configuration, not a central list in code, is the registry.
 */
public interface ReckonQueue {

    /** The JMS queue name, as in {@code Session.createQueue}, e.g. {@code PaymentRetryQueue}. */
    String queueName();

    default String jndiName() {
        return "java:/jms/queue/" + queueName();
    }

    default String deadLetterQueueName() {
        return "DLQ." + queueName();
    }

    default String deadLetterJndiName() {
        return "java:/jms/queue/" + deadLetterQueueName();
    }

    /** True for a topic: published to its subscriptions, dead letters replayed to the one that failed. */
    default boolean isTopic() {
        return false;
    }

    /** The Artemis address the broker routes to; dead letters keep it as their original address. */
    default String address() {
        return "jms.queue." + queueName();
    }

    /** The queue as the admin API names it: {@code PaymentRetryQueue} is {@code payment-retry}. */
    default String slug() {
        return queueName().replaceAll("Queue$", "").replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The queue the admin API calls {@code slug} ({@code payment-retry} is {@code PaymentRetryQueue}). */
    static ReckonQueue ofSlug(String slug) {
        if (!slug.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("not a queue name: " + slug);
        }
        StringBuilder name = new StringBuilder();
        for (String word : slug.split("-")) {
            name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        String queueName = name + "Queue";
        return () -> queueName;
    }
}
