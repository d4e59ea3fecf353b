package org.reckon.payment.domain;

import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.persistence.PostUpdate;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The entity listener of {@link PaymentOrder}: every UPDATE Hibernate writes for an order (status,
 * PSP token, refunds, the ledger and wallet flags: every change goes through the entity, no SQL
 * updates the table) is announced by {@link PaymentOrderChanged} once its transaction has committed.
 *
 * <p>The listener runs when Hibernate flushes, and Hibernate flushes a transaction's last changes in
 * its own (interposed) synchronization's {@code beforeCompletion}. A CDI observer
 * {@code during = AFTER_SUCCESS} was the first way: for it Weld registers a plain synchronization,
 * which Narayana refuses once the interposed ones run (a plain one would have to come first), and Weld
 * then drops the AFTER_SUCCESS observers. So a change flushed only at commit (the PSP token after the
 * registration, one probe in 15) sent no signal. An interposed synchronization may still join then:
 * the listener registers one per transaction through the
 * {@link TransactionSynchronizationRegistry}, gathers the orders the transaction changed, and fires
 * the event for each after it committed, on the committing thread. A rolled back transaction fires
 * nothing.
 */
public class PaymentOrderChanges {

    private static final Object CHANGED_ORDERS = PaymentOrderChanges.class.getName() + ".changed";
    private static volatile TransactionSynchronizationRegistry registry;
    private static volatile BeanManager beans;

    @PostUpdate
    void updated(PaymentOrder order) {
        BeanManager cdi = beans();
        if (cdi == null) {
            return; // no CDI container: plain JPA outside the server
        }
        TransactionSynchronizationRegistry tx = registry();
        if (tx == null || tx.getTransactionKey() == null) {
            fire(cdi, Set.of(order.paymentOrderId()));
            return;
        }
        @SuppressWarnings("unchecked")
        Set<String> changed = (Set<String>) tx.getResource(CHANGED_ORDERS);
        if (changed == null) {
            Set<String> orders = new LinkedHashSet<>();
            try {
                tx.registerInterposedSynchronization(new AfterCommit(cdi, orders));
            } catch (IllegalStateException rollbackOnly) { // it will not commit: nothing to announce
                return;
            }
            tx.putResource(CHANGED_ORDERS, orders);
            changed = orders;
        }
        changed.add(order.paymentOrderId());
    }

    private static void fire(BeanManager cdi, Set<String> orders) {
        for (String id : orders) {
            cdi.getEvent().select(PaymentOrderChanged.class).fire(new PaymentOrderChanged(id));
        }
    }

    private static BeanManager beans() {
        BeanManager b = beans;
        if (b == null) {
            try {
                b = CDI.current().getBeanManager();
            } catch (IllegalStateException e) {
                return null;
            }
            beans = b;
        }
        return b;
    }

    private static TransactionSynchronizationRegistry registry() {
        TransactionSynchronizationRegistry r = registry;
        if (r == null) {
            try {
                r = (TransactionSynchronizationRegistry) new InitialContext().lookup("java:comp/TransactionSynchronizationRegistry");
            } catch (NamingException e) {
                return null;
            }
            registry = r;
        }
        return r;
    }

    private record AfterCommit(BeanManager cdi, Set<String> orders) implements Synchronization {
        @Override
        public void beforeCompletion() {
            // the orders are announced only once the outcome is known
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                fire(cdi, orders);
            }
        }
    }
}
