package org.reckon.it.payment;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.reckon.payment.domain.PaymentOrder;
import org.reckon.payment.domain.PaymentOrderChanged;

/**
 * Changes a payment order the way the registration at the PSP does, in a transaction of its own that
 * nothing flushes before the commit (so Hibernate writes the row in its beforeCompletion), and
 * records every {@link PaymentOrderChanged} with the transaction status it was observed in.
 */
@Stateless
public class PaymentOrderChangesProbe {

    @PersistenceContext(unitName = "payment")
    EntityManager payment;

    public void reRegister(String paymentOrderId, String token, String hostedPageUrl) {
        payment.find(PaymentOrder.class, paymentOrderId).registeredAtPsp(token, hostedPageUrl);
    }

    /** The same change, flushed, then the transaction rolls back (a system exception). */
    public void reRegisterThenRollBack(String paymentOrderId, String token, String hostedPageUrl) {
        payment.find(PaymentOrder.class, paymentOrderId).registeredAtPsp(token, hostedPageUrl);
        payment.flush();
        throw new IllegalStateException("probe: roll the change back");
    }

    /** Every announcement, as (order id, jakarta.transaction.Status of the thread when observed). */
    @ApplicationScoped
    public static class Recorder {

        @Resource
        TransactionSynchronizationRegistry transactions;

        private final List<String[]> seen = new CopyOnWriteArrayList<>();

        void on(@Observes PaymentOrderChanged change) {
            seen.add(new String[] {change.paymentOrderId(), String.valueOf(transactions.getTransactionStatus())});
        }

        /** The statuses the announcements of one order were observed in, in order. */
        public List<Integer> statuses(String paymentOrderId) {
            return seen.stream().filter(s -> s[0].equals(paymentOrderId)).map(s -> Integer.valueOf(s[1])).toList();
        }
    }
}
