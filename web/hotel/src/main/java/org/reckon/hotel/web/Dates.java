package org.reckon.hotel.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/** Calendar dates on the wire: ISO {@code YYYY-MM-DD}; a bad one is a 400 naming its field. */
final class Dates {

    private Dates() {
    }

    static LocalDate parse(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() != 10) {
            throw invalid(field);
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(field);
        }
    }

    private static ReckonException invalid(String field) {
        return new ReckonException(ErrorCode.VALIDATION_FAILED, "must be a date like 2026-12-24", field);
    }
}
