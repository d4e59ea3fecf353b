package org.reckon.wallet.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A partition's state, derived from its events only ({@link #apply}): the accounts and their
 * balances, the commands already decided (deduplication), the transactions whose TC/C Cancel
 * came before their Try (the out-of-order flag), and, per currency, the money this partition sent
 * into flight, the in-flight money that landed here and the money topped up here. Across all
 * partitions, per currency: sum of balances + sent - landed = topped up, at every consistent cut.
 *
 * Not thread-safe: the partition's single writer owns it.
 */
public final class WalletState {

    public static final class Account {
        final String id;
        final String owner;
        final String currency;
        BigDecimal balance;

        Account(String id, String owner, String currency, BigDecimal balance) {
            this.id = id;
            this.owner = owner;
            this.currency = currency;
            this.balance = balance;
        }

        public String id() {
            return id;
        }

        public String owner() {
            return owner;
        }

        public String currency() {
            return currency;
        }

        public BigDecimal balance() {
            return balance;
        }
    }

    /**
     * A decided command: its body's hash, when rejected why, and when it was decided (its event's
     * instant: what the deduplication window counts from; null when read from a snapshot written
     * before decision times were kept).
     */
    record Done(String fingerprint, String rejection, Instant at) {
    }

    final Map<String, Account> accounts = new HashMap<>();
    final Map<String, Done> done = new HashMap<>();
    final Set<String> cancelledBeforeTry = new HashSet<>();
    /** Transaction id → the protocol its first claim fixed (claims of this partition only). */
    final Map<String, String> claimedProtocols = new HashMap<>();
    final Map<String, BigDecimal> sent = new TreeMap<>();
    final Map<String, BigDecimal> landed = new TreeMap<>();
    final Map<String, BigDecimal> toppedUp = new TreeMap<>();
    /** Per currency, money paid to sellers outside the wallets, net of refunds. */
    final Map<String, BigDecimal> paidOut = new TreeMap<>();
    static final Set<String> KEPT = Set.of(Purpose.TOP_UP + ":", Purpose.PAYMENT + ":", Purpose.PAYMENT_REFUND + ":");

    /** The latest instant before which deduplication keys were forgotten (null: never). */
    Instant expiredBefore;
    long lastSeq;
    long lastCommandSeq;

    static BigDecimal scaled(BigDecimal amount) {
        return amount.setScale(4, RoundingMode.UNNECESSARY);
    }

    public Account account(String id) {
        return accounts.get(id);
    }

    public List<Account> accounts() {
        return List.copyOf(accounts.values());
    }

    public long lastSeq() {
        return lastSeq;
    }

    public long lastCommandSeq() {
        return lastCommandSeq;
    }

    public Map<String, BigDecimal> sent() {
        return Map.copyOf(sent);
    }

    public Map<String, BigDecimal> landed() {
        return Map.copyOf(landed);
    }

    public Map<String, BigDecimal> toppedUp() {
        return Map.copyOf(toppedUp);
    }

    public Map<String, BigDecimal> paidOut() {
        return Map.copyOf(paidOut);
    }

    /** How many deduplication keys the state remembers. */
    public int decidedCount() {
        return done.size();
    }

    public Instant expiredBefore() {
        return expiredBefore;
    }

