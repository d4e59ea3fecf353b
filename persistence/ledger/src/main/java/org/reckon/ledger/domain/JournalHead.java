package org.reckon.ledger.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The end of one of the journal's {@link #CHAINS} hash chains: its last sequence number and hash.
 * A posting locks the head of its chain only, so postings of different chains run in parallel
 * while each chain stays a verifiable total order. A business event's chain is fixed by its
 * (kind, reference), so repeats of one event always meet on the same head.
 */
@Entity
@Table(name = "journal_head")
public class JournalHead {

    /** How many chains the journal has (rows of journal_head, 1 to CHAINS; see migration V3). */
    public static final int CHAINS = 16;

    @Id
    private int id;

    @Column(name = "sequence_no", nullable = false)
    private long sequence;

    @Column(nullable = false, length = 64)
    private String hash;

    protected JournalHead() {
    }

    /** The chain a business event is posted on: the same (kind, reference) always gives the same chain. */
    public static int chainFor(String kind, String reference) {
        return 1 + Math.floorMod((kind + "\u0000" + reference).hashCode(), CHAINS);
    }

    /** A head at a given point; the real ones are the rows the migrations insert. */
    static JournalHead at(int chain, long sequence, String hash) {
        JournalHead head = new JournalHead();
        head.id = chain;
        head.sequence = sequence;
        head.hash = hash;
        return head;
    }

    public int chain() {
        return id;
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
