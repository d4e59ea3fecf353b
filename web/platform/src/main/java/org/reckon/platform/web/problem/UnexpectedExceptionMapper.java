package org.reckon.platform.web.problem;

import jakarta.ejb.EJBException;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/**
 * Everything else. A body that does not parse is the client's fault (400); an exception an EJB
 * wrapped is unwrapped and answered as what it is; anything left is ours: 500 with an error id
 * that is also logged with the stack trace, which never reaches the client.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Context
    UriInfo uriInfo;

    @Context
    SecurityContext securityContext;

    @Override
    public Response toResponse(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            // a reader stopped on purpose (BodySizeLimit) surfaces wrapped in the JSON-B failure it caused
            if (cause instanceof ReckonException reckon) {
                return ReckonExceptionMapper.problem(reckon, uriInfo, securityContext);
            }
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ValidationException validation) {
                return ValidationExceptionMapper.problem(validation, uriInfo);
            }
            if (cause instanceof WebApplicationException web && cause != e) {
                return WebApplicationExceptionMapper.problem(web, uriInfo, securityContext);
            }
            if (cause instanceof java.io.UnsupportedEncodingException
                    || cause instanceof java.nio.charset.UnsupportedCharsetException
                    || cause instanceof java.nio.charset.IllegalCharsetNameException) {
                return Problems.response(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                        "The request's charset is not supported; send UTF-8", uriInfo);
            }
            if (cause instanceof jakarta.persistence.OptimisticLockException) {
                return Problems.response(ErrorCode.CONFLICT,
                        "Another request changed this resource meanwhile; read it again and retry", uriInfo);
            }
            if (isUnreadableBody(cause)) {
                return Problems.response(ErrorCode.MALFORMED_REQUEST,
                        "The request body is not valid JSON for this resource: " + firstLine(cause.getMessage()), uriInfo);
            }
            if (!(cause instanceof EJBException) && !(cause instanceof ProcessingException)) {
                break;
            }
        }
        if (databaseBusy(e)) {
            String errorId = UUID.randomUUID().toString();
            LOG.log(Level.WARNING, "error_id=" + errorId + " database busy: " + e);
            return Response.fromResponse(Problems.response(ErrorCode.DATABASE_BUSY,
                            "A row this request needs stayed locked by another transaction past the lock timeout; nothing was "
                                    + "changed, retry shortly (error_id " + errorId + ")",
                            uriInfo, errorId, List.of()))
                    .header(ReckonExceptionMapper.RETRY_AFTER, ReckonExceptionMapper.RETRY_SECONDS).build();
        }
        if (databaseUnavailable(e) || (jdbcFailure(e) && !databasesReachable())) {
            String errorId = UUID.randomUUID().toString();
            LOG.log(Level.WARNING, "error_id=" + errorId + " database unavailable: " + e);
            return Response.fromResponse(Problems.response(ErrorCode.DATABASE_UNAVAILABLE,
                            "The database did not answer; nothing was changed, retry shortly (error_id " + errorId + ")",
                            uriInfo, errorId, List.of()))
                    .header(ReckonExceptionMapper.RETRY_AFTER, ReckonExceptionMapper.RETRY_SECONDS).build();
        }
        return internalError(e, uriInfo);
    }

    /**
     * A lost or refused database connection anywhere in the chain: SQLSTATE class 08 (connection
     * exception), 57P (the server is shutting down or restarting), or the pool's own "could not get
     * a connection". The transaction rolled back, so the client may simply retry.
     */
    /** A JDBC failure whose own message does not say why (e.g. "IJ031070: Transaction cannot proceed"). */
    static boolean jdbcFailure(Throwable e) {
        for (Throwable cause = e; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Asks the databases themselves, through the readiness checks' datasources. Found by the fault
     * suite: during a database restart the first failure is often reported only as the
     * transaction being marked for rollback, with the lost connection nowhere in the chain.
     */
    private static boolean databasesReachable() {
        try {
            return jakarta.enterprise.inject.spi.CDI.current()
                    .select(org.reckon.platform.web.health.ReadinessChecks.class).get().databasesReachable();
        } catch (RuntimeException e) {
            return true; // no container (a unit test): decide from the exception alone
        }
    }

    /**
     * A wait the database ended on purpose: SQLSTATE 55P03 (lock_timeout: a row stayed locked, for
     * instance by a branch left prepared until recovery resolves it), 57014 (a statement
     * cancelled), H2's HYT00 (its lock timeout, in dev), or JPA's own lock-timeout exceptions. The transaction rolled back; a retry works.
     */
    static boolean databaseBusy(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof jakarta.persistence.LockTimeoutException
                    || cause instanceof jakarta.persistence.PessimisticLockException) {
                return true;
            }
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && java.util.Set.of("55P03", "57014", "HYT00").contains(sql.getSQLState())) { // Set.of refuses null
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    static boolean databaseUnavailable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLTransientConnectionException
                    || cause instanceof java.sql.SQLNonTransientConnectionException
                    || cause instanceof jakarta.resource.ResourceException) {
                return true;
            }
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    static Response internalError(Throwable e, UriInfo uriInfo) {
        String errorId = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "error_id=" + errorId + " unexpected failure", e);
        return Problems.response(ErrorCode.INTERNAL_ERROR,
                "An unexpected error occurred; quote error_id " + errorId + " when reporting it",
                uriInfo, errorId, List.of());
    }

    private static boolean isUnreadableBody(Throwable t) {
        return t instanceof JsonbException || t instanceof JsonParsingException
                || t.getClass().getName().equals("org.jboss.resteasy.spi.ReaderException");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
