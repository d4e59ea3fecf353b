package org.reckon.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.faults.BadRequest.Kind;
import org.reckon.it.support.Http;
import org.reckon.it.support.Json;
import org.reckon.it.support.TestUsers;

/**
 * Fault 6 of the fault suite, bad input: a seeded corpus (default 10,000 requests) of malformed
 * JSON, wrong types, bad numbers, dates, currencies and texts, unknown and odd ids, oversized
 * bodies and headers, wrong content types, methods and Accept headers, against every endpoint of
 * {@link Endpoints}, most with the credentials of a caller allowed there, a tenth without.
 * Invariant: no 5xx; every answer is a 4xx RFC 9457 problem (application/problem+json with
 * status and title); nothing stored (rows of every table, queue depths, index sizes unchanged).
 *
 * <p>Headers beyond Undertow's limits (max-header-size 1 MiB, max-headers 200) are refused by the
 * HTTP parser before any application code runs, by closing the connection: those requests are
 * counted apart as transport refusals, and only those may end without an answer.
 *
 * <p>Issue 11: the odd-numbered half of the corpus goes to the HTTPS listener (8443 + offset, its
 * certificate checked against the provisioned keystore), and there every valid Basic credential
 * the generator wrote is replaced by a bearer token of that same user (POST /v1/auth/token, one per
 * user at the start), so every authenticated role is fuzzed over TLS with a token; deliberately bad
 * credentials stay as they are. Half, not a second corpus: the run costs what it did.
 *
 * <p>{@code -Dreckon.faults.fuzz.seed=N} replays a run; {@code -Dreckon.faults.fuzz.requests=N}
 * sizes it; {@code -Dreckon.faults.fuzz.threads=N} sets the client threads (default 6).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BadInputFuzzIT {

    private static final int MAX_REPORTED = 40;

    @ArquillianResource
    ManagementClient management;

    @Test
    void theTableCoversEveryResourceMethod() throws IOException {
        SortedSet<String> deployed = ResourceMethods.inEar(new File(System.getProperty("reckon.ear.file")));
        SortedSet<String> table = Endpoints.table(Endpoints.Fixtures.placeholders()).stream()
                .map(Endpoint::key).collect(Collectors.toCollection(TreeSet::new));
        SortedSet<String> missing = new TreeSet<>(deployed);
        missing.removeAll(table);
        SortedSet<String> stale = new TreeSet<>(table);
        stale.removeAll(deployed);
        assertTrue(missing.isEmpty(), "resource methods without a row in Endpoints.table: " + missing);
        assertTrue(stale.isEmpty(), "rows in Endpoints.table without a resource method: " + stale);
        assertTrue(deployed.size() >= 40, "suspiciously few resource methods: " + deployed);
    }

    @Test
    void badInputIsAlwaysAProblemNeverA5xxAndStoresNothing() throws Exception {
        long seed = Long.getLong("reckon.faults.fuzz.seed", System.nanoTime());
        int requests = Integer.getInteger("reckon.faults.fuzz.requests", 10_000);
        int threads = Integer.getInteger("reckon.faults.fuzz.threads", 6);
        System.out.println("[bad-input] seed " + seed + " (replay with -Dreckon.faults.fuzz.seed=" + seed + "), "
                + requests + " requests, " + threads + " threads");

        List<Endpoint> table = Endpoints.table(FuzzFixtures.create());
        Map<String, Long> before = StoreCounts.settled(management, 120);
        BadRequests generator = new BadRequests(table, webhookSecret());
        Outcomes outcomes = new Outcomes();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        Map<String, String> tokens = bearerTokens();

        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong next = new AtomicLong();
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                for (long i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    BadRequest request = generator.generate(seed, i);
                    outcomes.record(request, request.index() % 2 == 1 ? sendOverTls(request, tokens) : send(client, request));
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(15, TimeUnit.MINUTES), "the run did not finish");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.println("[bad-input] " + OVER_TLS.get() + " requests over HTTPS, " + WITH_TOKEN.get() + " of them with a bearer token");
        assertTrue(WITH_TOKEN.get() > 0 && OVER_TLS.get() >= requests / 2, "half the corpus over HTTPS, some with tokens: "
                + OVER_TLS.get() + " / " + WITH_TOKEN.get());

        Map<String, Long> after = StoreCounts.settled(management, 60);
        List<String> stored = StoreCounts.differences(before, after);
        System.out.println(outcomes.summary(seed, requests, took));
        outcomes.failures.stream().sorted().forEach(f -> System.out.println("[bad-input] VIOLATION " + f));
        List<String> problems = new ArrayList<>(outcomes.failures);
        stored.forEach(s -> problems.add("stored: " + s));
        assertTrue(problems.isEmpty(), problems.size() + " violations of the bad-input invariant (seed " + seed + "):\n  "
                + String.join("\n  ", problems.subList(0, Math.min(problems.size(), MAX_REPORTED))));
        assertEquals(requests, outcomes.total.sum());
    }

    /** The answer to a request, or the transport failure that replaced it. */
    record Answer(int status, String contentType, String body, Exception failure) {
    }

    private static final AtomicLong OVER_TLS = new AtomicLong();
    private static final AtomicLong WITH_TOKEN = new AtomicLong();

    /** "Basic ..." of each test user's right password -> "Bearer <a token of that user>". */
    private static Map<String, String> bearerTokens() {
        Map<String, String> tokens = new ConcurrentHashMap<>();
        for (TestUsers u : TestUsers.values()) {
            HttpResponse<String> issued = Http.send(Http.as(Http.request("/v1/auth/token"), u.user, u.password)
                    .POST(HttpRequest.BodyPublishers.noBody()));
            if (issued.statusCode() != 200) { // every user of users-test.cli may have one; say so if one may not
                System.out.println("[bad-input] no token for " + u.user + ": " + issued.statusCode() + "; its requests keep Basic");
                continue;
            }
            String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (u.user + ":" + u.password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            tokens.put(basic, "Bearer " + Json.object(issued.body()).getString("access_token"));
        }
        return tokens;
    }

    /** The request to the HTTPS listener, a valid Basic credential swapped for its user's bearer token. */
    private static Answer sendOverTls(BadRequest r, Map<String, String> tokens) {
        List<String[]> headers = new ArrayList<>();
        for (String[] h : r.headers()) {
            String token = "Authorization".equalsIgnoreCase(h[0]) ? tokens.get(h[1]) : null;
            if (token != null) {
                WITH_TOKEN.incrementAndGet();
            }
            headers.add(token == null ? h : new String[] {h[0], token});
        }
        OVER_TLS.incrementAndGet();
        return send(Http.tlsClient(), Http.httpsBaseUrl(), new BadRequest(r.index(), r.endpoint(), r.kind(), r.variant(),
                r.method(), r.uri(), headers, r.body(), r.anonymous(), r.field(), r.transportRefusal()));
    }

    private static Answer send(HttpClient client, BadRequest r) {
        return send(client, Http.baseUrl(), r);
    }

    private static Answer send(HttpClient client, String baseUrl, BadRequest r) {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + r.uri()))
                    .timeout(Duration.ofSeconds(60))
                    .method(r.method(), r.body() == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(r.body()));
            for (String[] h : r.headers()) {
                builder.header(h[0], h[1]);
            }
            HttpRequest built = builder.build();
            HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
            // an exchange with the API, unless Undertow refused it before any application code (the outcome allows that)
            boolean parserRefusal = r.transportRefusal()
                    && !response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
            if (System.getProperty("reckon.ear.file") != null && org.reckon.it.contract.Exchanges.enabled() && !parserRefusal) {
                try {
                    org.reckon.it.contract.Exchanges.check(Http.baseUrl(), built, response);
                } catch (AssertionError mismatch) {
                    return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                            response.body(), new IllegalStateException(mismatch.getMessage()));
                }
            }
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), null);
        } catch (IOException | IllegalArgumentException e) {
            return new Answer(0, "", "", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "", "", e);
        }
    }

    private static String webhookSecret() {
        String file = System.getProperty("reckon.env.file");
        if (file != null && Files.exists(Path.of(file))) {
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("reckon.psp.webhook-secret", "whsec_reckon_sandbox");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return "whsec_reckon_sandbox";
    }

    /** Tallies and checks every answer. */
    static final class Outcomes {
        final LongAdder total = new LongAdder();
        final LongAdder transport = new LongAdder();
        final LongAdder named = new LongAdder();
        final LongAdder nameable = new LongAdder();
        final ConcurrentMap<String, LongAdder> byEndpoint = new ConcurrentHashMap<>();
        final ConcurrentMap<Kind, LongAdder> byKind = new ConcurrentHashMap<>();
        final ConcurrentMap<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
        final ConcurrentMap<String, LongAdder> unnamed = new ConcurrentHashMap<>();
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        final Set<String> signatures = ConcurrentHashMap.newKeySet();

        void record(BadRequest r, Answer a) {
            total.increment();
            byEndpoint.computeIfAbsent(r.endpoint().key(), k -> new LongAdder()).increment();
            byKind.computeIfAbsent(r.kind(), k -> new LongAdder()).increment();
            byStatus.computeIfAbsent(a.status(), k -> new LongAdder()).increment();
            if (r.transportRefusal() && (a.failure() != null || !a.contentType().startsWith("application/problem+json"))) {
                // Undertow's parser: a bare 400 or a closed connection, before any application code
                transport.increment();
                if (a.failure() == null && (a.status() < 400 || a.status() > 499)) {
                    fail(r, "transport refusal with status " + a.status(), "transport status " + a.status());
                }
                return;
            }
            if (a.failure() != null) {
                fail(r, "no answer: " + a.failure(), "transport " + a.failure().getClass().getSimpleName());
                return;
            }
            if (a.status() < 400 || a.status() > 499) {
                fail(r, "status " + a.status() + " " + abbreviate(a.body()), "status " + a.status());
                return;
            }
            if (!a.contentType().startsWith("application/problem+json")) {
                fail(r, a.status() + " with Content-Type '" + a.contentType() + "': " + abbreviate(a.body()),
                        "content-type " + a.contentType());
                return;
            }
            JsonObject problem;
            try {
                problem = Json.object(a.body());
            } catch (RuntimeException e) {
                fail(r, a.status() + " problem body does not parse: " + abbreviate(a.body()), "unparsable");
                return;
            }
            if (problem.getInt("status", -1) != a.status() || problem.getString("title", "").isBlank()) {
                fail(r, a.status() + " problem without matching status and a title: " + abbreviate(a.body()), "incomplete");
                return;
            }
            if (r.field() != null && "VALIDATION_FAILED".equals(problem.getString("code", ""))) {
                nameable.increment();
                if (names(problem, r.field())) {
                    named.increment();
                } else {
                    unnamed.computeIfAbsent(r.endpoint().key() + " " + r.field(), k -> new LongAdder()).increment();
                }
            }
        }

        private static boolean names(JsonObject problem, String field) {
            JsonValue violations = problem.get("violations");
            if (violations == null || violations.getValueType() != JsonValue.ValueType.ARRAY) {
                return false;
            }
            String wire = field.toLowerCase(java.util.Locale.ROOT);
            return violations.asJsonArray().getValuesAs(JsonObject.class).stream()
                    .map(v -> v.getString("field", "").toLowerCase(java.util.Locale.ROOT))
                    .anyMatch(f -> f.equals(wire) || wire.startsWith(f + ".") || wire.startsWith(f + "[")
                            || f.startsWith(wire + ".") || f.startsWith(wire + "["));
        }

        private void fail(BadRequest r, String what, String signature) {
            // one line per kind of failure, endpoint and mutation: the rest are the same defect again
            String variant = r.variant().replaceAll("\\d+MiB", "").replaceAll("\\+.*", "+...");
            if (signatures.add(signature + "|" + r.endpoint().key() + "|" + variant)) {
                failures.add(what + " <- " + r.describe());
            }
        }

        private static String abbreviate(String s) {
            return s == null ? "" : s.length() > 400 ? s.substring(0, 400) + "..." : s;
        }

        String summary(long seed, int requests, Duration took) {
            StringBuilder out = new StringBuilder("\n[bad-input] ===== summary =====\n");
            out.append(String.format("seed %d, %d requests in %.1f s (%.0f req/s), %d refused by Undertow's HTTP parser%n", seed, requests,
                    took.toMillis() / 1000.0, requests * 1000.0 / Math.max(1, took.toMillis()), transport.sum()));
            out.append("status histogram: ").append(sorted(byStatus)).append('\n');
            out.append("per mutation kind: ").append(sorted(byKind)).append('\n');
            out.append(String.format("violated field named in %d of %d validation problems%n", named.sum(), nameable.sum()));
            if (!unnamed.isEmpty()) {
                out.append("not named: ").append(sorted(unnamed)).append('\n');
            }
            out.append("per endpoint:\n");
            sorted(byEndpoint).forEach((k, v) -> out.append(String.format("  %6d  %s%n", v, k)));
            return out.toString();
        }

        private static <K extends Comparable<K>> Map<K, Long> sorted(Map<K, LongAdder> counts) {
            Map<K, Long> sorted = new TreeMap<>();
            counts.forEach((k, v) -> sorted.put(k, v.sum()));
            return sorted;
        }
    }

    /** Creates, through the API, the things the valid requests name. */
    static final class FuzzFixtures {

        private FuzzFixtures() {
        }

        static Endpoints.Fixtures create() {
            String hotel = ok(call(TestUsers.STAFF, "POST", "/v1/hotels", "{\"name\":\"Fuzz Hotel " + uid() + "\","
                    + "\"city\":\"Lisbon\",\"address\":\"Rua Augusta 1\",\"amenities\":[\"wifi\"],\"currency\":\"EUR\","
                    + "\"tax_percent\":\"10\",\"service_fee\":\"5.00\"}"), 201).getString("hotel_id");
            String type = ok(call(TestUsers.STAFF, "POST", "/v1/hotels/" + hotel + "/room-types", "{\"name\":\"Double\","
                    + "\"max_occupancy\":2,\"room_numbers\":[\"101\",\"102\"],\"base_rate\":\"100.00\"}"), 201)
                    .getString("room_type_id");
            HttpResponse<String> rooms = call(TestUsers.STAFF, "GET", "/v1/hotels/" + hotel + "/rooms", null);
            assertEquals(200, rooms.statusCode(), rooms.body());
            String room = Json.object(rooms.body()).getJsonArray("items")
                    .getJsonObject(0).getString("room_id");
            LocalDate start = LocalDate.now(ZoneOffset.UTC).plusDays(40);
            String reservation = ok(call(TestUsers.ALICE, "POST", "/v1/reservation-orders", "{\"hotel_id\":\"" + hotel
                    + "\",\"room_type_id\":\"" + type + "\",\"start_date\":\"" + start + "\",\"end_date\":\""
                    + start.plusDays(2) + "\",\"number_of_rooms\":1,\"guest_name\":\"Fuzz\",\"guest_email\":\"fz@example.com\"}"),
                    201).getString("reservation_id");
            String seller = "fz-seller-" + uid();
            String checkout = "fz-co-" + uid();
            String order = "fz-po-" + uid();
            HttpResponse<String> paid = Http.send(Http.as(Http.request("/v1/payments"), TestUsers.ALICE.user,
                            TestUsers.ALICE.password)
                    .header("Content-Type", "application/json").header("Idempotency-Key", "fz-setup-" + uid())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"checkout_id\":\"" + checkout + "\",\"buyer_info\":{\"name\":"
                            + "\"Fuzz\"},\"payment_orders\":[{\"payment_order_id\":\"" + order + "\",\"seller_account\":\""
                            + seller + "\",\"amount\":\"20.00\",\"currency\":\"EUR\"}]}")));
            assertEquals(201, paid.statusCode(), paid.body());
            String account = payAtTheSandbox(order) ? "seller-wallet:" + seller + ":EUR" : "fz-no-account";
            String wallet = ok(call(TestUsers.ALICE, "POST", "/v1/wallet/accounts", "{\"currency\":\"EUR\"}"), 201)
                    .getString("account_id");
            return new Endpoints.Fixtures(hotel, type, room, reservation, order, checkout, seller, account, wallet);
        }

        /** Pays the order with the sandbox's succeeding card, so a wallet and ledger accounts exist. */
        private static boolean payAtTheSandbox(String order) {
            String token;
            try {
                token = Awaitility.await("PSP token of " + order).atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(200)).until(() -> {
                            JsonObject o = ok(call(TestUsers.ALICE, "GET", "/v1/payments/" + order, null), 200);
                            return o.containsKey("psp_token") && !o.isNull("psp_token") ? o.getString("psp_token") : null;
                        }, java.util.Objects::nonNull);
            } catch (ConditionTimeoutException e) {
                return false;
            }
            HttpResponse<String> confirmed = Http.send(Http.request("/psp-sandbox/api/v1/payments/" + token + "/confirm")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"card_number\":\"4242424242424242\",\"holder\":\"Fuzz\","
                            + "\"expiry\":\"12/30\",\"cvv\":\"123\"}")));
            if (confirmed.statusCode() != 200) {
                return false;
            }
            try {
                Awaitility.await("order " + order + " paid").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> ok(call(TestUsers.ALICE, "GET", "/v1/payments/" + order, null), 200).getString("status"),
                                "SUCCESS"::equals);
                return true;
            } catch (ConditionTimeoutException e) {
                return false;
            }
        }

        private static HttpResponse<String> call(TestUsers user, String method, String path, String json) {
            HttpRequest.Builder request = Http.as(Http.request(path), user.user, user.password);
            if (json != null) {
                request.header("Content-Type", "application/json");
            }
            return Http.send(request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json)));
        }

        private static JsonObject ok(HttpResponse<String> response, int status) {
            assertEquals(status, response.statusCode(), response.body());
            return Json.object(response.body());
        }

        private static String uid() {
            return UUID.randomUUID().toString().substring(0, 8);
        }
    }
}
