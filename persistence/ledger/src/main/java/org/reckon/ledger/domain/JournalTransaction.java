package org.reckon.ledger.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A balanced set of postings appended to the journal. The invariants live here: at least two
 * postings, amounts summing to zero per currency, the next sequence number, and a hash chained to
 * the previous transaction's. Once appended it never changes; a correction is a new transaction.
 */
@Entity
@Table(name = "journal_transaction")
public class JournalTransaction {

    @Id
    @Column(length = 36)
    private String id;

    @Column(nullable = false)
    private int chain;

    @Column(name = "sequence_no", nullable = false)
    private long sequence;

    @Column(nullable = false, length = 50)
    private String kind;

    @Column(nullable = false, length = 200)
    private String reference;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @Column(name = "previous_hash", nullable = false, length = 64)
    private String previousHash;

    @Column(nullable = false, length = 64)
    private String hash;

    @Transient
    private List<JournalEntry> entries = new ArrayList<>();

    protected JournalTransaction() {
    }

    /** Appends a transaction after {@code head}, which it advances. */
    public static JournalTransaction append(JournalHead head, String kind, String reference, Instant occurredAt,
                                            List<Posting> postings) {
        requireBalanced(postings);
        JournalTransaction tx = new JournalTransaction();
        tx.id = UUID.randomUUID().toString();
        tx.chain = head.chain();
        tx.sequence = head.sequence() + 1;
        tx.kind = Objects.requireNonNull(kind);
        tx.reference = Objects.requireNonNull(reference);
        tx.occurredAt = occurredAt.truncatedTo(ChronoUnit.MICROS);
        tx.previousHash = head.hash();
        for (int i = 0; i < postings.size(); i++) {
            tx.entries.add(new JournalEntry(tx.id, i + 1, postings.get(i)));
        }
        tx.hash = chainHash(tx.previousHash, tx, tx.entries);
        head.advance(tx.sequence, tx.hash);
        return tx;
    }

    static void requireBalanced(List<Posting> postings) {
        if (postings.size() < 2) {
            throw new IllegalArgumentException("a journal transaction needs at least two postings");
        }
        Map<String, BigDecimal> sums = new TreeMap<>();
        for (Posting p : postings) {
            sums.merge(p.amount().currencyCode(), p.amount().amount(), BigDecimal::add);
        }
        sums.forEach((currency, sum) -> {
            if (sum.signum() != 0) {
                throw new IllegalArgumentException("postings in " + currency + " sum to " + sum + ", not zero");
            }
        });
    }

    /** SHA-256 (hex) over the previous hash and the canonical text of the transaction and its lines. */
    public static String chainHash(String previousHash, JournalTransaction tx, List<JournalEntry> entries) {
        StringBuilder text = new StringBuilder()
                .append(previousHash).append('|').append(tx.id).append('|').append(tx.sequence).append('|')
                .append(tx.kind).append('|').append(tx.reference).append('|')
                .append(tx.occurredAt.truncatedTo(ChronoUnit.MICROS));
        entries.stream().sorted(java.util.Comparator.comparingInt(JournalEntry::line))
                .forEach(e -> text.append('|').append(e.canonical()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String id() {
        return id;
    }

    /** The chain this transaction belongs to; {@link #sequence} counts within it. */
    public int chain() {
        return chain;
    }

    public long sequence() {
        return sequence;
    }

    public String kind() {
        return kind;
    }

    public String reference() {
        return reference;
    }

    public Instant occurredAt() {
        return occurredAt;
    }

    public String previousHash() {
        return previousHash;
    }

    public String hash() {
        return hash;
    }

    /** The lines created by {@link #append}; empty on a transaction loaded from the database. */
    public List<JournalEntry> newEntries() {
        return List.copyOf(entries);
    }
}
