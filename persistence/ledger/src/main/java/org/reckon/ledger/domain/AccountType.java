package org.reckon.ledger.domain;

/**
 * Which side an account grows on. Entries are signed (debit positive, credit negative); an
 * asset's or expense's balance is the sum of its entries, a liability's or revenue's is its
 * negation, so every balance reads as a positive number in normal use.
 */
public enum AccountType {
    ASSET(true),
    EXPENSE(true),
    LIABILITY(false),
    REVENUE(false);

    private final boolean debitNormal;

    AccountType(boolean debitNormal) {
        this.debitNormal = debitNormal;
    }

    public java.math.BigDecimal presented(java.math.BigDecimal signedSum) {
        return debitNormal ? signedSum : signedSum.negate();
    }
}
