package org.reckon.payment.api;

import java.util.List;

/**
 * A checkout to pay: the command behind {@code POST /v1/payments}, and what another bounded
 * context (hotel reservations) hands to {@link PaymentCheckouts#create} directly. Amounts are
 * still strings here: parsing them is the use case's job, so every caller gets the same errors.
 * {@code managedBy} is the creating context's name when another context owns the payment (only
 * it may then refund), null for the buyer's own checkout.
 */
public record NewCheckout(String checkoutId, String buyer, String buyerName, String buyerEmail, String pspToken,
                          List<NewOrder> orders, String returnPath, String managedBy) {

    public NewCheckout {
        if (returnPath != null && !returnPath.matches("/[A-Za-z0-9/._?=&-]{0,299}") || returnPath != null && returnPath.startsWith("//")) {
            throw new IllegalArgumentException("return path must be a path on Reckon, not " + returnPath);
        }
    }

    public record NewOrder(String paymentOrderId, String sellerAccount, String amount, String currency) {
    }
}