    /** The only way state changes: one event, in order. */
    public void apply(Event e) {
        switch (e.type()) {
            case OPENED -> accounts.put(e.accountId(), new Account(e.accountId(), e.detail(), e.currency(), scaled(BigDecimal.ZERO)));
            case DEBITED -> {
                Account a = accounts.get(e.accountId());
                a.balance = scaled(a.balance.subtract(e.amount()));
                Purpose purpose = Purpose.valueOf(e.detail());
                if (purpose.leavesInFlight()) {
                    add(sent, e.currency(), e.amount());
                } else if (purpose == Purpose.PAYMENT) {
                    add(paidOut, e.currency(), e.amount());
                }
            }
            case CREDITED -> {
                Account a = accounts.get(e.accountId());
                a.balance = scaled(a.balance.add(e.amount()));
                Purpose purpose = Purpose.valueOf(e.detail());
                if (purpose.returnsInFlight()) {
                    add(sent, e.currency(), e.amount().negate());
                } else if (purpose.landsInFlight()) {
                    add(landed, e.currency(), e.amount());
                } else if (purpose == Purpose.TOP_UP) {
                    add(toppedUp, e.currency(), e.amount());
                } else if (purpose == Purpose.PAYMENT_REFUND) {
                    add(paidOut, e.currency(), e.amount().negate());
                }
            }
            case CANCELLED -> {
                if ("OUT_OF_ORDER".equals(e.detail())) {
                    cancelledBeforeTry.add(e.txId());
                }
            }
            case REJECTED -> {
            }
            case CLAIMED -> {
                if (e.detail() != null) {
                    claimedProtocols.putIfAbsent(e.txId(), e.detail());
                }
            }
            case EXPIRED -> expire(Instant.parse(e.detail()));
        }
        done.putIfAbsent(e.commandKey(), new Done(e.fingerprint(), e.type() == EventType.REJECTED ? e.detail() : null, e.at()));
        lastSeq = e.seq();
        lastCommandSeq = Math.max(lastCommandSeq, e.commandSeq());
    }

