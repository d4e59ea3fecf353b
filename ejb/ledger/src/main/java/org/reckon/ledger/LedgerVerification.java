package org.reckon.ledger;

import java.util.List;
import java.util.Map;

/**
 * What {@code GET /v1/ledger/verify} found: the journal's total per currency (must be zero),
 * how much was checked, and every problem (unbalanced transaction, balance that differs from its
 * entries, broken or altered hash chain). {@code ok} is true only when there is none.
 */
public record LedgerVerification(boolean ok, long transactionsChecked, long entriesChecked, long accountsChecked,
                                 Map<String, String> journalTotals, List<String> problems) {
}
