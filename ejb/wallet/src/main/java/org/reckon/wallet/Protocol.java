package org.reckon.wallet;

/**
 * How a transfer moves money. LOCAL when both accounts live in one partition (one command, one
 * local transaction); across partitions the chapter's three: XA two-phase commit over the two
 * partitions' datasources, TC/C, or a Saga.
 */
public enum Protocol {
    LOCAL, XA, TCC, SAGA
}
