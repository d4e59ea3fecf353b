package org.reckon.pspsandbox.problem;

import java.util.Locale;

/**
 * The sandbox's one error table: each code carries its HTTP status and a stable problem type.
 * Deliberately its own (not Reckon's {@code ErrorCode}): the sandbox stands in for a third party
 * and must not share code with the system it tests.
 */
public enum PspError {
    VALIDATION_FAILED(400, "Request validation failed"),
    MALFORMED_REQUEST(400, "Malformed request body"),
    NOT_FOUND(404, "Resource not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    NONCE_CONFLICT(409, "Nonce already registered with another amount or currency"),
    PAYMENT_ALREADY_DECIDED(409, "Payment already confirmed"),
    PAYMENT_NOT_REFUNDABLE(409, "Payment cannot be refunded in its status"),
    REFUND_ID_CONFLICT(409, "Refund id already used for another refund"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    REFUND_REJECTED(422, "Refund rejected"),
    INTERNAL_ERROR(500, "Internal server error"),
    INJECTED_FAILURE(503, "Injected failure"),
    RESPONSE_LOST(504, "Response lost");

    private static final String TYPE_BASE = "https://reckon.dev/problems/psp-sandbox/";

    private final int status;
    private final String title;

    PspError(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** e.g. {@code https://reckon.dev/problems/psp-sandbox/nonce-conflict}. */
    public String type() {
        return TYPE_BASE + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The code for a status JAX-RS raised itself (routing, content negotiation). */
    public static PspError forStatus(int status) {
        return switch (status) {
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? INTERNAL_ERROR : MALFORMED_REQUEST;
        };
    }
}
