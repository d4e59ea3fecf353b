package org.reckon.payment.messaging;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.MessageDrivenContext;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.logging.Logger;
import org.reckon.payment.PaymentExecutor;
import org.reckon.payment.PaymentOutcomes;

/**
 * Retries of payment executions. A retryable failure rolls the transaction back, so the broker
 * redelivers with the retry queue's growing delay (messaging.cli: 2 s, 4 s, 8 s ... up to
 * 5 min, 8 attempts) and, when attempts run out, moves the message to DLQ.PaymentRetryQueue,
 * where staff can replay it once the PSP is back.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = "java:/jms/queue/PaymentRetryQueue"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "4")})
public class PaymentRetryConsumer implements MessageListener {

    private static final Logger LOG = Logger.getLogger(PaymentRetryConsumer.class.getName());

    @EJB
    PaymentExecutor executor;

    @EJB
    PaymentOutcomes outcomes;

    @Resource
    MessageDrivenContext context;

    @Override
    public void onMessage(Message message) {
        ExecutionMessages.execute(message, executor, outcomes, (paymentOrderId, failure) -> {
            LOG.info(() -> "retry of payment order " + paymentOrderId + " failed again: " + failure.getMessage());
            context.setRollbackOnly();
        });
    }
}
