package org.reckon.ledger.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The end of the hash chain: the last sequence number and hash. Every posting locks this one
 * row, which makes the journal a total order (and serializes postings: the price of a single
 * verifiable chain; per-currency chains would be the next step if it becomes the bottleneck).
 */
@Entity
@Table(name = "journal_head")
public class JournalHead {

    public static final int ID = 1;

    @Id
    private int id;

    @Column(name = "sequence_no", nullable = false)
    private long sequence;

    @Column(nullable = false, length = 64)
    private String hash;

    protected JournalHead() {
    }

    /** A head at a given point; the real one is the single row the migration inserts. */
    static JournalHead at(long sequence, String hash) {
        JournalHead head = new JournalHead();
        head.id = ID;
        head.sequence = sequence;
        head.hash = hash;
        return head;
    }

    public long sequence() {
        return sequence;
    }

    public String hash() {
        return hash;
    }

    void advance(long nextSequence, String nextHash) {
        if (nextSequence != sequence + 1) {
            throw new IllegalStateException("journal sequence must advance by one: " + sequence + " -> " + nextSequence);
        }
        this.sequence = nextSequence;
        this.hash = nextHash;
    }
}
