package org.reckon.it.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.Jndi;
import org.reckon.it.support.Json;
import org.reckon.it.support.Queues;
import org.reckon.it.support.TestUsers;

/**
 * The DomainEvents topic: every subscription gets each event; a subscription whose consumer keeps
 * failing has its own retries (the topic's address-setting) and dead letters (DLQ.DomainEvents,
 * naming the subscription), and a staff replay goes back to that subscription only, never to the
 * subscriptions that had applied the event already. Two test subscriptions stand in for two
 * consuming contexts, with the selector convention every subscription follows.
 */
@ExtendWith(ArquillianExtension.class)
class DomainEventsTopicIT {

    private static final String TYPE = "it.topic-probe";
    private static final String FAILING = "it-failing-events";
    private static final String BYSTANDER = "it-bystander-events";

    private static String selector(String subscription) {
        return "reckon_message_type = '" + TYPE + "' AND (reckon_replay_to IS NULL OR reckon_replay_to = '"
                + subscription + "')";
    }

    @Test
    void aDeadLetterOfOneSubscriptionIsReplayedToThatSubscriptionOnly() throws JMSException {
        String address = "jms.topic.DomainEvents";
        int maxAttempts = ((Number) Queues.addressSetting(address, "maxDeliveryAttempts")).intValue();
        long maxDelay = ((Number) Queues.addressSetting(address, "maxRedeliveryDelay")).longValue();
        assertTrue(maxAttempts > 1 && ((Number) Queues.addressSetting(address, "redeliveryDelay")).longValue() > 0
                && maxDelay > 0, "the topic has retry settings");
        assertEquals("jms.queue.DLQ.DomainEvents", Queues.addressSetting(address, "deadLetterAddress"));
        Topic topic = Jndi.lookup("java:/jms/topic/DomainEvents", Topic.class);
        String id = "it-topic-" + UUID.randomUUID();
        try (JMSContext failing = Queues.plainConnectionFactory().createContext(JMSContext.SESSION_TRANSACTED);
             JMSContext bystander = Queues.plainConnectionFactory().createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
            JMSConsumer failingConsumer = failing.createSharedDurableConsumer(topic, FAILING, selector(FAILING));
            JMSConsumer bystanderConsumer = bystander.createSharedDurableConsumer(topic, BYSTANDER, selector(BYSTANDER));
            try (JMSContext publisher = Queues.plainConnectionFactory().createContext()) {
                TextMessage event = publisher.createTextMessage("{\"id\":\"" + id + "\"}");
                event.setStringProperty(Queues.MESSAGE_ID, id);
                event.setStringProperty("reckon_message_type", TYPE);
                event.setIntProperty("reckon_event_version", 1);
                publisher.createProducer().send(topic, event);
            }

            Message applied = bystanderConsumer.receive(5_000);
            assertNotNull(applied, "the other subscription gets the event");
            assertEquals(id, applied.getStringProperty(Queues.MESSAGE_ID));
            for (int attempt = 1; attempt <= maxAttempts; attempt++) {
                Message message = failingConsumer.receive(maxDelay + 5_000);
                assertNotNull(message, "delivery " + attempt + " of " + maxAttempts);
                assertEquals(id, message.getStringProperty(Queues.MESSAGE_ID));
                failing.rollback(); // this context's consumer fails
            }
            assertNull(failingConsumer.receive(1_000), "no delivery after the last attempt");

            JsonObject dead = deadLetter(id);
            assertEquals(address, dead.getString("original_address"));
            assertEquals(FAILING, dead.getString("original_queue"), "the dead letter names its subscription");
            HttpResponse<String> replay = Http.send(Http.as(Http.request("/v1/admin/dead-letters/domain-events/"
                    + dead.getString("jms_message_id") + "/replay"), TestUsers.STAFF.user, TestUsers.STAFF.password)
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, replay.statusCode(), replay.body());

            Message replayed = failingConsumer.receive(5_000);
            assertNotNull(replayed, "the failed subscription gets it again");
            assertEquals(id, replayed.getStringProperty(Queues.MESSAGE_ID));
            assertEquals(FAILING, replayed.getStringProperty("reckon_replay_to"));
            assertEquals(1, replayed.getIntProperty("reckon_event_version"));
            failing.commit();
            assertNull(bystanderConsumer.receive(2_000), "the subscription that applied it gets no second copy");
            failingConsumer.close();
            bystanderConsumer.close();
        } finally {
            try (JMSContext cleanup = Queues.plainConnectionFactory().createContext()) {
                cleanup.unsubscribe(FAILING);
                cleanup.unsubscribe(BYSTANDER);
            }
        }
    }

    private static JsonObject deadLetter(String messageId) {
        HttpResponse<String> list = Http.send(Http.as(Http.request("/v1/admin/dead-letters/domain-events?max=1000"),
                TestUsers.STAFF.user, TestUsers.STAFF.password).GET());
        assertEquals(200, list.statusCode(), list.body());
        return jakarta.json.Json.createReader(new java.io.StringReader(list.body())).readObject().getJsonArray("items")
                .getValuesAs(JsonObject.class).stream()
                .filter(d -> messageId.equals(d.getString("message_id", null)))
                .findFirst().orElseThrow(() -> new AssertionError("no dead letter " + messageId + " in " + list.body()));
    }
}
