package org.reckon.payment;

import java.util.List;
import org.reckon.payment.api.CheckoutView;
import org.reckon.payment.domain.PaymentEvent;
import org.reckon.payment.domain.PaymentOrder;

/** Maps the payment context's entities to the views its published API answers. */
public final class CheckoutViews {

    private CheckoutViews() {
    }

    public static CheckoutView of(PaymentEvent event, List<PaymentOrder> orders) {
        return new CheckoutView(event.checkoutId(), event.isPaymentDone(), event.createdAt(),
                orders.stream().map(CheckoutViews::order).toList());
    }

    public static CheckoutView.OrderView order(PaymentOrder o) {
        return new CheckoutView.OrderView(o.paymentOrderId(), o.checkoutId(), o.sellerAccount(), o.amount().amountString(),
                o.amount().currencyCode(), o.status().name(), o.refunded().amountString(), o.pspToken(),
                o.pspHostedPageUrl(), o.pspReference(), o.failureReason(), o.ledgerUpdated(), o.walletUpdated(), o.updatedAt());
    }
}
