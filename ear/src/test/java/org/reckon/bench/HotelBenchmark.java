package org.reckon.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.Json;
import org.reckon.it.support.TestUsers;

/**
 * Issue 4's "Measure", against the real server, PostgreSQL, broker and PSP sandbox:
 * <ol type="a">
 * <li>availability queries per second and p50/p99 from the Infinispan cache and, in the same run
 * with the same query mix, straight from PostgreSQL ({@code source=database}), at several
 * connection counts; the cache is also measured with the staff Basic header the database path
 * needs, so the difference between those two rows is the database alone;</li>
 * <li>bookings per second without contention: each client owns a room type and quotes then books
 * distinct random stays;</li>
 * <li>the last rooms: 1,000 quoted orders for a room type with 10 rooms, all submitted at once;
 * exactly 10 must be booked and 990 refused with 409, or the benchmark fails.</li>
 * </ol>
 * Every section has a baseline from the same run: the database path for (a), and a static page
 * ({@link #STATIC}) with the same client and concurrency for all three.
 *
 * <p>Load generators: client and server share the machine's cores, so a client that burns CPU
 * lowers the server's figures. (a) therefore uses wrk (C, epoll, a Lua script picking a random
 * query per request), which needs far less CPU per request than a JVM client; (b) and (c) are
 * request chains and a synchronized burst, written with the JVM HttpClient (HTTP/1.1, one platform
 * thread per client). One (a) row is repeated with the JVM client to show what the choice costs.
 * Without wrk, (a) falls back to the JVM client and says so. Run with benchmark/hotel.sh.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HotelBenchmark {

    private static final int SECONDS = Integer.getInteger("reckon.bench.seconds", 15);
    private static final int WARMUP_SECONDS = Integer.getInteger("reckon.bench.warmup", 5);
    private static final int[] QUERY_LEVELS = levels("reckon.bench.query.levels", "8,32,64");
    private static final int[] BOOKING_LEVELS = levels("reckon.bench.booking.levels", "8,32");
    private static final int CONTENDERS = 1_000;
    /** Which sections run (a, b, c), e.g. "c" to measure only the race; all by default. */
    private static final String SECTIONS = System.getProperty("reckon.bench.sections", "a,b,c");
    /** How many times (c) is run, each on a room type of its own: one burst is a noisy figure. */
    private static final int RACE_ROUNDS = Integer.getInteger("reckon.bench.race.rounds", 3);
    /**
     * Rounds of the race run first and not counted in the goal (their rows are shown, and they must
     * book exactly 10 too): run alone, the race's first round met a server whose refusal path the JIT
     * had not compiled yet.
     */
    private static final int RACE_WARMUP_ROUNDS = Integer.getInteger("reckon.bench.race.warmup-rounds", 1);
    /** When above 0: the SQL statements of that many bookings by one client, and of what they set off, are counted first. */
    private static final int TRACE = Integer.getInteger("reckon.bench.trace-statements", 0);
    /**
     * The baseline "HTTP stack alone": a 2.6 KB static page served by Undertow's default servlet.
     * Not /health/live: HealthServlet looks up the JSON-P provider on every request (a class-loader
     * resource search under a lock), so it measures that too; it gets one row of its own in (a).
     */
    private static final String STATIC = "/checkout.html";
    private static final int LAST_ROOMS = 10;
    private static final AtomicInteger ROOM_TYPES = new AtomicInteger();
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    /** HTTP/1.1 on purpose: the default client would try an h2c upgrade and multiplex clients onto one connection. */
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();

    @Test
    void availabilityBookingsAndTheLastRooms() throws Exception {
        StringBuilder report = new StringBuilder("# Hotel benchmark\n\n");
        report.append(String.format(Locale.ROOT, "%s; %d cores; Java %s; %d s per level after %d s of warm-up; "
                        + "load average before: %s%n", Instant.now().toString().substring(0, 16) + "Z",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), SECONDS, WARMUP_SECONDS,
                loadAverage()));
        long setup = System.nanoTime();
        List<String[]> queryHotels = new ArrayList<>();   // {hotel id}
        for (int h = 0; h < 4; h++) {
            String hotel = hotel("Bench Stay " + h, "0");
            for (int t = 0; t < 3; t++) {
                roomType(hotel, 20, (90 + 30 * t) + ".00");
            }
            queryHotels.add(new String[] {hotel});
        }
        List<String[]> bookable = new ArrayList<>();      // {hotel id, room type id}, one per booking client
        int clients = Arrays.stream(BOOKING_LEVELS).max().orElse(8);
        String hotel = null;
        for (int c = 0; c < clients; c++) {
            if (c % 4 == 0) {
                hotel = hotel("Bench Book " + c / 4, "0");
            }
            bookable.add(new String[] {hotel, roomType(hotel, 50, "100.00")});
        }
        report.append(String.format(Locale.ROOT, "setup through the API: %d hotels, %d room types in %.1f s%n%n",
                queryHotels.size() + (clients + 3) / 4, queryHotels.size() * 3 + clients, seconds(System.nanoTime() - setup)));

        if (TRACE > 0) {
            report.append(traceBookings(TRACE));
        }
        if (section("a")) {
            report.append(availability(queryHotels));
        }
        if (section("b")) {
            report.append(bookings(bookable));
        }
        String[] contention = section("c") ? lastRooms() : new String[] {"", ""};
        report.append(contention[0]);
        report.append("\nload average after: ").append(loadAverage()).append('\n');
        System.out.println("\n" + report);
        Files.writeString(Path.of("target", "benchmark-hotel.md"), report, StandardCharsets.UTF_8);
        assertEquals("", contention[1], "the last-rooms case must end with exactly 10 bookings and 990 refusals");
    }

    // ---------------------------------------------------------------- (a) availability

    private static String availability(List<String[]> hotels) throws Exception {
        List<String> queries = new ArrayList<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 4096; i++) {
            LocalDate start = TODAY.plusDays(1 + random.nextInt(90));
            queries.add("/v1/hotels/" + hotels.get(random.nextInt(hotels.size()))[0] + "/availability?start_date=" + start
                    + "&end_date=" + start.plusDays(1 + random.nextInt(7)) + "&rooms=1");
        }
        String staff = basic(TestUsers.STAFF);
        for (String suffix : new String[] {"", "&source=database"}) { // the mix really answers, from both sources
            HttpResponse<String> r = CLIENT.send(get(queries.get(0) + suffix, staff), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(Json.object(r.body()).getJsonArray("room_types").size() == 3, r.body());
        }
        boolean wrk = Wrk.available();
        StringBuilder out = new StringBuilder("## (a) Availability: cache vs PostgreSQL\n\n");
        out.append(String.format(Locale.ROOT, "Query mix: %d hotels x 3 room types, %d random stays of 1-7 nights starting in"
                + " the next 90 days, rooms=1, one picked at random per request. Generator: %s. Fixed %d s per row after a"
                + " %d s warm-up per source.%n%n", hotels.size(), queries.size(), wrk ? Wrk.version()
                + " (2 threads, keep-alive connections)" : "JVM HttpClient (wrk not found)", SECONDS, WARMUP_SECONDS));
        out.append("| source | connections | requests | req/s | p50 ms | p99 ms | errors |\n|---|---|---|---|---|---|---|\n");
        String[][] sources = {
            {"cache (public)", "", null},
            {"cache + staff Basic auth", "", staff},
            {"database (`source=database`, staff Basic auth)", "&source=database", staff},
        };
        List<String> goal = new ArrayList<>();
        for (String[] source : sources) {
            List<String> paths = queries.stream().map(q -> q + source[1]).toList();
            measure(wrk, paths, source[2], 32, WARMUP_SECONDS);
            for (int level : QUERY_LEVELS) {
                Figures f = measure(wrk, paths, source[2], level, SECONDS);
                out.append(f.row(source[0], level));
                if (source[2] == null) {
                    goal.add(String.format(Locale.ROOT, "%d connections: %.0f/s, p99 %.1f ms (%s)", level, f.perSecond(),
                            f.p99Millis, f.perSecond() >= 3000 && f.p99Millis < 20 ? "met" : "NOT met"));
                }
            }
        }
        for (int level : QUERY_LEVELS) {
            out.append(measure(wrk, List.of(STATIC), null, level, SECONDS).row("baseline: static `GET " + STATIC + "`", level));
        }
        out.append(measure(wrk, List.of("/health/live"), null, 32, SECONDS).row("`GET /health/live` (not trivial, see"
                + " HotelBenchmark.STATIC)", 32));
        if (wrk) {
            List<String> paths = queries;
            out.append(javaClosedLoop(32, SECONDS, () -> get(paths.get(ThreadLocalRandom.current().nextInt(paths.size())), null))
                    .row("cache (public), JVM HttpClient instead of wrk", 32));
        }
        out.append("\nGoal (>= 3,000/s with p99 < 20 ms from the cache): ").append(String.join("; ", goal)).append(".\n\n");
        return out.toString();
    }

    private static Figures measure(boolean wrk, List<String> paths, String authorization, int connections, int seconds)
            throws Exception {
        if (wrk) {
            return Wrk.run(paths, authorization, connections, seconds);
        }
        return javaClosedLoop(connections, seconds,
                () -> get(paths.get(ThreadLocalRandom.current().nextInt(paths.size())), authorization));
    }

    // ---------------------------------------------------------------- (b) bookings without contention

    private static String bookings(List<String[]> roomTypes) throws Exception {
        StringBuilder out = new StringBuilder("## (b) Bookings without contention\n\n");
        out.append(String.format(Locale.ROOT, "Each client owns one room type (50 rooms, no overbooking) and loops: quote"
                + " (`POST /v1/reservation-orders`) then book (`POST /v1/reservations`) a random stay of 1-3 nights in the"
                + " next year, as a customer with Basic auth. No two clients touch the same inventory rows. Every booking also"
                + " creates a checkout in the payment context and queues its PSP registration, which runs in the background"
                + " on the same cores; the level's last reservation is polled until its hosted page exists (the backlog"
                + " column). Generator: JVM HttpClient, one platform thread per client, %d s per level.%n%n", SECONDS));
        out.append("| clients | bookings | bookings/s | book p50 ms | book p99 ms | quote p50 ms | quote p99 ms | errors |"
                + " PSP backlog drained after s | CPU ms per booking: server, PostgreSQL |\n|---|---|---|---|---|---|---|---|---|---|\n");
        bookingLoop(roomTypes, 4, WARMUP_SECONDS);
        StringBuilder baseline = new StringBuilder("\nBaseline, same client and clients, static `GET " + STATIC + "`:\n\n"
                + "| clients | requests | req/s | p50 ms | p99 ms | errors |\n|---|---|---|---|---|---|\n");
        for (int level : BOOKING_LEVELS) {
            ProcessCpu.Used cpu = ProcessCpu.now();
            Bookings b = bookingLoop(roomTypes, level, SECONDS); // until the PSP backlog is drained: its work is the bookings'
            String cpuPerBooking = cpu.since(b.book.count());
            out.append(String.format(Locale.ROOT, "| %d | %d | %.1f | %.2f | %.2f | %.2f | %.2f | %d | %.1f | %s |%n", level,
                    b.book.count(), b.book.count() / (double) SECONDS, b.book.millis(50), b.book.millis(99), b.quote.millis(50),
                    b.quote.millis(99), b.errors.get(), b.drainSeconds, cpuPerBooking));
            Figures f = javaClosedLoop(level, SECONDS, () -> get(STATIC, null));
            baseline.append(String.format(Locale.ROOT, "| %d | %d | %.0f | %.2f | %.2f | %d |%n", level, f.requests,
                    f.perSecond(), f.p50Millis, f.p99Millis, f.errors));
        }
        return out.append(baseline).append('\n').toString();
    }

    /**
     * The SQL statements of n bookings (quote and book, one client, after one untraced booking) and
     * of what each sets off behind it: the PSP registration, the search indexing (issue 15: count first).
     */
    private static String traceBookings(int n) throws Exception {
        String hotel = hotel("Bench Trace", "0");
        String roomType = roomType(hotel, 5, "100.00");
        String customer = basic(TestUsers.ALICE);
        bookOnce(hotel, roomType, customer, 0);
        List<StatementTrace.Transaction> traced = new StatementTrace(System.getProperty("reckon.test.pg.port")).of(() -> {
            for (int i = 1; i <= n; i++) {
                bookOnce(hotel, roomType, customer, i);
            }
        });
        return "## SQL statements of " + n + " bookings (quote + book, one client), with what they set off\n\n"
                + StatementTrace.table(traced) + "\n";
    }

    private static void bookOnce(String hotel, String roomType, String customer, int i) throws Exception {
        LocalDate start = TODAY.plusDays(10 + 3L * i);
        String stay = stay(hotel, roomType, start, start.plusDays(2), 1);
        HttpResponse<String> quoted = send(post("/v1/reservation-orders", customer, "{" + stay
                + ",\"guest_name\":\"Bench Guest\",\"guest_email\":\"bench@example.com\"}"));
        assertEquals(201, quoted.statusCode(), quoted.body());
        String id = Json.object(quoted.body()).getString("reservation_id");
        HttpResponse<String> booked = send(post("/v1/reservations", customer, "{\"reservation_id\":\"" + id + "\"," + stay + "}"));
        assertEquals(201, booked.statusCode(), booked.body());
        awaitHostedPage(id, customer);
    }

    private static final class Bookings {
        final Latencies quote = new Latencies();
        final Latencies book = new Latencies();
        final AtomicLong errors = new AtomicLong();
        volatile String lastReservation;
        double drainSeconds;
    }

    private static Bookings bookingLoop(List<String[]> roomTypes, int clients, int seconds) throws Exception {
        Bookings result = new Bookings();
        String customer = basic(TestUsers.ALICE);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            String[] roomType = roomTypes.get(c);
            pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    LocalDate start = TODAY.plusDays(1 + random.nextInt(365));
                    String stay = stay(roomType[0], roomType[1], start, start.plusDays(1 + random.nextInt(3)), 1);
                    try {
                        long t0 = System.nanoTime();
                        HttpResponse<String> quoted = send(post("/v1/reservation-orders", customer, "{" + stay
                                + ",\"guest_name\":\"Bench Guest\",\"guest_email\":\"bench@example.com\"}"));
                        long t1 = System.nanoTime();
                        if (quoted.statusCode() != 201) {
                            fail(result.errors, "quote", quoted);
                            continue;
                        }
                        result.quote.add(t1 - t0);
                        String id = Json.object(quoted.body()).getString("reservation_id");
                        long t2 = System.nanoTime();
                        HttpResponse<String> booked = send(post("/v1/reservations", customer,
                                "{\"reservation_id\":\"" + id + "\"," + stay + "}"));
                        long t3 = System.nanoTime();
                        if (booked.statusCode() != 201) {
                            fail(result.errors, "book", booked);
                            continue;
                        }
                        if (t3 <= end) { // a booking that ends after the level is not counted in it
                            result.book.add(t3 - t2);
                        }
                        result.lastReservation = id;
                    } catch (IOException | RuntimeException e) {
                        result.errors.incrementAndGet();
                        System.err.println("booking failed: " + e);
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
        long drain = System.nanoTime();
        if (result.lastReservation != null) {
            awaitHostedPage(result.lastReservation, customer);
        }
        result.drainSeconds = seconds(System.nanoTime() - drain);
        return result;
    }

    /** Until the PSP registration of the reservation's payment is done: the background work of the level is then (nearly) over. */
    private static void awaitHostedPage(String reservationId, String customer) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < until) {
            HttpResponse<String> r = send(get("/v1/reservations/" + reservationId, customer));
            if (r.statusCode() == 200 && Json.object(r.body()).getJsonObject("payment").containsKey("hosted_page_url")) {
                return;
            }
            Thread.sleep(100);
        }
        System.err.println("PSP registration of " + reservationId + " not done after 120 s");
    }

    // ---------------------------------------------------------------- (c) the last rooms

    /** Returns the report section, and "" if every round booked exactly 10 and refused 990, else what went wrong. */
    private static String[] lastRooms() throws Exception {
        StringBuilder out = new StringBuilder("## (c) The last rooms: 1,000 concurrent bookings for 10 rooms\n\n");
        out.append("One room type with 10 rooms and no overbooking; 1,000 reservation orders for the same 2-night stay are"
                + " quoted first, then 1,000 platform threads, each holding one prepared `POST /v1/reservations`, are released"
                + " by one latch. Settle = first request sent to last answer; the 10th 201 = first request sent to the last"
                + " booking's answer. Each thread opens its own connection, as 1,000 different customers would. The burst"
                + " runs " + RACE_ROUNDS + " times, each on a room type of its own, after " + RACE_WARMUP_ROUNDS
                + " warm-up round(s) that the goal does not count. Baseline: the same burst of static `GET " + STATIC + "`.\n\n");
        out.append("| burst | requests | settle s | 10th 201 s | p50 ms | p99 ms | max ms | answers (count x status) | failed |"
                + " total_reserved after (max 10) |\n|---|---|---|---|---|---|---|---|---|---|\n");
        StringBuilder problems = new StringBuilder();
        List<Double> p99s = new ArrayList<>();
        for (int round = 1 - RACE_WARMUP_ROUNDS; round <= RACE_ROUNDS; round++) {
            String hotel = hotel("Bench Last Rooms " + round, "0");
            String roomType = roomType(hotel, LAST_ROOMS, "200.00");
            LocalDate start = TODAY.plusDays(120);
            List<HttpRequest> bookings = quoteAll(stay(hotel, roomType, start, start.plusDays(2), 1));
            Burst booked = burst(bookings);
            long maxReserved = maxReserved(roomType, start, start.plusDays(2));
            out.append(booked.row("`POST /v1/reservations`, 10 rooms, " + (round < 1 ? "warm-up" : "round " + round),
                    String.valueOf(maxReserved)));
            if (round >= 1) {
                p99s.add(booked.latencies.millis(99));
            }
            if (booked.status(201) != LAST_ROOMS || booked.status(409) != CONTENDERS - LAST_ROOMS || maxReserved != LAST_ROOMS) {
                problems.append("round ").append(round).append(": ").append(booked.statuses).append(", ").append(booked.failed)
                        .append(" failed, total_reserved ").append(maxReserved).append("; ");
            }
        }
        Burst baseline = burst(Collections.nCopies(CONTENDERS, get(STATIC, null)));
        out.append(baseline.row("baseline: static `GET " + STATIC + "`", "-"));
        Collections.sort(p99s);
        out.append(String.format(Locale.ROOT, "%nGoal (p99 under 1 s, exactly 10 booked): median p99 of the rounds %.1f ms (%s).%n",
                p99s.get(p99s.size() / 2), p99s.get(p99s.size() / 2) < 1000 ? "met" : "NOT met"));
        if (problems.length() > 0) {
            out.append("\n**FAILED**: ").append(problems).append('\n');
        }
        return new String[] {out.toString(), problems.toString()};
    }

    /** Quotes the stay 1,000 times (16 at a time) and answers one prepared booking per quote. */
    private static List<HttpRequest> quoteAll(String stay) throws Exception {
        String customer = basic(TestUsers.ALICE);
        ExecutorService quoting = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> quoted = new ArrayList<>();
            for (int i = 0; i < CONTENDERS; i++) {
                quoted.add(quoting.submit(() -> {
                    HttpResponse<String> r = send(post("/v1/reservation-orders", customer,
                            "{" + stay + ",\"guest_name\":\"Bench Guest\",\"guest_email\":\"bench@example.com\"}"));
                    assertEquals(201, r.statusCode(), r.body());
                    return Json.object(r.body()).getString("reservation_id");
                }));
            }
            List<HttpRequest> bookings = new ArrayList<>();
            for (Future<String> id : quoted) {
                bookings.add(post("/v1/reservations", customer, "{\"reservation_id\":\"" + id.get() + "\"," + stay + "}"));
            }
            return bookings;
        } finally {
            quoting.shutdown();
        }
    }

    /** One synchronized burst: every request released at once, answers counted by status. */
    private static final class Burst {
        final Latencies latencies = new Latencies();
        final java.util.Map<Integer, AtomicLong> statuses = new java.util.concurrent.ConcurrentSkipListMap<>();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong lastCreated = new AtomicLong(Long.MIN_VALUE);
        double settleSeconds;
        double createdSeconds = Double.NaN;

        long status(int code) {
            AtomicLong n = statuses.get(code);
            return n == null ? 0 : n.get();
        }

        String row(String name, String reserved) {
            StringBuilder answers = new StringBuilder();
            statuses.forEach((code, n) -> answers.append(answers.length() > 0 ? ", " : "").append(n.get()).append(" x ").append(code));
            return String.format(Locale.ROOT, "| %s | %d | %.2f | %s | %.1f | %.1f | %.1f | %s | %d | %s |%n", name,
                    latencies.count() + failed.get(), settleSeconds,
                    Double.isNaN(createdSeconds) ? "-" : String.format(Locale.ROOT, "%.2f", createdSeconds),
                    latencies.millis(50), latencies.millis(99), latencies.millis(100), answers, failed.get(), reserved);
        }
    }

    private static Burst burst(List<HttpRequest> requests) throws Exception {
        Burst result = new Burst();
        CountDownLatch ready = new CountDownLatch(requests.size());
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong firstSent = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastAnswer = new AtomicLong(Long.MIN_VALUE);
        List<Thread> threads = new ArrayList<>();
        for (HttpRequest request : requests) {
            Thread t = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                    long t0 = System.nanoTime();
                    firstSent.accumulateAndGet(t0, Math::min);
                    HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
                    long t1 = System.nanoTime();
                    lastAnswer.accumulateAndGet(t1, Math::max);
                    if (r.statusCode() == 201) {
                        result.lastCreated.accumulateAndGet(t1, Math::max);
                    }
                    result.latencies.add(t1 - t0);
                    result.statuses.computeIfAbsent(r.statusCode(), code -> new AtomicLong()).incrementAndGet();
                    if (r.statusCode() >= 500 || r.statusCode() == 400 || r.statusCode() == 422) {
                        System.err.println("burst answer " + r.statusCode() + ": " + r.body());
                    }
                } catch (IOException | InterruptedException | RuntimeException e) {
                    result.failed.incrementAndGet();
                    lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
                    System.err.println("burst request failed: " + e);
                }
            }, "burst-" + threads.size());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        ready.await();
        Thread.sleep(200); // every thread is parked on the latch, not merely started
        go.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(300));
        }
        result.settleSeconds = seconds(lastAnswer.get() - firstSent.get());
        if (result.lastCreated.get() != Long.MIN_VALUE) {
            result.createdSeconds = seconds(result.lastCreated.get() - firstSent.get());
        }
        return result;
    }

    private static long maxReserved(String roomTypeId, LocalDate start, LocalDate end) throws Exception {
        String url = "jdbc:postgresql://localhost:" + System.getProperty("reckon.test.pg.port") + "/reckon_hotel";
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             PreparedStatement s = c.prepareStatement("SELECT MAX(total_reserved) FROM room_type_inventory"
                     + " WHERE room_type_id = ? AND stay_date >= ? AND stay_date < ?")) {
            s.setString(1, roomTypeId);
            s.setObject(2, start);
            s.setObject(3, end);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    // ---------------------------------------------------------------- load generation and figures

    /** What one row of a throughput table holds. */
    record Figures(long requests, double seconds, double p50Millis, double p99Millis, long errors) {

        double perSecond() {
            return requests / seconds;
        }

        String row(String name, int connections) {
            return String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %.2f | %.2f | %d |%n", name, connections, requests,
                    perSecond(), p50Millis, p99Millis, errors);
        }
    }

    /** Closed loop: each client sends its next request as soon as the previous one is answered. */
    private static Figures javaClosedLoop(int clients, int seconds, Supplier<HttpRequest> next) throws Exception {
        Latencies latencies = new Latencies();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = send(next.get());
                        if (r.statusCode() == 200) {
                            latencies.add(System.nanoTime() - t0);
                        } else {
                            fail(errors, "GET", r);
                        }
                    } catch (IOException | RuntimeException e) {
                        errors.incrementAndGet();
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
        return new Figures(latencies.count(), seconds, latencies.millis(50), latencies.millis(99), errors.get());
    }

    /** wrk (Debian package wrk), driven by a generated Lua script that picks a random path per request. */
    private static final class Wrk {

        static boolean available() {
            try {
                exec(List.of("wrk", "--version"), true);
                return true;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }

        static String version() throws Exception {
            String out = exec(List.of("wrk", "--version"), true);
            Matcher m = Pattern.compile("wrk\\s+(\\S+)").matcher(out);
            return "wrk " + (m.find() ? m.group(1) : "?");
        }

        static Figures run(List<String> paths, String authorization, int connections, int seconds) throws Exception {
            StringBuilder lua = new StringBuilder("local paths = {\n");
            paths.forEach(p -> lua.append("  \"").append(p).append("\",\n"));
            lua.append("}\nlocal headers = {").append(authorization == null ? "" : "[\"Authorization\"] = \"" + authorization + "\"")
                    .append("}\nlocal counter = 0\n")
                    .append("function setup(thread) counter = counter + 1; thread:set(\"seed\", counter) end\n")
                    .append("function init(args) math.randomseed(seed * 7919 + os.time()) end\n")
                    .append("function request() return wrk.format(\"GET\", paths[math.random(#paths)], headers) end\n");
            Path script = Files.writeString(Path.of("target", "benchmark-hotel.lua"), lua);
            String out = exec(List.of("wrk", "-t", String.valueOf(Math.min(2, connections)), "-c", String.valueOf(connections),
                    "-d", seconds + "s", "--timeout", "10s", "--latency", "-s", script.toString(), Http.baseUrl()), false);
            Matcher total = Pattern.compile("(\\d+) requests in ([0-9.]+)(m?s)").matcher(out);
            if (!total.find()) {
                throw new IllegalStateException("cannot read wrk's output:\n" + out);
            }
            double elapsed = Double.parseDouble(total.group(2)) * ("ms".equals(total.group(3)) ? 0.001 : 1);
            long errors = sum(out, "Non-2xx or 3xx responses: (\\d+)") + sum(out, "connect (\\d+)") + sum(out, "read (\\d+)")
                    + sum(out, "write (\\d+)") + sum(out, "timeout (\\d+)");
            return new Figures(Long.parseLong(total.group(1)), elapsed, percentile(out, "50%"), percentile(out, "99%"), errors);
        }

        private static long sum(String out, String regex) {
            Matcher m = Pattern.compile(regex).matcher(out);
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        }

        private static double percentile(String out, String label) {
            Matcher m = Pattern.compile("\\s" + label + "\\s+([0-9.]+)(us|ms|s|m)\\b").matcher(out);
            if (!m.find()) {
                return -1;
            }
            double v = Double.parseDouble(m.group(1));
            return switch (m.group(2)) {
                case "us" -> v / 1000;
                case "ms" -> v;
                case "s" -> v * 1000;
                default -> v * 60_000;
            };
        }
    }

    /** Latencies of one measurement, in nanoseconds; appended from many threads. */
    private static final class Latencies {
        private long[] values = new long[1 << 16];
        private int size;

        synchronized void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        synchronized int count() {
            return size;
        }

        synchronized double millis(int percentile) {
            if (size == 0) {
                return -1;
            }
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            int index = (int) Math.ceil(percentile / 100.0 * size) - 1;
            return sorted[Math.max(0, Math.min(index, size - 1))] / 1e6;
        }
    }

    // ---------------------------------------------------------------- the API, as its clients call it

    private static String hotel(String name, String overbookingPercent) throws Exception {
        HttpResponse<String> r = send(post("/v1/hotels", basic(TestUsers.STAFF), "{\"name\":\"" + name + "\",\"city\":\"Porto\","
                + "\"address\":\"Rua das Flores 1\",\"amenities\":[\"wifi\"],\"currency\":\"EUR\",\"overbooking_percent\":\""
                + overbookingPercent + "\",\"tax_percent\":\"10\",\"service_fee\":\"5.00\",\"occupancy_multipliers\":[]}"));
        assertEquals(201, r.statusCode(), r.body());
        return Json.object(r.body()).getString("hotel_id");
    }

    private static String roomType(String hotelId, int rooms, String baseRate) throws Exception {
        int first = 1000 * ROOM_TYPES.incrementAndGet(); // room numbers are unique within a hotel
        StringBuilder numbers = new StringBuilder();
        for (int i = 0; i < rooms; i++) {
            numbers.append(i > 0 ? "," : "").append('"').append(first + i).append('"');
        }
        HttpResponse<String> r = send(post("/v1/hotels/" + hotelId + "/room-types", basic(TestUsers.STAFF),
                "{\"name\":\"Double " + baseRate + "\",\"description\":\"Two guests\",\"max_occupancy\":2,"
                        + "\"room_numbers\":[" + numbers + "],\"base_rate\":\"" + baseRate + "\"}"));
        assertEquals(201, r.statusCode(), r.body());
        return Json.object(r.body()).getString("room_type_id");
    }

    private static String stay(String hotelId, String roomTypeId, LocalDate start, LocalDate end, int rooms) {
        return "\"hotel_id\":\"" + hotelId + "\",\"room_type_id\":\"" + roomTypeId + "\",\"start_date\":\"" + start
                + "\",\"end_date\":\"" + end + "\",\"number_of_rooms\":" + rooms;
    }

    private static String basic(TestUsers user) {
        return "Basic " + Base64.getEncoder().encodeToString((user.user + ":" + user.password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpRequest get(String path, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(Http.baseUrl() + path)).timeout(Duration.ofSeconds(120)).GET();
        return (authorization == null ? b : b.header("Authorization", authorization)).build();
    }

    private static HttpRequest post(String path, String authorization, String json) {
        return HttpRequest.newBuilder(URI.create(Http.baseUrl() + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void fail(AtomicLong errors, String what, HttpResponse<String> r) {
        if (errors.incrementAndGet() <= 5) {
            System.err.println(what + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    // ---------------------------------------------------------------- machine

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static boolean section(String name) {
        return Arrays.stream(SECTIONS.split(",")).map(String::trim).anyMatch(name::equalsIgnoreCase);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static int[] levels(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    }

    private static String exec(List<String> command, boolean quiet) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        if (!quiet) {
            System.out.println(out);
        }
        return out;
    }
}
