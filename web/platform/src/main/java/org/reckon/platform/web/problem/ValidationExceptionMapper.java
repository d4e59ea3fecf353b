package org.reckon.platform.web.problem;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ValidationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Comparator;
import java.util.List;
import org.reckon.shared.ErrorCode;

/**
 * Bean Validation failures. Violations of request parameters or bodies are the client's: 400,
 * each listed with its field. A violated return value or a broken constraint declaration is
 * ours: handed to {@link UnexpectedExceptionMapper} for a 500 with an error id.
 */
@Provider
public class ValidationExceptionMapper implements ExceptionMapper<ValidationException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(ValidationException e) {
        return problem(e, uriInfo);
    }

    static Response problem(ValidationException e, UriInfo uriInfo) {
        if (!(e instanceof ConstraintViolationException cve)
                || cve.getConstraintViolations().stream().anyMatch(ViolationPaths::isReturnValue)) {
            return UnexpectedExceptionMapper.internalError(e, uriInfo);
        }
        List<ProblemDetails.Violation> violations = cve.getConstraintViolations().stream()
                .map(ValidationExceptionMapper::violation)
                .sorted(Comparator.comparing(ProblemDetails.Violation::field)
                        .thenComparing(ProblemDetails.Violation::message))
                .toList();
        String detail = violations.size() == 1
                ? "1 field is invalid: " + violations.get(0).field()
                : violations.size() + " fields are invalid";
        return Problems.response(ErrorCode.VALIDATION_FAILED, detail, uriInfo, null, violations);
    }

    private static ProblemDetails.Violation violation(ConstraintViolation<?> v) {
        return new ProblemDetails.Violation(ViolationPaths.fieldOf(v), v.getMessage());
    }
}
