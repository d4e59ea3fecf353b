package org.reckon.shared;

/**
 * The one error table: every failure the platform reports has a code, and the code carries its
 * HTTP status and a stable problem type. The web edge renders these as RFC 9457 problem details;
 * nothing else decides a status.
 */
public enum ErrorCode {
    VALIDATION_FAILED(400, "Request validation failed"),
    MALFORMED_REQUEST(400, "Malformed request body"),
    INVALID_SIGNATURE(400, "Invalid or stale signature"),
    AUTHENTICATION_REQUIRED(401, "Authentication required"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Resource not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    CONFLICT(409, "Conflict"),
    ROOMS_UNAVAILABLE(409, "No rooms left for this stay"),
    PAYLOAD_TOO_LARGE(413, "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    UNPROCESSABLE(422, "Unprocessable request"),
    INTERNAL_ERROR(500, "Internal server error"),
    PSP_UNAVAILABLE(502, "The payment service provider did not answer"),
    SEARCH_UNAVAILABLE(503, "Search is unavailable"),
    DATABASE_UNAVAILABLE(503, "The database is unavailable");

    private static final String TYPE_BASE = "https://reckon.dev/problems/";

    private final int status;
    private final String title;

    ErrorCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** A stable URI naming the problem type, e.g. {@code https://reckon.dev/problems/not-found}. */
    public String type() {
        return TYPE_BASE + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Codes that say no more than their HTTP status; the rest name a platform-specific failure. */
    private static final java.util.Set<ErrorCode> GENERIC = java.util.EnumSet.complementOf(
            java.util.EnumSet.of(INVALID_SIGNATURE, ROOMS_UNAVAILABLE, PSP_UNAVAILABLE, SEARCH_UNAVAILABLE,
                    DATABASE_UNAVAILABLE));

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
