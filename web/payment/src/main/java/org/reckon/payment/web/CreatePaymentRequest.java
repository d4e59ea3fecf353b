package org.reckon.payment.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code POST /v1/payments} (chapter 11, Table 11.1): a checkout paying one or more sellers.
 * Card data never reaches Reckon: {@code credit_card_info} carries at most a PSP token.
 */
public record CreatePaymentRequest(
        @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String checkoutId,
        @NotNull @Valid BuyerInfo buyerInfo,
        @Valid CreditCardInfo creditCardInfo,
        @NotNull @Size(min = 1, max = 50) List<@NotNull @Valid PaymentOrderRequest> paymentOrders) {

    public record BuyerInfo(@Size(max = 200) String name, @Email @Size(max = 254) String email) {
    }

    public record CreditCardInfo(@NotBlank @Size(max = 200) String pspToken) {
    }

    /** Table 11.2. The amount is a decimal string; its precision is checked against the currency. */
    public record PaymentOrderRequest(
            @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String paymentOrderId,
            @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String sellerAccount,
            @NotBlank String amount,
            @NotBlank String currency) {
    }

    /** Identifier syntax shared by checkout, order and seller ids. */
    static final class Ids {
        static final String PATTERN = "(?!\\.+$)[A-Za-z0-9._-]{1,100}"; // not only dots: ".." would reach the PSP's URL paths
        static final String MESSAGE = "must be 1 to 100 letters, digits, '.', '_' or '-', not only dots";

        private Ids() {
        }
    }
}
