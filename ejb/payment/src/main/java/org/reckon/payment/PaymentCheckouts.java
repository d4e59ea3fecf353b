package org.reckon.payment;

import org.reckon.payment.api.CheckoutView;
import org.reckon.payment.api.NewCheckout;
import org.reckon.payment.api.Viewer;
import jakarta.ejb.EJB;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import org.reckon.payment.api.Checkouts;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.reckon.payment.domain.PaymentEvent;
import org.reckon.payment.domain.PaymentOrder;
import org.reckon.payment.domain.PaymentOrderHistory;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;
import org.reckon.shared.money.Money;

/**
 * Accepting a payment event (chapter 11, "pay-in flow" steps 1-2): validates every order,
 * stores the checkout and its orders NOT_STARTED with their first history rows, queues each
 * order for execution: all in one transaction, the caller's when it has one (the payments API's
 * Idempotency-Key mechanism, which stores the response in it too; a reservation's booking). Clients poll the checkout until each order carries its hosted-page URL.
 */
@Stateless
@LocalBean
@Local(Checkouts.class)
public class PaymentCheckouts implements Checkouts {

    @Inject
    PaymentRepository payments;

    @EJB
    PaymentExecutor executor;

    private final Clock clock = Clock.systemUTC();

    @Override
    public CheckoutView create(NewCheckout checkout) {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        if (payments.checkout(checkout.checkoutId()).isPresent()) {
            throw new ReckonException(ErrorCode.CONFLICT, "checkout " + checkout.checkoutId() + " exists already",
                    "checkout_id");
        }
        PaymentEvent event = new PaymentEvent(checkout.checkoutId(), checkout.buyer(), checkout.buyerName(),
                checkout.buyerEmail(), checkout.pspToken(), checkout.returnPath(), checkout.managedBy(), now);
        List<PaymentOrder> orders = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < checkout.orders().size(); i++) {
            NewCheckout.NewOrder o = checkout.orders().get(i);
            String field = "payment_orders[" + i + "].";
            if (!ids.add(o.paymentOrderId())) {
                throw new ReckonException(ErrorCode.VALIDATION_FAILED, "appears twice in this checkout",
                        field + "payment_order_id");
            }
            if (payments.order(o.paymentOrderId()).isPresent()) {
                throw new ReckonException(ErrorCode.CONFLICT,
                        "payment order " + o.paymentOrderId() + " belongs to another checkout", field + "payment_order_id");
            }
            Money amount = Money.parse(o.amount(), o.currency(), field + "amount", field + "currency");
            if (!amount.isPositive()) {
                throw new ReckonException(ErrorCode.VALIDATION_FAILED, "must be greater than zero", field + "amount");
            }
            orders.add(new PaymentOrder(o.paymentOrderId(), checkout.checkoutId(), o.sellerAccount(), amount, now));
        }
        event.holds(orders.size());
        payments.add(event);
        for (PaymentOrder order : orders) {
            payments.add(order);
            payments.append(order.created("payment event accepted for checkout " + checkout.checkoutId()));
            executor.enqueue(order.paymentOrderId());
        }
        return CheckoutViews.of(event, orders);
    }

    public CheckoutView checkout(String checkoutId, Viewer viewer) {
        PaymentEvent event = payments.checkout(checkoutId)
                .filter(e -> viewer.maySee(e.buyer()))
                .orElseThrow(() -> new ReckonException(ErrorCode.NOT_FOUND, "No checkout " + checkoutId, "checkout_id"));
        return CheckoutViews.of(event, payments.ordersOf(checkoutId));
    }

    /**
     * One query and no transaction of its own (every answer of a long poll reads here, and most
     * wake-ups find nothing new): BEGIN and COMMIT were two of a read's four round trips. A caller's
     * transaction is joined.
     */
    @Override
    @jakarta.ejb.TransactionAttribute(jakarta.ejb.TransactionAttributeType.SUPPORTS)
    public CheckoutView.OrderView order(String paymentOrderId, Viewer viewer) {
        PaymentOrder order = payments.orderSeenBy(paymentOrderId, viewer, false)
                .orElseThrow(() -> new ReckonException(ErrorCode.NOT_FOUND, "No payment order " + paymentOrderId,
                        "payment_order_id"));
        return CheckoutViews.order(order);
    }

    @Override
    @jakarta.ejb.TransactionAttribute(jakarta.ejb.TransactionAttributeType.SUPPORTS)
    public List<CheckoutView.OrderView> orders(java.util.Collection<String> paymentOrderIds, Viewer viewer) {
        return payments.ordersWithBuyers(paymentOrderIds).stream()
                .filter(row -> viewer.maySee((String) row[1]))
                .map(row -> CheckoutViews.order((PaymentOrder) row[0]))
                .toList();
    }

    /**
     * An order another transaction is committing right now, once it can be seen. A two-phase
     * commit makes its branches visible one after the other: a caller that already sees the
     * reservation booked with this order (HotelDS committed) can be a few milliseconds ahead of
     * the order itself (PaymentDS not yet). Reads again, with growing pauses, for up to
     * {@code patience}; empty when it still cannot be seen (its branch may await recovery).
     */
    @Override
    public Optional<CheckoutView.OrderView> orderOnceCommitted(String paymentOrderId, Viewer viewer, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        long pauseMillis = 5;
        while (true) {
            Optional<PaymentOrder> order = payments.orderSeenBy(paymentOrderId, viewer, false);
            if (order.isPresent() || System.nanoTime() >= deadline) {
                return order.map(CheckoutViews::order);
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            pauseMillis = Math.min(pauseMillis * 2, 200);
        }
    }

    public List<PaymentOrderHistory> history(String paymentOrderId) {
        if (payments.order(paymentOrderId).isEmpty()) {
            throw new ReckonException(ErrorCode.NOT_FOUND, "No payment order " + paymentOrderId, "payment_order_id");
        }
        return payments.history(paymentOrderId);
    }
}
