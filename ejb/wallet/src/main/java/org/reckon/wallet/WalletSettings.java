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

    /**
     * How long a deduplication key (transaction_id -> answer) is remembered: a repeat inside the
     * window replays the first answer; an older key is forgotten (the expiry is itself an event).
     * Default 24 h, the window of the platform's Idempotency-Keys: a client retries within it.
     */
    @Inject
    @ConfigProperty(name = "reckon.wallet.dedup-window", defaultValue = "PT24H")
    String dedupWindow;

    public java.time.Duration dedupWindow() {
        java.time.Duration d = java.time.Duration.parse(dedupWindow.trim());
        if (d.compareTo(java.time.Duration.ofHours(1)) < 0) {
            throw new IllegalStateException("reckon.wallet.dedup-window must be at least PT1H (longer than the TC/C and saga"
                    + " recovery's two minutes and a client's retries), is " + d);
        }
        return d;
    }

    /**
     * A TC/C or saga row not updated for this long has lost its coordinator (a crash), and
     * {@link WalletRecovery} finishes it. It must exceed the longest wait of a live coordinator
     * between two updates of its row (a step waits 30 s at most), or recovery could race it.
     */
    @Inject
    @ConfigProperty(name = "reckon.wallet.recovery.abandoned-after", defaultValue = "PT2M")
    String abandonedAfter;

    /** How often {@link WalletRecovery} looks for abandoned TC/C transactions and sagas. */
    @Inject
    @ConfigProperty(name = "reckon.wallet.recovery.interval", defaultValue = "PT1M")
    String recoveryInterval;

    public java.time.Duration abandonedAfter() {
        return java.time.Duration.parse(abandonedAfter.trim());
    }

    public java.time.Duration recoveryInterval() {
        return java.time.Duration.parse(recoveryInterval.trim());
    }

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
