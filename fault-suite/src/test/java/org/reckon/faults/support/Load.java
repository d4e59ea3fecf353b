package org.reckon.faults.support;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.reckon.faults.support.Api.Response;
import org.reckon.faults.support.Api.User;

/**
 * Steady load while faults are injected: pay-ins (POST /v1/payments, then the buyer pays on the
 * PSP's page) and bookings (quote, reserve, pay). Clients behave as a careful client should: a
 * request that got no answer, a 5xx or a 409 "in progress" is sent again, identically (same
 * Idempotency-Key, same reservation_id), until it gets a definite answer. What they were told is
 * recorded, so the invariants can prove that nothing acknowledged was lost.
 */
public final class Load {

    static final String[] CARDS = {"4242424242424242", "4242424242424242", "4242424242424242", "4242424242424242",
            "4242424242424242", "4242424242424242", "4000000000000002", "4000000000003220"};

    public final Set<String> acknowledgedPayIns = ConcurrentHashMap.newKeySet();
    public final Set<String> acknowledgedReservations = ConcurrentHashMap.newKeySet();
    public final AtomicLong payInsStarted = new AtomicLong();
    public final AtomicLong bookingsStarted = new AtomicLong();
    public final AtomicLong paidAtPsp = new AtomicLong();
    public final AtomicLong refusedBookings = new AtomicLong();
    public final AtomicLong retries = new AtomicLong();
    public final AtomicLong unexpected = new AtomicLong();
    public final List<String> unexpectedSamples = new java.util.concurrent.CopyOnWriteArrayList<>();
    /**
     * Each repeated request's failed attempt: no answer or a 5xx ({@link #failedAt}), or a 409 "in
     * progress" ({@link #inProgressAt}); ClusterNodeKillFaultIT compares them with a node's death.
     */
    public final java.util.Queue<Failure> failedAt = new java.util.concurrent.ConcurrentLinkedQueue<>();
    public final java.util.Queue<Failure> inProgressAt = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /**
     * A failed attempt: when (epoch ms), the request, and what came back ("no answer", or the status
     * and the start of the body), so a report can say who failed it: the balancer or a node.
     */
    public record Failure(long at, String request, String outcome) {

        public static Failure of(String method, String url, Optional<Response> r) {
            String path = url.replaceFirst("^https?://[^/]+", "").replaceFirst("\\?.*", "");
            String outcome = r.map(x -> x.status() + " " + x.body().strip().replaceAll("\\s+", " "))
                    .map(x -> x.length() > 120 ? x.substring(0, 120) : x).orElse("no answer");
            return new Failure(System.currentTimeMillis(), method + " " + path, outcome);
        }
    }

    private final Platform platform;
    private final Fixture fixture;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private volatile long giveUpAt = Long.MAX_VALUE;

    public Load(Platform platform, Fixture fixture) {
        this.platform = platform;
        this.fixture = fixture;
    }

    private static final Set<Load> STARTED = ConcurrentHashMap.newKeySet();

    /**
     * Stops the load a failed scenario left running (its assertion ended it before load.stop), so
     * the next scenario's invariants are not checked against writes still in flight.
     */
    public static void stopAll() {
        for (Load load : STARTED) {
            load.stop(0);
        }
    }

    public Load start(int payInClients, int bookingClients) {
        STARTED.add(this);
        running = true;
        for (int i = 0; i < payInClients; i++) {
            threads.add(daemon("payin-" + i, () -> loop(this::payIn)));
        }
        for (int i = 0; i < bookingClients; i++) {
            threads.add(daemon("booking-" + i, () -> loop(this::booking)));
        }
        return this;
    }

