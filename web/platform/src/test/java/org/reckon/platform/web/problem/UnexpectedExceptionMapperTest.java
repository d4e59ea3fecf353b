package org.reckon.platform.web.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJBException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

class UnexpectedExceptionMapperTest {

    private final UnexpectedExceptionMapper mapper = new UnexpectedExceptionMapper();

    @Test
    void anUnexpectedFailureIsA500WithAnErrorIdThatIsAlsoLoggedAndNoStackTrace() {
        List<LogRecord> logged = new ArrayList<>();
        Logger logger = Logger.getLogger(UnexpectedExceptionMapper.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            Response response = mapper.toResponse(new IllegalStateException("secret internals"));

            assertEquals(500, response.getStatus());
            assertEquals(Problems.PROBLEM_JSON, response.getMediaType());
            ProblemDetails body = (ProblemDetails) response.getEntity();
            assertNotNull(body.errorId());
            assertTrue(body.detail().contains(body.errorId()));
            assertFalse(body.detail().contains("secret internals"));
            assertFalse(body.toString().contains("IllegalStateException"));
            assertEquals(1, logged.size());
            assertTrue(logged.get(0).getMessage().contains(body.errorId()));
            assertNotNull(logged.get(0).getThrown(), "the stack trace goes to the log");
        } finally {
            logger.removeHandler(handler);
        }
    }

    @Test
    void aBusinessFailureWrappedByAnEjbIsAnsweredAsItself() {
        Response response = mapper.toResponse(new EJBException(
                new ReckonException(ErrorCode.CONFLICT, "already paid", "payment_order_id")));

        assertEquals(409, response.getStatus());
        ProblemDetails body = (ProblemDetails) response.getEntity();
        assertEquals("CONFLICT", body.code());
        assertEquals("payment_order_id", body.violations().get(0).field());
        assertNull(body.errorId());
    }

    /** Found by the fault suite's database restart: a lost connection was a 500 (or, on the claim, a 409). */
    @Test
    void aLostDatabaseConnectionIsA503WithRetryAfter() {
        Response response = mapper.toResponse(new EJBException(new IllegalStateException("flush failed",
                new java.sql.SQLException("An I/O error occurred while sending to the backend.", "08006"))));

        assertEquals(503, response.getStatus());
        assertEquals("5", response.getHeaderString("Retry-After"));
        assertEquals(Problems.PROBLEM_JSON, response.getMediaType());
        assertEquals("DATABASE_UNAVAILABLE", ((ProblemDetails) response.getEntity()).code());
        assertTrue(UnexpectedExceptionMapper.databaseUnavailable(new java.sql.SQLException("terminating connection due to "
                + "administrator command", "57P01")));
        assertFalse(UnexpectedExceptionMapper.databaseUnavailable(new java.sql.SQLException("duplicate key", "23505")));
    }

    /** A row left locked (by a branch prepared until recovery) past lock_timeout: the client retries, the server stays free. */
    @Test
    void aLockTimeoutIsA503BusyWithRetryAfter() {
        Response response = mapper.toResponse(new EJBException(new jakarta.persistence.PersistenceException("lock",
                new java.sql.SQLException("canceling statement due to lock timeout", "55P03"))));

        assertEquals(503, response.getStatus());
        assertEquals("5", response.getHeaderString("Retry-After"));
        assertEquals("DATABASE_BUSY", ((ProblemDetails) response.getEntity()).code());
        assertTrue(UnexpectedExceptionMapper.databaseBusy(new jakarta.persistence.LockTimeoutException("lock")));
        assertFalse(UnexpectedExceptionMapper.databaseBusy(new java.sql.SQLException("duplicate key", "23505")));
        assertFalse(UnexpectedExceptionMapper.databaseBusy(new java.sql.SQLException("connection lost", "08006")));
        // found by the fault suite: a SQLException without a SQLSTATE made the check itself throw
        assertFalse(UnexpectedExceptionMapper.databaseBusy(new java.sql.SQLException("no state")));
    }

    @Test
    void anUnreadableBodyIsTheClientsFault() {
        Response response = mapper.toResponse(new ProcessingException(new JsonbException("Unexpected char 123")));

        assertEquals(400, response.getStatus());
        assertEquals("MALFORMED_REQUEST", ((ProblemDetails) response.getEntity()).code());
    }

    @Test
    void aBodyStoppedForItsSizeInsideTheJsonReaderIsA413NotAMalformedBody() {
        Response response = mapper.toResponse(new ProcessingException(new JsonbException("read failed",
                new ReckonException(ErrorCode.PAYLOAD_TOO_LARGE, "too large", "body"))));

        assertEquals(413, response.getStatus());
        assertEquals("PAYLOAD_TOO_LARGE", ((ProblemDetails) response.getEntity()).code());
    }

    @Test
    void anUnsupportedCharsetIsA415() {
        Response response = mapper.toResponse(new java.io.UnsupportedEncodingException("x-fuzz-unknown"));

        assertEquals(415, response.getStatus());
        assertEquals("UNSUPPORTED_MEDIA_TYPE", ((ProblemDetails) response.getEntity()).code());
    }

    @Test
    void aConcurrentChangeIsA409ToRetryNotA500() {
        Response response = mapper.toResponse(new EJBException(new jakarta.persistence.OptimisticLockException("stale")));

        assertEquals(409, response.getStatus());
        assertNull(((ProblemDetails) response.getEntity()).errorId());
    }
}
