package org.reckon.it.hotel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.reckon.it.support.Http;
import org.reckon.it.support.Json;
import org.reckon.it.support.TestUsers;

/** Test-side client of the hotel API: hotels, room types, quotes, bookings, paying at the PSP sandbox. */
final class Hotels {

    static final String SUCCEEDS = "4242424242424242";
    static final String DECLINED = "4000000000000002";

    private Hotels() {
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    static HttpResponse<String> send(TestUsers user, String method, String path, String json) {
        HttpRequest.Builder request = Http.request(path);
        if (user != null) {
            request = Http.as(request, user.user, user.password);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return Http.send(request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)));
    }

    static JsonObject ok(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        return response.body().isEmpty() ? null : Json.object(response.body());
    }

    static String hotel(String overbookingPercent) {
        String name = "IT Hotel " + UUID.randomUUID().toString().substring(0, 8);
        return ok(send(TestUsers.STAFF, "POST", "/v1/hotels", "{\"name\":\"" + name + "\",\"city\":\"Lisbon\","
                + "\"address\":\"Rua Augusta 1\",\"amenities\":[\"wifi\",\"pool\"],\"currency\":\"EUR\","
                + "\"overbooking_percent\":\"" + overbookingPercent + "\",\"tax_percent\":\"10\",\"service_fee\":\"5.00\","
                + "\"occupancy_multipliers\":[{\"from_occupancy_percent\":90,\"multiplier\":\"1.25\"}]}"), 201)
                .getString("hotel_id");
    }

    static String roomType(String hotelId, int rooms, String baseRate) {
        StringBuilder numbers = new StringBuilder();
        for (int i = 0; i < rooms; i++) {
            numbers.append(i > 0 ? "," : "").append('"').append(100 + i).append('"');
        }
        return ok(send(TestUsers.STAFF, "POST", "/v1/hotels/" + hotelId + "/room-types", "{\"name\":\"Double "
                + UUID.randomUUID().toString().substring(0, 4) + "\",\"description\":\"Two guests\",\"max_occupancy\":2,"
                + "\"room_numbers\":[" + numbers + "],\"base_rate\":\"" + baseRate + "\"}"), 201).getString("room_type_id");
    }

    static String stay(String hotelId, String roomTypeId, LocalDate start, LocalDate end, int rooms) {
        return "\"hotel_id\":\"" + hotelId + "\",\"room_type_id\":\"" + roomTypeId + "\",\"start_date\":\"" + start
                + "\",\"end_date\":\"" + end + "\",\"number_of_rooms\":" + rooms;
    }

    static HttpResponse<String> quote(TestUsers user, String stay) {
        return send(user, "POST", "/v1/reservation-orders", "{" + stay
                + ",\"guest_name\":\"Alice Liddell\",\"guest_email\":\"alice@example.com\"}");
    }

    static HttpResponse<String> book(TestUsers user, String reservationId, String stay) {
        return send(user, "POST", "/v1/reservations", "{\"reservation_id\":\"" + reservationId + "\"," + stay + "}");
    }

    static JsonObject await(TestUsers user, String reservationId, Predicate<JsonObject> done, long seconds) {
        return Awaitility.await("reservation " + reservationId).atMost(Duration.ofSeconds(seconds))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> ok(send(user, "GET", "/v1/reservations/" + reservationId, null), 200), done::test);
    }

    /** Pays a reservation's payment order on the PSP sandbox with a test card, once the PSP registered it. */
    static void pay(TestUsers user, JsonObject reservation, String card) {
        JsonObject withPage = await(user, reservation.getString("reservation_id"),
                r -> r.getJsonObject("payment").containsKey("hosted_page_url"), 30); // JSON-B omits nulls
        String orderId = withPage.getJsonObject("payment").getString("payment_order_id");
        String token = ok(send(user, "GET", "/v1/payments/" + orderId, null), 200).getString("psp_token");
        HttpResponse<String> r = Http.send(Http.request("/psp-sandbox/api/v1/payments/" + token + "/confirm")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"card_number\":\"" + card
                        + "\",\"holder\":\"Alice Liddell\",\"expiry\":\"12/30\",\"cvv\":\"123\"}")));
        assertEquals(200, r.statusCode(), r.body());
    }
}
