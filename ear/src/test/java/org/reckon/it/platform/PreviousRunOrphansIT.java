package org.reckon.it.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arjuna.ats.arjuna.common.Uid;
import com.arjuna.ats.arjuna.coordinator.TxControl;
import com.arjuna.ats.arjuna.recovery.RecoveryManager;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import javax.naming.InitialContext;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Recovery at boot (issue 16): an orphan that an earlier run of this node left in PostgreSQL (a
 * prepared branch whose XID carries this node's name, another process's Uid and no log record) is
 * rolled back by the first recovery scan, not after Narayana's 20 s safety interval; an orphan-looking
 * branch of the running server is left alone, since its transaction may still be preparing. The
 * branches are made as a crash would leave them: {@code PREPARE TRANSACTION} with the global id
 * pgjdbc writes for a Narayana XID, on the payment database, which the server recovers.
 */
@ExtendWith(ArquillianExtension.class)
class PreviousRunOrphansIT {

    private static final int NARAYANA_JTA = 131077;

    @Test
    void anEarlierRunsOrphanGoesAtTheFirstScanAndThisRunsWaits() throws Exception {
        DataSource ds = (DataSource) new InitialContext().lookup("java:jboss/datasources/PaymentDS");
        byte[] thisRun = new Uid().getBytes();
        byte[] earlierRun = new Uid().getBytes();
        ByteBuffer.wrap(earlierRun).putInt(16, ByteBuffer.wrap(earlierRun).getInt(16) ^ 0x5a5a5a5a); // another process id
        String earlier = gid(earlierRun);
        String ours = gid(thisRun);
        prepare(ds, earlier);
        long madeAt = System.nanoTime();
        prepare(ds, ours);
        try {
            // a scan already under way when the branches were made may not have listed them; the second has
            RecoveryManager.manager().scan();
            RecoveryManager.manager().scan();
            long seconds = Duration.ofNanos(System.nanoTime() - madeAt).toSeconds();
            assertTrue(seconds < 15, "two scans took " + seconds + " s: too close to the 20 s safety interval to tell");
            assertFalse(prepared(ds, earlier), "the earlier run's orphan is rolled back by the first scans after it appeared");
            assertTrue(prepared(ds, ours), "a branch of the running server stays for the safety interval");
        } finally {
            rollbackIfPrepared(ds, ours);
            rollbackIfPrepared(ds, earlier);
        }
    }

    /** pgjdbc's global id for an XID: format id, then gtrid and bqual in Base64. */
    private static String gid(byte[] transactionUid) {
        byte[] node = TxControl.getXANodeName().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] gtrid = ByteBuffer.allocate(transactionUid.length + node.length).put(transactionUid).put(node).array();
        byte[] bqual = ByteBuffer.allocate(36).put(new Uid().getBytes()).putInt(0).putInt(0).array();
        Base64.Encoder b64 = Base64.getEncoder();
        return NARAYANA_JTA + "_" + b64.encodeToString(gtrid) + "_" + b64.encodeToString(bqual);
    }

    private static void prepare(DataSource ds, String gid) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SELECT 1");
            s.execute("PREPARE TRANSACTION '" + gid + "'");
            c.setAutoCommit(true);
        }
        assertTrue(prepared(ds, gid), "made the prepared branch " + gid);
    }

    private static boolean prepared(DataSource ds, String gid) throws Exception {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_prepared_xacts WHERE gid = ?")) {
            ps.setString(1, gid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    private static void rollbackIfPrepared(DataSource ds, String gid) throws Exception {
        if (prepared(ds, gid)) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("ROLLBACK PREPARED '" + gid + "'");
            }
        }
    }
}
