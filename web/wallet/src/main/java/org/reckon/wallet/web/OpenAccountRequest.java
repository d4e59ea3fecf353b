package org.reckon.wallet.web;

import jakarta.validation.constraints.NotBlank;

/** {@code POST /v1/wallet/accounts}: opens a wallet account in an ISO 4217 currency. */
public record OpenAccountRequest(@NotBlank String currency) {
}
