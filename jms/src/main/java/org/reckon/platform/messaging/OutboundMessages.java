package org.reckon.platform.messaging;

import java.util.Map;

/**
 * The outbound-messages port: use cases send through it, the JMS module adapts it
 * ({@code MessageSender} on java:/JmsXA). A send joins the caller's transaction: the message
 * exists if and only if the caller's writes commit.
 */
public interface OutboundMessages {

    /** JMS property holding the message's stable id, used by consumers' inboxes. */
    String MESSAGE_ID = "reckon_message_id";
    /** JMS property naming the message's type, e.g. {@code payment.succeeded}. */
    String MESSAGE_TYPE = "reckon_message_type";
    /** JMS property (int) carrying the version of a published event's record, e.g. 1. */
    String EVENT_VERSION = "reckon_event_version";
    /**
     * JMS property set on a replayed dead letter of a topic: the one subscription that failed it
     * and is to get it again. Every subscription's selector admits only messages without it or
     * naming itself ({@link PlatformTopic}).
     */
    String REPLAY_TO = "reckon_replay_to";

    void send(ReckonQueue queue, String messageId, String type, String json);

    /**
     * Publishes a versioned event (JSON of a record in the publisher's API) to a topic: its type
     * and version travel as message properties, so subscriptions select on them.
     */
    default void publish(PlatformTopic topic, String messageId, String type, int version, String json) {
        publish(topic, messageId, type, version, json, Map.of());
    }

    /**
     * As above, with string properties that the publisher's API names for subscriptions to select
     * on: a message a subscription's selector refuses is never stored for it.
     */
    void publish(PlatformTopic topic, String messageId, String type, int version, String json, Map<String, String> properties);
}
