package org.reckon.hotel.domain;

import org.reckon.shared.ProblemCode;

/** The hotel context's own problem codes, beside the platform's generic ones. */
public enum HotelError implements ProblemCode {
    ROOMS_UNAVAILABLE(409, "No rooms left for this stay");

    private final int status;
    private final String title;

    HotelError(int status, String title) {
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
}
