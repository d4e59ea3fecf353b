package org.reckon.wallet.domain;

/** What the state machine can say about a command. Only DEBITED and CREDITED move money. */
public enum EventType {
    OPENED, DEBITED, CREDITED, REJECTED, CANCELLED
}
