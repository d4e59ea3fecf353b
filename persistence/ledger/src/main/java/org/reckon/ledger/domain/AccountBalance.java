package org.reckon.ledger.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/**
 * Projection of the journal: the signed sum of an account's entries on one chain (its shard),
 * kept with each posting. An account's balance is the sum of its shards, so postings on
 * different chains never lock the same balance row, not even the clearing account's.
 */
@Entity
@Table(name = "account_balance")
@IdClass(AccountBalance.Key.class)
public class AccountBalance {

    @Id
    @Column(name = "account_id", length = 200)
    private String accountId;

    @Id
    @Column(nullable = false)
    private int shard;

    @Column(nullable = false, precision = 38, scale = 4)
    private BigDecimal balance;

    @Column(name = "last_sequence", nullable = false)
    private long lastSequence;

    protected AccountBalance() {
    }

    public AccountBalance(String accountId, int shard) {
        this.accountId = accountId;
        this.shard = shard;
        this.balance = BigDecimal.ZERO.setScale(4);
    }

    public void apply(BigDecimal signedAmount, long sequence) {
        balance = balance.add(signedAmount);
        lastSequence = sequence;
    }

    public String accountId() {
        return accountId;
    }

    public int shard() {
        return shard;
    }

    /** The primary key: account and shard (= chain). */
    public static class Key implements java.io.Serializable {
        private String accountId;
        private int shard;

        public Key() {
        }

        public Key(String accountId, int shard) {
            this.accountId = accountId;
            this.shard = shard;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.shard == shard && java.util.Objects.equals(k.accountId, accountId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(accountId, shard);
        }
    }

    public BigDecimal balance() {
        return balance;
    }

    public long lastSequence() {
        return lastSequence;
    }
}
