package org.reckon.it.faults;

import java.util.ArrayList;
import java.util.List;

/**
 * One generated request that is wrong by construction. {@code field} is the wire name of the
 * body or parameter field the mutation broke, when there is one, so the answer can be checked
 * for naming it. {@code transportRefusal} marks requests beyond what Undertow accepts at all
 * (headers over its limits), which may be refused by closing the connection.
 */
record BadRequest(long index, Endpoint endpoint, Kind kind, String variant, String method, String uri,
                  List<String[]> headers, byte[] body, boolean anonymous, String field, boolean transportRefusal) {

    /** The mutation families of the issue's list. */
    enum Kind {
        MALFORMED_JSON(1.0),
        WRONG_TYPE(1.0),
        MISSING_REQUIRED(0.6),
        BAD_NUMBER(1.0),
        BAD_DATE(1.0),
        BAD_CURRENCY(0.6),
        BAD_TEXT(0.8),
        UNKNOWN_ID(1.0),
        ODD_PATH_ID(1.0),
        BAD_QUERY(1.0),
        OVERSIZED_BODY(0.08),
        OVERSIZED_HEADER(0.4),
        WRONG_CONTENT_TYPE(0.6),
        WRONG_METHOD(0.6),
        BAD_ACCEPT(0.3),
        BAD_CREDENTIALS(0.3);

        final double weight;

        Kind(double weight) {
            this.weight = weight;
        }
    }

    static List<String[]> newHeaders() {
        return new ArrayList<>();
    }

    String describe() {
        String b = body == null ? "" : body.length > 300 ? new String(body, 0, 300, java.nio.charset.StandardCharsets.UTF_8)
                + "...(" + body.length + " bytes)" : new String(body, java.nio.charset.StandardCharsets.UTF_8);
        String u = uri.length() > 300 ? uri.substring(0, 300) + "...(" + uri.length() + " chars)" : uri;
        return "#" + index + " " + kind + "/" + variant + (anonymous ? " (anonymous)" : "") + ": " + method + " " + u
                + (b.isEmpty() ? "" : " body " + b);
    }
}
