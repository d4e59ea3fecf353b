package org.reckon.it.hotel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reckon.it.hotel.Hotels.ok;
import static org.reckon.it.hotel.Hotels.send;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.Rows;
import org.reckon.it.support.TestUsers;

/**
 * Search fed from committed changes through SearchIndexingQueue, combined with availability and
 * price; staff search of reservations; the index-lag metric; and the extend-inventory batch job.
 */
@ExtendWith(ArquillianExtension.class)
class HotelSearchIT {

    /** A word no other hotel has, so a search for it finds this test's hotel only. */
    private static String word() {
        return "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private static String createHotel(String name, String city) {
        return ok(send(TestUsers.STAFF, "POST", "/v1/hotels", "{\"name\":\"" + name + "\",\"city\":\"" + city + "\","
                + "\"address\":\"Rua das Flores 12\",\"amenities\":[\"wifi\",\"rooftop bar\"],\"currency\":\"EUR\","
                + "\"overbooking_percent\":\"10\",\"tax_percent\":\"10\",\"service_fee\":\"5.00\","
                + "\"occupancy_multipliers\":[]}"), 201).getString("hotel_id");
    }

    private static String createRoomType(String hotelId) {
        return ok(send(TestUsers.STAFF, "POST", "/v1/hotels/" + hotelId + "/room-types", "{\"name\":\"Double\","
                + "\"description\":\"Two guests\",\"max_occupancy\":2,\"room_numbers\":[\"101\",\"102\"],"
                + "\"base_rate\":\"120.00\"}"), 201).getString("room_type_id");
    }

