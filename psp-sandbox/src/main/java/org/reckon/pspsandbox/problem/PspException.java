package org.reckon.pspsandbox.problem;

import jakarta.ejb.ApplicationException;
import java.util.List;

/**
 * A failure the client caused or must know about, typed by its {@link PspError}. An application
 * exception that rolls back: it crosses EJB boundaries unwrapped and nothing half-done commits.
 */
@ApplicationException(rollback = true)
public class PspException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final PspError error;
    private final transient List<Violation> violations;

    public PspException(PspError error, String detail) {
        this(error, detail, List.of());
    }

    public PspException(PspError error, String detail, List<Violation> violations) {
        super(detail);
        this.error = error;
        this.violations = List.copyOf(violations);
    }

    /** A rejected field: the problem names it in {@code violations}. */
    public static PspException field(PspError error, String field, String message) {
        return new PspException(error, field + " " + message, List.of(new Violation(field, message)));
    }

    public PspError error() {
        return error;
    }

    public List<Violation> violations() {
        return violations == null ? List.of() : violations;
    }
}
