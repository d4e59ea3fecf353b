package org.reckon.it.faults;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.reckon.it.faults.BadRequest.Kind;
import org.reckon.it.faults.Endpoint.Slot;
import org.reckon.it.faults.Endpoint.Value;
import org.reckon.it.faults.FuzzJson.Raw;

/**
 * The seeded generator: request {@code i} of seed {@code s} is always the same mutation of the
 * same endpoint's valid request (ids the valid request invents are random, which no mutation
 * depends on). Every mutation makes the request wrong whatever the rest holds: optional fields
 * are only given values that are wrong when present, never removed or nulled.
 */
final class BadRequests {

    static final String UNKNOWN = "fz-unknown-";

    private static final List<String> ODD_PATH = List.of("%00", "..%2F..%2Fetc", "%2e%2e", "a%20b%20c", "%E2%82%AC%E2%82%AC",
            "%C0%AF", "'%3B--", "%F0%9F%92%A9", "%0D%0AX-Injected:%201", "%3Cscript%3E", "%7B%7D", "%25");
    private static final List<String> BAD_AMOUNTS = List.of("-1.00", "abc", "1e3", "1E-2", "NaN", "Infinity", "-Infinity",
            "0x10", "12.345", "12.3456789", "1234567890123456", "99999999999999999999999999.99", " 12.50", "12,50",
            "\u0661\u0662", "", "+12.50", ".5", "5.", "1_000", "12.50 EUR", "\u221e", "--1");
    private static final List<String> BAD_PERCENTS = List.of("-1", "100.01", "101", "abc", "1e2", "50.123", "1000000",
            "NaN", "", " 5", "5%", "0x5");
    private static final List<String> BAD_MULTIPLIERS = List.of("0", "-1", "10.5", "11", "1.2345", "x", "1e1", "", "NaN");
    private static final List<String> BAD_CURRENCIES = List.of("eur", "EURO", "XXX", "XAU", "ZZZ", "", "\u20ac", "E1R",
            "US", " EUR", "EUR ", "XTS", "USD\u0000");
    private static final List<String> DATE_FORMATS = List.of("2026-02-30", "2026-13-01", "2027-00-10", "26-01-01",
            "2026/01/01", "01.02.2026", "2026-1-1", "tomorrow", "2026-01-01T00:00:00Z", "", "   ", "20260101",
            "+999999999-12-31", "-0001-01-01", "2026-02-29", "2026-04-31", "\u0662\u0660\u0662\u0666-01-01");
    private static final List<String> FAR_DATES = List.of("1900-01-01", "1999-12-31", "2000-02-29", "9999-12-31",
            "2999-01-01", "0001-01-01");
    private static final List<String> BAD_INSTANTS = List.of("2026-02-30T00:00:00Z", "yesterday", "2026-01-01", "1700000000",
            "2026-01-01T00:00:00", "+1000000000-12-31T23:59:59Z", "-1000000000-01-01T00:00:00Z", "2026-01-01T25:00:00Z",
            "+294277-01-01T00:00:00Z", "-4714-11-23T00:00:00Z", "");
    private static final List<String> BAD_DURATIONS = List.of("15min", "PT", "-PT15M", "P-1D", "PT15M30", "P1000000000D",
            "PT9223372036854775807S", "P106751991167300D", "", "15", "PT-1S");
    private static final List<String> BAD_EMAILS = List.of("not-an-email", "a@b@c", "@example.com", "a@", "a b@example.com",
            "x".repeat(250) + "@example.com");
    private static final List<String> BAD_NEW_IDS = List.of("", "..", ".", "...", "   ", "has space", "\u00e9t\u00e9", "x".repeat(101), "<x>",
            "a/b", "a\u0000b", "'; DROP TABLE payment_order; --", "a\tb", "\u202eevil");
    private static final List<String> BAD_ROOMS = List.of("", "a b", "x".repeat(21), "#1", "1/2", "\u2460");
    private static final List<String> BAD_INDEXES = List.of("UPPER", "a%20b", "_x", "-x", "x".repeat(51), "ab$", "%C3%A9");
    private static final List<String> BAD_WORDS = List.of("PAYMENT-RETRY", "payment_retry", "x", "dlq", "CACHE", "db");
    private static final List<String> BAD_EVENT_TYPES = List.of("payment.exploded", "", "PAYMENT.SUCCEEDED", "x".repeat(500));
    private static final List<String> BAD_CONTENT_TYPES = List.of("text/plain", "application/xml",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=fuzz", "application/json; charset=x-fuzz-unknown",
            "application/jsonx", "not a media type", "application/json; charset=UTF-16",
            "image/png", "");
    private static final List<String> BAD_ACCEPTS = List.of("application/xml", "text/html", "image/png", "text/csv");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");

