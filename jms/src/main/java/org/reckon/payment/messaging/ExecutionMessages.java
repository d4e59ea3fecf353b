package org.reckon.payment.messaging;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.reckon.payment.PaymentExecutor;
import org.reckon.platform.json.ReckonJson;

/** Reads the payment order id out of an execution or retry message. */
final class ExecutionMessages {

    private ExecutionMessages() {
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
