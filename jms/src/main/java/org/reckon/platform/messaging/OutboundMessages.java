package org.reckon.platform.messaging;

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

    void send(ReckonQueue queue, String messageId, String type, String json);
}
