package org.reckon.payment.messaging;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import org.reckon.payment.PaymentExecutor;
import org.reckon.payment.PaymentOutcomes;

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

    @EJB
    PaymentExecutor executor;

    @EJB
    PaymentOutcomes outcomes;

    @Override
    public void onMessage(Message message) {
        ExecutionMessages.execute(message, executor, outcomes,
                (paymentOrderId, failure) -> executor.scheduleRetry(paymentOrderId, failure.getMessage()));
    }
}
