package org.reckon.payment.domain;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.persistence.PostUpdate;

/**
 * The entity listener of {@link PaymentOrder}: every UPDATE Hibernate writes for an order (status,
 * PSP token, refunds, the ledger and wallet flags: every change goes through the entity, no SQL
 * updates the table) fires {@link PaymentOrderChanged} inside the writing transaction, so observers
 * see every change and only the committed ones when they ask for AFTER_SUCCESS.
 */
public class PaymentOrderChanges {

    @PostUpdate
    void updated(PaymentOrder order) {
        CDI<Object> cdi;
        try {
            cdi = CDI.current();
        } catch (IllegalStateException e) {
            return; // no CDI container: plain JPA outside the server
        }
        cdi.getBeanManager().getEvent().select(PaymentOrderChanged.class).fire(new PaymentOrderChanged(order.paymentOrderId()));
    }
}
