package org.reckon.payment.psp;

/** The PSP's answer to a refund. */
public record PspRefund(String refundId, String nonce, String status, String amount, String currency,
                        String pspReference) {
}
