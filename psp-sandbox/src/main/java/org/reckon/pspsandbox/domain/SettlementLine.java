package org.reckon.pspsandbox.domain;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One line of a settlement file. Refund amounts are positive; the {@code type} says which way
 * the money went. {@code psp_reference} is the charge's or the refund's own reference.
 */
public record SettlementLine(String pspReference, String nonce, String type, Money money, Instant settledAt) {

    public static final String HEADER = "psp_reference,nonce,type,amount,currency,settled_at";

    public static SettlementLine charge(String pspReference, String nonce, Money money, Instant settledAt) {
        return new SettlementLine(pspReference, nonce, "charge", money, settledAt);
    }

    public static SettlementLine refund(String pspReference, String nonce, Money money, Instant settledAt) {
        return new SettlementLine(pspReference, nonce, "refund", money, settledAt);
    }

    /** RFC 4180 CSV (CRLF line ends) with the header line, settled_at as an ISO-8601 UTC instant. */
    public static String csv(List<SettlementLine> lines) {
        return lines.stream().map(SettlementLine::csvLine)
                .collect(Collectors.joining("", HEADER + "\r\n", ""));
    }

    String csvLine() {
        return String.join(",", field(pspReference), field(nonce), type, money.amountString(), money.currencyCode(),
                settledAt.toString()) + "\r\n";
    }

    /** Nonces are the merchant's; quote one if it could break the line. */
    static String field(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
