package org.reckon.wallet.domain;

/**
 * Why money moved on one account: a transfer inside one partition, a leg of a cross-partition
 * protocol, a top-up, or a payment to a seller outside the wallets and its refund. The in-flight sums are kept from these: money a TC/C Try or a Saga's
 * first step took from one partition and no Confirm, credit, Cancel or compensation has yet put
 * anywhere.
 */
public enum Purpose {
    TRANSFER, XA, TCC_TRY, TCC_CONFIRM, TCC_CANCEL, SAGA_DEBIT, SAGA_CREDIT, SAGA_COMPENSATE, TOP_UP,
    /** A wallet pays a seller (a hotel reservation): the money leaves the wallets for the seller's ledger account. */
    PAYMENT,
    /** A payment given back (a cancelled wallet-paid reservation): the money returns from the seller. */
    PAYMENT_REFUND;

    /** A debit whose money is in flight until settled elsewhere. */
    boolean leavesInFlight() {
        return this == TCC_TRY || this == SAGA_DEBIT;
    }

    /** A credit that returns in-flight money to where it left. */
    boolean returnsInFlight() {
        return this == TCC_CANCEL || this == SAGA_COMPENSATE;
    }

    /** A credit that lands in-flight money at its destination. */
    boolean landsInFlight() {
        return this == TCC_CONFIRM || this == SAGA_CREDIT;
    }
}
