package org.reckon.payment.api;

import java.time.Duration;
import java.util.Optional;

/**
 * What other contexts may ask of the payment context about checkouts: create one for a sale they
 * manage (a reservation's), and read the state of its payment orders. Implemented by the payment
 * context's {@code PaymentCheckouts}; injected with {@code @EJB}, joining the caller's transaction.
 */
public interface Checkouts {

    /** Creates the checkout and queues its orders for execution, in the caller's transaction. */
    CheckoutView create(NewCheckout checkout);

    /** One payment order as {@code viewer} may see it; 404 when missing or not theirs. */
    CheckoutView.OrderView order(String paymentOrderId, Viewer viewer);

    /**
     * The payment orders among {@code paymentOrderIds} that {@code viewer} may see, in one query and
     * without waiting: an order whose creating transaction is still committing is simply absent
     * (for lists; {@link #orderOnceCommitted} waits for one).
     */
    java.util.List<CheckoutView.OrderView> orders(java.util.Collection<String> paymentOrderIds, Viewer viewer);

    /**
     * One payment order, read again with growing pauses for up to {@code patience} while its
     * branch of a two-phase commit is still committing; empty if it never appears.
     */
    Optional<CheckoutView.OrderView> orderOnceCommitted(String paymentOrderId, Viewer viewer, Duration patience);
}
