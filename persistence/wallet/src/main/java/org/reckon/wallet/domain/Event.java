package org.reckon.wallet.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One entry of a partition's event list. {@code detail} is the account's owner for OPENED, the
 * {@link Purpose} for DEBITED and CREDITED, the {@link WalletError} for REJECTED, and
 * {@code OUT_OF_ORDER} or {@code NOTHING_TRIED} for CANCELLED. {@code balanceAfter} is the
 * account's balance once this event is applied (null when it names no account's balance).
 */
public record Event(long seq, long commandSeq, String commandKey, String fingerprint, EventType type, String txId,
                    String accountId, BigDecimal amount, String currency, BigDecimal balanceAfter, String detail,
                    Instant at) {

    /** One line of a recorded event list (the reproducibility fixture). */
    public String line() {
        return String.join("|", Long.toString(seq), Long.toString(commandSeq), commandKey, fingerprint, type.name(), txId,
                text(accountId), amount == null ? "" : amount.toPlainString(), text(currency),
                balanceAfter == null ? "" : balanceAfter.toPlainString(), text(detail), at.toString());
    }

    public static Event parse(String line) {
        String[] f = line.split("\\|", -1);
        return new Event(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2], f[3], EventType.valueOf(f[4]), f[5], blank(f[6]),
                f[7].isEmpty() ? null : new BigDecimal(f[7]), blank(f[8]), f[9].isEmpty() ? null : new BigDecimal(f[9]),
                blank(f[10]), Instant.parse(f[11]));
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static String blank(String s) {
        return s.isEmpty() ? null : s;
    }
}
