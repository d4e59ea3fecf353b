package org.reckon.shared;

import java.util.Locale;

/**
 * A failure's code: it carries its HTTP status and a stable problem type, and the web edge
 * renders it as RFC 9457 problem details; nothing else decides a status. The platform's generic
 * codes are {@link ErrorCode}; each context adds its own in an enum of its own (the hotel's
 * {@code HotelError}, the payment's {@code PaymentError}) without editing a central table.
 * Code names are unique across the platform, so their problem types are too.
 */
public interface ProblemCode {

    String TYPE_BASE = "https://reckon.dev/problems/";

    /** The code as clients see it in a problem's {@code code} member, e.g. {@code ROOMS_UNAVAILABLE}. */
    String name();

    int status();

    String title();

    /** A stable URI naming the problem type, e.g. {@code https://reckon.dev/problems/not-found}. */
    default String type() {
        return TYPE_BASE + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
