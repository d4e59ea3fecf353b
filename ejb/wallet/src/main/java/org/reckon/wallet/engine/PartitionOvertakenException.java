package org.reckon.wallet.engine;

/**
 * An append inside a JTA transaction (an XA transfer, a wallet payment) found its sequence number
 * already taken by another writer of the partition's log: the transaction rolls back, the engine
 * reloads, and the step may be run again from the start (503 when nobody does).
 */
public class PartitionOvertakenException extends PartitionUnavailableException {

    public PartitionOvertakenException(int partition, String why) {
        super(partition, "overtaken by another writer of its log: " + why);
    }
}
