package org.reckon.pspsandbox.domain;

import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reckon.pspsandbox.problem.Violations;

/**
 * What the sandbox keeps of a card: its brand, its last four digits and the decision its number
 * implies. The number, CVV and expiry are validated and dropped right here, so no entity, log
 * line or error message can ever hold them (violations name the field, never echo the value).
 */
public record Card(CardBrand brand, String last4, CardOutcome outcome) {

    private static final Pattern SIXTEEN_DIGITS = Pattern.compile("\\d{16}");
    private static final Pattern EXPIRY = Pattern.compile("(\\d{2})/(\\d{2})");
    private static final Pattern CVV = Pattern.compile("\\d{3,4}");

    /**
     * Validates card input as a form or the confirm API sends it. Spaces and dashes in the number
     * are allowed (people type "4242 4242 ..."). {@code today} is the current UTC month, for expiry.
     * Throws a 400 problem naming every bad field.
     */
    public static Card parse(String number, String holder, String expiry, String cvv, YearMonth today) {
        Violations violations = new Violations();
        String digits = number == null ? "" : number.replaceAll("[\\s-]", "");
        if (digits.isEmpty()) {
            violations.add("card_number", "is required");
        } else if (!SIXTEEN_DIGITS.matcher(digits).matches()) {
            violations.add("card_number", "must be 16 digits");
        }
        if (holder == null || holder.isBlank()) {
            violations.add("holder", "is required");
        } else if (holder.strip().length() > 100) {
            violations.add("holder", "must be at most 100 characters");
        }
        checkExpiry(expiry, today, violations);
        if (cvv == null || !CVV.matcher(cvv.strip()).matches()) {
            violations.add("cvv", "must be 3 or 4 digits");
        }
        violations.throwIfAny();
        return new Card(CardBrand.of(digits), digits.substring(12), TestCard.outcomeFor(digits));
    }

    private static void checkExpiry(String expiry, YearMonth today, Violations violations) {
        Matcher m = EXPIRY.matcher(expiry == null ? "" : expiry.replaceAll("\\s", ""));
        if (!m.matches()) {
            violations.add("expiry", "must be MM/YY");
            return;
        }
        int month = Integer.parseInt(m.group(1));
        if (month < 1 || month > 12) {
            violations.add("expiry", "must be MM/YY with a month from 01 to 12");
        } else if (YearMonth.of(2000 + Integer.parseInt(m.group(2)), month).isBefore(today)) {
            violations.add("expiry", "is in the past: the card has expired");
        }
    }
}
