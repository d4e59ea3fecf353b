package org.reckon.platform.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.ConnectionEventListener;
import javax.sql.StatementEventListener;
import javax.sql.XAConnection;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.postgresql.xa.PGXADataSource;

/**
 * pgjdbc's XA data source, with one correction: a {@code commit} or {@code rollback} that fails
 * because the server is going away reports {@code XAER_RMFAIL} (the resource manager is unavailable, the branch's fate unknown)
 * instead of {@code XAER_RMERR}.
 *
 * <p>Why. PostgreSQL answers a command that reaches a backend being shut down (a fast shutdown, a
 * crash restart, a backend terminated by an operator) with SQLSTATE class 57P ("terminating connection
 * due to administrator command", 57P01). pgjdbc 42.7.8 reports {@code XAER_RMFAIL} only for SQLSTATE
 * class 08 and {@code XAER_RMERR} for everything else. To Narayana, {@code XAER_RMERR} on
 * {@code commit} means "the branch was rolled back" (a heuristic rollback) and on the rollback of a
 * prepared branch a heuristic hazard: either way it records a heuristic outcome and stops. But the
 * branch never ran its COMMIT/ROLLBACK PREPARED: it is still prepared at PostgreSQL, holding its row
 * locks, and recovery leaves it alone for ever because the transaction's log record exists (CI saw a
 * payment order and the ledger's journal head locked for 30 minutes after a database restart).
 * With {@code XAER_RMFAIL}, Narayana keeps the decision and lets recovery finish the branch once the
 * database is back (commit), or leaves an orphan that recovery rolls back (presumed abort).
 *
 * <p>Installed in the {@code org.postgresql} JBoss module next to the driver
 * ({@code bin/configure-server.sh}) and named as the {@code postgresql} JDBC driver's XA data source
 * class ({@code postgresql-driver.cli}). {@code XaErrorsCheck} (src/test/jdbc) tests the mapping
 * against a real PostgreSQL before the module is installed.
 */
public class ReckonPGXADataSource extends PGXADataSource {

    private static final long serialVersionUID = 1L;

    @Override
    public XAConnection getXAConnection() throws SQLException {
        return new Connection_(super.getXAConnection());
    }

    @Override
    public XAConnection getXAConnection(String user, String password) throws SQLException {
        return new Connection_(super.getXAConnection(user, password));
    }

    /**
     * True when an XA error was caused by the server going away: SQLSTATE class 57P (operator
     * intervention: admin shutdown, crash shutdown, cannot connect now) or 08 (connection exception)
     * anywhere in the cause chain.
     */
    static boolean serverWentAway(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    String state = s.getSQLState();
                    if (state != null && (state.startsWith("57P") || state.startsWith("08"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static XAException corrected(XAException e) {
        if (e.errorCode == XAException.XAER_RMERR && serverWentAway(e)) {
            XAException rmfail = new XAException(XAException.XAER_RMFAIL);
            rmfail.initCause(e);
            return rmfail;
        }
        return e;
    }

    /** The pooled connection: pgjdbc's, with its XA resource wrapped. */
    static final class Connection_ implements XAConnection {
        private final XAConnection delegate;
        private final Resource resource;

        Connection_(XAConnection delegate) throws SQLException {
            this.delegate = delegate;
            this.resource = new Resource(delegate.getXAResource());
        }

        @Override
        public XAResource getXAResource() {
            return resource;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return delegate.getConnection();
        }

        @Override
        public void close() throws SQLException {
            delegate.close();
        }

        @Override
        public void addConnectionEventListener(ConnectionEventListener listener) {
            delegate.addConnectionEventListener(listener);
        }

        @Override
        public void removeConnectionEventListener(ConnectionEventListener listener) {
            delegate.removeConnectionEventListener(listener);
        }

        @Override
        public void addStatementEventListener(StatementEventListener listener) {
            delegate.addStatementEventListener(listener);
        }

        @Override
        public void removeStatementEventListener(StatementEventListener listener) {
            delegate.removeStatementEventListener(listener);
        }
    }

    /**
     * pgjdbc's XA resource, the XAER_RMERR of a two-phase {@code commit} and of {@code rollback} corrected by
     * {@link #corrected}: the two calls where Narayana reads XAER_RMERR as an outcome. Elsewhere
     * both codes already mean the same to it (a failed {@code prepare} aborts, a failed
     * {@code start} marks the transaction rollback-only), and the other calls pass through unchanged.
     */
    static final class Resource implements XAResource {
        final XAResource delegate;

        Resource(XAResource delegate) {
            this.delegate = delegate;
        }

        @Override
        public void commit(Xid xid, boolean onePhase) throws XAException {
            try {
                delegate.commit(xid, onePhase);
            } catch (XAException e) {
                // a one-phase commit cut short never ran: the backend's death rolled it back, which is
                // what XAER_RMERR says there; only a prepared branch outlives its connection
                throw onePhase ? e : corrected(e);
            }
        }

        @Override
        public void end(Xid xid, int flags) throws XAException {
            delegate.end(xid, flags);
        }

        @Override
        public void forget(Xid xid) throws XAException {
            delegate.forget(xid);
        }

        @Override
        public int getTransactionTimeout() throws XAException {
            return delegate.getTransactionTimeout();
        }

        @Override
        public boolean isSameRM(XAResource other) throws XAException {
            return delegate.isSameRM(other instanceof Resource r ? r.delegate : other);
        }

        @Override
        public int prepare(Xid xid) throws XAException {
            return delegate.prepare(xid);
        }

        @Override
        public Xid[] recover(int flag) throws XAException {
            return delegate.recover(flag);
        }

        @Override
        public void rollback(Xid xid) throws XAException {
            try {
                delegate.rollback(xid);
            } catch (XAException e) {
                throw corrected(e);
            }
        }

        @Override
        public boolean setTransactionTimeout(int seconds) throws XAException {
            return delegate.setTransactionTimeout(seconds);
        }

        @Override
        public void start(Xid xid, int flags) throws XAException {
            delegate.start(xid, flags);
        }
    }
}