    /** No new operations; the ones under way finish (retrying) for at most {@code graceSeconds}. */
    public Load stop(int graceSeconds) {
        running = false;
        giveUpAt = System.nanoTime() + graceSeconds * 1_000_000_000L;
        for (Thread t : threads) {
            try {
                t.join(graceSeconds * 1000L + 30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        STARTED.remove(this);
        return this;
    }

    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "%d pay-ins started, %d acknowledged; %d bookings started, %d acknowledged, %d refused (full); "
                        + "%d paid at the PSP; %d requests repeated after no answer / 5xx / 409 in progress; "
                        + "%d unexpected answers; samples %s",
                payInsStarted.get(), acknowledgedPayIns.size(), bookingsStarted.get(), acknowledgedReservations.size(),
                refusedBookings.get(), paidAtPsp.get(), retries.get(), unexpected.get(), unexpectedSamples);
    }

    private void loop(Runnable operation) {
        while (running) {
            try {
                operation.run();
            } catch (RuntimeException e) {
                note("client error: " + e);
                Platform.sleep(200);
            }
        }
    }

    private void payIn() {
        String id = UUID.randomUUID().toString().substring(0, 13);
        payInsStarted.incrementAndGet();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String orderId = "fpo-" + id;
        String body = "{\"checkout_id\":\"fco-" + id + "\",\"buyer_info\":{\"name\":\"Fault Load\"},\"payment_orders\":[{"
                + "\"payment_order_id\":\"" + orderId + "\",\"seller_account\":\"fault-seller-" + random.nextInt(4) + "\","
                + "\"amount\":\"" + random.nextInt(1, 500) + "." + String.format("%02d", random.nextInt(100)) + "\","
                + "\"currency\":\"" + (random.nextBoolean() ? "EUR" : "USD") + "\"}]}";
        Optional<Response> created = definite(platform.reckonUrl("/v1/payments"), User.ALICE, "POST", body, "fk-" + id);
        if (created.isEmpty()) {
            return;
        }
        if (created.get().status() != 201 && created.get().status() != 200) {
            unexpected("POST /v1/payments", created.get());
            return;
        }
        acknowledgedPayIns.add(orderId);
        payAtPsp(orderId);
    }

    private void booking() {
        bookingsStarted.incrementAndGet();
        Fixture.Stay stay = fixture.randomStay();
        Optional<Response> quote = definite(platform.reckonUrl("/v1/reservation-orders"), User.BOB, "POST",
                "{" + stay.json() + ",\"guest_name\":\"Bob Load\",\"guest_email\":\"bob@example.com\"}", null);
        if (quote.isEmpty()) {
            return;
        }
        if (quote.get().status() == 409) {
            refusedBookings.incrementAndGet();
            return;
        }
        if (quote.get().status() != 201) {
            unexpected("POST /v1/reservation-orders", quote.get());
            return;
        }
        String reservationId = quote.get().json().getString("reservation_id");
        Optional<Response> booked = definite(platform.reckonUrl("/v1/reservations"), User.BOB, "POST",
                "{\"reservation_id\":\"" + reservationId + "\"," + stay.json() + "}", null);
        if (booked.isEmpty()) {
            return;
        }
        if (booked.get().status() == 409) {
            refusedBookings.incrementAndGet();
            return;
        }
        if (booked.get().status() != 201 && booked.get().status() != 200) {
            unexpected("POST /v1/reservations", booked.get());
            return;
        }
        acknowledgedReservations.add(reservationId);
        String orderId = booked.get().json().getJsonObject("payment").getString("payment_order_id");
        payAtPsp(orderId, User.BOB);
    }

    private void payAtPsp(String orderId) {
        payAtPsp(orderId, User.ALICE);
    }

    /** The buyer on the PSP's hosted page: waits for the registration (psp_token), then pays with a test card. */
    private void payAtPsp(String orderId, User buyer) {
        String token;
        try {
            token = Awaitility.await("the PSP page of " + orderId).atMost(Duration.ofSeconds(30)).pollInSameThread()
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250)).until(() -> {
                        if (!running && System.nanoTime() >= giveUpAt) {
                            return ""; // the buyer gives up
                        }
                        Optional<Response> order = Api.call(platform.reckonUrl("/v1/payments/" + orderId), buyer, "GET", null, null);
                        return order.isPresent() && order.get().status() == 200 && order.get().json().containsKey("psp_token")
                                ? order.get().json().getString("psp_token") : null;
                    }, java.util.Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            token = null;
        }
        if ("".equals(token)) {
            token = null;
        }
        if (token == null) {
            return; // the buyer gave up before the page existed: the order stays awaiting payment at the PSP
        }
        String card = CARDS[ThreadLocalRandom.current().nextInt(CARDS.length)];
        Optional<Response> paid = Api.call(platform.pspUrl("/api/v1/payments/" + token + "/confirm"), null, "POST",
                "{\"card_number\":\"" + card + "\",\"holder\":\"Fault Load\",\"expiry\":\"12/30\",\"cvv\":\"123\"}", null);
        if (paid.isPresent() && paid.get().status() == 200) {
            paidAtPsp.incrementAndGet();
        }
    }

    /** Sends the same request until it gets a definite answer (2xx, or a 4xx other than "in progress"). */
    private Optional<Response> definite(String url, User user, String method, String json, String idempotencyKey) {
        while (true) {
            Optional<Response> r = Api.call(url, user, method, json, idempotencyKey);
            if (r.isPresent() && r.get().status() < 500 && !inProgress(r.get())) {
                return r;
            }
            if (!running && System.nanoTime() > giveUpAt) {
                return Optional.empty();
            }
            retries.incrementAndGet();
            (r.isPresent() && r.get().status() < 500 ? inProgressAt : failedAt).add(Failure.of(method, url, r));
            Platform.sleep(300);
        }
    }

    /**
     * 409 on the Idempotency-Key: the first attempt's claim is still held (it died with the server,
     * say); or 409 "still being committed": an earlier attempt's booking is between the commits of
     * its branches. Either way, send again later.
     */
    private static boolean inProgress(Response r) {
        return r.status() == 409 && (r.body().contains("\"field\":\"Idempotency-Key\"")
                || r.body().contains("is still being committed"));
    }

    private void unexpected(String what, Response r) {
        unexpected.incrementAndGet();
        note(what + " -> " + r.status() + " " + r.body());
    }

    private void note(String sample) {
        if (unexpectedSamples.size() < 10) {
            unexpectedSamples.add(sample.length() > 300 ? sample.substring(0, 300) : sample);
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
