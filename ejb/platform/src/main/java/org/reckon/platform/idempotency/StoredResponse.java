package org.reckon.platform.idempotency;

/** The first answer to an Idempotency-Key, as replayed: status, JSON body, and Location if any. */
public record StoredResponse(int status, String body, String location) {
}
