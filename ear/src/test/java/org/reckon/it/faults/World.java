package org.reckon.it.faults;

import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.reckon.it.support.Http;
import org.reckon.it.support.Json;

/**
 * What the matrix acts on, arranged through the API as real users would: a hotel with a room
 * type to book, a scratch hotel for catalog changes, and for alice and bob each a paid payment and
 * reservations (pending, and for alice paid too), plus an unbooked quote of alice's. Every guest
 * and buyer detail carries this run's markers, so a response that shows one customer's data to
 * another (or to nobody in particular) is found by text.
 */
final class World {

    static final String PAYS = "4242424242424242";

    /** A payment made through the API and paid at the PSP sandbox. */
    record Payment(String checkoutId, String orderId, String key, String body, String seller) {
    }

    final String run = UUID.randomUUID().toString().substring(0, 8);
    final LocalDate start = LocalDate.now(ZoneOffset.UTC).plusDays(60);
    private final AtomicInteger sequence = new AtomicInteger();
    /** Per customer: text that only that customer (and staff) may ever see. */
    final Map<Caller, List<String>> secrets = new EnumMap<>(Caller.class);

    String hotel;
    String roomType;
    String scratchHotel;
    String scratchType;
    String scratchRoom;
    Payment alicePayment;
    Payment bobPayment;
    String alicePending;
    String alicePaid;
    String bobPending;
    String aliceQuote;
    long executionId;

    static World arrange() {
        World w = new World();
        w.secrets.put(Caller.ALICE, new ArrayList<>(List.of(w.guestName(Caller.ALICE), w.guestEmail(Caller.ALICE))));
        w.secrets.put(Caller.BOB, new ArrayList<>(List.of(w.guestName(Caller.BOB), w.guestEmail(Caller.BOB))));
        w.hotel = w.newHotel();
        w.roomType = w.newRoomType(w.hotel, 60);
        w.scratchHotel = w.newHotel();
        w.scratchType = w.newRoomType(w.scratchHotel, 3);
        w.scratchRoom = Json.object(Call.get("/v1/hotels/" + w.scratchHotel + "/rooms").send(Caller.STAFF)
                .body()).getJsonArray("items").getJsonObject(0).getString("room_id");
        w.alicePayment = w.paidPayment(Caller.ALICE);
        w.bobPayment = w.paidPayment(Caller.BOB);
        w.alicePending = w.pendingReservation(Caller.ALICE);
        w.alicePaid = w.paidReservation(Caller.ALICE);
        w.bobPending = w.pendingReservation(Caller.BOB);
        w.aliceQuote = w.quote(Caller.ALICE, null);
        w.executionId = Call.post("/v1/admin/batch/extend-inventory", null).expect(Caller.STAFF, 202)
                .getJsonNumber("execution_id").longValue();
        Call.put("/v1/search/" + w.searchIndex() + "/documents/seed", "{\"fields\":{\"name\":\"seed\"},\"visible_on_return\":true}")
                .expect(Caller.ADMIN, 200);
        return w;
    }

    /** Only a hotel with a room type to book: for tests that make their own payments and reservations. */
    static World bookable() {
        World w = new World();
        w.secrets.put(Caller.ALICE, new ArrayList<>());
        w.secrets.put(Caller.BOB, new ArrayList<>());
        w.hotel = w.newHotel();
        w.roomType = w.newRoomType(w.hotel, 5);
        return w;
    }

    /** Ids that exist nowhere, for requests that must be refused before anything is looked up. */
    static World placeholders() {
        World w = new World();
        w.secrets.put(Caller.ALICE, new ArrayList<>());
        w.secrets.put(Caller.BOB, new ArrayList<>());
        w.hotel = w.scratchHotel = w.roomType = w.scratchType = w.scratchRoom = w.unique("none");
        w.alicePending = w.alicePaid = w.bobPending = w.aliceQuote = w.unique("none");
        w.alicePayment = w.bobPayment = new Payment(w.unique("co"), w.unique("po"), w.unique("key"),
                w.paymentJson(w.unique("co"), w.unique("po"), Caller.ALICE, "seller", "1.00"), "seller");
        w.executionId = 1;
        return w;
    }

    String unique(String prefix) {
        return prefix + "-" + run + "-" + sequence.incrementAndGet();
    }

    String guestName(Caller c) {
        return c.label().substring(0, 1).toUpperCase(java.util.Locale.ROOT) + c.label().substring(1) + " Secret" + run;
    }

    String guestEmail(Caller c) {
        return c.label() + "-" + run + "@example.com";
    }

    String searchIndex() {
        return "it-authz-" + run;
    }

    // ---- hotels

    String hotelJson(String name) {
        return "{\"name\":\"" + name + "\",\"city\":\"Authzville\",\"address\":\"Rua Augusta 1\",\"amenities\":[\"wifi\"],"
                + "\"currency\":\"EUR\",\"overbooking_percent\":\"0\",\"tax_percent\":\"10\",\"service_fee\":\"5.00\"}";
    }

