package org.reckon.ledger.api;

import org.reckon.shared.money.Money;

/**
 * What the payment context posts to the double-entry ledger. Each posting joins the caller's XA
 * transaction, so a pay-in and its journal entries commit together or not at all, and each is
 * keyed by its reference (payment order id, refund id): posting it again changes nothing.
 */
public interface LedgerPostings {

    /** A succeeded pay-in: the PSP owes us the money, we owe it to the seller's wallet. */
    void recordPayIn(String paymentOrderId, String sellerAccount, Money amount);

    /** A refund reverses (part of) a pay-in: the seller's wallet gives back what the PSP returns. */
    void recordRefund(String refundId, String sellerAccount, Money amount);
}
