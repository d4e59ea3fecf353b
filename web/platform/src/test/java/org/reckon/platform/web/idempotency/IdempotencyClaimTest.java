package org.reckon.platform.web.idempotency;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJBException;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Found by the fault suite's database restart: every failure of the Idempotency-Key claim was
 * answered 409 "still being processed", a database outage included, so clients were told to wait
 * for a request that did not exist. Only the key's own duplicate is "in progress" now.
 */
class IdempotencyClaimTest {

    @Test
    void onlyTheKeysDuplicateMeansAnotherRequestHoldsIt() {
        assertTrue(IdempotencyInterceptor.duplicateKey(new EJBException(new PersistenceException("insert failed",
                new SQLException("duplicate key value violates unique constraint pk_idempotency_record", "23505")))));
        assertFalse(IdempotencyInterceptor.duplicateKey(new EJBException(new PersistenceException("insert failed",
                new SQLException("Connection refused", "08001")))));
        assertFalse(IdempotencyInterceptor.duplicateKey(new EJBException("the pool has no connection")));
    }
}
