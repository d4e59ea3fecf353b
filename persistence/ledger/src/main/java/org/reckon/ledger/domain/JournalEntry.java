package org.reckon.ledger.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/** A line of a journal transaction. Immutable: no setters, and the database refuses updates. */
@Entity
@Table(name = "journal_entry")
@IdClass(JournalEntry.Key.class)
public class JournalEntry {

    @Id
    @Column(name = "transaction_id", length = 36)
    private String transactionId;

    @Id
    @Column(name = "line_no")
    private int line;

    @Column(name = "account_id", nullable = false, length = 200)
    private String accountId;

    @Column(nullable = false, precision = 19, scale = 4)
    private BigDecimal amount;

    @Column(nullable = false, length = 3)
    private String currency;

    protected JournalEntry() {
    }

    JournalEntry(String transactionId, int line, Posting posting) {
        this.transactionId = transactionId;
        this.line = line;
        this.accountId = posting.accountId();
        this.amount = posting.amount().amount().setScale(4);
        this.currency = posting.amount().currencyCode();
    }

    public String transactionId() {
        return transactionId;
    }

    public int line() {
        return line;
    }

    public String accountId() {
        return accountId;
    }

    /** Signed: debit positive, credit negative; at the journal's scale of 4. */
    public BigDecimal amount() {
        return amount;
    }

    public String currency() {
        return currency;
    }

    /** Canonical text of this line for the hash chain. */
    String canonical() {
        return line + ":" + accountId + ":" + amount.setScale(4).toPlainString() + ":" + currency;
    }

    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private String transactionId;
        private int line;

        public Key() {
        }

        public Key(String transactionId, int line) {
            this.transactionId = transactionId;
            this.line = line;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.line == line && Objects.equals(k.transactionId, transactionId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(transactionId, line);
        }
    }
}
