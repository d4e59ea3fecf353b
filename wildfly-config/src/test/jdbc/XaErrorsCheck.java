import java.sql.SQLException;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.xa.PGXADataSource;
import org.reckon.platform.jdbc.ReckonPGXADataSource;

/**
 * Checks ReckonPGXADataSource's error mapping (commit and rollback) before configure-server.sh installs it in the driver's
 * module (run with the driver and the compiled class on the class path; exits 1 on a failure).
 * Pure logic: XA errors built as pgjdbc 42.7.8 builds them (an XAException carrying the
 * SQLException), passed through the wrapped XAResource. That PostgreSQL really answers a backend
 * being shut down with 57P01, and what Narayana then does, is the fault suite's
 * (DatabaseGoneMidTwoPhaseCommitFaultIT).
 */
public final class XaErrorsCheck {

    private static int failures;

    public static void main(String[] args) throws Exception {
        check("57P01 (admin shutdown) on commit", XAException.XAER_RMERR,
                new SQLException("FATAL: terminating connection due to administrator command", "57P01"), XAException.XAER_RMFAIL);
        check("57P02 (crash shutdown) on commit", XAException.XAER_RMERR,
                new SQLException("FATAL: terminating connection because of crash of another server process", "57P02"),
                XAException.XAER_RMFAIL);
        check("08006 (connection failure) reported as RMERR", XAException.XAER_RMERR,
                new PSQLException("An I/O error occurred while sending to the backend.", PSQLState.CONNECTION_FAILURE),
                XAException.XAER_RMFAIL);
        check("23505 (unique violation) stays RMERR", XAException.XAER_RMERR,
                new PSQLException("duplicate key value violates unique constraint", PSQLState.UNIQUE_VIOLATION),
                XAException.XAER_RMERR);
        check("a serialization failure stays a rollback", XAException.XA_RBROLLBACK,
                new SQLException("could not serialize access", "40001"), XAException.XA_RBROLLBACK);
        check("no cause stays RMERR", XAException.XAER_RMERR, null, XAException.XAER_RMERR);
        check("RMFAIL stays RMFAIL", XAException.XAER_RMFAIL,
                new SQLException("FATAL: terminating connection due to administrator command", "57P01"), XAException.XAER_RMFAIL);
        SQLException chained = new SQLException("batch failed", "XX000");
        chained.setNextException(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        check("57P01 as the next exception", XAException.XAER_RMERR, chained, XAException.XAER_RMFAIL);
        if (!(new ReckonPGXADataSource() instanceof PGXADataSource)) {
            fail("ReckonPGXADataSource is not a PGXADataSource: the datasources' properties would not apply");
        }
        if (failures > 0) {
            System.err.println("XaErrorsCheck: " + failures + " failure(s)");
            System.exit(1);
        }
        System.out.println("XaErrorsCheck: XA errors of a server going away are XAER_RMFAIL, the others unchanged");
    }

    private static void check(String what, int pgjdbcCode, SQLException cause, int expected) throws Exception {
        XAException thrown = new XAException(pgjdbcCode);
        if (cause != null) {
            thrown.initCause(cause);
        }
        XAResource failing = (XAResource) java.lang.reflect.Proxy.newProxyInstance(XaErrorsCheck.class.getClassLoader(),
                new Class<?>[] {XAResource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("isSameRM")) {
                        return args[0] == proxy;
                    }
                    throw thrown;
                });
        XAResource wrapped = wrap(failing);
        Xid xid = new Xid() {
            public int getFormatId() { return 1; }
            public byte[] getGlobalTransactionId() { return new byte[] {1}; }
            public byte[] getBranchQualifier() { return new byte[] {2}; }
        };
        for (String call : new String[] {"commit", "rollback", "prepare", "end", "start", "recover", "forget"}) {
            // only commit and rollback are corrected; the other calls answer what pgjdbc answered
            int wanted = call.equals("commit") || call.equals("rollback") ? expected : pgjdbcCode;
            if (call.equals("commit")) { // a one-phase commit keeps pgjdbc's code: cut short, it was rolled back
                try {
                    wrapped.commit(xid, true);
                    fail(what + ", one-phase commit: no exception");
                } catch (XAException e) {
                    if (e.errorCode != pgjdbcCode) {
                        fail(what + ", one-phase commit: errorCode " + e.errorCode + ", expected " + pgjdbcCode);
                    }
                }
            }
            try {
                switch (call) {
                    case "commit" -> wrapped.commit(xid, false);
                    case "rollback" -> wrapped.rollback(xid);
                    case "prepare" -> wrapped.prepare(xid);
                    case "end" -> wrapped.end(xid, XAResource.TMSUCCESS);
                    case "start" -> wrapped.start(xid, XAResource.TMNOFLAGS);
                    case "recover" -> wrapped.recover(XAResource.TMSTARTRSCAN);
                    default -> wrapped.forget(xid);
                }
                fail(what + ", " + call + ": no exception");
            } catch (XAException e) {
                if (e.errorCode != wanted) {
                    fail(what + ", " + call + ": errorCode " + e.errorCode + ", expected " + wanted);
                }
            }
        }
        if (!wrapped.isSameRM(wrap(failing)) && !wrapped.isSameRM(failing)) {
            fail("isSameRM does not reach the wrapped resource");
        }
    }

    /** The wrapper ReckonPGXADataSource puts around pgjdbc's XA resource (package-private). */
    private static XAResource wrap(XAResource delegate) throws Exception {
        Class<?> resource = Class.forName("org.reckon.platform.jdbc.ReckonPGXADataSource$Resource");
        var constructor = resource.getDeclaredConstructor(XAResource.class);
        constructor.setAccessible(true);
        return (XAResource) constructor.newInstance(delegate);
    }

    private static void fail(String message) {
        failures++;
        System.err.println("XaErrorsCheck FAILED: " + message);
    }
}
