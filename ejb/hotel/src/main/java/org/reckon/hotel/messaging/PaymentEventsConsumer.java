package org.reckon.hotel.messaging;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.logging.Logger;
import org.reckon.hotel.Reservations;
import org.reckon.platform.messaging.OutboundMessages;

/**
 * The hotel context follows its payments: payment.succeeded pays a pending reservation (or
 * refunds one that ended meanwhile), payment.failed rejects it and gives its rooms back. Events
 * of payments that are not a reservation's are consumed and ignored. Applying an event twice
 * changes nothing (the reservation's state machine refuses a second move), and a failure rolls
 * back so the broker redelivers, then dead-letters to DLQ.DomainEventsQueue for staff to replay.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = "java:/jms/queue/DomainEventsQueue"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "4")})
public class PaymentEventsConsumer implements MessageListener {

    private static final Logger LOG = Logger.getLogger(PaymentEventsConsumer.class.getName());

    @EJB
    Reservations reservations;

    @Override
    public void onMessage(Message message) {
        try {
            String type = message.getStringProperty(OutboundMessages.MESSAGE_TYPE);
            if (!"payment.succeeded".equals(type) && !"payment.failed".equals(type)) {
                return;
            }
            JsonObject event;
            try (JsonReader reader = Json.createReader(new StringReader(((TextMessage) message).getText()))) {
                event = reader.readObject();
            }
            String paymentOrderId = event.getString("payment_order_id");
            if ("payment.succeeded".equals(type)) {
                reservations.paymentSucceeded(paymentOrderId);
            } else {
                reservations.paymentFailed(paymentOrderId, event.getString("failure_reason", null));
            }
        } catch (JMSException | ClassCastException | jakarta.json.JsonException | NullPointerException e) {
            LOG.warning(() -> "unreadable domain event, left to the dead-letter queue: " + e);
            throw new IllegalStateException("unreadable domain event", e);
        }
    }
}
