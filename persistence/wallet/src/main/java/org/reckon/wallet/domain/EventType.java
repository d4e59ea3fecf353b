package org.reckon.wallet.domain;

/**
 * What the state machine can say about a command. Only DEBITED and CREDITED move money. CLAIMED
 * records that a transaction id was taken for a transfer (in the partition its id hashes to);
 * EXPIRED forgets the deduplication keys decided before an instant (its detail).
 */
public enum EventType {
    OPENED, DEBITED, CREDITED, REJECTED, CANCELLED, CLAIMED, EXPIRED
}
