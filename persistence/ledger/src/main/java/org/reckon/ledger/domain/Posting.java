package org.reckon.ledger.domain;

import java.util.Objects;
import org.reckon.shared.money.Money;

/** One side of a journal transaction: a signed amount on an account (debit +, credit -). */
public record Posting(String accountId, Money amount) {

    public Posting {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(amount, "amount");
        if (amount.amount().signum() == 0) {
            throw new IllegalArgumentException("a posting of zero to " + accountId + " records nothing");
        }
    }

    public static Posting debit(String accountId, Money amount) {
        return new Posting(accountId, amount);
    }

    public static Posting credit(String accountId, Money amount) {
        return new Posting(accountId, amount.negate());
    }
}
