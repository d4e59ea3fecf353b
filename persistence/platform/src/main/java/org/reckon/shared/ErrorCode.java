package org.reckon.shared;

/**
 * The platform's own problem codes: those that say no more than their HTTP status, plus the
 * unavailability of the platform's shared components. Contexts add theirs in their own
 * {@link ProblemCode} enums.
 */
public enum ErrorCode implements ProblemCode {
    VALIDATION_FAILED(400, "Request validation failed"),
    MALFORMED_REQUEST(400, "Malformed request body"),
    AUTHENTICATION_REQUIRED(401, "Authentication required"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Resource not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    CONFLICT(409, "Conflict"),
    PAYLOAD_TOO_LARGE(413, "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    UNPROCESSABLE(422, "Unprocessable request"),
    /** Too many failed logins, or too many anonymous requests, from one client: Retry-After says when to come back. */
    TOO_MANY_REQUESTS(429, "Too many requests"),
    INTERNAL_ERROR(500, "Internal server error"),
    SEARCH_UNAVAILABLE(503, "Search is unavailable"),
    DATABASE_UNAVAILABLE(503, "The database is unavailable"),
    /** A lock wait or statement ended by the database's timeout; nothing changed, Retry-After says when to retry. */
    DATABASE_BUSY(503, "The database is busy");

    private final int status;
    private final String title;

    ErrorCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String title() {
        return title;
    }

    /** Codes that say no more than their HTTP status; the rest name a platform-specific failure. */
    private static final java.util.Set<ErrorCode> GENERIC = java.util.EnumSet.complementOf(
            java.util.EnumSet.of(SEARCH_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY));

    /** The error code matching an HTTP status that the platform itself did not classify. */
    public static ErrorCode forStatus(int status) {
        for (ErrorCode code : GENERIC) {
            if (code.status == status) {
                return code;
            }
        }
        return status >= 500 ? INTERNAL_ERROR : UNPROCESSABLE;
    }
}
