package org.reckon.platform.messaging;

import jakarta.annotation.Resource;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Destination;
import jakarta.jms.TextMessage;
import java.util.Map;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Sends JSON messages through the XA connection factory, inside the caller's transaction: the
 * message is delivered if and only if the caller's database writes commit (no dual write, no
 * outbox poller). MANDATORY makes a send outside a transaction a programming error, loudly.
 *
 * Messages carry JSON text and a stable message id (the consumer's idempotency key), never
 * serialized Java objects.
 */
@Stateless
@LocalBean
@Local(OutboundMessages.class)
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class MessageSender implements OutboundMessages {

    @Resource(lookup = "java:/JmsXA")
    ConnectionFactory connectionFactory;

    @Override
    public void send(ReckonQueue queue, String messageId, String type, String json) {
        send(queue, messageId, type, json, Map.of());
    }

    @Override
    public void publish(PlatformTopic topic, String messageId, String type, int version, String json,
                        Map<String, String> properties) {
        send(topic, messageId, type, json, properties, version);
    }

    public void send(ReckonQueue queue, String messageId, String type, String json, Map<String, String> properties) {
        send(queue, messageId, type, json, properties, null);
    }

    private void send(ReckonQueue queue, String messageId, String type, String json, Map<String, String> properties,
                      Integer version) {
        try (JMSContext context = connectionFactory.createContext()) {
            TextMessage message = context.createTextMessage(json);
            message.setStringProperty(MESSAGE_ID, messageId);
            message.setStringProperty(MESSAGE_TYPE, type);
            if (version != null) {
                message.setIntProperty(EVENT_VERSION, version);
            }
            for (Map.Entry<String, String> property : properties.entrySet()) {
                message.setStringProperty(property.getKey(), property.getValue());
            }
            context.createProducer().send(destination(queue), message);
        } catch (JMSException e) {
            throw new JMSRuntimeException("Cannot build message " + messageId + ": " + e.getMessage(), e.getErrorCode(), e);
        }
    }

    private static Destination destination(ReckonQueue queue) {
        try {
            return InitialContext.doLookup(queue.jndiName());
        } catch (NamingException e) {
            throw new IllegalStateException("Destination " + queue.jndiName() + " missing; run wildfly-config's messaging.cli", e);
        }
    }
}
