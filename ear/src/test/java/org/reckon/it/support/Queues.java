package org.reckon.it.support;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Broker access for in-container tests: plain (non-XA) JMS and the address settings in force. */
public final class Queues {

    public static final String MESSAGE_ID = "reckon_message_id";

    private Queues() {
    }

    public static ConnectionFactory plainConnectionFactory() {
        return Jndi.lookup("java:/ConnectionFactory", ConnectionFactory.class);
    }

    public static Queue queue(String name) {
        return Jndi.lookup("java:/jms/queue/" + name, Queue.class);
    }

    public static String selectorFor(String messageId) {
        return MESSAGE_ID + " = '" + messageId + "'";
    }

    /** Takes the message with this id off the queue, waiting up to timeoutMillis; null if none. */
    public static Message take(String queueName, String messageId, long timeoutMillis) {
        try (JMSContext context = plainConnectionFactory().createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
            return context.createConsumer(queue(queueName), selectorFor(messageId)).receive(timeoutMillis);
        }
    }

    /**
     * How many messages the broker has routed to a core queue since it started, such as a durable
     * subscription's ({@code hotel-payment-events}): counted when the sender's transaction commits.
     */
    public static long messagesAdded(String coreQueue) {
        try {
            ObjectName name = new ObjectName("jboss.as:subsystem=messaging-activemq,server=default,runtime-queue=" + coreQueue);
            return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(name, "messagesAdded")).longValue();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read messages-added of " + coreQueue, e);
        }
    }

    /** An attribute of the address-setting in force for an address, as the server resolved it. */
    public static Object addressSetting(String address, String attribute) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("jboss.as:subsystem=messaging-activemq,server=default,address-setting="
                    + address);
            return server.getAttribute(name, attribute);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read address-setting " + address + "/" + attribute, e);
        }
    }
}
