package org.reckon.platform.web.problem;

import java.util.List;

/**
 * RFC 9457 problem details, the body of every error the API returns (as
 * {@code application/problem+json}). {@code code} is Reckon's error code; {@code error_id}
 * appears on 5xx answers and in the server log beside the stack trace, which never reaches the
 * client; {@code violations} names each rejected field.
 */
public record ProblemDetails(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        String code,
        String errorId,
        List<Violation> violations) {

    /** One rejected field: its snake_case path as the client sent it, and why. */
    public record Violation(String field, String message) {
    }
}
