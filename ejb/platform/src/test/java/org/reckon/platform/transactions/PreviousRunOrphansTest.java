package org.reckon.platform.transactions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.arjuna.ats.jta.recovery.XAResourceOrphanFilter.Vote;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javax.transaction.xa.Xid;
import org.junit.jupiter.api.Test;

/** The votes of {@link PreviousRunOrphans}, on XIDs laid out as Narayana's JTA makes them. */
class PreviousRunOrphansTest {

    private static final int NARAYANA_JTA = 131077;
    private static final long HOST_HIGH = 0x7f00_0001L;
    private static final int THIS_PROCESS = 4242;
    private static final int THIS_START = 1_765_000_000;

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final PreviousRunOrphans filter =
            new PreviousRunOrphans(uid(THIS_PROCESS, THIS_START, 1), Duration.ofSeconds(20), now::get);

    @Test
    void aBranchOfThisRunIsLeftAloneUntilSeenForTheGuardInterval() {
        Xid xid = xid(uid(THIS_PROCESS, THIS_START, 77));
        assertEquals(Vote.LEAVE_ALONE, filter.checkXid(xid), "first seen: it may belong to a transaction still preparing");
        now.addAndGet(19_999);
        assertEquals(Vote.LEAVE_ALONE, filter.checkXid(xid), "not yet seen for 20 s");
        now.addAndGet(1);
        assertEquals(Vote.ABSTAIN, filter.checkXid(xid), "seen for 20 s: Narayana's filters decide, as without this one");
    }

    @Test
    void aBranchOfAnEarlierRunIsLeftToNarayanasFiltersAtOnce() {
        assertEquals(Vote.ABSTAIN, filter.checkXid(xid(uid(THIS_PROCESS + 1, THIS_START, 77))), "another process id");
        assertEquals(Vote.ABSTAIN, filter.checkXid(xid(uid(THIS_PROCESS, THIS_START - 30, 77))), "another start second");
    }

    @Test
    void anXidNarayanasJtaDidNotMakeIsNotItsBusiness() {
        Xid foreign = new SimpleXid(4711, uid(THIS_PROCESS, THIS_START, 5), new byte[] {1});
        assertEquals(Vote.ABSTAIN, filter.checkXid(foreign));
        Xid shortOne = new SimpleXid(NARAYANA_JTA, new byte[] {1, 2, 3}, new byte[] {1});
        assertEquals(Vote.ABSTAIN, filter.checkXid(shortOne));
    }

    @Test
    void eachBranchHasItsOwnClockAndAForgottenOneStartsAgain() {
        Xid first = xid(uid(THIS_PROCESS, THIS_START, 1));
        filter.checkXid(first);
        now.addAndGet(15_000);
        Xid second = xid(uid(THIS_PROCESS, THIS_START, 2));
        assertEquals(Vote.LEAVE_ALONE, filter.checkXid(second));
        now.addAndGet(5_000);
        assertEquals(Vote.ABSTAIN, filter.checkXid(first));
        assertEquals(Vote.LEAVE_ALONE, filter.checkXid(second), "seen 5 s ago only");
        now.addAndGet(Duration.ofMinutes(11).toMillis());
        Xid third = xid(uid(THIS_PROCESS, THIS_START, 3));
        filter.checkXid(third); // prunes what was not seen for 10 min
        assertEquals(Vote.LEAVE_ALONE, filter.checkXid(first), "gone for 11 min and back: a new sighting");
    }

    /** A Uid's byte form: host address (2 longs), process id, start second, counter. */
    private static byte[] uid(int process, int start, int counter) {
        return ByteBuffer.allocate(28).putLong(0).putLong(HOST_HIGH).putInt(process).putInt(start).putInt(counter).array();
    }

    /** gtrid: the transaction's Uid then the node name; bqual: the branch's Uid, EIS name, no subordinate. */
    private static Xid xid(byte[] uid) {
        byte[] node = "reckon-1".getBytes(StandardCharsets.UTF_8);
        byte[] gtrid = ByteBuffer.allocate(uid.length + node.length).put(uid).put(node).array();
        byte[] bqual = ByteBuffer.allocate(36).put(uid(THIS_PROCESS, THIS_START, 999)).putInt(0).putInt(0).array();
        return new SimpleXid(NARAYANA_JTA, gtrid, bqual);
    }

    private record SimpleXid(int getFormatId, byte[] getGlobalTransactionId, byte[] getBranchQualifier) implements Xid {
    }
}
