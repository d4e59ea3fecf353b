package org.reckon.it.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import javax.naming.InitialContext;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.platform.cluster.SingletonLock;

/**
 * The singleton lock (issue 16: no singleton work twice in a network partition) on the real
 * PostgreSQL: two holders stand for the two halves of a partitioned cluster, each with its own
 * session. One holds the lock and the other is refused for as long as it does; the lock passes over
 * when the holder lets it go. The cluster's own datasource (ClusterLockDS) exists only on the
 * cluster, so this uses the payment context's, outside any transaction. The holder's death is the
 * fault suite's: its cluster case SIGKILLs the lock's holder and the survivor takes the lock (a
 * backend terminated here went back into the payment pool, which the suite shares: a later request
 * got its closed connection, CI 2026-12-06).
 */
@ExtendWith(ArquillianExtension.class)
class SingletonLockIT {

    /** pg_locks' columns for SingletonLock's bigint key: its high and low 32 bits. */
    private static final String THE_LOCK = "locktype = 'advisory' AND classid = 1919247211 AND objid = 1869491827 AND objsubid = 1"
            + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";

    @Test
    void oneHolderAtATimeAndTheLockPassesWhenTheHolderLetsGo() throws Exception {
        DataSource ds = (DataSource) new InitialContext().lookup("java:jboss/datasources/PaymentDS");
        SingletonLock one = new SingletonLock(ds, 2);
        SingletonLock two = new SingletonLock(ds, 2);
        try {
            assertTrue(one.hold(), "the first to ask takes the free lock");
            assertFalse(two.hold(), "the other half is refused while it is held");
            assertTrue(one.hold(), "the holder keeps it");
            assertEquals(1, holders(ds), "one session holds the advisory lock");

            one.release();
            assertEquals(0, holders(ds), "released: no session holds it");
            assertTrue(two.hold(), "the other takes it once it is let go");
            assertFalse(one.hold(), "and the first is refused now");
        } finally {
            one.release();
            two.release();
        }
        assertEquals(0, holders(ds), "nothing left holding the lock");
    }

    private static int holders(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_locks WHERE granted AND " + THE_LOCK)) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
