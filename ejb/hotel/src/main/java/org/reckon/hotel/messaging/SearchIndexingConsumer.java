package org.reckon.hotel.messaging;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.MessageDrivenContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.logging.Logger;
import org.reckon.hotel.search.HotelIndexRequests;
import org.reckon.hotel.search.HotelIndexer;
import org.reckon.platform.messaging.OutboundMessages;
import org.reckon.shared.ReckonException;

/**
 * Feeds the search index from SearchIndexingQueue: each search.reindex message names a hotel or
 * a reservation whose change committed, and {@link HotelIndexer} projects its current state.
 * No inbox is needed: indexing the current state twice gives the same document. A failure to
 * index (Elasticsearch down or still starting, the row not visible yet) is expected and brief: it
 * is logged as one warning line and the transaction is marked rollback-only, as
 * PaymentRetryConsumer does, so the broker redelivers with growing delays (messaging.cli) without
 * the container logging a system exception's stack trace. An unreadable message is a defect and
 * is thrown. Either way, when the attempts run out the message moves to DLQ.SearchIndexingQueue,
 * from which staff replay it.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = "java:/jms/queue/SearchIndexingQueue"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "8")})
public class SearchIndexingConsumer implements MessageListener {

    private static final Logger LOG = Logger.getLogger(SearchIndexingConsumer.class.getName());

    @EJB
    HotelIndexer indexer;

    @Resource
    MessageDrivenContext context;

    @Override
    public void onMessage(Message message) {
        JsonObject request;
        try {
            if (!HotelIndexRequests.TYPE.equals(message.getStringProperty(OutboundMessages.MESSAGE_TYPE))) {
                LOG.warning(() -> "not a search.reindex message, ignored: " + message);
                return;
            }
            try (JsonReader reader = Json.createReader(new StringReader(((TextMessage) message).getText()))) {
                request = reader.readObject();
            }
        } catch (JMSException | ClassCastException | jakarta.json.JsonException e) {
            LOG.warning(() -> "unreadable search.reindex message, left to the dead-letter queue: " + e);
            throw new IllegalStateException("unreadable search.reindex message", e);
        }
        String index = request.getString("index", null);
        String id = request.getString("id", null);
        if (index == null || id == null) {
            throw new IllegalStateException("search.reindex message without index or id: " + request);
        }
        try {
            indexer.reindex(index, id, changedAt(request));
        } catch (ReckonException e) {
            LOG.warning(() -> "indexing " + index + "/" + id + " failed (delivery " + deliveryCount(message)
                    + "), to be redelivered: " + e.getMessage());
            context.setRollbackOnly();
        }
    }

    private static String deliveryCount(Message message) {
        try {
            return String.valueOf(message.getIntProperty("JMSXDeliveryCount"));
        } catch (JMSException | NumberFormatException e) {
            return "?";
        }
    }

    private static Instant changedAt(JsonObject request) {
        try {
            String value = request.getString("changed_at", null);
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null; // the lag of this one is unknown; the document is still worth indexing
        }
    }
}
