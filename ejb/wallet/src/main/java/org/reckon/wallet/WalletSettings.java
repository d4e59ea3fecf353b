package org.reckon.wallet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The wallet's knobs; each is a runtime property with a production default. */
@ApplicationScoped
public class WalletSettings {

    /** Most commands one group commit validates and appends. */
    @Inject
    @ConfigProperty(name = "reckon.wallet.batch", defaultValue = "500")
    int batch;

    /** A periodic snapshot every this many events (besides the one at 00:00 UTC). */
    @Inject
    @ConfigProperty(name = "reckon.wallet.snapshot-every", defaultValue = "10000")
    long snapshotEvery;

    /** The protocol of a transfer across partitions when the request names none: XA, TCC or SAGA. */
    @Inject
    @ConfigProperty(name = "reckon.wallet.cross-partition-protocol", defaultValue = "XA")
    String crossPartitionProtocol;

    public int batch() {
        return batch;
    }

    public long snapshotEvery() {
        return snapshotEvery;
    }

    public Protocol crossPartitionProtocol() {
        return Protocol.valueOf(crossPartitionProtocol.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
