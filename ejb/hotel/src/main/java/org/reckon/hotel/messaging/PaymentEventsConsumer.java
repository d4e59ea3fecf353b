package org.reckon.hotel.messaging;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import jakarta.json.bind.JsonbException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.logging.Logger;
import org.reckon.hotel.Reservations;
import org.reckon.payment.api.events.PaymentEventProperties;
import org.reckon.payment.api.events.PaymentFailed;
import org.reckon.payment.api.events.PaymentSucceeded;
import org.reckon.platform.json.ReckonJson;
import org.reckon.platform.inbox.Inbox;
import org.reckon.platform.messaging.OutboundMessages;

/**
 * The hotel context follows its payments through its own durable subscription to the
 * {@code DomainEvents} topic, {@value #SUBSCRIPTION}: payment.succeeded pays a pending
 * reservation (or refunds one that ended meanwhile), payment.failed rejects it and gives its
 * rooms back. The subscription's selector admits only those two types (other contexts' events
 * never reach it), only for the checkouts this context created
 * ({@link PaymentEventProperties#MANAGED_BY}: a buyer's pay-in or a wallet top-up is never stored
 * for it), and only replays addressed to it. Events are read through the payment API's
 * versioned records; a version this consumer does not know is refused, to the dead letters.
 * The inbox (consumer {@value #SUBSCRIPTION}) skips a message applied before; the reservation's
 * state machine refuses a second move anyway. A failure rolls back so the broker redelivers,
 * then dead-letters to DLQ.DomainEvents, from where staff replay it to this subscription only.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = "java:/jms/topic/DomainEvents"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Topic"),
        @ActivationConfigProperty(propertyName = "subscriptionDurability", propertyValue = "Durable"),
        @ActivationConfigProperty(propertyName = "subscriptionName", propertyValue = PaymentEventsConsumer.SUBSCRIPTION),
        @ActivationConfigProperty(propertyName = "shareSubscriptions", propertyValue = "true"),
        @ActivationConfigProperty(propertyName = "messageSelector", propertyValue = PaymentEventsConsumer.SELECTOR),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "4")})
public class PaymentEventsConsumer implements MessageListener {

    static final String SUBSCRIPTION = "hotel-payment-events";
    static final String SELECTOR = OutboundMessages.MESSAGE_TYPE + " IN ('" + PaymentSucceeded.TYPE + "', '"
            + PaymentFailed.TYPE + "') AND (" + PaymentEventProperties.MANAGED_BY + " IS NULL OR "
            + PaymentEventProperties.MANAGED_BY + " = '" + Reservations.CONTEXT + "') AND ("
            + OutboundMessages.REPLAY_TO + " IS NULL OR " + OutboundMessages.REPLAY_TO + " = '" + SUBSCRIPTION + "')";

    private static final Logger LOG = Logger.getLogger(PaymentEventsConsumer.class.getName());

    @EJB
    Reservations reservations;

    @PersistenceContext(unitName = "hotel")
    EntityManager em;

    private final Clock clock = Clock.systemUTC();

    @Override
    public void onMessage(Message message) {
        try {
            String type = message.getStringProperty(OutboundMessages.MESSAGE_TYPE);
            int version = message.propertyExists(OutboundMessages.EVENT_VERSION)
                    ? message.getIntProperty(OutboundMessages.EVENT_VERSION) : 0;
            String json = ((TextMessage) message).getText();
            if (PaymentSucceeded.TYPE.equals(type) && version == PaymentSucceeded.VERSION) {
                PaymentSucceeded event = ReckonJson.JSONB.fromJson(json, PaymentSucceeded.class);
                if (firstDelivery(message)) {
                    reservations.paymentSucceeded(event.paymentOrderId());
                }
            } else if (PaymentFailed.TYPE.equals(type) && version == PaymentFailed.VERSION) {
                PaymentFailed event = ReckonJson.JSONB.fromJson(json, PaymentFailed.class);
                if (firstDelivery(message)) {
                    reservations.paymentFailed(event.paymentOrderId(), event.failureReason());
                }
            } else {
                throw new IllegalStateException(type + " version " + version + " is not an event this consumer reads");
            }
        } catch (JMSException | ClassCastException | JsonbException | NullPointerException e) {
            LOG.warning(() -> "unreadable domain event, left to the dead-letter queue: " + e);
            throw new IllegalStateException("unreadable domain event", e);
        }
    }

    private boolean firstDelivery(Message message) throws JMSException {
        String messageId = message.getStringProperty(OutboundMessages.MESSAGE_ID);
        return new Inbox(em, clock).firstDelivery(SUBSCRIPTION, messageId == null ? message.getJMSMessageID() : messageId);
    }
}
