package org.reckon.wallet.web;

import jakarta.validation.constraints.NotBlank;

/** {@code POST /v1/wallet/accounts/{account_id}/top-ups}: how much to pay in from a card. */
public record TopUpRequest(@NotBlank String amount, @NotBlank String currency) {
}
