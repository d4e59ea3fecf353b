package org.reckon.payment;

import org.reckon.payment.api.Viewer;
import jakarta.enterprise.context.Dependent;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import org.reckon.payment.domain.PaymentEvent;
import org.reckon.payment.domain.PaymentOrder;
import org.reckon.payment.domain.PaymentOrderHistory;
import org.reckon.payment.domain.PaymentOrderStatus;
import org.reckon.platform.persistence.Entities;

/** Payment events, orders and their history, in PaymentDS. */
@Dependent
public class PaymentRepository {

    @PersistenceContext(unitName = "payment")
    EntityManager em;

    public Optional<PaymentEvent> checkout(String checkoutId) {
        return Optional.ofNullable(Entities.find(em, PaymentEvent.class, checkoutId));
    }

    /**
     * The checkout locked: whoever decides that all its orders are final holds it, so two orders
     * finishing at the same moment cannot each miss the other (write skew) and leave it undone.
     */
    public Optional<PaymentEvent> checkoutForUpdate(String checkoutId) {
        return Optional.ofNullable(Entities.find(em, PaymentEvent.class, checkoutId, LockModeType.PESSIMISTIC_WRITE));
    }

    public Optional<PaymentOrder> order(String paymentOrderId) {
        return Optional.ofNullable(Entities.find(em, PaymentOrder.class, paymentOrderId));
    }

    /** The order with its checkout, in one query (the registration needs both: amount, nonce and return path). */
    public Optional<OrderOfCheckout> orderWithCheckout(String paymentOrderId) {
        return em.createQuery("SELECT o, e FROM PaymentOrder o, PaymentEvent e WHERE o.paymentOrderId = :id"
                        + " AND e.checkoutId = o.checkoutId", Object[].class)
                .setParameter("id", paymentOrderId).getResultList().stream()
                .map(row -> new OrderOfCheckout((PaymentOrder) row[0], (PaymentEvent) row[1])).findFirst();
    }

    /** A payment order and its checkout. */
    public record OrderOfCheckout(PaymentOrder order, PaymentEvent checkout) {
    }

    /** The order locked for a state change: a webhook and a status poll cannot both apply one. */
    public Optional<PaymentOrder> orderForUpdate(String paymentOrderId) {
        return Optional.ofNullable(Entities.find(em, PaymentOrder.class, paymentOrderId, LockModeType.PESSIMISTIC_WRITE));
    }

    /**
     * The order if {@code viewer} may see it (its buyer, or staff), locked for a change when asked;
     * empty otherwise, so someone else's order and a missing one look the same.
     */
    public Optional<PaymentOrder> orderSeenBy(String paymentOrderId, Viewer viewer, boolean forUpdate) {
        if (!forUpdate) {
            // a read (every answer of a long poll): the order and its checkout's buyer in one query
            return em.createQuery("SELECT o, e.buyer FROM PaymentOrder o, PaymentEvent e WHERE o.paymentOrderId = :id"
                            + " AND e.checkoutId = o.checkoutId", Object[].class)
                    .setParameter("id", paymentOrderId).getResultList().stream()
                    .filter(row -> viewer.maySee((String) row[1])).map(row -> (PaymentOrder) row[0]).findFirst();
        }
        return orderForUpdate(paymentOrderId)
                .filter(o -> checkout(o.checkoutId()).map(e -> viewer.maySee(e.buyer())).orElse(false));
    }

    /** The orders with these ids and their checkouts' buyers, in one query (for lists). */
    public List<Object[]> ordersWithBuyers(java.util.Collection<String> paymentOrderIds) {
        if (paymentOrderIds.isEmpty()) {
            return List.of();
        }
        return em.createQuery("SELECT o, e.buyer FROM PaymentOrder o, PaymentEvent e WHERE e.checkoutId = o.checkoutId"
                + " AND o.paymentOrderId IN :ids", Object[].class).setParameter("ids", paymentOrderIds).getResultList();
    }

    public List<PaymentOrder> ordersOf(String checkoutId) {
        return em.createQuery("SELECT o FROM PaymentOrder o WHERE o.checkoutId = :c ORDER BY o.createdAt, o.paymentOrderId",
                        PaymentOrder.class)
                .setParameter("c", checkoutId).getResultList();
    }

    /** In the order of the changes: ids come from per-node blocks of a sequence, so they order only within a node. */
    public List<PaymentOrderHistory> history(String paymentOrderId) {
        return em.createQuery("SELECT h FROM PaymentOrderHistory h WHERE h.paymentOrderId = :o ORDER BY h.changedAt, h.id",
                        PaymentOrderHistory.class)
                .setParameter("o", paymentOrderId).getResultList();
    }

    public List<PaymentOrder> unfinishedSince(java.time.Instant before, int max) {
        return em.createQuery("SELECT o FROM PaymentOrder o WHERE o.status IN :open AND o.updatedAt < :before"
                        + " ORDER BY o.updatedAt", PaymentOrder.class)
                .setParameter("open", List.of(PaymentOrderStatus.NOT_STARTED, PaymentOrderStatus.EXECUTING,
                        PaymentOrderStatus.PENDING, PaymentOrderStatus.UNKNOWN))
                .setParameter("before", before)
                .setMaxResults(max)
                .getResultList();
    }

    public void add(PaymentEvent event) {
        em.persist(event);
    }

    public void add(PaymentOrder order) {
        em.persist(order);
    }

    public void append(PaymentOrderHistory history) {
        em.persist(history);
    }
}
