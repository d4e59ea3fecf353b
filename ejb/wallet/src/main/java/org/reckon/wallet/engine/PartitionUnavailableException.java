package org.reckon.wallet.engine;

import org.reckon.shared.ReckonException;
import org.reckon.wallet.domain.WalletError;

/** A partition cannot answer now (its database is down, it is still recovering, the server stops): 503. */
public class PartitionUnavailableException extends ReckonException {

    public PartitionUnavailableException(int partition, String why) {
        super(WalletError.PARTITION_UNAVAILABLE, "wallet partition " + partition + ": " + why);
    }
}
