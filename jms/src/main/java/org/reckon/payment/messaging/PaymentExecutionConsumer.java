package org.reckon.payment.messaging;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.logging.Logger;
import org.reckon.payment.PaymentExecutor;
import org.reckon.payment.PaymentOutcomes;
import org.reckon.payment.psp.PspException;

/**
 * First attempt at executing a payment order. A retryable PSP failure (no answer, 5xx, lost
 * response) hands the order to the retry queue in this same transaction; a refusal (4xx) fails
 * the order with the PSP's reason. Either way this message is consumed.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = "java:/jms/queue/PaymentExecutionQueue"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "8")})
public class PaymentExecutionConsumer implements MessageListener {

    private static final Logger LOG = Logger.getLogger(PaymentExecutionConsumer.class.getName());

    @EJB
    PaymentExecutor executor;

    @EJB
    PaymentOutcomes outcomes;

    @Override
    public void onMessage(Message message) {
        String paymentOrderId;
        try {
            paymentOrderId = ExecutionMessages.paymentOrderId(message);
        } catch (JMSException | RuntimeException e) {
            LOG.severe("unreadable payment execution message dropped: " + e);
            return;
        }
        try {
            executor.execute(paymentOrderId);
        } catch (PspException e) {
            if (e.retryable()) {
                executor.scheduleRetry(paymentOrderId, e.getMessage());
            } else {
                outcomes.failed(paymentOrderId, "PSP refused the payment: " + e.getMessage());
            }
        }
    }
}
