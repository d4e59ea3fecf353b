package org.reckon.ledger.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** Projection of the journal: the signed sum of an account's entries, kept with each posting. */
@Entity
@Table(name = "account_balance")
public class AccountBalance {

    @Id
    @Column(name = "account_id", length = 200)
    private String accountId;

    @Column(nullable = false, precision = 19, scale = 4)
    private BigDecimal balance;

    @Column(name = "last_sequence", nullable = false)
    private long lastSequence;

    protected AccountBalance() {
    }

    public AccountBalance(String accountId) {
        this.accountId = accountId;
        this.balance = BigDecimal.ZERO.setScale(4);
    }

    public void apply(BigDecimal signedAmount, long sequence) {
        balance = balance.add(signedAmount);
        lastSequence = sequence;
    }

    public String accountId() {
        return accountId;
    }

    public BigDecimal balance() {
        return balance;
    }

    public long lastSequence() {
        return lastSequence;
    }
}
