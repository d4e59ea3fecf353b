package org.reckon.wallet.domain;

import java.math.BigDecimal;

/**
 * What a partition's state machine is asked to do, one at a time and in order. Every command has
 * a deduplication key (a second command with the key answers what the first did) and a canonical
 * body, whose hash tells "the same request again" from "another request reusing the key". The
 * body is what the durable command list stores; {@link #parse} reads it back for a replay.
 */
public sealed interface Command {

    String txId();

    /** The deduplication key: what kind of step, for which transaction. */
    String key();

    /** The canonical text of the command, as the command list stores it. */
    String body();

    /**
     * What tells "the same request again" from "another request reusing the key": its hash is the
     * fingerprint a duplicate is compared by. The whole body, except where a command carries a
     * choice the first request makes for every later one ({@link Claim}'s protocol).
     */
    default String identity() {
        return body();
    }

    /** Opens an account; its id is the transaction id. */
    record Open(String accountId, String owner, String currency) implements Command {
        public String txId() {
            return accountId;
        }

        public String key() {
            return "OPEN:" + accountId;
        }

        public String body() {
            return "OPEN|" + accountId + "|" + owner + "|" + currency;
        }
    }

    /** The book's balance transfer when both accounts live in this partition: one local step. */
    record Transfer(String txId, String from, String to, BigDecimal amount, String currency) implements Command {
        public String key() {
            return "TRANSFER:" + txId;
        }

        public String body() {
            return "TRANSFER|" + txId + "|" + from + "|" + to + "|" + amount.toPlainString() + "|" + currency;
        }
    }

    /** One account loses money: a leg of XA, a TC/C Try, a Saga's first step. */
    record Debit(String txId, String account, BigDecimal amount, String currency, Purpose purpose) implements Command {
        public String key() {
            return purpose + ":" + txId;
        }

        public String body() {
            return "DEBIT|" + txId + "|" + account + "|" + amount.toPlainString() + "|" + currency + "|" + purpose;
        }
    }

    /** One account gains money: a leg of XA, a Confirm, a Saga credit or compensation, a top-up. */
    record Credit(String txId, String account, BigDecimal amount, String currency, Purpose purpose) implements Command {
        public String key() {
            return purpose + ":" + txId;
        }

        public String body() {
            return "CREDIT|" + txId + "|" + account + "|" + amount.toPlainString() + "|" + currency + "|" + purpose;
        }
    }

    /**
     * TC/C Cancel on the partition that ran (or was to run) the Try. After an accepted Try it gives
     * the money back; before any Try it leaves the out-of-order flag, so a late Try fails.
     */
    record Cancel(String txId, String account, BigDecimal amount, String currency) implements Command {
        public String key() {
            return "TCC_CANCEL:" + txId;
        }

        public String body() {
            return "CANCEL|" + txId + "|" + account + "|" + amount.toPlainString() + "|" + currency;
        }
    }

    /**
     * A wallet pays a seller outside the wallets (a hotel reservation): debits the account; the
     * ledger feed books the money to the seller's ledger account. Keyed by the payment's reference.
     */
    record Pay(String txId, String account, BigDecimal amount, String currency, String seller) implements Command {
        public String key() {
            return Purpose.PAYMENT + ":" + txId;
        }

        public String body() {
            return "PAY|" + txId + "|" + account + "|" + amount.toPlainString() + "|" + currency + "|" + seller;
        }
    }

    /** A payment given back to the wallet (a cancelled reservation); the ledger takes it from the seller. */
    record Repay(String txId, String account, BigDecimal amount, String currency, String seller) implements Command {
        public String key() {
            return Purpose.PAYMENT_REFUND + ":" + txId;
        }

        public String body() {
            return "REPAY|" + txId + "|" + account + "|" + amount.toPlainString() + "|" + currency + "|" + seller;
        }
    }

    /**
     * Takes a transaction id for one balance transfer, in the partition the id hashes to (whatever
     * partition its from_account lives in): the same request again is a duplicate, another request
     * with the id is TRANSACTION_ID_REUSED, so a reuse is caught across partitions.
     *
     * The first claim also fixes the protocol the transfer runs by ({@code protocol}, null in
     * claims written before it was recorded): it is not part of the request's identity, so the same
     * transfer sent again, or at once, with another {@code ?protocol=} is a duplicate and runs by
     * the protocol claimed first. Two protocols never run for one transaction id.
     */
    record Claim(String txId, String from, String to, BigDecimal amount, String currency, String protocol) implements Command {
        public String key() {
            return "CLAIM:" + txId;
        }

        public String identity() {
            return "CLAIM|" + txId + "|" + from + "|" + to + "|" + amount.toPlainString() + "|" + currency;
        }

        public String body() {
            return protocol == null ? identity() : identity() + "|" + protocol;
        }
    }

    /** Forgets the deduplication keys decided before {@code before} (the dedup window's end). */
    record Expire(java.time.Instant before) implements Command {
        public String txId() {
            return "expire-" + before;
        }

        public String key() {
            return "EXPIRE:" + before;
        }

        public String body() {
            return "EXPIRE|" + before;
        }
    }

    public static Command parse(String body) {
        String[] f = body.split("\\|", -1);
        switch (f[0]) {
            case "OPEN":
                return new Open(f[1], f[2], f[3]);
            case "TRANSFER":
                return new Transfer(f[1], f[2], f[3], new BigDecimal(f[4]), f[5]);
            case "DEBIT":
                return new Debit(f[1], f[2], new BigDecimal(f[3]), f[4], Purpose.valueOf(f[5]));
            case "CREDIT":
                return new Credit(f[1], f[2], new BigDecimal(f[3]), f[4], Purpose.valueOf(f[5]));
            case "CANCEL":
                return new Cancel(f[1], f[2], new BigDecimal(f[3]), f[4]);
            case "PAY":
                return new Pay(f[1], f[2], new BigDecimal(f[3]), f[4], f[5]);
            case "REPAY":
                return new Repay(f[1], f[2], new BigDecimal(f[3]), f[4], f[5]);
            case "CLAIM":
                return new Claim(f[1], f[2], f[3], new BigDecimal(f[4]), f[5], f.length > 6 ? f[6] : null);
            case "EXPIRE":
                return new Expire(java.time.Instant.parse(f[1]));
            default:
                throw new IllegalArgumentException("not a wallet command: " + body);
        }
    }
}
