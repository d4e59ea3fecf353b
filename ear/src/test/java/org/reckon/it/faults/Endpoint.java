package org.reckon.it.faults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.reckon.it.support.TestUsers;

/**
 * One row of the endpoint table: a resource method, a caller allowed to call it, and a VALID
 * request (path values, query, body, headers) that the generator only ever sends mutated.
 * Fields and parameters carry a {@link Value} kind that says which values are wrong for them.
 */
final class Endpoint {

    /** What a field or parameter holds, which decides the values that are bad for it. */
    enum Value {
        /** An id that must name something that exists (unknown ones are 404). */
        REF,
        /** An id the client chooses: [A-Za-z0-9._-]{1,100}. */
        NEW_ID,
        /** Free text with a maximum length (and not blank when required). */
        TEXT,
        EMAIL,
        /** A money amount as a decimal string, at most the currency's decimals, positive. */
        AMOUNT,
        /** 0 to 100, at most 2 decimals, as a string. */
        PERCENT,
        /** Greater than 0, at most 10, at most 3 decimals, as a string. */
        MULTIPLIER,
        CURRENCY,
        /** ISO yyyy-MM-dd. */
        DATE,
        /** An integer within [min, max]. */
        INT,
        BOOL,
        OBJECT,
        LIST,
        /** A map of strings to strings with 1 to 100 entries. */
        STRING_MAP,
        /** Room number: 1 to 20 letters, digits or '-'. */
        ROOM_NUMBER,
        /** One of a fixed set of words. */
        WORD,
        /** An ISO-8601 instant. */
        INSTANT,
        /** A non-negative ISO-8601 duration. */
        DURATION,
        /** A search index name: [a-z0-9][a-z0-9_-]{0,49}. */
        INDEX,
        /** Any 1 to 200 characters: only a longer one is wrong. */
        ANY_ID,
        /** A PSP webhook event type. */
        EVENT_TYPE,
        /** An Idempotency-Key: 1 to 255 visible ASCII characters. */
        KEY
    }

    /** A body field (path like {@code payment_orders.0.amount}), query, path or header parameter. */
    record Slot(String name, Value value, boolean required, long min, long max) {
    }

    final String method;
    final String template;
    final TestUsers user;
    final Map<String, String> pathValues = new LinkedHashMap<>();
    final List<Slot> pathSlots = new ArrayList<>();
    final Map<String, String> queryValues = new LinkedHashMap<>();
    final List<Slot> querySlots = new ArrayList<>();
    final List<Slot> bodySlots = new ArrayList<>();
    final List<Slot> headerSlots = new ArrayList<>();
    /** Date slots [start, end] whose order matters. */
    final List<String[]> datePairs = new ArrayList<>();
    Supplier<Object> body;
    boolean signed;

    Endpoint(String method, String template, TestUsers user) {
        this.method = method;
        this.template = template;
        this.user = user;
    }

    String key() {
        return method + " " + template;
    }

    Endpoint path(String name, String valid, Value value) {
        pathValues.put(name, valid);
        pathSlots.add(new Slot(name, value, true, 0, 0));
        return this;
    }

    Endpoint query(String name, String valid, Value value, boolean required, long min, long max) {
        if (valid != null) {
            queryValues.put(name, valid);
        }
        querySlots.add(new Slot(name, value, required, min, max));
        return this;
    }

    Endpoint query(String name, String valid, Value value) {
        return query(name, valid, value, false, 0, 0);
    }

    Endpoint body(Supplier<Object> valid) {
        this.body = valid;
        return this;
    }

    Endpoint field(String path, Value value, boolean required) {
        return field(path, value, required, 0, 0);
    }

    Endpoint field(String path, Value value, boolean required, long min, long max) {
        bodySlots.add(new Slot(path, value, required, min, max));
        return this;
    }

    Endpoint dates(String start, String end) {
        datePairs.add(new String[] {start, end});
        return this;
    }

    Endpoint idempotencyKey() {
        headerSlots.add(new Slot("Idempotency-Key", Value.KEY, true, 1, 255));
        return this;
    }

    Endpoint signed() {
        this.signed = true;
        return this;
    }

    boolean hasBody() {
        return body != null;
    }
}
