package org.reckon.pspsandbox.domain;

import java.util.Arrays;

/**
 * The test cards, as a decision table: a card number decides the outcome, like a card
 * processor's test mode. Any other well-formed number is declined, so a typo never succeeds by
 * accident. The index and hosted pages list this table, so it is the only copy.
 */
public enum TestCard {
    SUCCEEDS("4242424242424242", CardOutcome.SUCCEED,
            "succeeded"),
    DECLINED("4000000000000002", CardOutcome.DECLINE,
            "failed, failure_reason card_declined"),
    NEEDS_REVIEW("4000000000003220", CardOutcome.PENDING_THEN_SUCCEED,
            "pending (3-D Secure / review), then succeeded after pending_millis (default 3000), with a second webhook"),
    ISSUER_TIMEOUT("4000000000000119", CardOutcome.PROCESSING_THEN_TIMEOUT,
            "processing, then failed with failure_reason processing_timeout after processing_timeout_millis (default 10000)");

    private final String number;
    private final CardOutcome outcome;
    private final String description;

    TestCard(String number, CardOutcome outcome, String description) {
        this.number = number;
        this.outcome = outcome;
        this.description = description;
    }

    /** The decision for a well-formed 16-digit number: a test card's outcome, else a decline. */
    public static CardOutcome outcomeFor(String number) {
        return Arrays.stream(values()).filter(card -> card.number.equals(number))
                .map(card -> card.outcome).findFirst().orElse(CardOutcome.DECLINE);
    }

    public String number() {
        return number;
    }

    public CardOutcome outcome() {
        return outcome;
    }

    public String description() {
        return description;
    }
}
