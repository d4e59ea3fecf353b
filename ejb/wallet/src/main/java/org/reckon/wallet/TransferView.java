package org.reckon.wallet;

/** The book's answer to a balance transfer: {@code status} ("success") and {@code transaction_id}, plus the protocol used. */
public record TransferView(String status, String transactionId, String protocol) {
}
