package org.reckon.wallet.api;

import org.reckon.shared.money.Money;

/**
 * Paying a seller from a customer's wallet, for another context (the hotel pays reservations with
 * it). Both methods join the caller's JTA transaction (MANDATORY): the wallet's debit or credit is
 * appended to the wallet partition's event list through its XA datasource, so it commits together
 * with the caller's own change (a reservation becoming PAID, or REFUNDED) or not at all. The
 * wallet's ledger feed then books the money between the wallet's ledger account and the seller's
 * ({@code seller-wallet:<seller>:<currency>}), exactly as a card pay-in would have credited it.
 *
 * A refusal is a {@code ReckonException} (which rolls the caller's transaction back) naming the
 * field {@code wallet_account}: 404 for a wallet that does not exist or is not the payer's (as
 * the wallet answers elsewhere), 422 for another currency or insufficient funds.
 */
public interface WalletPayments {

    /**
     * Debits {@code amount} from the payer's wallet account for the seller; {@code reference} (at
     * most 90 characters) is the payment's key: paying it again with the same body changes nothing.
     */
    void pay(String payer, String walletAccount, String reference, String sellerAccount, Money amount);

    /** Gives a payment made by {@link #pay} back to the wallet (keyed by the same reference). */
    void refund(String walletAccount, String reference, String sellerAccount, Money amount);
}
