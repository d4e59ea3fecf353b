package org.reckon.it.hotel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reckon.it.hotel.Hotels.ok;
import static org.reckon.it.hotel.Hotels.stay;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.Json;
import org.reckon.it.support.Rows;
import org.reckon.it.support.TestUsers;

/**
 * The platform's Idempotency-Key mechanism used by a context other than payments: hotel's
 * reservation orders opt in (an optional key) with their keys in the hotel database, and get
 * the payments' semantics: replay, 422 for another body, per-user keys, 409 or a replay while
 * the first runs, nothing kept by a failure, and the answer stored in the effect's transaction.
 */
@ExtendWith(ArquillianExtension.class)
class IdempotencyKeyIT {

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static String newStay() {
        String hotel = Hotels.hotel("0");
        String type = Hotels.roomType(hotel, 3, "90.00");
        LocalDate start = Hotels.today().plusDays(30);
        return stay(hotel, type, start, start.plusDays(2), 1);
    }

    private static String roomType(String stay) {
        return Json.object("{" + stay + "}").getString("room_type_id");
    }

    private static HttpResponse<String> quote(TestUsers user, String key, String stay, String guestName) {
        HttpRequest.Builder request = Http.as(Http.request("/v1/reservation-orders"), user.user, user.password)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{" + stay + ",\"guest_name\":\"" + guestName
                        + "\",\"guest_email\":\"alice@example.com\"}"));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return Http.send(request);
    }

    private static long orders(String stay) {
        return Rows.count(Rows.HOTEL_DS, "SELECT COUNT(*) FROM reservation_order WHERE room_type_id = ?", roomType(stay));
    }

    private static long keys(String database, String key) {
        return Rows.count(database, "SELECT COUNT(*) FROM idempotency_record WHERE idem_key = ?", key);
    }

    @Test
    void aRepeatedQuoteReplaysTheFirstAndItsKeyLivesInTheHotelDatabase() {
        String stay = newStay();
        String key = id("key");

        HttpResponse<String> first = quote(TestUsers.ALICE, key, stay, "Alice");
        HttpResponse<String> again = quote(TestUsers.ALICE, key, stay, "Alice");

        assertEquals(201, first.statusCode(), first.body());
        assertEquals(201, again.statusCode(), again.body());
        assertEquals(first.body(), again.body());
        assertEquals(Json.object(first.body()).getString("reservation_id"), Json.object(again.body()).getString("reservation_id"));
        assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElse(""));
        assertTrue(first.headers().firstValue("Idempotent-Replayed").isEmpty());
        assertEquals(1, orders(stay), "one order quoted");
        assertEquals(1, Rows.count(Rows.HOTEL_DS, "SELECT COUNT(*) FROM idempotency_record WHERE idem_key = ?"
                + " AND state = 'COMPLETED' AND response_status = 201", key));
        assertEquals(0, keys(Rows.PAYMENT_DS, key), "not in the payment database");
    }

    @Test
    void anotherBodyIs422AnotherUserHasItsOwnKeysAndNoKeyQuotesAsBefore() {
        String stay = newStay();
        String key = id("key");
        assertEquals(201, quote(TestUsers.ALICE, key, stay, "Alice").statusCode());

        HttpResponse<String> other = quote(TestUsers.ALICE, key, stay, "Somebody Else");
        assertEquals(422, other.statusCode(), other.body());
        assertEquals("Idempotency-Key", Json.object(other.body()).getJsonArray("violations").getJsonObject(0).getString("field"));
        HttpResponse<String> bobs = quote(TestUsers.BOB, key, stay, "Alice");
        assertEquals(201, bobs.statusCode(), "keys are per user: " + bobs.body());
        assertTrue(bobs.headers().firstValue("Idempotent-Replayed").isEmpty());
        String one = ok(quote(TestUsers.ALICE, null, stay, "Alice"), 201).getString("reservation_id");
        String two = ok(quote(TestUsers.ALICE, null, stay, "Alice"), 201).getString("reservation_id");
        assertNotEquals(one, two, "without a key every quote is new");
        assertEquals(4, orders(stay));

        HttpResponse<String> tooLong = quote(TestUsers.ALICE, "k".repeat(256), stay, "Alice");
        assertEquals(400, tooLong.statusCode(), tooLong.body());
        assertEquals("Idempotency-Key", Json.object(tooLong.body()).getJsonArray("violations").getJsonObject(0).getString("field"));
    }

    @Test
    void twentyConcurrentIdenticalQuotesMakeOneOrder() throws Exception {
        String stay = newStay();
        String key = id("key");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                calls.add(pool.submit(() -> {
                    go.await();
                    return quote(TestUsers.ALICE, key, stay, "Alice");
                }));
            }
            go.countDown();
            Map<Integer, Integer> statuses = new TreeMap<>();
            String firstBody = null;
            for (Future<HttpResponse<String>> call : calls) {
                HttpResponse<String> response = call.get();
                statuses.merge(response.statusCode(), 1, Integer::sum);
                if (response.statusCode() == 201) {
                    firstBody = firstBody == null ? response.body() : firstBody;
                    assertEquals(firstBody, response.body());
                }
            }
            assertTrue(statuses.keySet().stream().allMatch(s -> s == 201 || s == 409), statuses.toString());
            assertTrue(statuses.getOrDefault(201, 0) >= 1, statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, orders(stay));
    }

    @Test
    void aFailedRequestKeepsNoKeySoTheRetryRuns() {
        String stay = newStay();
        String key = id("key");
        String unknownHotel = stay.replaceFirst("\"hotel_id\":\"[^\"]+\"", "\"hotel_id\":\"" + id("nohotel") + "\"");
        HttpResponse<String> failed = quote(TestUsers.ALICE, key, unknownHotel, "Alice");
        assertTrue(failed.statusCode() >= 400 && failed.statusCode() < 500, failed.statusCode() + " " + failed.body());
        assertEquals(0, keys(Rows.HOTEL_DS, key), "a failure keeps no key");
        // the same key for another request is not "used": nothing was answered with it
        assertEquals(201, quote(TestUsers.ALICE, key, stay, "Alice").statusCode());
    }

    /**
     * The answer is stored in the transaction of the effect: when storing it fails (a trigger
     * refuses to complete this one key), the quote it would answer is rolled back with it, the
     * claim is released, and a retry with the same key quotes once.
     */
    @Test
    void whenTheAnswerCannotBeStoredTheEffectRollsBackToo() {
        String stay = newStay();
        String key = id("atomic");
        Rows.update(Rows.HOTEL_DS, "CREATE OR REPLACE FUNCTION refuse_completion() RETURNS trigger LANGUAGE plpgsql AS $$"
                + " BEGIN IF NEW.state = 'COMPLETED' AND NEW.idem_key LIKE 'atomic-%' THEN"
                + " RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$");
        Rows.update(Rows.HOTEL_DS, "DROP TRIGGER IF EXISTS refuse_completion ON idempotency_record");
        Rows.update(Rows.HOTEL_DS, "CREATE TRIGGER refuse_completion BEFORE UPDATE ON idempotency_record"
                + " FOR EACH ROW EXECUTE FUNCTION refuse_completion()");
        HttpResponse<String> failed;
        try {
            failed = quote(TestUsers.ALICE, key, stay, "Alice");
        } finally {
            Rows.update(Rows.HOTEL_DS, "DROP TRIGGER refuse_completion ON idempotency_record");
            Rows.update(Rows.HOTEL_DS, "DROP FUNCTION refuse_completion()");
        }
        assertTrue(failed.statusCode() >= 500, failed.statusCode() + " " + failed.body());
        assertEquals(0, orders(stay), "the quote rolled back with its answer");
        assertEquals(0, keys(Rows.HOTEL_DS, key), "the claim was released");

        HttpResponse<String> retried = quote(TestUsers.ALICE, key, stay, "Alice");
        assertEquals(201, retried.statusCode(), retried.body());
        assertEquals(1, orders(stay));
    }

    /** Payments keep their semantics through the platform mechanism, and a replay carries Location too. */
    @Test
    void claimingAKeyLeavesTheHotelsCachedEntitiesInTheCache() throws Exception {
        String stay = newStay();
        String hotel = Json.object("{" + stay + "}").getString("hotel_id");
        jakarta.persistence.EntityManagerFactory unit = (jakarta.persistence.EntityManagerFactory)
                new javax.naming.InitialContext().lookup("java:/reckon/HotelEntityManagerFactory");
        Class<?> hotels = unit.getMetamodel().getEntities().stream().filter(e -> e.getName().equals("Hotel")).findFirst()
                .orElseThrow().getJavaType();
        assertEquals(200, Http.get("/v1/hotels/" + hotel).statusCode()); // read through the second-level cache
        assertTrue(unit.getCache().contains(hotels, hotel), "the hotel is cached once read");

        HttpResponse<String> quoted = quote(TestUsers.ALICE, id("cache"), stay, "Alice");

        assertEquals(201, quoted.statusCode(), quoted.body());
        // the claim is a native INSERT on PostgreSQL: named with its one table, it leaves the other regions alone
        assertTrue(unit.getCache().contains(hotels, hotel), "claiming a key emptied the hotel unit's cache");
    }

    @Test
    void aReplayedPaymentCarriesItsLocation() {
        String key = id("key");
        String json = "{\"checkout_id\":\"" + id("co") + "\",\"buyer_info\":{\"name\":\"Alice\"},\"payment_orders\":["
                + "{\"payment_order_id\":\"" + id("po") + "\",\"seller_account\":\"s\",\"amount\":\"3.00\",\"currency\":\"EUR\"}]}";
        HttpResponse<String> first = postPayment(key, json);
        HttpResponse<String> again = postPayment(key, json);
        assertEquals(201, first.statusCode(), first.body());
        assertEquals(201, again.statusCode(), again.body());
        assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElse(""));
        assertTrue(first.headers().firstValue("Location").orElse("").contains("checkout_id="), first.headers().toString());
        assertEquals(first.headers().firstValue("Location"), again.headers().firstValue("Location"));
        assertEquals(1, keys(Rows.PAYMENT_DS, key));
        assertEquals(0, keys(Rows.HOTEL_DS, key));
    }

    private static HttpResponse<String> postPayment(String key, String json) {
        return Http.send(Http.as(Http.request("/v1/payments"), TestUsers.ALICE.user, TestUsers.ALICE.password)
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }
}