    private final List<Endpoint> endpoints;
    private final Map<String, Set<String>> methodsByTemplate;
    private final String webhookSecret;

    BadRequests(List<Endpoint> endpoints, String webhookSecret) {
        this.endpoints = endpoints;
        this.webhookSecret = webhookSecret;
        this.methodsByTemplate = endpoints.stream().collect(Collectors.groupingBy(e -> e.template,
                Collectors.mapping(e -> e.method, Collectors.toCollection(TreeSet::new))));
    }

    BadRequest generate(long seed, long index) {
        SplittableRandom random = new SplittableRandom(seed ^ (index * 0x9E3779B97F4A7C15L));
        Endpoint endpoint = endpoints.get(random.nextInt(endpoints.size()));
        Draft draft = new Draft(endpoint);
        Kind kind = pick(random, applicable(endpoint));
        boolean anonymous = random.nextInt(10) == 0;
        mutate(draft, kind, random);
        return draft.build(index, kind, anonymous, random);
    }

    private static Kind pick(SplittableRandom random, List<Kind> kinds) {
        double total = kinds.stream().mapToDouble(k -> k.weight).sum();
        double r = random.nextDouble() * total;
        for (Kind k : kinds) {
            r -= k.weight;
            if (r < 0) {
                return k;
            }
        }
        return kinds.get(kinds.size() - 1);
    }

    List<Kind> applicable(Endpoint e) {
        List<Kind> kinds = new ArrayList<>();
        boolean destructive = e.method.equals("DELETE") || e.template.endsWith("/replay-all")
                || e.template.equals("/v1/admin/batch/extend-inventory");
        if (e.hasBody()) {
            kinds.addAll(List.of(Kind.MALFORMED_JSON, Kind.WRONG_TYPE, Kind.OVERSIZED_BODY, Kind.WRONG_CONTENT_TYPE));
            if (e.bodySlots.stream().anyMatch(Slot::required)) {
                kinds.add(Kind.MISSING_REQUIRED);
            }
        }
        if (has(e, Value.AMOUNT, Value.PERCENT, Value.MULTIPLIER, Value.INT)) {
            kinds.add(Kind.BAD_NUMBER);
        }
        if (has(e, Value.DATE) || !e.datePairs.isEmpty()) {
            kinds.add(Kind.BAD_DATE);
        }
        if (has(e, Value.CURRENCY)) {
            kinds.add(Kind.BAD_CURRENCY);
        }
        if (e.bodySlots.stream().anyMatch(s -> textual(s.value())) || !e.headerSlots.isEmpty()) {
            kinds.add(Kind.BAD_TEXT);
        }
        if (e.pathSlots.stream().anyMatch(s -> s.value() == Value.REF) || e.bodySlots.stream().anyMatch(s -> s.value() == Value.REF)
                || e.querySlots.stream().anyMatch(s -> s.value() == Value.REF)) {
            kinds.add(Kind.UNKNOWN_ID);
        }
        if (e.pathSlots.stream().anyMatch(s -> s.value() != Value.ANY_ID)) {
            kinds.add(Kind.ODD_PATH_ID);
        }
        if (e.querySlots.stream().anyMatch(s -> s.value() != Value.DATE)) {
            kinds.add(Kind.BAD_QUERY);
        }
        kinds.add(Kind.WRONG_METHOD);
        if (!destructive) {
            kinds.add(Kind.BAD_ACCEPT);
        }
        if (e.user != null || e.signed) {
            kinds.add(Kind.BAD_CREDENTIALS);
        }
        if (kinds.size() > 1) {
            kinds.add(Kind.OVERSIZED_HEADER);
        }
        return kinds;
    }

