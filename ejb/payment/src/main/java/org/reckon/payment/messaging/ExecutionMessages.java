package org.reckon.payment.messaging;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.util.function.BiConsumer;
import java.util.logging.Logger;
import org.reckon.payment.PaymentExecutor;
import org.reckon.payment.PaymentOutcomes;
import org.reckon.payment.psp.PspException;
import org.reckon.platform.json.ReckonJson;

/**
 * What the execution and retry consumers share: read the order id out of the message, execute,
 * and fail the order when the PSP refuses. They differ only in what a retryable failure does.
 */
final class ExecutionMessages {

    private static final Logger LOG = Logger.getLogger(ExecutionMessages.class.getName());

    private ExecutionMessages() {
    }

    static void execute(Message message, PaymentExecutor executor, PaymentOutcomes outcomes,
                        BiConsumer<String, PspException> onRetryable) {
        String paymentOrderId;
        try {
            paymentOrderId = paymentOrderId(message);
        } catch (JMSException | RuntimeException e) {
            LOG.severe("unreadable payment execution message dropped: " + e);
            return;
        }
        try {
            executor.execute(paymentOrderId);
        } catch (PspException e) {
            if (e.retryable()) {
                onRetryable.accept(paymentOrderId, e);
            } else {
                outcomes.failed(paymentOrderId, "PSP refused the payment: " + e.getMessage());
            }
        }
    }

    static String paymentOrderId(Message message) throws JMSException {
        if (!(message instanceof TextMessage text)) {
            throw new IllegalArgumentException("expected a JSON text message, got " + message.getClass().getSimpleName());
        }
        String id = ReckonJson.JSONB.fromJson(text.getText(), PaymentExecutor.ExecutePayment.class).paymentOrderId();
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("no payment_order_id in " + text.getText());
        }
        return id;
    }
}
