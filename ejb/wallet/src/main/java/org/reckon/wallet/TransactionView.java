package org.reckon.wallet;

import java.time.Instant;

/** One money movement of an account: an event of its partition's event list. */
public record TransactionView(long event, String transactionId, String type, String purpose, String amount,
                              String currency, String balanceAfter, Instant at) {
}