    private static JsonObject await(TestUsers user, String path, Predicate<JsonObject> done, int seconds) {
        return Awaitility.await(path).atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    HttpResponse<String> r = send(user, "GET", path, null);
                    return r.statusCode() == 503 ? null : ok(r, 200); // 503: an index still starting
                }, body -> body != null && done.test(body));
    }

    private static void expectProblem(int status, String field, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), r.body());
        assertTrue(r.body().contains("\"" + field + "\""), "names " + field + ": " + r.body());
    }

    @Test
    void aHotelBecomesSearchableWithItsPriceForAStayAndDisappearsWhenDeleted() {
        String word = word();
        String hotel = createHotel("Casa " + word, "Porto");
        createRoomType(hotel);

        JsonObject found = await(null, "/v1/hotels/search?q=" + word,
                b -> b.getInt("total") == 1 && b.getJsonArray("items").getJsonObject(0).getString("hotel_id").equals(hotel)
                        && b.getJsonArray("items").getJsonObject(0).toString().contains("rooftop bar"), 30);
        JsonObject item = found.getJsonArray("items").getJsonObject(0);
        assertEquals("Casa " + word, item.getString("name"));
        assertEquals("Porto", item.getString("city"));
        assertEquals("EUR", item.getString("currency"));
        assertTrue(!item.containsKey("lowest_price_per_night"), "no stay asked, no price: " + item);
        assertEquals(1, ok(send(null, "GET", "/v1/hotels/search?q=" + word + "%20rooftop&city=porto", null), 200)
                .getInt("total"), "words across fields, city filtered case-insensitively");
        assertEquals(0, ok(send(null, "GET", "/v1/hotels/search?q=" + word + "&city=Lisbon", null), 200).getInt("total"));

        LocalDate start = Hotels.today().plusDays(30);
        String stay = "&start_date=" + start + "&end_date=" + start.plusDays(2);
        JsonObject priced = ok(send(null, "GET", "/v1/hotels/search?q=" + word + stay + "&rooms=2", null), 200);
        assertEquals(1, priced.getInt("total"), priced.toString());
        assertEquals("120.00", priced.getJsonArray("items").getJsonObject(0).getString("lowest_price_per_night"));
        assertEquals(1, priced.getJsonArray("items").getJsonObject(0).getInt("room_types_available"));
        assertEquals(0, ok(send(null, "GET", "/v1/hotels/search?q=" + word + stay + "&rooms=3", null), 200)
                .getInt("total"), "two rooms (10 % overbooking of 2 is 0 more) cannot take three");

        expectProblem(400, "start_date", send(null, "GET", "/v1/hotels/search?q=x&start_date=2026-13-01&end_date="
                + start, null));
        expectProblem(400, "end_date", send(null, "GET", "/v1/hotels/search?q=x&start_date=" + start + "&end_date="
                + start, null));
        expectProblem(400, "rooms", send(null, "GET", "/v1/hotels/search?q=x" + stay + "&rooms=0", null));

        JsonObject lag = ok(send(TestUsers.STAFF, "GET", "/v1/admin/search/lag", null), 200);
        JsonObject hotels = lag.getJsonObject("hotels");
        assertTrue(hotels != null && hotels.containsKey("count") && hotels.containsKey("last_millis")
                && hotels.containsKey("max_millis") && hotels.containsKey("p99_millis"), lag.toString());
        assertTrue(hotels.getJsonNumber("count").longValue() >= 2, lag.toString());
        assertTrue(hotels.getJsonNumber("max_millis").longValue() >= hotels.getJsonNumber("p99_millis").longValue(),
                lag.toString());
        assertEquals(403, send(TestUsers.ALICE, "GET", "/v1/admin/search/lag", null).statusCode());
        int managementPort = 9990 + Integer.getInteger("jboss.socket.binding.port-offset", 0);
        String metrics = Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/prometheus")).GET()).body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("reckon_search_index_lag_seconds_count{")
                        && l.contains("index=\"hotels\""))
                && metrics.lines().anyMatch(l -> l.startsWith("reckon_search_index_lag_p99_seconds{")
                        && l.contains("index=\"hotels\"")), "the lag is exported: "
                + metrics.lines().filter(l -> l.contains("index_lag")).limit(10).toList());

        ok(send(TestUsers.STAFF, "DELETE", "/v1/hotels/" + hotel, null), 204);
        await(null, "/v1/hotels/search?q=" + word, b -> b.getInt("total") == 0, 30);
    }

    @Test
    void staffFindAReservationByItsIdAndByTheGuestsName() {
        String hotel = createHotel("Quinta " + word(), "Braga");
        String type = createRoomType(hotel);
        LocalDate start = Hotels.today().plusDays(12);
        String stay = Hotels.stay(hotel, type, start, start.plusDays(1), 1);
        String surname = "Liddell" + word();
        String id = ok(send(TestUsers.ALICE, "POST", "/v1/reservation-orders", "{" + stay + ",\"guest_name\":\"Alice "
                + surname + "\",\"guest_email\":\"alice@example.com\"}"), 201).getString("reservation_id");
        ok(Hotels.book(TestUsers.ALICE, id, stay), 201);

        JsonObject byId = await(TestUsers.STAFF, "/v1/admin/reservations/search?q=" + id, b -> b.getInt("total") == 1, 30);
        JsonObject doc = byId.getJsonArray("items").getJsonObject(0);
        assertEquals(id, doc.getString("reservation_id"));
        assertEquals("Alice " + surname, doc.getString("guest_name"));
        assertEquals(hotel, doc.getString("hotel_id"));
        assertEquals("PENDING", doc.getString("status"));
        assertEquals(start.toString(), doc.getString("start_date"));

        JsonObject byName = ok(send(TestUsers.STAFF, "GET", "/v1/admin/reservations/search?q=" + surname, null), 200);
        assertEquals(1, byName.getInt("total"), byName.toString());
        assertEquals(403, send(TestUsers.ALICE, "GET", "/v1/admin/reservations/search?q=" + id, null).statusCode());
    }

    @Test
    void theBatchJobGivesBackTheTrailingNightsOfARoomType() {
        String hotel = createHotel("Albergue " + word(), "Faro");
        String type = createRoomType(hotel);
        long nights = Rows.count(Rows.HOTEL_DS, "SELECT COUNT(*) FROM room_type_inventory WHERE room_type_id = ?", type);
        long last = Rows.count(Rows.HOTEL_DS, "SELECT COUNT(*) FROM room_type_inventory WHERE room_type_id = ?"
                + " AND stay_date = (SELECT MAX(stay_date) FROM room_type_inventory WHERE room_type_id = ?)", type, type);
        assertEquals(1, last);
        LocalDate lastNight = Hotels.today().plusDays(nights - 1);
        LocalDate cut = lastNight.minusDays(4);
        assertEquals(5, Rows.update(Rows.HOTEL_DS, "DELETE FROM room_type_inventory WHERE room_type_id = ?"
                + " AND stay_date >= ?", type, cut));
        assertEquals(5, Rows.update(Rows.HOTEL_DS, "DELETE FROM room_type_rate WHERE room_type_id = ?"
                + " AND stay_date >= ?", type, cut));

        HttpResponse<String> started = send(TestUsers.STAFF, "POST", "/v1/admin/batch/extend-inventory", null);
        long execution = ok(started, 202).getJsonNumber("execution_id").longValue();
        JsonObject done = await(TestUsers.STAFF, "/v1/admin/batch/extend-inventory/" + execution,
                e -> !e.getString("batch_status").matches("STARTING|STARTED"), 120);

        assertEquals("COMPLETED", done.getString("batch_status"), done.toString());
        JsonObject step = done.getJsonArray("steps").getJsonObject(0);
        assertTrue(step.getInt("write_count") >= 1, step.toString());
        assertEquals(step.getInt("read_count"), step.getInt("write_count") + step.getInt("filter_count"), step.toString());
        assertTrue(step.getInt("commit_count") >= 1, step.toString());
        assertEquals(nights, Rows.count(Rows.HOTEL_DS, "SELECT COUNT(*) FROM room_type_inventory WHERE room_type_id = ?",
                type), "every night is back");
        assertEquals(5, Rows.count(Rows.HOTEL_DS, "SELECT COUNT(*) FROM room_type_inventory WHERE room_type_id = ?"
                + " AND stay_date >= ? AND stay_date <= ? AND total_inventory = 2 AND max_reserved = 2"
                + " AND total_reserved = 0", type, cut, lastNight));
        assertEquals(5, Rows.count(Rows.HOTEL_DS, "SELECT COUNT(*) FROM room_type_rate WHERE room_type_id = ?"
                + " AND stay_date >= ? AND rate = 120", type, cut), "the last night's rate carried on");

        String list = send(TestUsers.STAFF, "GET", "/v1/admin/batch/extend-inventory", null).body();
        assertTrue(list.contains("\"execution_id\":" + execution), list);
        assertEquals(403, send(TestUsers.ALICE, "POST", "/v1/admin/batch/extend-inventory", null).statusCode());
    }
}
