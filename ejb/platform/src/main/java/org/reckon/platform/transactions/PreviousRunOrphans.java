package org.reckon.platform.transactions;

import com.arjuna.ats.arjuna.common.Uid;
import com.arjuna.ats.jta.recovery.XAResourceOrphanFilter;
import com.arjuna.ats.jta.xa.XATxConverter;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.transaction.xa.Xid;

/**
 * Keeps Narayana's orphan safety interval for the branches of this run only, so that the orphans a
 * previous run of this node left behind are rolled back in the first recovery scan after a restart.
 *
 * <p>An orphan is a prepared branch whose transaction wrote no log record. Narayana rolls one back
 * only after it has seen it for {@code orphanSafetyInterval} (20 s), because a transaction of the
 * running server may have prepared its first branch and still be preparing the next one: it has no log
 * record yet, and rolling its branch back would break it. That cannot be true of a branch whose XID
 * was made by another process: every Narayana XID begins with its transaction's {@link Uid}, whose
 * first 24 bytes are the process's host address, process id and start second. With the node's name
 * in the XID (only this node's names are ever rolled back), a branch of another process with this
 * node's name is one that an earlier run of this node left, and that run is gone.
 *
 * <p>So while this filter is installed, Narayana's own interval is 0 and this filter votes
 * {@code LEAVE_ALONE} on a branch of this run until it has been seen for the guard interval. Every
 * other branch it leaves to Narayana's filters (log record: leave alone; this node's name: roll back).
 * Two servers running at once with the same node name would break this, as they break Narayana's own
 * recovery: the name must be unique per server (transactions.cli).
 */
public final class PreviousRunOrphans implements XAResourceOrphanFilter {

    /** Host address (16 bytes), process id and start second (4 each): the same in every Uid of a process. */
    static final int PROCESS_PREFIX = 24;
    private static final long FORGET_AFTER_MILLIS = Duration.ofMinutes(10).toMillis();

    private final byte[] thisRun;
    private final long guardMillis;
    private final LongSupplier clock;
    private final Map<String, long[]> seen = new ConcurrentHashMap<>();

    PreviousRunOrphans(byte[] uidOfThisRun, Duration guard, LongSupplier clock) {
        this.thisRun = Arrays.copyOf(uidOfThisRun, PROCESS_PREFIX);
        this.guardMillis = guard.toMillis();
        this.clock = clock;
    }

    /** The filter for this JVM: its prefix is that of any Uid it makes. */
    public static PreviousRunOrphans forThisRun(Duration guard) {
        return new PreviousRunOrphans(new Uid().getBytes(), guard, System::currentTimeMillis);
    }

    @Override
    public Vote checkXid(Xid xid) {
        if (xid.getFormatId() != XATxConverter.FORMAT_ID) {
            return Vote.ABSTAIN;
        }
        if (!isThisRun(xid)) {
            return Vote.ABSTAIN; // an earlier run's: nothing of it can still be in flight
        }
        long now = clock.getAsLong();
        forgetOlderThan(now - FORGET_AFTER_MILLIS);
        long[] firstAndLast = seen.computeIfAbsent(key(xid), k -> new long[] {now, now});
        firstAndLast[1] = now;
        return now - firstAndLast[0] >= guardMillis ? Vote.ABSTAIN : Vote.LEAVE_ALONE;
    }

    /** Whether an XID was made by this process. */
    boolean isThisRun(Xid xid) {
        byte[] gtrid = xid.getGlobalTransactionId();
        return gtrid != null && gtrid.length >= PROCESS_PREFIX
                && Arrays.equals(gtrid, 0, PROCESS_PREFIX, thisRun, 0, PROCESS_PREFIX);
    }

    private void forgetOlderThan(long cutoff) {
        seen.values().removeIf(firstAndLast -> firstAndLast[1] < cutoff);
    }

    private static String key(Xid xid) {
        byte[] gtrid = xid.getGlobalTransactionId();
        byte[] bqual = xid.getBranchQualifier() == null ? new byte[0] : xid.getBranchQualifier();
        return HexFormat.of().formatHex(gtrid) + "/" + HexFormat.of().formatHex(bqual);
    }
}