    String newHotel() {
        return Call.post("/v1/hotels", hotelJson("IT Authz " + unique("hotel"))).expect(Caller.STAFF, 201).getString("hotel_id");
    }

    String roomTypeJson(int rooms) {
        StringBuilder numbers = new StringBuilder();
        int first = sequence.incrementAndGet() * 100; // room numbers are unique per hotel
        for (int i = 0; i < rooms; i++) {
            numbers.append(i > 0 ? "," : "").append('"').append(first + i).append('"');
        }
        return "{\"name\":\"Double " + unique("type") + "\",\"description\":\"Two guests\",\"max_occupancy\":2,"
                + "\"room_numbers\":[" + numbers + "],\"base_rate\":\"100.00\"}";
    }

    String newRoomType(String hotelId, int rooms) {
        return Call.post("/v1/hotels/" + hotelId + "/room-types", roomTypeJson(rooms)).expect(Caller.STAFF, 201)
                .getString("room_type_id");
    }

    // ---- reservations

    String stay() {
        return "\"hotel_id\":\"" + hotel + "\",\"room_type_id\":\"" + roomType + "\",\"start_date\":\"" + start
                + "\",\"end_date\":\"" + start.plusDays(1) + "\",\"number_of_rooms\":1";
    }

    /** The body of a quote; {@code guest} (an account name) books for someone else. */
    String quoteJson(Caller whoStays, String guest) {
        return "{" + stay() + ",\"guest_name\":\"" + guestName(whoStays) + "\",\"guest_email\":\"" + guestEmail(whoStays)
                + "\"" + (guest == null ? "" : ",\"guest\":\"" + guest + "\"") + "}";
    }

    String bookJson(String reservationId) {
        return "{\"reservation_id\":\"" + reservationId + "\"," + stay() + "}";
    }

    /** A quote for {@code owner}, made by {@code owner} itself (or, with a guest account, by staff for it). */
    String quote(Caller owner, String guest) {
        Caller asker = guest == null ? owner : Caller.STAFF;
        return Call.post("/v1/reservation-orders", quoteJson(owner, guest)).expect(asker, 201).getString("reservation_id");
    }

    String pendingReservation(Caller owner) {
        String id = quote(owner, null);
        Call.post("/v1/reservations", bookJson(id)).expect(owner, 201);
        JsonObject r = await(owner, "/v1/reservations/" + id, j -> j.getJsonObject("payment").containsKey("hosted_page_url"));
        remember(owner, r.getJsonObject("payment").getString("hosted_page_url"));
        return id;
    }

    String paidReservation(Caller owner) {
        String id = pendingReservation(owner);
        payAtPsp(owner, "reservation-" + id + "-1");
        await(owner, "/v1/reservations/" + id, j -> "PAID".equals(j.getString("status")));
        return id;
    }

    // ---- payments

    String paymentJson(String checkoutId, String orderId, Caller buyer, String seller, String amount) {
        return "{\"checkout_id\":\"" + checkoutId + "\",\"buyer_info\":{\"name\":\"" + guestName(buyer) + "\",\"email\":\""
                + guestEmail(buyer) + "\"},\"payment_orders\":[{\"payment_order_id\":\"" + orderId
                + "\",\"seller_account\":\"" + seller + "\",\"amount\":\"" + amount + "\",\"currency\":\"EUR\"}]}";
    }

    Payment newPayment(Caller buyer) {
        String seller = unique("seller-" + buyer.label());
        Payment p = new Payment(unique("co"), unique("po"), unique("key"), null, seller);
        String body = paymentJson(p.checkoutId(), p.orderId(), buyer, seller, "100.00");
        Call.post("/v1/payments", body).header("Idempotency-Key", p.key()).expect(buyer, 201);
        return new Payment(p.checkoutId(), p.orderId(), p.key(), body, seller);
    }

    Payment paidPayment(Caller buyer) {
        Payment p = newPayment(buyer);
        remember(buyer, p.seller());
        payAtPsp(buyer, p.orderId());
        return p;
    }

    /** Pays an order at the PSP sandbox with a card that succeeds, then waits for SUCCESS. */
    void payAtPsp(Caller buyer, String orderId) {
        JsonObject order = await(buyer, "/v1/payments/" + orderId, j -> j.containsKey("psp_token"));
        String token = order.getString("psp_token");
        remember(buyer, token);
        HttpResponse<String> r = Http.send(Http.request("/psp-sandbox/api/v1/payments/" + token + "/confirm")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"card_number\":\"" + PAYS
                        + "\",\"holder\":\"A Holder\",\"expiry\":\"12/30\",\"cvv\":\"123\"}")));
        if (r.statusCode() != 200) {
            throw new AssertionError("PSP sandbox did not take the card: " + r.statusCode() + " " + r.body());
        }
        await(buyer, "/v1/payments/" + orderId, j -> "SUCCESS".equals(j.getString("status")));
    }

    private void remember(Caller owner, String secret) {
        secrets.get(owner).add(secret);
    }

    static JsonObject await(Caller who, String path, Predicate<JsonObject> done) {
        return Awaitility.await(path).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> Call.get(path).expect(who, 200), done::test);
    }
}
