package org.reckon.platform.messaging;

import java.util.Arrays;
import java.util.Optional;

/**
 * The topics that belong to no context. A topic is published to, never queued: each consuming
 * context holds ONE shared durable subscription of its own (an MDB with
 * {@code subscriptionDurability=Durable}, {@code shareSubscriptions=true} and a
 * {@code subscriptionName} naming the context and what it follows, e.g. {@code hotel-payment-events}),
 * so several contexts react to the same event, each at its own pace, and a context that is down
 * misses nothing. Retries and dead letters are the broker's (address-setting on
 * {@code jms.topic.<Name>}); every subscription's dead letters go to {@code DLQ.<Name>} and keep
 * the subscription they failed in ({@code _AMQ_ORIG_QUEUE}). A replay publishes the message again
 * with {@link OutboundMessages#REPLAY_TO} naming that subscription, so each subscription's selector
 * must let through {@code reckon_replay_to IS NULL OR reckon_replay_to = '<its name>'}: only the
 * subscription that failed gets it again.
 */
public enum PlatformTopic implements ReckonQueue {
    /** Domain events between bounded contexts (payment succeeded, payment failed, ...). */
    DOMAIN_EVENTS("DomainEvents");

    private final String topicName;

    PlatformTopic(String topicName) {
        this.topicName = topicName;
    }

    @Override
    public String queueName() {
        return topicName;
    }

    @Override
    public String jndiName() {
        return "java:/jms/topic/" + topicName;
    }

    @Override
    public String address() {
        return "jms.topic." + topicName;
    }

    @Override
    public boolean isTopic() {
        return true;
    }

    /** The topic the admin API calls {@code slug} ({@code domain-events} is {@code DomainEvents}). */
    public static Optional<PlatformTopic> ofSlug(String slug) {
        return Arrays.stream(values()).filter(t -> t.slug().equals(slug)).findFirst();
    }
}
