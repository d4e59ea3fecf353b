package org.reckon.it.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.persistence.EntityManager;
import jakarta.transaction.UserTransaction;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Jndi;
import org.reckon.it.support.Queues;
import org.reckon.it.support.Rows;
import org.reckon.platform.inbox.Inbox;

/**
 * Retries and dead letters are the broker's job (messaging.cli address-settings): a consumer that
 * fails is retried with growing gaps up to max-delivery-attempts, then its message waits in the
 * queue's own DLQ; a consumer that fails and then succeeds applies the message once.
 */
@ExtendWith(ArquillianExtension.class)
class RedeliveryIT {

    @Test
    void aMessageWhoseConsumerAlwaysFailsIsRetriedWithGrowingGapsThenDeadLettered() throws JMSException {
        String queue = "ProbeQueue"; // test-only (messaging-test.cli): no bean consumes it
        String address = "jms.queue." + queue;
        int maxAttempts = ((Number) Queues.addressSetting(address, "maxDeliveryAttempts")).intValue();
        long delay = ((Number) Queues.addressSetting(address, "redeliveryDelay")).longValue();
        double multiplier = ((Number) Queues.addressSetting(address, "redeliveryMultiplier")).doubleValue();
        long maxDelay = ((Number) Queues.addressSetting(address, "maxRedeliveryDelay")).longValue();
        assertTrue(maxAttempts > 1 && delay > 0 && multiplier > 1 && maxDelay >= delay, "retry settings in force");
        String id = send(queue);

        List<Long> receivedAt = new ArrayList<>();
        ConnectionFactory factory = Queues.plainConnectionFactory();
        try (JMSContext context = factory.createContext(JMSContext.SESSION_TRANSACTED)) {
            JMSConsumer consumer = context.createConsumer(Queues.queue(queue), Queues.selectorFor(id));
            for (int attempt = 1; attempt <= maxAttempts; attempt++) {
                Message message = consumer.receive(maxDelay + 5_000);
                assertNotNull(message, "delivery " + attempt + " of " + maxAttempts);
                receivedAt.add(System.nanoTime());
                assertEquals(attempt, message.getIntProperty("JMSXDeliveryCount"));
                context.rollback(); // the consumer fails
            }
            assertNull(consumer.receive(1_000), "no delivery after the last attempt");
        }

        long expectedGap = delay;
        for (int i = 1; i < receivedAt.size(); i++) {
            long gapMillis = (receivedAt.get(i) - receivedAt.get(i - 1)) / 1_000_000;
            assertTrue(gapMillis >= expectedGap * 0.9,
                    "gap " + i + " was " + gapMillis + " ms, expected at least " + expectedGap + " ms");
            expectedGap = Math.min(maxDelay, Math.round(expectedGap * multiplier));
        }
        Message dead = Queues.take("DLQ." + queue, id, 5_000);
        assertNotNull(dead, "the message waits in its dead-letter queue");
        assertEquals(address, dead.getStringProperty("_AMQ_ORIG_ADDRESS"));
    }

    @Test
    void aMessageWhoseConsumerFailsTwiceThenSucceedsIsAppliedExactlyOnce() throws Exception {
        String queue = "ProbeQueue";
        String consumerName = "redelivery-it";
        String id = send(queue);
        UserTransaction tx = Jndi.lookup("java:jboss/UserTransaction", UserTransaction.class);
        EntityManager payment = Jndi.lookup("java:/reckon/PaymentEntityManager", EntityManager.class);
        ConnectionFactory xa = Jndi.lookup("java:/JmsXA", ConnectionFactory.class);

        int deliveries = 0;
        int effectsCommitted = 0;
        while (true) {
            tx.begin();
            Message message;
            boolean first;
            try (JMSContext context = xa.createContext()) {
                message = context.createConsumer(Queues.queue(queue), Queues.selectorFor(id))
                        .receive(deliveries == 4 ? 1_000 : 10_000);
                first = message != null && new Inbox(payment, Clock.systemUTC()).firstDelivery(consumerName, id);
            }
            if (message == null) {
                tx.commit();
                break;
            }
            deliveries++;
            if (deliveries <= 2) {
                tx.rollback(); // the consumer fails after doing its work: the work goes too
            } else {
                tx.commit();
                effectsCommitted += first ? 1 : 0;
                if (deliveries == 3) {
                    send(queue, id); // a duplicate of the same message arrives later
                }
            }
        }

        assertEquals(4, deliveries, "three deliveries of the message, one of its duplicate");
        assertEquals(1, effectsCommitted);
        assertEquals(1, Rows.inbox(Rows.PAYMENT_DS, consumerName, id));
    }

    private static String send(String queue) {
        return send(queue, UUID.randomUUID().toString());
    }

    private static String send(String queue, String id) {
        try (JMSContext context = Queues.plainConnectionFactory().createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
            context.createProducer()
                    .setProperty(Queues.MESSAGE_ID, id)
                    .send(Queues.queue(queue), "{\"id\":\"" + id + "\"}");
        }
        return id;
    }
}
