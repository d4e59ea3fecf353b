package org.reckon.platform.messaging;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.TextMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * Staff tools for dead-letter queues: browse, replay one, replay all. A replay moves the message
 * back to its queue in ONE XA transaction (receive from the DLQ, send to the queue), so it is
 * neither lost nor duplicated, and the consumer's inbox still recognises a message it applied.
 * A topic's dead letter goes back to the topic addressed to the one subscription that failed it
 * (the broker's {@code _AMQ_ORIG_QUEUE}, as {@link OutboundMessages#REPLAY_TO}), never to every
 * subscriber again.
 */
@Stateless
public class DeadLetters {

    /** Set by Artemis on a dead letter: the queue (for a topic, the subscription) it failed in. */
    static final String ORIGINAL_QUEUE = "_AMQ_ORIG_QUEUE";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class.getName());

    @Resource(lookup = "java:/JmsXA")
    ConnectionFactory connectionFactory;

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<DeadLetter> browse(ReckonQueue queue, int max) {
        try (JMSContext context = connectionFactory.createContext();
             QueueBrowser browser = context.createBrowser(lookup(queue.deadLetterJndiName()))) {
            List<DeadLetter> letters = new ArrayList<>();
            for (Object m : Collections.list(browser.getEnumeration())) {
                if (letters.size() >= max) {
                    break;
                }
                letters.add(view((Message) m));
            }
            return letters;
        } catch (JMSException e) {
            throw new IllegalStateException("cannot browse " + queue.deadLetterQueueName(), e);
        }
    }

    /** Moves one dead letter back to its queue; false if it is no longer there. */
    public boolean replay(ReckonQueue queue, String jmsMessageId) {
        if (!jmsMessageId.matches("ID:[A-Za-z0-9:-]{1,100}")) {
            throw new ReckonException(ErrorCode.VALIDATION_FAILED, "not a JMS message id", "jms_message_id");
        }
        try (JMSContext context = connectionFactory.createContext()) {
            JMSConsumer consumer = context.createConsumer(lookup(queue.deadLetterJndiName()),
                    "JMSMessageID = '" + jmsMessageId + "'");
            Message message = consumer.receive(1_000);
            consumer.close();
            if (message == null) {
                return false;
            }
            resend(context, queue, message);
            return true;
        }
    }

    /** Moves every dead letter of a queue back (at most {@code max} in one transaction). */
    public int replayAll(ReckonQueue queue, int max) {
        int moved = 0;
        try (JMSContext context = connectionFactory.createContext()) {
            JMSConsumer consumer = context.createConsumer(lookup(queue.deadLetterJndiName()));
            Message message;
            while (moved < max && (message = consumer.receive(500)) != null) {
                resend(context, queue, message);
                moved++;
            }
            consumer.close();
        }
        int count = moved;
        LOG.info(() -> "replayed " + count + " dead letters to " + queue.queueName());
        return moved;
    }

    private void resend(JMSContext context, ReckonQueue queue, Message dead) {
        try {
            TextMessage copy = context.createTextMessage(((TextMessage) dead).getText());
            for (String property : new String[] {OutboundMessages.MESSAGE_ID, OutboundMessages.MESSAGE_TYPE}) {
                if (dead.propertyExists(property)) {
                    copy.setStringProperty(property, dead.getStringProperty(property));
                }
            }
            if (dead.propertyExists(OutboundMessages.EVENT_VERSION)) {
                copy.setIntProperty(OutboundMessages.EVENT_VERSION, dead.getIntProperty(OutboundMessages.EVENT_VERSION));
            }
            if (queue.isTopic()) {
                String subscription = dead.getStringProperty(ORIGINAL_QUEUE);
                if (subscription == null) {
                    throw new IllegalStateException("dead letter " + dead.getJMSMessageID() + " names no subscription");
                }
                copy.setStringProperty(OutboundMessages.REPLAY_TO, subscription);
            }
            copy.setStringProperty("reckon_replayed_from", dead.getJMSMessageID());
            context.createProducer().send(InitialContext.<Destination>doLookup(queue.jndiName()), copy);
        } catch (NamingException e) {
            throw new IllegalStateException("missing destination " + queue.jndiName(), e);
        } catch (JMSException | ClassCastException e) {
            throw new IllegalStateException("cannot replay dead letter to " + queue.queueName(), e);
        }
    }

    private static DeadLetter view(Message m) throws JMSException {
        String body = m instanceof TextMessage text ? text.getText() : "(" + m.getClass().getSimpleName() + ")";
        return new DeadLetter(m.getJMSMessageID(), m.getStringProperty(OutboundMessages.MESSAGE_ID),
                m.getStringProperty(OutboundMessages.MESSAGE_TYPE), m.getStringProperty("_AMQ_ORIG_ADDRESS"),
                m.getStringProperty(ORIGINAL_QUEUE),
                m.propertyExists("JMSXDeliveryCount") ? m.getIntProperty("JMSXDeliveryCount") : 0,
                Instant.ofEpochMilli(m.getJMSTimestamp()), body);
    }

    private static Queue lookup(String jndiName) {
        try {
            return InitialContext.doLookup(jndiName);
        } catch (NamingException e) {
            throw new IllegalStateException("missing queue " + jndiName, e);
        }
    }
}
