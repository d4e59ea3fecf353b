package org.reckon.payment.api.events;

/**
 * Message properties of {@link PaymentSucceeded} and {@link PaymentFailed} beside the platform's
 * own (type, version, id), for subscriptions to select on, so that an event no subscriber wants
 * is never stored for it.
 */
public final class PaymentEventProperties {

    /**
     * The context that created the order's checkout for its own purpose
     * ({@code NewCheckout.managedBy}: "hotel-reservations", "wallet"), or {@value #BUYER} for a
     * buyer's own checkout ({@code POST /v1/payments}). Events published before this property
     * existed lack it, so a subscription admits those too: {@code (reckon_payment_managed_by IS
     * NULL OR reckon_payment_managed_by = 'wallet')}.
     */
    public static final String MANAGED_BY = "reckon_payment_managed_by";
    public static final String BUYER = "buyer";

    private PaymentEventProperties() {
    }
}

