package org.reckon.payment.psp;

import jakarta.ejb.ApplicationException;

/**
 * The PSP did not do what was asked. Retryable: no answer, a timeout, a 5xx or a lost response
 * (the call may or may not have happened; retrying with the same nonce is safe because the PSP
 * deduplicates on it). Not retryable: the PSP refused the request (4xx).
 * It does not roll back by itself: the consumer decides (queue a retry in the same transaction,
 * or roll back so the broker redelivers).
 */
@ApplicationException(rollback = false)
public class PspException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;
    private final int status;

    public PspException(String message, boolean retryable, int status, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.status = status;
    }

    public boolean retryable() {
        return retryable;
    }

    /** HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }
}
