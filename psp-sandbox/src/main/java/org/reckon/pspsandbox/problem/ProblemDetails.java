package org.reckon.pspsandbox.problem;

import java.util.List;

/**
 * RFC 9457 problem details, the body of every error (as {@code application/problem+json}).
 * {@code code} is the sandbox's error code; {@code violations} names each rejected field.
 * Absent members are omitted, as the RFC prefers.
 */
public record ProblemDetails(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        String code,
        List<Violation> violations) {
}
