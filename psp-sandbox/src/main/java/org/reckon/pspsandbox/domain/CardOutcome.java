package org.reckon.pspsandbox.domain;

/** What the sandbox's "issuer" decides for a card. */
public enum CardOutcome {
    /** Authorized and captured at once. */
    SUCCEED,
    /** Refused: failed with {@code card_declined}. */
    DECLINE,
    /** Held for review (like 3-D Secure): pending, then succeeded after {@code pending_millis}. */
    PENDING_THEN_SUCCEED,
    /** The issuer never answers: processing, then failed with {@code processing_timeout}. */
    PROCESSING_THEN_TIMEOUT
}
