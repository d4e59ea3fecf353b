package org.reckon.wallet.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * The book's {@code POST /v1/wallet/balance_transfer}: amount is a decimal string, currency ISO
 * 4217, transaction_id the deduplication key (the book's uuid; any id of letters, digits and
 * dashes is taken).
 */
public record BalanceTransferRequest(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9-]{1,64}") String fromAccount,
        @NotBlank @Pattern(regexp = "[A-Za-z0-9-]{1,64}") String toAccount,
        @NotBlank String amount,
        @NotBlank String currency,
        @NotBlank @Pattern(regexp = "[A-Za-z0-9-]{1,64}") String transactionId) {
}
