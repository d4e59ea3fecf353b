package org.reckon.platform.idempotency;

/** What claiming an Idempotency-Key found. */
public sealed interface Claim {

    /** The key is ours: do the work, then complete the record in the work's transaction. */
    record Started() implements Claim {
    }

    /** The key was used before for the same request: answer what was answered then. */
    record Replay(StoredResponse response) implements Claim {
    }

    /** The first request with this key is still running (409). */
    record InProgress() implements Claim {
    }

    /** The key was used before for a different request (422). */
    record Mismatch() implements Claim {
    }
}