    private static boolean has(Endpoint e, Value... values) {
        Set<Value> set = Set.of(values);
        return e.bodySlots.stream().anyMatch(s -> set.contains(s.value()))
                || e.querySlots.stream().anyMatch(s -> set.contains(s.value()));
    }

    private static boolean textual(Value v) {
        return v == Value.NEW_ID || v == Value.TEXT || v == Value.EMAIL || v == Value.ROOM_NUMBER || v == Value.EVENT_TYPE;
    }

    private static <T> T any(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static <T> T any(SplittableRandom random, List<T> values, java.util.function.Predicate<T> filter) {
        List<T> matching = values.stream().filter(filter).toList();
        return matching.get(random.nextInt(matching.size()));
    }

    private void mutate(Draft d, Kind kind, SplittableRandom random) {
        Endpoint e = d.endpoint;
        switch (kind) {
            case MALFORMED_JSON -> malformed(d, random);
            case WRONG_TYPE -> {
                Slot s = any(random, e.bodySlots);
                d.set(s, wrongType(s.value(), random), "wrong-type:" + s.name());
            }
            case MISSING_REQUIRED -> {
                Slot s = any(random, e.bodySlots, Slot::required);
                if (random.nextBoolean()) {
                    d.remove(s, "missing:" + s.name());
                } else {
                    d.set(s, null, "null:" + s.name());
                }
            }
            case BAD_NUMBER -> badNumber(d, random);
            case BAD_DATE -> badDate(d, random);
            case BAD_CURRENCY -> {
                Slot s = any(random, e.bodySlots, x -> x.value() == Value.CURRENCY);
                d.set(s, any(random, BAD_CURRENCIES), "currency:" + s.name());
            }
            case BAD_TEXT -> badText(d, random);
            case UNKNOWN_ID -> unknownId(d, random);
            case ODD_PATH_ID -> {
                Slot s = any(random, e.pathSlots, x -> x.value() != Value.ANY_ID);
                String odd = random.nextInt(6) == 0 ? "x".repeat(300 + random.nextInt(4700)) : any(random, ODD_PATH);
                if (s.value() == Value.INDEX && random.nextBoolean()) {
                    odd = any(random, BAD_INDEXES);
                }
                d.rawPath.put(s.name(), odd);
                d.variant = "path:" + s.name();
                d.field = s.name();
            }
            case BAD_QUERY -> badQuery(d, random);
            case OVERSIZED_BODY -> {
                int size = (2 + random.nextInt(19)) * 1024 * 1024;
                Slot s = any(random, e.bodySlots, x -> x.value() != Value.OBJECT && x.value() != Value.LIST);
                Object huge = s.value() == Value.STRING_MAP ? Map.of("name", "x".repeat(size)) : "x".repeat(size);
                d.set(s, huge, "oversized-body:" + (size >> 20) + "MiB");
            }
            case OVERSIZED_HEADER -> oversizedHeader(d, random);
            case WRONG_CONTENT_TYPE -> {
                d.contentType = any(random, BAD_CONTENT_TYPES);
                d.variant = "content-type:" + d.contentType;
            }
            case WRONG_METHOD -> {
                Set<String> allowed = methodsByTemplate.get(e.template);
                d.method = any(random, METHODS, m -> !allowed.contains(m));
                d.variant = "method:" + d.method;
                if (!d.method.equals("GET") && !d.method.equals("DELETE")) {
                    d.bodyValue = Map.of();
                    d.hasBody = true;
                } else {
                    d.hasBody = false;
                }
            }
            case BAD_ACCEPT -> {
                d.headers.add(new String[] {"Accept", any(random, BAD_ACCEPTS)});
                d.variant = "accept";
            }
            case BAD_CREDENTIALS -> {
                d.badCredentials = 1 + random.nextInt(e.signed ? 3 : 2);
                d.variant = "credentials:" + d.badCredentials;
            }
        }
    }

    private void malformed(Draft d, SplittableRandom random) {
        String valid = FuzzJson.write(d.bodyValue);
        byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
        int v = random.nextInt(12);
        d.variant = "malformed:" + v;
        d.rawBody = switch (v) {
            case 0 -> utf8(valid.substring(0, 1 + random.nextInt(valid.length() - 1)));
            case 1 -> utf8(valid + any(random, List.of("}", "x", "]", ",", valid, "{\"a\":1}", " garbage")));
            case 2 -> utf8("[" + valid.substring(1));
            case 3 -> utf8(valid.substring(0, valid.length() - 1) + "]");
            case 4 -> {
                byte[] junk = any(random, List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF},
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0xAF}));
                byte[] out = new byte[bytes.length + junk.length];
                out[0] = bytes[0];
                System.arraycopy(junk, 0, out, 1, junk.length);
                System.arraycopy(bytes, 1, out, 1 + junk.length, bytes.length - 1);
                yield out;
            }
            case 5 -> new byte[0];
            case 6 -> utf8(any(random, List.of("null", "[]", "42", "\"text\"", "true", "[" + valid + "]", "-1e400")));
            case 7 -> utf8("[".repeat(5_000 + random.nextInt(50_000)));
            case 8 -> utf8(valid.replace('"', '\''));
            case 9 -> utf8(valid.replaceFirst(":", ":NaN,\"x\":"));
            case 10 -> utf8(valid.contains(",") ? valid.replaceFirst(",", ",,") : valid.substring(0, valid.length() - 1) + ",}");
            default -> utf8(valid.replaceFirst("\"", "").replaceFirst("\"", ""));
        };
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Object wrongType(Value v, SplittableRandom random) {
        return switch (v) {
            case INT -> any(random, List.<Object>of("abc", true, Map.of(), List.of(), List.of(1), new Raw("1.5"), "1 room"));
            case BOOL -> any(random, List.<Object>of("maybe", 1, Map.of(), List.of(), List.of(true)));
            case OBJECT -> any(random, List.<Object>of("x", 5, List.of(), true));
            case LIST -> any(random, List.<Object>of("x", 5, Map.of(), true));
            case STRING_MAP -> any(random, List.<Object>of("x", 5, List.of(), Map.of("name", Map.of()),
                    Map.of("name", List.of("a"))));
            default -> any(random, List.<Object>of(Map.of(), List.of(), List.of("a"), Map.of("a", "b")));
        };
    }

    private void badNumber(Draft d, SplittableRandom random) {
        Endpoint e = d.endpoint;
        Set<Value> numeric = Set.of(Value.AMOUNT, Value.PERCENT, Value.MULTIPLIER, Value.INT);
        List<Slot> body = e.bodySlots.stream().filter(s -> numeric.contains(s.value())).toList();
        List<Slot> query = e.querySlots.stream().filter(s -> s.value() == Value.INT).toList();
        if (!body.isEmpty() && (query.isEmpty() || random.nextBoolean())) {
            Slot s = any(random, body);
            Object bad = switch (s.value()) {
                case AMOUNT -> any(random, BAD_AMOUNTS);
                case PERCENT -> any(random, BAD_PERCENTS);
                case MULTIPLIER -> any(random, BAD_MULTIPLIERS);
                default -> badInt(s, random);
            };
            d.set(s, bad, "number:" + s.name());
        } else {
            Slot s = any(random, query);
            d.query.put(s.name(), badIntText(s, random));
            d.variant = "query-number:" + s.name();
            d.field = s.name();
        }
    }

    private static Object badInt(Slot s, SplittableRandom random) {
        List<Object> values = new ArrayList<>(List.of(new Raw("1e400"), new Raw("99999999999999999999999"),
                new Raw("-99999999999999999999999")));
        if (s.max() != Long.MAX_VALUE) {
            values.addAll(List.of(s.min() - 1, -2147483648L, 2147483648L, new Raw("-1e9")));
            if (s.max() > 0 && s.max() < Integer.MAX_VALUE) {
                values.add(s.max() + 1);
            }
        }
        return any(random, values);
    }

    private static String badIntText(Slot s, SplittableRandom random) {
        List<String> values = new ArrayList<>(List.of("abc", "1.5", "99999999999999999999", "0x1A", "-", "1e3",
                "NaN", "2147483648", "+-1", "1 0"));
        values.add(Long.toString(s.min() - 1));
        if (s.max() > 0 && s.max() < Integer.MAX_VALUE) {
            values.add(Long.toString(s.max() + 1));
        }
        return any(random, values);
    }

    private void badDate(Draft d, SplittableRandom random) {
        Endpoint e = d.endpoint;
        if (!e.datePairs.isEmpty() && random.nextInt(3) == 0) {
            String[] pair = any(random, e.datePairs);
            String start = d.value(pair[0]);
            String end = d.value(pair[1]);
            boolean equal = random.nextBoolean();
            d.setNamed(pair[0], end, equal ? "dates-equal" : "dates-reversed");
            d.setNamed(pair[1], equal ? end : start, d.variant);
            d.field = pair[1];
            return;
        }
        List<Slot> slots = new ArrayList<>(e.bodySlots.stream().filter(s -> s.value() == Value.DATE).toList());
        e.querySlots.stream().filter(s -> s.value() == Value.DATE).forEach(slots::add);
        Slot s = any(random, slots);
        // 'from' of a hotel's upcoming reservations may be any day: only its format can be wrong
        boolean farIsWrong = !s.name().equals("from") && !e.template.endsWith("/rates");
        String bad = farIsWrong && random.nextInt(3) == 0 ? any(random, FAR_DATES)
                : s.required() || farIsWrong ? any(random, DATE_FORMATS) : any(random, DATE_FORMATS, v -> !v.isBlank());
        d.setNamed(s.name(), bad, "date:" + s.name());
    }

    private void badText(Draft d, SplittableRandom random) {
        Endpoint e = d.endpoint;
        List<Slot> slots = e.bodySlots.stream().filter(s -> textual(s.value())).toList();
        if (slots.isEmpty() || (!e.headerSlots.isEmpty() && random.nextInt(3) == 0)) {
            Slot h = e.headerSlots.get(0);
            // (an empty value is not sendable with java.net.http; a missing header stands for it)
            d.idempotencyKey = any(random, List.of("has space", "x".repeat(256 + random.nextInt(800)), "a\tb"));
            if (random.nextInt(4) == 0) {
                d.idempotencyKey = null;
            }
            d.variant = "header:" + h.name();
            d.field = h.name();
            return;
        }
        Slot s = any(random, slots);
        Object bad = switch (s.value()) {
            case EMAIL -> any(random, BAD_EMAILS);
            case NEW_ID -> any(random, BAD_NEW_IDS);
            case ROOM_NUMBER -> any(random, BAD_ROOMS);
            case EVENT_TYPE -> any(random, BAD_EVENT_TYPES);
            default -> random.nextInt(4) == 0 ? "Fuzz\u0000" + s.name()
                    : s.required() && random.nextBoolean() ? any(random, List.of("", "   ", "\t\n"))
                    : "y".repeat((int) s.max() + 1 + random.nextInt(100));
        };
        d.set(s, bad, "text:" + s.name());
    }

    private void unknownId(Draft d, SplittableRandom random) {
        Endpoint e = d.endpoint;
        List<Slot> slots = new ArrayList<>();
        e.pathSlots.stream().filter(s -> s.value() == Value.REF).forEach(slots::add);
        e.bodySlots.stream().filter(s -> s.value() == Value.REF).forEach(slots::add);
        e.querySlots.stream().filter(s -> s.value() == Value.REF).forEach(slots::add);
        Slot s = any(random, slots);
        String unknown = s.name().equals("execution_id") ? Long.toString(900_000_000_000L + random.nextInt(1_000_000))
                : UNKNOWN + Long.toHexString(random.nextLong() & 0xffffffffL);
        d.setNamed(s.name(), unknown, "unknown:" + s.name());
    }

    private void badQuery(Draft d, SplittableRandom random) {
        Slot s = any(random, d.endpoint.querySlots, x -> x.value() != Value.DATE);
        d.field = s.name();
        d.variant = "query:" + s.name();
        if (s.required() && random.nextInt(3) == 0) {
            d.query.remove(s.name());
            d.variant = "query-missing:" + s.name();
            return;
        }
        String bad = switch (s.value()) {
            case INT -> badIntText(s, random);
            case TEXT -> s.required() && random.nextBoolean() ? "  " : "q".repeat((int) s.max() + 1 + random.nextInt(200));
            case REF -> random.nextBoolean() ? "r".repeat((int) s.max() + 1) : UNKNOWN + random.nextInt(1_000_000);
            case WORD -> any(random, BAD_WORDS);
            case INSTANT -> any(random, BAD_INSTANTS);
            case DURATION -> any(random, BAD_DURATIONS);
            default -> throw new IllegalStateException("no bad query value for " + s);
        };
        d.query.put(s.name(), bad);
    }

    private void oversizedHeader(Draft d, SplittableRandom random) {
        int v = random.nextInt(d.endpoint.headerSlots.isEmpty() ? 4 : 5);
        if (v == 4) {
            d.idempotencyKey = "k".repeat(256 + random.nextInt(64 * 1024));
            d.variant = "oversized-header:long-idempotency-key";
            d.field = "Idempotency-Key";
            return;
        }
        // the padding alone is harmless: another mutation keeps the request wrong
        List<Kind> others = applicable(d.endpoint).stream()
                .filter(k -> k != Kind.OVERSIZED_HEADER && k != Kind.OVERSIZED_BODY).toList();
        mutate(d, any(random, others), random);
        String inner = d.variant;
        switch (v) {
            case 0 -> {
                d.headers.add(new String[] {"X-Fuzz-Padding", "p".repeat(4 * 1024 + random.nextInt(60 * 1024))});
                d.variant = "oversized-header:padding+" + inner;
            }
            case 1 -> {
                for (int i = 0; i < 100; i++) {
                    d.headers.add(new String[] {"X-Fuzz-" + i, "v" + i});
                }
                d.variant = "oversized-header:100-headers+" + inner;
            }
            case 2 -> {
                d.headers.add(new String[] {"X-Fuzz-Padding", "p".repeat(1_100_000 + random.nextInt(1_000_000))});
                d.variant = "oversized-header:over-max-header-size";
                d.transportRefusal = true;
            }
            default -> {
                for (int i = 0; i < 260; i++) {
                    d.headers.add(new String[] {"X-Fuzz-" + i, "v" + i});
                }
                d.variant = "oversized-header:over-max-headers";
                d.transportRefusal = true;
            }
        }
    }

    /** A valid request being made wrong. */
    private final class Draft {
        final Endpoint endpoint;
        String method;
        final Map<String, String> rawPath = new LinkedHashMap<>();
        final Map<String, String> query = new LinkedHashMap<>();
        Object bodyValue;
        boolean hasBody;
        byte[] rawBody;
        String contentType = "application/json";
        String idempotencyKey;
        final List<String[]> headers = BadRequest.newHeaders();
        String variant = "";
        String field;
        int badCredentials;
        boolean transportRefusal;

        Draft(Endpoint endpoint) {
            this.endpoint = endpoint;
            this.method = endpoint.method;
            endpoint.pathValues.forEach((k, v) -> rawPath.put(k, encode(v)));
            query.putAll(endpoint.queryValues);
            hasBody = endpoint.hasBody();
            bodyValue = hasBody ? endpoint.body.get() : null;
            idempotencyKey = endpoint.headerSlots.isEmpty() ? null : "fz-key-" + java.util.UUID.randomUUID();
        }

        void set(Slot s, Object value, String variant) {
            FuzzJson.set(bodyValue, s.name(), value, false);
            this.variant = variant;
            this.field = FuzzJson.wireName(s.name());
        }

        void remove(Slot s, String variant) {
            FuzzJson.set(bodyValue, s.name(), null, true);
            this.variant = variant;
            this.field = FuzzJson.wireName(s.name());
        }

        /** Sets a named path parameter, query parameter or top-level body field, wherever it lives. */
        void setNamed(String name, String value, String variant) {
            if (rawPath.containsKey(name)) {
                rawPath.put(name, encode(value));
            } else if (endpoint.querySlots.stream().anyMatch(s -> s.name().equals(name))) {
                query.put(name, value);
            } else {
                FuzzJson.set(bodyValue, name, value, false);
            }
            this.variant = variant;
            this.field = FuzzJson.wireName(name);
        }

        String value(String name) {
            if (query.containsKey(name)) {
                return query.get(name);
            }
            @SuppressWarnings("unchecked")
            Object v = ((Map<String, Object>) bodyValue).get(name);
            return (String) v;
        }

        BadRequest build(long index, Kind kind, boolean anonymous, SplittableRandom random) {
            String path = endpoint.template;
            for (Map.Entry<String, String> p : rawPath.entrySet()) {
                path = path.replace("{" + p.getKey() + "}", p.getValue());
            }
            StringBuilder uri = new StringBuilder(path);
            char sep = '?';
            for (Map.Entry<String, String> q : query.entrySet()) {
                uri.append(sep).append(encode(q.getKey())).append('=').append(encode(q.getValue()));
                sep = '&';
            }
            byte[] body = rawBody != null ? rawBody : hasBody ? utf8(FuzzJson.write(bodyValue)) : null;
            List<String[]> all = new ArrayList<>();
            if (body != null && !contentType.isEmpty()) {
                all.add(new String[] {"Content-Type", contentType});
            }
            if (idempotencyKey != null) {
                all.add(new String[] {"Idempotency-Key", idempotencyKey});
            }
            if (endpoint.signed && !anonymous) {
                long now = System.currentTimeMillis() / 1000;
                String raw = body == null ? "" : new String(body, StandardCharsets.UTF_8);
                String signature = switch (badCredentials) {
                    case 1 -> org.reckon.payment.psp.WebhookSignature.header(webhookSecret, now, raw + " ");
                    case 2 -> org.reckon.payment.psp.WebhookSignature.header(webhookSecret, now - 3600, raw);
                    case 3 -> "t=" + now + ",v1=" + "0".repeat(64);
                    default -> org.reckon.payment.psp.WebhookSignature.header(webhookSecret, now, raw);
                };
                all.add(new String[] {"PSP-Signature", signature});
            }
            if (endpoint.user != null && !anonymous) {
                String password = badCredentials == 1 ? endpoint.user.password + "-wrong"
                        : badCredentials == 2 ? "" : endpoint.user.password;
                String user = endpoint.user.user;
                all.add(new String[] {"Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))});
            }
            all.addAll(headers);
            return new BadRequest(index, endpoint, kind, variant, method, uri.toString(), all, body, anonymous, field,
                    transportRefusal);
        }
    }

    /** Encodes a value for a URI, leaving '%' escapes the generator wrote on purpose alone. */
    private static String encode(String value) {
        if (value.matches(".*%[0-9A-Za-z]{2}.*") || value.equals("%25") || value.equals("%00")) {
            return value.replace(" ", "%20");
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static Supplier<String> none() {
        return () -> null;
    }
}
