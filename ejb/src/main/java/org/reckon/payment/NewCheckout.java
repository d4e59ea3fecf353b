package org.reckon.payment;

import java.util.List;

/**
 * A checkout to pay: the command behind {@code POST /v1/payments}, and what another bounded
 * context (hotel reservations) hands to {@link PaymentCheckouts#create} directly. Amounts are
 * still strings here: parsing them is the use case's job, so every caller gets the same errors.
 */
public record NewCheckout(String checkoutId, String buyer, String buyerName, String buyerEmail, String pspToken,
                          List<NewOrder> orders) {

    public record NewOrder(String paymentOrderId, String sellerAccount, String amount, String currency) {
    }
}
