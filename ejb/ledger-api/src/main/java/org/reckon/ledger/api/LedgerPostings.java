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

    /**
     * One leg of a transfer between two sellers' wallets (the wallet context's customer wallets are
     * sellers {@code wallet-<account_id>}), through the clearing account
     * {@code wallet-transfers-in-flight:<currency>}: {@code out} moves money from the seller's wallet
     * into clearing, otherwise from clearing into the seller's wallet. Keyed by its reference.
     */
    void recordTransferLeg(String reference, String sellerAccount, Money amount, boolean out);
}
