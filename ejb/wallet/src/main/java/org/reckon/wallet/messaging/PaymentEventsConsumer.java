package org.reckon.wallet.messaging;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import jakarta.json.bind.JsonbException;
import java.math.BigDecimal;
import java.util.logging.Logger;
import org.reckon.payment.api.events.PaymentEventProperties;
import org.reckon.payment.api.events.PaymentSucceeded;
import org.reckon.platform.json.ReckonJson;
import org.reckon.platform.messaging.OutboundMessages;
import org.reckon.wallet.TopUps;
import org.reckon.wallet.domain.Command;
import org.reckon.wallet.domain.Outcome;
import org.reckon.wallet.domain.Purpose;
import org.reckon.wallet.engine.Answers;
import org.reckon.wallet.engine.PartitionEngine;
import org.reckon.wallet.engine.WalletEngines;

/**
 * The wallet follows the payments whose seller is a wallet (top-ups) through its own durable
 * subscription to the {@code DomainEvents} topic, {@value #SUBSCRIPTION}: payment.succeeded
 * credits the wallet. The selector admits only the checkouts this context created
 * ({@link PaymentEventProperties#MANAGED_BY}), so a buyer's pay-in is never stored for it. The inbox is the partition's state machine: the credit is the command
 * {@code TOP_UP:<payment_order_id>}, so a redelivered event is a duplicate that credits nothing.
 * A credit the wallet refuses (no such account, another currency) fails the message to the dead
 * letters, where staff see it, rather than losing money silently.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = "java:/jms/topic/DomainEvents"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Topic"),
        @ActivationConfigProperty(propertyName = "subscriptionDurability", propertyValue = "Durable"),
        @ActivationConfigProperty(propertyName = "subscriptionName", propertyValue = PaymentEventsConsumer.SUBSCRIPTION),
        @ActivationConfigProperty(propertyName = "shareSubscriptions", propertyValue = "true"),
        @ActivationConfigProperty(propertyName = "messageSelector", propertyValue = PaymentEventsConsumer.SELECTOR),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "4")})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class PaymentEventsConsumer implements MessageListener {

    static final String SUBSCRIPTION = "wallet-payment-events";
    static final String SELECTOR = OutboundMessages.MESSAGE_TYPE + " = '" + PaymentSucceeded.TYPE + "' AND ("
            + PaymentEventProperties.MANAGED_BY + " IS NULL OR " + PaymentEventProperties.MANAGED_BY + " = '"
            + TopUps.CONTEXT + "') AND (" + OutboundMessages.REPLAY_TO + " IS NULL OR " + OutboundMessages.REPLAY_TO
            + " = '" + SUBSCRIPTION + "')";

    private static final Logger LOG = Logger.getLogger(PaymentEventsConsumer.class.getName());

    @EJB
    WalletEngines engines;

    @Override
    public void onMessage(Message message) {
        PaymentSucceeded event;
        try {
            int version = message.propertyExists(OutboundMessages.EVENT_VERSION)
                    ? message.getIntProperty(OutboundMessages.EVENT_VERSION) : 0;
            if (version != PaymentSucceeded.VERSION) {
                throw new IllegalStateException("payment.succeeded version " + version + " is not one this consumer reads");
            }
            event = ReckonJson.JSONB.fromJson(((TextMessage) message).getText(), PaymentSucceeded.class);
        } catch (JMSException | ClassCastException | JsonbException | NullPointerException e) {
            LOG.warning(() -> "unreadable domain event, left to the dead-letter queue: " + e);
            throw new IllegalStateException("unreadable domain event", e);
        }
        if (event.sellerAccount() == null || !event.sellerAccount().startsWith(TopUps.SELLER_PREFIX)) {
            return; // a payment to a seller, not a top-up
        }
        String account = event.sellerAccount().substring(TopUps.SELLER_PREFIX.length());
        PartitionEngine engine = engines.of(account);
        Outcome o = Answers.await(engine.partition(), engine.submit(new Command.Credit(event.paymentOrderId(), account,
                new BigDecimal(event.amount()), event.currency(), Purpose.TOP_UP)));
        if (!o.accepted()) {
            throw new IllegalStateException("top-up " + event.paymentOrderId() + " refused by wallet " + account + ": " + o.rejection());
        }
    }
}
