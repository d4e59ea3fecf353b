package org.reckon.platform.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The arbiter that keeps singleton work on one node even when the JGroups view splits: a PostgreSQL
 * session-level advisory lock ({@code pg_try_advisory_lock}) held on a connection of its own for as
 * long as this node runs the singleton work. Both halves of a network partition between the nodes
 * still reach the shared PostgreSQL, so only one of them can hold it; the coordinator of the other
 * half is refused and skips the work. When the holder dies its connection closes, PostgreSQL ends
 * the session and frees the lock, and the next coordinator takes it at its next attempt.
 *
 * <p>The datasource is the cluster's {@code ClusterLockDS} (cluster.cli): not JTA (the connection
 * outlives every transaction) and a pool of one connection, so a session that kept the lock after a
 * failed release is the one the next attempt gets back (an advisory lock is re-entrant within its
 * session), never an idle pooled session holding it out of reach.
 *
 * <p>Not thread-safe: {@link ClusterMembership} calls it under its own lock.
 */
public final class SingletonLock {

    /** The advisory lock's key: "reckon.singleton" in 8 ASCII bytes. */
    static final long KEY = 0x7265636b6f6e2e73L;
    private static final Logger LOG = Logger.getLogger(SingletonLock.class.getName());

    private final DataSource dataSource;
    private final int validSeconds;
    private Connection held;

    /**
     * @param dataSource   a non-JTA datasource on the shared PostgreSQL (the connection outlives
     *                     every transaction)
     * @param validSeconds how long a check of the held connection may take before the lock counts
     *                     as lost
     */
    public SingletonLock(DataSource dataSource, int validSeconds) {
        this.dataSource = dataSource;
        this.validSeconds = validSeconds;
    }

    /** True when this node holds the lock: still held, or just taken. False when another session holds it or PostgreSQL is unreachable. */
    public boolean hold() {
        if (held != null) {
            try {
                if (held.isValid(validSeconds)) {
                    return true;
                }
            } catch (SQLException e) {
                // as invalid
            }
            LOG.warning("singleton lock: the connection that held it is broken; the lock is lost until taken again");
            release();
        }
        Connection c = null;
        try {
            c = dataSource.getConnection();
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, KEY);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        held = c;
                        c = null;
                        return true;
                    }
                    return false;
                }
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "singleton lock: PostgreSQL did not answer; this node does not run the singleton work now", e);
            return false;
        } finally {
            close(c);
        }
    }

    /** Lets the lock go (this node is no longer the coordinator, or the application stops). */
    public void release() {
        Connection c = held;
        held = null;
        if (c == null) {
            return;
        }
        // every advisory lock of the session, however many times it was taken: the connection goes back
        // to its pool (of one, cluster.cli), and the session must not keep the lock there
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock_all()")) {
            ps.execute();
        } catch (SQLException e) {
            // a broken connection: its session ends with it, and the lock with the session
        }
        close(c);
    }

    public boolean held() {
        return held != null;
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // nothing to keep
            }
        }
    }
}
