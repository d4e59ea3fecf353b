package org.reckon.ledger;

import java.math.BigDecimal;
import java.time.Instant;

/** One entry of an account, with the transaction it belongs to (signed: debit +, credit -). */
public record LedgerLine(String transactionId, long sequence, String kind, String reference, Instant occurredAt,
                         int line, BigDecimal amount, String currency) {
}
