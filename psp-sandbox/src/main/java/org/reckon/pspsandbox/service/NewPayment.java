package org.reckon.pspsandbox.service;

import org.reckon.pspsandbox.domain.Money;

/** A validated registration: what the merchant asked the sandbox to collect, under its nonce. */
public record NewPayment(String nonce, Money money, String merchantReference, String returnUrl, String webhookUrl) {
}
