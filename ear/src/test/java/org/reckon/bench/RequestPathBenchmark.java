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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * Issue 15, item 1: what one request costs on each layer of the request path, in one run, on the
 * real server the suite uses. Every row is wrk at {@link #CONNECTIONS} keep-alive connections for
 * {@link #SECONDS} s after a {@link #WARMUP_SECONDS} s warm-up of the same row, and is compared with
 * the static page measured in the same run:
 * <ol>
 * <li>a static page (Undertow's default servlet): the HTTP stack alone, the baseline;</li>
 * <li>{@code /health/live}: a servlet of ours;</li>
 * <li>{@code GET /v1/ping}: JAX-RS, touching no database;</li>
 * <li>{@code GET /v1/hotels/{id}} (one row read from PostgreSQL) and availability (answered from the
 * Infinispan cache): public reads;</li>
 * <li>{@code GET /v1/ping} with Basic, and with a bearer token from {@code POST /v1/auth/token}: the
 * difference to the anonymous row is authentication alone;</li>
 * <li>{@code PUT /v1/players/{new id}}: a write that inserts one row (the game server's call).</li>
 * </ol>
 * While a row runs, the server records a JFR profile of its own ({@code jcmd JFR.start}/{@code JFR.stop};
 * the server is the process listening on the test HTTP port), and the report lists the row's
 * hottest frames: where the samples were (self) and which of our stack's frames they ran under
 * (inclusive). Run with benchmark/request-path.sh.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RequestPathBenchmark {

    private static final int SECONDS = Integer.getInteger("reckon.bench.seconds", 10);
    private static final int WARMUP_SECONDS = Integer.getInteger("reckon.bench.warmup", 5);
    private static final int CONNECTIONS = Integer.getInteger("reckon.bench.connections", 32);
    private static final int TOP = 12;
    /** Which rows run, by number (1-based, the first is the baseline), e.g. "1,12"; all by default. */
    private static final String ROWS = System.getProperty("reckon.bench.rows", "");
    private static final Path OUT = Path.of("target", "request-path");
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();

    /** One row: what wrk sends. {@code write} rows put a fresh player id per request. */
    record Row(String name, String method, String path, String authorization, String body, int expected, boolean withoutFixes) {
        Row(String name, String method, String path, String authorization, String body, int expected) {
            this(name, method, path, authorization, body, expected, false);
        }

        /** The same row, measured with issue 15's runtime-switchable fixes turned off (see {@link ServerFixes}). */
        Row before() {
            return new Row(name + " — before (fixes off)", method, path, authorization, body, expected, true);
        }
    }

    record Figures(long requests, double seconds, double p50Millis, double p99Millis, long errors) {
        double perSecond() {
            return requests / seconds;
        }
    }

    @Test
    void theRequestPath() throws Exception {
        Files.createDirectories(OUT);
        String staff = basic(TestUsers.STAFF);
        String alice = basic(TestUsers.ALICE);
        String hotel = created(post("/v1/hotels", staff, "{\"name\":\"Request Path\",\"city\":\"Porto\",\"address\":\"Rua 1\","
                + "\"amenities\":[\"wifi\"],\"currency\":\"EUR\",\"overbooking_percent\":\"0\",\"tax_percent\":\"10\","
                + "\"service_fee\":\"5.00\",\"occupancy_multipliers\":[]}"), "hotel_id");
        String roomType = created(post("/v1/hotels/" + hotel + "/room-types", staff, "{\"name\":\"Double\",\"description\":\"Two guests\","
                + "\"max_occupancy\":2,\"room_numbers\":[\"101\",\"102\"],\"base_rate\":\"100.00\"}"), "room_type_id");
        HttpResponse<String> issued = send(post("/v1/auth/token", alice, ""));
        assertEquals(200, issued.statusCode(), issued.body());
        String bearer = "Bearer " + Json.object(issued.body()).getString("access_token");
        LocalDate start = LocalDate.now(ZoneOffset.UTC).plusDays(10);
        String availability = "/v1/hotels/" + hotel + "/availability?start_date=" + start + "&end_date=" + start.plusDays(2)
                + "&rooms=1";

        // a refused booking: both rooms of a later stay booked, then another order of that stay submitted again and again
        LocalDate later = start.plusDays(30);
        String soldOut = stay(hotel, roomType, later, later.plusDays(2), 2);
        String first = created(post("/v1/reservation-orders", alice, guest(soldOut)), "reservation_id");
        String refusedBooking = "{\"reservation_id\":\"" + created(post("/v1/reservation-orders", alice, guest(soldOut)),
                "reservation_id") + "\"," + soldOut + "}"; // quoted while rooms were left: a quote of a full stay is refused
        HttpResponse<String> booked = send(post("/v1/reservations", alice, "{\"reservation_id\":\"" + first + "\"," + soldOut + "}"));
        assertEquals(201, booked.statusCode(), booked.body());

        Row basicPing = new Row("authenticated, Basic: `GET /v1/ping`", "GET", "/v1/ping", alice, null, 200);
        Row bearerPing = new Row("authenticated, bearer: `GET /v1/ping`", "GET", "/v1/ping", bearer, null, 200);
        Row write = new Row("write, one row: `PUT /v1/players/{new id}`", "PUT", "/v1/players/rp-", basic(TestUsers.GAME),
                "{\"user_name\":\"Bench\"}", 201);
        List<Row> rows = List.of(
                new Row("static page `/hotels/index.html`", "GET", "/hotels/index.html", null, null, 200),
                new Row("servlet `/health/live`", "GET", "/health/live", null, null, 200),
                new Row("JAX-RS, no database: `GET /v1/ping`", "GET", "/v1/ping", null, null, 200),
                new Row("public, from PostgreSQL: `GET /v1/hotels/{id}`", "GET", "/v1/hotels/" + hotel, null, null, 200),
                new Row("public cached (Infinispan): availability", "GET", availability, null, null, 200),
                basicPing.before(), basicPing, bearerPing.before(), bearerPing, write.before(), write,
                new Row("refused booking, sold out (Basic, JSON body validated): `POST /v1/reservations` → 409", "POST",
                        "/v1/reservations", alice, refusedBooking, 409));
        if (!ROWS.isBlank()) { // e.g. "1,12": the static page (the baseline) and the refused booking
            List<Row> all = rows;
            rows = java.util.Arrays.stream(ROWS.split(",")).map(String::trim).map(i -> all.get(Integer.parseInt(i) - 1)).toList();
        }
        int probe = 0;
        for (Row row : rows) { // every row answers what it should before it is measured
            probe++;
            HttpResponse<String> r = send(request(row, row.method.equals("PUT") ? row.path + "probe-" + probe : row.path));
            assertEquals(row.expected, r.statusCode(), row.name + ": " + r.body());
        }

        long pid = serverPid();
        StringBuilder table = new StringBuilder();
        StringBuilder profiles = new StringBuilder();
        double baseline = 0;
        int n = 0;
        for (Row row : rows) {
            n++;
            ServerFixes.set(!row.withoutFixes);
            Wrk.run(row, n + "w", WARMUP_SECONDS);
            Path jfr = OUT.resolve("row-" + n + ".jfr");
            jcmd(pid, "JFR.start", "name=row" + n, "settings=profile", "filename=" + jfr.toAbsolutePath());
            Figures f = Wrk.run(row, String.valueOf(n), SECONDS);
            jcmd(pid, "JFR.stop", "name=row" + n);
            if (n == 1) {
                baseline = f.perSecond();
            }
            table.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %d | %s |%n", row.name, f.perSecond(),
                    f.p50Millis, f.p99Millis, f.errors, n == 1 ? "baseline" : String.format(Locale.ROOT, "%.2f×",
                            f.perSecond() / baseline)));
            profiles.append("### ").append(n).append(". ").append(row.name).append("\n\n").append(Profile.summary(jfr)).append('\n');
        }

        ServerFixes.set(true);
        String report = "# Request-path benchmark (issue 15)\n\n"
                + String.format(Locale.ROOT, "%s; %d cores; client Java %s; %s, %d connections, %d s per row after %d s of"
                        + " warm-up of the same row; load average before the rows: see the log.%n%n",
                Instant.now().toString().substring(0, 16) + "Z", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Wrk.version(), CONNECTIONS, SECONDS, WARMUP_SECONDS)
                + "| row | req/s | p50 ms | p99 ms | errors | share of the static page |\n|---|---|---|---|---|---|\n" + table
                + "\nErrors: answers outside the row's expected class (2xx; for the refused booking, anything but a 4xx) plus socket"
                + " errors, as wrk counts them. Rows marked \"before (fixes off)\" run"
                + " the same requests with the runtime-switchable fixes of issue 15 turned off on the same server: the"
                + " verified-password cache of Basic (system property " + ServerFixes.CACHE_SWITCH + "=off) and the named JSON-P"
                + " provider (system property jakarta.json.provider removed).\n"
                + "\n## Where each row's time goes (server JFR, `settings=profile`, during the measured seconds)\n\n"
                + "Each sample counts for the top-most frame of a layer (Reckon, Elytron, RESTEasy, Hibernate, Weld, EJB, ...):"
                + " a `HashMap` lookup made by Hibernate is Hibernate's. All the server's threads are sampled, so background"
                + " work (Artemis, the search client, timers) shows too.\n\n"
                + profiles;
        System.out.println("\n" + report);
        Files.writeString(Path.of("target", "benchmark-request-path.md"), report, StandardCharsets.UTF_8);
        assertTrue(table.length() > 0);
    }

    // ---------------------------------------------------------------- wrk

    /** wrk (Debian package), with a Lua script that sets the request and prints exact percentiles at the end. */
    private static final class Wrk {

        static String version() throws Exception {
            Matcher m = Pattern.compile("wrk\\s+(\\S+)").matcher(exec(List.of("wrk", "--version")));
            return "wrk " + (m.find() ? m.group(1) : "?");
        }

        static Figures run(Row row, String tag, int seconds) throws Exception {
            StringBuilder lua = new StringBuilder();
            lua.append("wrk.method = \"").append(row.method).append("\"\n");
            lua.append("wrk.headers[\"Content-Type\"] = \"application/json\"\n");
            if (row.authorization != null) {
                lua.append("wrk.headers[\"Authorization\"] = \"").append(row.authorization).append("\"\n");
            }
            if (row.body != null) {
                lua.append("wrk.body = '").append(row.body).append("'\n");
            }
            lua.append("local counter = 0\n")
                    .append("function setup(thread) counter = counter + 1; thread:set(\"id\", counter) end\n")
                    .append("local n = 0\n")
                    .append("function init(args) prefix = \"").append(tag).append("-\" .. id .. \"-\" .. os.time() .. \"-\" end\n");
            if ("PUT".equals(row.method)) { // a fresh player per request: one row inserted each time
                lua.append("function request() n = n + 1; return wrk.format(nil, \"").append(row.path)
                        .append("\" .. prefix .. n) end\n");
            } else {
                lua.append("function request() return wrk.format(nil, \"").append(row.path).append("\") end\n");
            }
            lua.append("function done(summary, latency, requests)\n")
                    .append("  io.write(string.format(\"RP p50_us %d p99_us %d\\n\", latency:percentile(50), latency:percentile(99)))\n")
                    .append("end\n");
            Path script = Files.writeString(OUT.resolve("row-" + tag + ".lua"), lua);
            String out = exec(List.of("wrk", "-t", "2", "-c", String.valueOf(CONNECTIONS), "-d", seconds + "s", "--timeout", "10s",
                    "-s", script.toString(), Http.baseUrl()));
            System.out.println(row.name + " (" + tag + "):\n" + out);
            Matcher total = Pattern.compile("(\\d+) requests in ([0-9.]+)(m?s)").matcher(out);
            Matcher p = Pattern.compile("RP p50_us (\\d+) p99_us (\\d+)").matcher(out);
            if (!total.find() || !p.find()) {
                throw new IllegalStateException("cannot read wrk's output:\n" + out);
            }
            double elapsed = Double.parseDouble(total.group(2)) * ("ms".equals(total.group(3)) ? 0.001 : 1);
            long requests = Long.parseLong(total.group(1));
            long non2xx = sum(out, "Non-2xx or 3xx responses: (\\d+)");
            // wrk counts answers outside 2xx only: for a row that expects a 4xx, the 2xx answers are the errors
            long errors = (row.expected < 300 ? non2xx : requests - non2xx) + sum(out, "connect (\\d+)") + sum(out, "read (\\d+)")
                    + sum(out, "write (\\d+)") + sum(out, "timeout (\\d+)");
            return new Figures(requests, elapsed, Long.parseLong(p.group(1)) / 1000.0, Long.parseLong(p.group(2)) / 1000.0, errors);
        }

        private static long sum(String out, String regex) {
            Matcher m = Pattern.compile(regex).matcher(out);
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        }
    }

    // ---------------------------------------------------------------- the server's profile

    /**
     * Where one JFR file's execution samples are, from {@code jfr print --events jdk.ExecutionSample}.
     * Each sample goes to the top-most frame that belongs to a layer of the stack ({@link #LAYERS}):
     * a sample in {@code java.util.HashMap} called by Hibernate counts for Hibernate. The report gives
     * the share of each layer and the hottest such frames.
     */
    static final class Profile {

        /** Package prefix to layer; the first match wins, so the validator comes before Hibernate. */
        private static final String[][] LAYERS = {
            {"org.reckon.", "Reckon"},
            {"org.wildfly.security.password.", "Elytron password check"},
            {"org.wildfly.security.", "Elytron"}, {"org.wildfly.elytron.", "Elytron"},
            {"org.jboss.resteasy.", "RESTEasy"},
            {"org.hibernate.validator.", "Bean Validation"},
            {"org.hibernate.", "Hibernate"},
            {"org.jboss.weld.", "Weld (CDI)"},
            {"org.jboss.as.ejb3.", "EJB"}, {"org.jboss.invocation.", "EJB"}, {"org.jboss.as.ee.", "EJB"},
            {"com.arjuna.", "Narayana"}, {"org.jboss.narayana.", "Narayana"}, {"org.jboss.tm.", "Narayana"},
            {"org.postgresql.", "JDBC + pool"}, {"org.jboss.jca.", "JDBC + pool"},
            {"org.infinispan.", "Infinispan"},
            {"org.apache.activemq.", "Artemis"},
            {"org.eclipse.yasson.", "JSON"}, {"org.eclipse.parsson.", "JSON"},
            {"io.undertow.", "Undertow"}, {"org.xnio.", "Undertow"}, {"org.wildfly.extension.undertow.", "Undertow"},
            {"org.jboss.threads.", "threads"}, {"org.jboss.modules.", "JBoss Modules"}, {"org.jboss.logging.", "logging"},
        };

        static String summary(Path jfr) throws Exception {
            String text = exec(List.of("jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "200", jfr.toString()));
            Map<String, Integer> layers = new HashMap<>();
            Map<String, Integer> frames = new HashMap<>();
            int samples = 0;
            List<String> stack = null;
            for (String line : text.split("\n")) {
                String t = line.trim();
                if (t.startsWith("stackTrace = [")) {
                    stack = new ArrayList<>();
                } else if (stack != null && t.startsWith("]")) {
                    if (!stack.isEmpty()) {
                        samples++;
                        String layer = "JDK only";
                        String frame = stack.get(0);
                        for (String f : stack) {
                            String l = layer(f);
                            if (l != null) {
                                layer = l;
                                frame = f;
                                break;
                            }
                        }
                        layers.merge(layer, 1, Integer::sum);
                        frames.merge(frame, 1, Integer::sum);
                    }
                    stack = null;
                } else if (stack != null && !t.isEmpty() && !t.equals("...")) {
                    stack.add(t.replaceAll("\\s+line:.*$", "").replaceAll("\\(.*\\)$", ""));
                }
            }
            if (samples == 0) {
                return "(no execution samples)\n";
            }
            return String.format(Locale.ROOT, "%d samples. By layer: %s%n%nHottest frames: %s%n", samples,
                    top(layers, samples, 20, false), top(frames, samples, TOP, true));
        }

        static String layer(String frame) {
            for (String[] l : LAYERS) {
                if (frame.startsWith(l[0])) {
                    return l[1];
                }
            }
            return null;
        }

        private static String top(Map<String, Integer> counts, int samples, int n, boolean code) {
            return String.join("; ", counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                    .map(e -> String.format(Locale.ROOT, code ? "`%s` %.0f%%" : "%s %.0f%%", e.getKey(),
                            100.0 * e.getValue() / samples)).toList());
        }

        /** Prints the summaries of JFR files already recorded: {@code java ... RequestPathBenchmark$Profile row-1.jfr ...}. */
        public static void main(String[] files) throws Exception {
            for (String f : files) {
                System.out.println("### " + Path.of(f).getFileName() + "\n\n" + summary(Path.of(f)));
            }
        }
    }

    /** The server is the process listening on the test HTTP port (another engineer's server listens on another). */
    private static long serverPid() throws Exception {
        int port = URI.create(Http.baseUrl()).getPort();
        String out = exec(List.of("ss", "-ltnpH", "sport = :" + port));
        Matcher m = Pattern.compile("pid=(\\d+)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no process listens on port " + port + ":\n" + out);
        }
        return Long.parseLong(m.group(1));
    }

    private static void jcmd(long pid, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("jcmd", String.valueOf(pid)));
        command.addAll(List.of(args));
        String out = exec(command);
        if (!out.contains("Started recording") && !out.contains("Stopped recording") && !out.contains("Recording")) {
            throw new IllegalStateException(String.join(" ", command) + ":\n" + out);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static HttpRequest request(Row row, String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(Http.baseUrl() + path)).timeout(Duration.ofSeconds(60));
        if (row.authorization != null) {
            b.header("Authorization", row.authorization);
        }
        if (row.body != null) {
            b.header("Content-Type", "application/json").method(row.method, HttpRequest.BodyPublishers.ofString(row.body));
        } else {
            b.method(row.method, HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    private static HttpRequest post(String path, String authorization, String json) {
        return HttpRequest.newBuilder(URI.create(Http.baseUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static String created(HttpRequest request, String idField) throws Exception {
        HttpResponse<String> r = send(request);
        assertEquals(201, r.statusCode(), r.body());
        return Json.object(r.body()).getString(idField);
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String stay(String hotelId, String roomTypeId, LocalDate start, LocalDate end, int rooms) {
        return "\"hotel_id\":\"" + hotelId + "\",\"room_type_id\":\"" + roomTypeId + "\",\"start_date\":\"" + start
                + "\",\"end_date\":\"" + end + "\",\"number_of_rooms\":" + rooms;
    }

    private static String guest(String stay) {
        return "{" + stay + ",\"guest_name\":\"Bench Guest\",\"guest_email\":\"bench@example.com\"}";
    }

    private static String basic(TestUsers user) {
        return "Basic " + Base64.getEncoder().encodeToString((user.user + ":" + user.password).getBytes(StandardCharsets.UTF_8));
    }

    private static String exec(List<String> command) throws IOException, InterruptedException {
        return exec(command, 600);
    }

    /** Runs a command to its end (at most {@code seconds}), its output and errors as one text; also {@link ServerFixes}'. */
    static String exec(List<String> command, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        return out;
    }
}
