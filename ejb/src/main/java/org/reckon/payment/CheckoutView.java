package org.reckon.payment;

import java.time.Instant;
import java.util.List;
import org.reckon.payment.domain.PaymentEvent;
import org.reckon.payment.domain.PaymentOrder;

/** A checkout and its orders as clients see them (amounts as strings, currency codes). */
public record CheckoutView(String checkoutId, boolean isPaymentDone, Instant createdAt, List<OrderView> paymentOrders) {

    public static CheckoutView of(PaymentEvent event, List<PaymentOrder> orders) {
        return new CheckoutView(event.checkoutId(), event.isPaymentDone(), event.createdAt(),
                orders.stream().map(OrderView::of).toList());
    }

    public record OrderView(String paymentOrderId, String checkoutId, String sellerAccount, String amount,
                            String currency, String status, String refundedAmount, String pspToken,
                            String hostedPageUrl, String pspReference, String failureReason, boolean ledgerUpdated, boolean walletUpdated,
                            Instant updatedAt) {

        public static OrderView of(PaymentOrder o) {
            return new OrderView(o.paymentOrderId(), o.checkoutId(), o.sellerAccount(), o.amount().amountString(),
                    o.amount().currencyCode(), o.status().name(), o.refunded().amountString(), o.pspToken(),
                    o.pspHostedPageUrl(), o.pspReference(), o.failureReason(), o.ledgerUpdated(), o.walletUpdated(), o.updatedAt());
        }
    }
}
