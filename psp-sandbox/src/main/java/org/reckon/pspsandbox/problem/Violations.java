package org.reckon.pspsandbox.problem;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every rejected field of one request, so a client learns all its mistakes at once
 * instead of one per round trip.
 */
public final class Violations {

    private final List<Violation> found = new ArrayList<>();

    public void add(String field, String message) {
        found.add(new Violation(field, message));
    }

    public boolean has(String field) {
        return found.stream().anyMatch(v -> v.field().equals(field));
    }

    public List<Violation> list() {
        return List.copyOf(found);
    }

    /** Throws a 400 problem listing the violations, if there are any. */
    public void throwIfAny() {
        if (found.isEmpty()) {
            return;
        }
        String detail = found.size() == 1
                ? "1 field is invalid: " + found.get(0).field()
                : found.size() + " fields are invalid: " + String.join(", ", found.stream().map(Violation::field).toList());
        throw new PspException(PspError.VALIDATION_FAILED, detail, found);
    }
}
