package org.reckon.it.faults;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The authorization matrix: rows of (route, variant) with the status expected for each of the
 * five callers, how to make the request, and optional extra checks; running it sends every cell
 * and classifies what came back.
 *
 * <p>A cell is a MISMATCH when its status is not the expected one, or a refusal is not
 * problem+json, or a 401 carries no Basic challenge, or a row check fails. A cell is a LEAK when
 * a refused cell answered 2xx (stricter than "a 2xx carrying the other user's data": a success
 * where a refusal was due is counted whatever it carries), when a refused cell changed any state
 * (see {@link State}), or when any answer to anonymous, alice or bob contains another customer's
 * data (their markers in {@link World#secrets}) that the caller did not send itself.
 */
final class Matrix {

    /** Builds the request of one cell; {@code allowed} says whether it is expected to succeed (then fresh objects may be made). */
    interface Request {
        Call call(World w, Caller caller, boolean allowed);
    }

    /** An extra check on one answer: a description of what is wrong, or null. */
    interface Check {
        String problem(World w, Caller caller, HttpResponse<String> response);
    }

    static final class Row {
        final String method;
        final String route;
        final String variant;
        final int[] expected;
        final Request request;
        Check check = (w, c, r) -> null;
        Function<World, String> extraState = w -> "";

        Row(String route, String variant, int[] expected, Request request) {
            this.method = route.substring(0, route.indexOf(' '));
            this.route = route;
            this.variant = variant;
            this.expected = expected;
            this.request = request;
        }

        Row checking(Check check) {
            this.check = check;
            return this;
        }

        /** More state that a refused cell of this row must not change (read through the API as staff). */
        Row alsoUnchanged(Function<World, String> state) {
            this.extraState = state;
            return this;
        }

        boolean jaxRs() {
            return route.contains(" /v1/");
        }

        String name() {
            return route + (variant.isEmpty() ? "" : " [" + variant + "]");
        }
    }

    record Outcome(Row row, Caller caller, int expected, int observed, List<String> mismatches, List<String> leaks,
                   String body) {
    }

    static Row row(String route, String variant, int anonymous, int alice, int bob, int staff, int admin, Request request) {
        return new Row(route, variant, new int[] {anonymous, alice, bob, staff, admin}, request);
    }

    static List<Outcome> run(World w, List<Row> rows) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Row row : rows) {
            for (Caller caller : Caller.values()) {
                outcomes.add(cell(w, row, caller));
            }
        }
        return outcomes;
    }

    static Outcome cell(World w, Row row, Caller caller) {
        int expected = row.expected[caller.ordinal()];
        boolean allowed = expected < 400;
        Call call = row.request.call(w, caller, allowed);
        String before = allowed ? null : State.of(w) + row.extraState.apply(w);
        HttpResponse<String> r = call.send(caller);
        List<String> mismatches = new ArrayList<>();
        List<String> leaks = new ArrayList<>();
        int status = r.statusCode();
        if (status != expected) {
            mismatches.add("status " + status + ", expected " + expected);
        }
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (status >= 400 && !type.startsWith("application/problem+json")) {
            mismatches.add("a " + status + " that is not problem+json (" + type + ")");
        }
        if (org.reckon.it.support.Http.tls && r.sslSession().isEmpty()) {
            mismatches.add("not answered over TLS"); // the HTTPS pass must really be one
        }
        if (status == 401 && !r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic ")) {
            mismatches.add("a 401 without a Basic challenge");
        }
        String extra = row.check.problem(w, caller, r);
        if (extra != null) {
            mismatches.add(extra);
        }
        if (!allowed) {
            if (status < 300) {
                leaks.add("refused cell answered " + status);
            }
            String after = State.of(w) + row.extraState.apply(w);
            if (!before.equals(after)) {
                leaks.add("state changed: " + before + " -> " + after);
            }
        }
        if (!caller.seesEverything()) {
            for (Caller owner : List.of(Caller.ALICE, Caller.BOB)) {
                if (owner == caller) {
                    continue;
                }
                for (String secret : w.secrets.get(owner)) {
                    if (r.body().contains(secret) && !call.sent().contains(secret)) {
                        leaks.add(owner.label() + "'s data (" + secret + ") shown to " + caller.label());
                    }
                }
            }
        }
        return new Outcome(row, caller, expected, status, mismatches, leaks, r.body());
    }

    /** The matrix as observed: one line per row, the observed status per caller, marked where it is wrong. */
    static String render(List<Outcome> outcomes) {
        StringBuilder out = new StringBuilder();
        int width = outcomes.stream().mapToInt(o -> o.row().name().length()).max().orElse(10);
        out.append(String.format("%-" + width + "s", "endpoint [variant]"));
        for (Caller c : Caller.values()) {
            out.append(String.format(" | %-14s", c.label()));
        }
        out.append('\n');
        for (int i = 0; i < outcomes.size(); i += Caller.values().length) {
            out.append(String.format("%-" + width + "s", outcomes.get(i).row().name()));
            for (int j = 0; j < Caller.values().length; j++) {
                Outcome o = outcomes.get(i + j);
                String cell = Integer.toString(o.observed());
                if (!o.mismatches().isEmpty()) {
                    cell += " (want " + o.expected() + ")";
                }
                if (!o.leaks().isEmpty()) {
                    cell += " LEAK";
                }
                out.append(String.format(" | %-14s", cell));
            }
            out.append('\n');
        }
        long mismatches = outcomes.stream().filter(o -> !o.mismatches().isEmpty()).count();
        long leaks = outcomes.stream().filter(o -> !o.leaks().isEmpty()).count();
        out.append("cells checked: ").append(outcomes.size()).append(", mismatches: ").append(mismatches)
                .append(", leaks: ").append(leaks).append('\n');
        for (Outcome o : outcomes) {
            if (!o.mismatches().isEmpty() || !o.leaks().isEmpty()) {
                out.append("  ").append(o.row().name()).append(" as ").append(o.caller().label()).append(": ")
                        .append(String.join("; ", o.mismatches()));
                if (!o.leaks().isEmpty()) {
                    out.append(" LEAK: ").append(String.join("; ", o.leaks()));
                }
                String body = o.body().length() > 300 ? o.body().substring(0, 300) + "..." : o.body();
                out.append("\n      body: ").append(body.replace('\n', ' ')).append('\n');
            }
        }
        return out.toString();
    }
}
