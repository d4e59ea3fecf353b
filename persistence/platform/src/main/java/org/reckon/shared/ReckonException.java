package org.reckon.shared;

import jakarta.ejb.ApplicationException;

/**
 * A business failure with its {@link ProblemCode}. Thrown out of a use case it rolls the
 * transaction back (it is an application exception with rollback) and reaches the client as
 * problem details; {@code field} names the offending request field when there is one.
 */
@ApplicationException(rollback = true, inherited = true)
public class ReckonException extends RuntimeException {

    private final ProblemCode code;
    private final String field;

    public ReckonException(ProblemCode code, String detail) {
        this(code, detail, null);
    }

    public ReckonException(ProblemCode code, String detail, String field) {
        super(detail);
        this.code = code;
        this.field = field;
    }

    public ProblemCode code() {
        return code;
    }

    /** The request field at fault, or null. */
    public String field() {
        return field;
    }
}