    /**
     * Forgets every deduplication key decided before {@code before}, and the out-of-order flag of a
     * transaction whose Cancel key goes with them. Keys of unknown age (from an old snapshot) go too.
     * Kept for ever: the keys named by another context's long-lived ids, which are the wallet's
     * inbox for them ({@link #KEPT}): a payment order's top-up (staff may replay its dead letter
     * days later) and a reservation's payment and refund. They grow with top-ups and bookings,
     * not with transfers.
     */
    private void expire(Instant before) {
        var it = done.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Done> d = it.next();
            if (!KEPT.contains(d.getKey().substring(0, d.getKey().indexOf(':') + 1))
                    && (d.getValue().at() == null || d.getValue().at().isBefore(before))) {
                if (d.getKey().startsWith("TCC_CANCEL:")) {
                    cancelledBeforeTry.remove(d.getKey().substring("TCC_CANCEL:".length()));
                } else if (d.getKey().startsWith("CLAIM:")) {
                    claimedProtocols.remove(d.getKey().substring("CLAIM:".length()));
                }
                it.remove();
            }
        }
        if (expiredBefore == null || before.isAfter(expiredBefore)) {
            expiredBefore = before;
        }
    }

    private static void add(Map<String, BigDecimal> sums, String currency, BigDecimal amount) {
        sums.merge(currency, scaled(amount), (a, b) -> scaled(a.add(b)));
    }

    /**
     * A copy that later events applied to this state do not change (accounts are copied, the rest
     * is immutable values): what a snapshot encodes on another thread while the writer goes on.
     */
    public WalletState copy() {
        WalletState c = new WalletState();
        accounts.forEach((id, a) -> c.accounts.put(id, new Account(a.id, a.owner, a.currency, a.balance)));
        c.done.putAll(done);
        c.cancelledBeforeTry.addAll(cancelledBeforeTry);
        c.claimedProtocols.putAll(claimedProtocols);
        c.sent.putAll(sent);
        c.landed.putAll(landed);
        c.toppedUp.putAll(toppedUp);
        c.paidOut.putAll(paidOut);
        c.expiredBefore = expiredBefore;
        c.lastSeq = lastSeq;
        c.lastCommandSeq = lastCommandSeq;
        return c;
    }

    /** How many entries a snapshot of this state writes (accounts and remembered commands): what encoding it costs. */
    public int entries() {
        return accounts.size() + done.size() + cancelledBeforeTry.size() + claimedProtocols.size();
    }

    /** Deterministic text of the whole state: snapshots store it, the rebuild check compares it. */
    public String encode() {
        StringBuilder out = new StringBuilder();
        out.append("S|").append(lastSeq).append('|').append(lastCommandSeq);
        if (expiredBefore != null) {
            out.append('|').append(expiredBefore);
        }
        out.append('\n');
        // keys sorted as arrays, not copied into TreeMaps: a partition may remember hundreds of thousands of
        // deduplication keys, and a snapshot encodes them all (the same text, at a fraction of the cost)
        for (String id : sorted(accounts.keySet())) {
            Account a = accounts.get(id);
            out.append("A|").append(a.id).append('|').append(a.owner).append('|').append(a.currency).append('|')
                    .append(a.balance.toPlainString()).append('\n');
        }
        Instant lastAt = null;
        String lastAtText = null;
        for (String k : sorted(done.keySet())) {
            Done d = done.get(k);
            out.append("D|").append(k).append('|').append(d.fingerprint()).append('|');
            if (d.rejection() != null) {
                out.append(d.rejection());
            }
            if (d.at() != null) {
                if (!d.at().equals(lastAt)) { // a batch's commands share their decision instant: formatted once
                    lastAt = d.at();
                    lastAtText = lastAt.toString();
                }
                out.append('|').append(lastAtText);
            }
            out.append('\n');
        }
        new java.util.TreeSet<>(cancelledBeforeTry).forEach(t -> out.append("X|").append(t).append('\n'));
        new TreeMap<>(claimedProtocols).forEach((t, p) -> out.append("P|").append(t).append('|').append(p).append('\n'));
        sent.forEach((c, v) -> out.append("F|sent|").append(c).append('|').append(v.toPlainString()).append('\n'));
        landed.forEach((c, v) -> out.append("F|landed|").append(c).append('|').append(v.toPlainString()).append('\n'));
        toppedUp.forEach((c, v) -> out.append("F|topped|").append(c).append('|').append(v.toPlainString()).append('\n'));
        paidOut.forEach((c, v) -> out.append("F|paid|").append(c).append('|').append(v.toPlainString()).append('\n'));
        return out.toString();
    }

    private static String[] sorted(Set<String> keys) {
        String[] sorted = keys.toArray(new String[0]);
        Arrays.sort(sorted);
        return sorted;
    }

    public static WalletState decode(String text) {
        WalletState s = new WalletState();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\|", -1);
            switch (f[0]) {
                case "S" -> {
                    s.lastSeq = Long.parseLong(f[1]);
                    s.lastCommandSeq = Long.parseLong(f[2]);
                    s.expiredBefore = f.length > 3 ? Instant.parse(f[3]) : null;
                }
                case "A" -> s.accounts.put(f[1], new Account(f[1], f[2], f[3], scaled(new BigDecimal(f[4]))));
                case "D" -> s.done.put(f[1], new Done(f[2], f[3].isEmpty() ? null : f[3], f.length > 4 ? Instant.parse(f[4]) : null));
                case "X" -> s.cancelledBeforeTry.add(f[1]);
                case "P" -> s.claimedProtocols.put(f[1], f[2]);
                case "F" -> (switch (f[1]) {
                    case "sent" -> s.sent;
                    case "landed" -> s.landed;
                    case "paid" -> s.paidOut;
                    default -> s.toppedUp;
                }).put(f[2], scaled(new BigDecimal(f[3])));
                default -> throw new IllegalArgumentException("not a wallet state line: " + line);
            }
        }
        return s;
    }

    /** The protocol the first claim of this transaction id fixed, or null (none, or a claim from before it was recorded). */
    public String claimedProtocol(String txId) {
        return claimedProtocols.get(txId);
    }

    /** Whether a command with this key was decided (accepted or rejected). */
    public boolean decided(String commandKey) {
        return done.containsKey(commandKey);
    }

    /** Accounts of an owner, by id. */
    public List<Account> ownedBy(String owner) {
        List<Account> mine = new ArrayList<>();
        for (Account a : new TreeMap<>(accounts).values()) {
            if (a.owner.equals(owner)) {
                mine.add(a);
            }
        }
        return mine;
    }
}
