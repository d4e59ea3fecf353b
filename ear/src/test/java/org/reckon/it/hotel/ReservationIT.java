package org.reckon.it.hotel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reckon.it.hotel.Hotels.book;
import static org.reckon.it.hotel.Hotels.ok;
import static org.reckon.it.hotel.Hotels.quote;
import static org.reckon.it.hotel.Hotels.send;
import static org.reckon.it.hotel.Hotels.stay;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.hotel.HotelCatalog;
import org.reckon.hotel.ReservationDeadlines;
import org.reckon.it.support.ReckonDeployment;
import org.reckon.it.support.HiddenPaymentOrder;
import org.reckon.it.support.Jndi;
import org.reckon.it.support.Json;
import org.reckon.it.support.Rows;
import org.reckon.it.support.TestUsers;
import org.reckon.shared.ErrorCode;
import org.reckon.shared.ReckonException;

/** Issue 4's reservation tests, in the container against real PostgreSQL, the broker and the PSP sandbox. */
@ExtendWith(ArquillianExtension.class)
class ReservationIT {

    private static long reserved(String roomTypeId, LocalDate night) {
        return Rows.count(Rows.HOTEL_DS, "SELECT total_reserved FROM room_type_inventory WHERE room_type_id = ?"
                + " AND stay_date = ?", roomTypeId, night);
    }

    private static long maxReservedOverStay(String roomTypeId, LocalDate start, LocalDate end) {
        return Rows.count(Rows.HOTEL_DS, "SELECT MAX(total_reserved) FROM room_type_inventory WHERE room_type_id = ?"
                + " AND stay_date >= ? AND stay_date < ?", roomTypeId, start, end);
    }

    private static long paymentOrders(String reservationId) {
        return Rows.count(Rows.PAYMENT_DS, "SELECT COUNT(*) FROM payment_order WHERE checkout_id = ?",
                "reservation-" + reservationId);
    }

    @Test
    void ofTwoHundredConcurrentBookingsForTheLastOverbookableRoomsExactlyTenSucceed() throws Exception {
        String hotel = Hotels.hotel("10");
        String type = Hotels.roomType(hotel, 100, "100.00");
        LocalDate start = Hotels.today().plusDays(40);
        LocalDate end = start.plusDays(3);
        assertEquals(3, Rows.update(Rows.HOTEL_DS, "UPDATE room_type_inventory SET total_reserved = 100,"
                + " version = version + 1 WHERE room_type_id = ? AND stay_date >= ? AND stay_date < ?", type, start, end));
        String stay = stay(hotel, type, start, end, 1);
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            orders.add(ok(quote(TestUsers.ALICE, stay), 201).getString("reservation_id"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (String id : orders) {
            answers.add(pool.submit(() -> {
                go.await();
                return book(TestUsers.ALICE, id, stay);
            }));
        }
        go.countDown();
        int booked = 0;
        int refused = 0;
        for (Future<HttpResponse<String>> f : answers) {
            HttpResponse<String> r = f.get();
            if (r.statusCode() == 201) {
                booked++;
                assertTrue(Json.object(r.body()).getBoolean("overbooked"), r.body());
            } else {
                assertEquals(409, r.statusCode(), r.body());
                assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
                assertTrue(r.body().contains("rooms-unavailable"), r.body());
                refused++;
            }
        }
        pool.shutdown();
        assertEquals(10, booked);
        assertEquals(190, refused);
        for (LocalDate d = start; d.isBefore(end); d = d.plusDays(1)) {
            assertEquals(110, reserved(type, d), "night " + d);
        }
        assertEquals(10, Rows.count(Rows.HOTEL_DS, "SELECT COUNT(*) FROM reservation WHERE room_type_id = ?"
                + " AND overbooked = TRUE", type));
    }

    @Test
    void theSameReservationIdSubmittedTwentyTimesAtOnceBooksOnceAndPaysOnce() throws Exception {
        String hotel = Hotels.hotel("0");
        String type = Hotels.roomType(hotel, 5, "80.00");
        LocalDate start = Hotels.today().plusDays(10);
        String stay = stay(hotel, type, start, start.plusDays(2), 2);
        String id = ok(quote(TestUsers.ALICE, stay), 201).getString("reservation_id");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(pool.submit(() -> {
                go.await();
                return book(TestUsers.ALICE, id, stay);
            }));
        }
        go.countDown();
        int created = 0;
        Set<String> ids = new HashSet<>();
        for (Future<HttpResponse<String>> f : answers) {
            HttpResponse<String> r = f.get();
            assertTrue(r.statusCode() == 201 || r.statusCode() == 200, r.statusCode() + " " + r.body());
            created += r.statusCode() == 201 ? 1 : 0;
            ids.add(Json.object(r.body()).getString("reservation_id"));
        }
        pool.shutdown();
        assertEquals(1, created);
        assertEquals(Set.of(id), ids);
        assertEquals(1, Rows.count(Rows.HOTEL_DS, "SELECT COUNT(*) FROM reservation WHERE reservation_id = ?", id));
        assertEquals(1, paymentOrders(id));
        assertEquals(2, reserved(type, start));
    }

    /**
     * Issue 11, item 6: a list never waits. "My reservations" with a reservation whose payment order
     * is still being committed (hidden, as a PaymentDS branch behind its HotelDS one) answers at once,
     * showing that payment as NOT_STARTED; it waited 5 s per such row and then answered 409.
     */
    @Test
    void myReservationsNeverWaitForAPaymentStillBeingCommitted() throws Exception {
        String hotel = Hotels.hotel("0");
        String type = Hotels.roomType(hotel, 5, "60.00");
        LocalDate start = Hotels.today().plusDays(16);
        String stay = stay(hotel, type, start, start.plusDays(1), 1);
        String id = ok(quote(TestUsers.ALICE, stay), 201).getString("reservation_id");
        ok(book(TestUsers.ALICE, id, stay), 201);
        String orderId = Hotels.await(TestUsers.ALICE, id, r -> r.getJsonObject("payment").containsKey("payment_order_id"), 30)
                .getJsonObject("payment").getString("payment_order_id");
        try (HiddenPaymentOrder hidden = HiddenPaymentOrder.hide(orderId)) {
            long started = System.nanoTime();
            JsonObject mine = ok(send(TestUsers.ALICE, "GET", "/v1/reservations?size=500", null), 200);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < 2_000, "the list answered in " + millis + " ms");
            JsonObject row = mine.getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .filter(r -> id.equals(r.getString("reservation_id"))).findFirst().orElseThrow();
            assertEquals("NOT_STARTED", row.getJsonObject("payment").getString("status"));
        }
    }

    /**
     * Issue 11, item 7: a consumer checks an event against its source. A payment.succeeded for a
     * reservation's payment that the payment context does not confirm (it is still EXECUTING: the
     * buyer never paid) is refused until it reaches the dead letters, and the reservation stays
     * PENDING; only a capture of the reservation's amount makes it PAID.
     */
    @Test
    void aPaymentEventThePaymentContextDoesNotConfirmNeverMarksAReservationPaid() throws Exception {
        String hotel = Hotels.hotel("0");
        String type = Hotels.roomType(hotel, 5, "90.00");
        LocalDate start = Hotels.today().plusDays(14);
        String stay = stay(hotel, type, start, start.plusDays(1), 1);
        String id = ok(quote(TestUsers.ALICE, stay), 201).getString("reservation_id");
        JsonObject booked = ok(book(TestUsers.ALICE, id, stay), 201);
        JsonObject pending = Hotels.await(TestUsers.ALICE, id, r -> r.getJsonObject("payment").containsKey("hosted_page_url"), 30);
        String orderId = pending.getJsonObject("payment").getString("payment_order_id");
        String total = booked.getString("total");
        String forgedId = "payment.succeeded:forged-" + UUID.randomUUID();
        jakarta.jms.Topic topic = org.reckon.it.support.Jndi.lookup("java:/jms/topic/DomainEvents", jakarta.jms.Topic.class);
        try (jakarta.jms.JMSContext publisher = org.reckon.it.support.Queues.plainConnectionFactory().createContext()) {
            jakarta.jms.TextMessage event = publisher.createTextMessage(org.reckon.platform.json.ReckonJson.toJson(
                    org.reckon.payment.api.events.PaymentSucceeded.of(orderId, "forged", "hotel-" + hotel, total,
                            booked.getString("currency"), java.time.Instant.now())));
            event.setStringProperty(org.reckon.it.support.Queues.MESSAGE_ID, forgedId);
            event.setStringProperty("reckon_message_type", "payment.succeeded");
            event.setIntProperty("reckon_event_version", 1);
            publisher.createProducer().send(topic, event);
        }
        jakarta.jms.Message deadLetter = org.reckon.it.support.Queues.take("DLQ.DomainEvents", forgedId, 30_000);
        assertTrue(deadLetter != null, "the unconfirmed event went to the dead letters");
        assertEquals("PENDING", ok(send(TestUsers.ALICE, "GET", "/v1/reservations/" + id, null), 200).getString("status"));
        assertEquals(0, Rows.count(Rows.HOTEL_DS, "SELECT COUNT(*) FROM reservation WHERE reservation_id = ? AND status = 'PAID'", id));

        Hotels.pay(TestUsers.ALICE, pending, "4242424242424242");
        Hotels.await(TestUsers.ALICE, id, r -> "PAID".equals(r.getString("status")), 30);
    }

    /**
     * Regression (CI): of twenty concurrent submissions of one reservation_id, one got 404 "No
     * payment order". The booking's two-phase commit had committed its HotelDS branch, releasing
     * the order's lock, and not yet its PaymentDS branch; the next submission saw the reservation
     * and not its payment order. A reader ahead of the payment branch now waits for it, and says
     * 409 "still being committed" only if it does not come.
     */
    @Test
    void aReaderAheadOfTheBookingsPaymentBranchWaitsForItAndNeverAnswers404() throws Exception {
        String hotel = Hotels.hotel("0");
        String type = Hotels.roomType(hotel, 5, "70.00");
        LocalDate start = Hotels.today().plusDays(12);
        String stay = stay(hotel, type, start, start.plusDays(1), 1);
        String id = ok(quote(TestUsers.ALICE, stay), 201).getString("reservation_id");
        ok(book(TestUsers.ALICE, id, stay), 201);
        String orderId = Hotels.await(TestUsers.ALICE, id, r -> r.getJsonObject("payment").containsKey("hosted_page_url"), 30)
                .getJsonObject("payment").getString("payment_order_id");
        try (HiddenPaymentOrder hidden = HiddenPaymentOrder.hide(orderId)) {
            HttpResponse<String> notYet = send(TestUsers.ALICE, "GET", "/v1/reservations/" + id, null);
            expect(409, "reservation_id", notYet, "the payment branch never committed within the wait");
            assertTrue(notYet.body().contains("still being committed"), notYet.body());

            var restorer = hidden.restoreAfter(700);
            HttpResponse<String> read = send(TestUsers.ALICE, "GET", "/v1/reservations/" + id, null);
            HttpResponse<String> again = book(TestUsers.ALICE, id, stay);
            restorer.join();
            assertEquals(200, read.statusCode(), read.body());
            assertEquals(orderId, Json.object(read.body()).getJsonObject("payment").getString("payment_order_id"));
            assertEquals(200, again.statusCode(), again.body());
            assertEquals(id, Json.object(again.body()).getString("reservation_id"));
        }
        assertEquals(1, paymentOrders(id));
        assertEquals(1, reserved(type, start));
    }

    /**
     * Regression (fault suite, database restart): a quote for a hotel that exists got 404 "No
     * hotel". Hibernate's find answers null instead of failing when the JDBC call fails in a
     * transaction marked for rollback, which a failed XA enlistment right after a reconnect does.
     * Such a lookup is now a 503 the client may retry.
     */
    @Test
    void aLookupInATransactionThatCanOnlyRollBackIsA503NotA404() {
        String hotel = Hotels.hotel("0");
        HotelCatalog catalog = Jndi.lookup("java:global/reckon/reckon-ejb-hotel/HotelCatalog", HotelCatalog.class);
        assertEquals(hotel, catalog.liveHotel(hotel).hotelId());
        LookupProbe.Answers answers = Jndi.lookup("java:global/reckon/" + ReckonDeployment.TEST_MODULE_NAME + "/LookupProbe", LookupProbe.class)
                .lookUpInATransactionMarkedForRollback(hotel);
        assertTrue(answers.rawFindAnsweredNull(), "Hibernate's find answers null for a hotel that exists (HHH-12472)");
        assertEquals(ErrorCode.DATABASE_UNAVAILABLE.name(), answers.catalogAnswer(), "not NOT_FOUND: the hotel exists");
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(ReckonException.class,
                () -> catalog.liveHotel("no-such-hotel")).code(), "a hotel that does not exist is still a 404");
    }

    @Test
    void aDeclinedPaymentRejectsTheReservationAndGivesTheRoomsBack() {
        String hotel = Hotels.hotel("10");
        String type = Hotels.roomType(hotel, 3, "90.00");
        LocalDate start = Hotels.today().plusDays(20);
        String stay = stay(hotel, type, start, start.plusDays(2), 2);
        String id = ok(quote(TestUsers.ALICE, stay), 201).getString("reservation_id");
        JsonObject reservation = ok(book(TestUsers.ALICE, id, stay), 201);
        assertEquals("PENDING", reservation.getString("status"));
        JsonObject payment = reservation.getJsonObject("payment");
        assertEquals("CARD", payment.getString("method"));
        assertEquals("reservation-" + id, payment.getString("checkout_id"));
        assertEquals("reservation-" + id + "-1", payment.getString("payment_order_id"));
        assertEquals("NOT_STARTED", payment.getString("status"), "the booking's answer shows the payment it created");
        assertEquals(2, reserved(type, start));
        Hotels.pay(TestUsers.ALICE, reservation, Hotels.DECLINED);
        JsonObject rejected = Hotels.await(TestUsers.ALICE, id, r -> !"PENDING".equals(r.getString("status")), 30);
        assertEquals("REJECTED", rejected.getString("status"), rejected.toString());
        assertEquals(0, reserved(type, start));
        assertEquals(0, reserved(type, start.plusDays(1)));
        assertEquals(409, send(TestUsers.ALICE, "DELETE", "/v1/reservations/" + id, null).statusCode(),
                "an ended reservation cannot be canceled");
        assertEquals(0, reserved(type, start), "rooms were given back exactly once");
    }

    @Test
    void aPaidReservationCanceledIsRefundedItsRoomsGivenBackAndTheLedgerVerifies() {
        String hotel = Hotels.hotel("10");
        String type = Hotels.roomType(hotel, 3, "150.00");
        LocalDate start = Hotels.today().plusDays(30);
        String stay = stay(hotel, type, start, start.plusDays(3), 1);
        JsonObject order = ok(quote(TestUsers.ALICE, stay), 201);
        assertEquals("450.00", order.getString("subtotal"));
        assertEquals("45.00", order.getString("taxes"));
        assertEquals("5.00", order.getString("fees"));
        assertEquals("500.00", order.getString("total"));
        String id = order.getString("reservation_id");
        JsonObject reservation = ok(book(TestUsers.ALICE, id, stay), 201);
        Hotels.pay(TestUsers.ALICE, reservation, Hotels.SUCCEEDS);
        JsonObject paid = Hotels.await(TestUsers.ALICE, id, r -> "PAID".equals(r.getString("status")), 30);
        assertEquals("SUCCESS", paid.getJsonObject("payment").getString("status"));
        assertEquals(1, reserved(type, start));

        JsonObject canceled = ok(send(TestUsers.ALICE, "DELETE", "/v1/reservations/" + id, null), 200);
        assertEquals("REFUNDED", canceled.getString("status"));
        assertEquals("REFUNDED", canceled.getJsonObject("payment").getString("status"));
        for (LocalDate d = start; d.isBefore(start.plusDays(3)); d = d.plusDays(1)) {
            assertEquals(0, reserved(type, d));
        }
        JsonObject verify = ok(send(TestUsers.STAFF, "GET", "/v1/ledger/verify", null), 200);
        assertTrue(verify.getBoolean("ok"), verify.toString());
    }

    /**
     * Issue 11, item 6: cancelling a paid reservation refunds it without holding the reservation's
     * row, a hotel transaction or a payment one while the PSP's refund endpoint is held open (its
     * latency switch); the cancel then completes as before.
     */
    @Test
    void cancellingAPaidReservationHoldsNoRowNoTransactionWhileThePspRefunds() {
        String hotel = Hotels.hotel("10");
        String type = Hotels.roomType(hotel, 2, "80.00");
        LocalDate start = Hotels.today().plusDays(40);
        String stay = stay(hotel, type, start, start.plusDays(1), 1);
        String id = ok(quote(TestUsers.ALICE, stay), 201).getString("reservation_id");
        JsonObject reservation = ok(book(TestUsers.ALICE, id, stay), 201);
        Hotels.pay(TestUsers.ALICE, reservation, Hotels.SUCCEEDS);
        JsonObject paid = Hotels.await(TestUsers.ALICE, id, r -> "PAID".equals(r.getString("status")), 30);
        String orderId = paid.getJsonObject("payment").getString("payment_order_id");

        try {
            org.reckon.it.support.PspHold.latency(1500); // under reckon.psp.timeout (2 s in the test environment)
            java.util.concurrent.CompletableFuture<HttpResponse<String>> canceled = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> send(TestUsers.ALICE, "DELETE", "/v1/reservations/" + id, null));
            java.time.Instant held = org.reckon.it.support.PspHold.awaitRefundHeld(orderId, Duration.ofSeconds(20));
            String refused = org.reckon.it.support.PspHold.lockNowait(Rows.HOTEL_DS, "reservation", "reservation_id", id);
            List<String> hotelTx = org.reckon.it.support.PspHold.transactionsBegunBefore(Rows.HOTEL_DS, held);
            List<String> paymentTx = org.reckon.it.support.PspHold.transactionsBegunBefore(Rows.PAYMENT_DS, held);
            org.reckon.it.support.PspHold.latency(0);
            assertEquals(null, refused, "the reservation's row is locked during the PSP's refund call");
            assertTrue(hotelTx.isEmpty(), "hotel transactions open across the PSP's refund call: " + hotelTx);
            assertTrue(paymentTx.isEmpty(), "payment transactions open across the PSP's refund call: " + paymentTx);

            JsonObject done = ok(canceled.join(), 200);
            assertEquals("REFUNDED", done.getString("status"));
            assertEquals("REFUNDED", done.getJsonObject("payment").getString("status"));
        } finally {
            org.reckon.it.support.PspHold.reset();
        }
    }

    /**
     * Issue 11, item 6: a payment that succeeds after its reservation was rejected is refunded by
     * the hotel's consumer of payment.succeeded; the PSP is asked only after the consumer's
     * transaction committed (its refund intent with it), with no transaction open in either database.
     */
    @Test
    void aLatePaymentOfARejectedReservationIsRefundedWithNoTransactionOpenWhileThePspRefunds() {
        String hotel = Hotels.hotel("10");
        String type = Hotels.roomType(hotel, 2, "65.00");
        LocalDate start = Hotels.today().plusDays(26);
        String stay = stay(hotel, type, start, start.plusDays(1), 1);
        String id = ok(quote(TestUsers.ALICE, stay), 201).getString("reservation_id");
        JsonObject reservation = ok(book(TestUsers.ALICE, id, stay), 201);
        Hotels.await(TestUsers.ALICE, id, r -> r.getJsonObject("payment").containsKey("hosted_page_url"), 30);
        assertEquals(1, Rows.update(Rows.HOTEL_DS, "UPDATE reservation SET payment_deadline = ? WHERE reservation_id = ?",
                java.time.OffsetDateTime.now().minusMinutes(1), id));
        Jndi.lookup("java:global/reckon/reckon-ejb-hotel/ReservationDeadlines", ReservationDeadlines.class).sweep();
        JsonObject rejected = ok(send(TestUsers.ALICE, "GET", "/v1/reservations/" + id, null), 200);
        assertEquals("REJECTED", rejected.getString("status"), rejected.toString());
        String orderId = rejected.getJsonObject("payment").getString("payment_order_id");

        try {
            org.reckon.it.support.PspHold.latency(1500); // under reckon.psp.timeout (2 s in the test environment)
            Hotels.pay(TestUsers.ALICE, reservation, Hotels.SUCCEEDS); // too late: the consumer refunds it
            java.time.Instant held = org.reckon.it.support.PspHold.awaitRefundHeld(orderId, Duration.ofSeconds(30));
            List<String> hotelTx = org.reckon.it.support.PspHold.transactionsBegunBefore(Rows.HOTEL_DS, held);
            List<String> paymentTx = org.reckon.it.support.PspHold.transactionsBegunBefore(Rows.PAYMENT_DS, held);
            org.reckon.it.support.PspHold.latency(0);
            assertTrue(hotelTx.isEmpty(), "hotel transactions open across the PSP's refund call: " + hotelTx);
            assertTrue(paymentTx.isEmpty(), "payment transactions open across the PSP's refund call: " + paymentTx);
        } finally {
            org.reckon.it.support.PspHold.reset();
        }
        String status = Awaitility.await("the late payment was given back").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> ok(send(TestUsers.ALICE, "GET", "/v1/payments/" + orderId, null), 200).getString("status"),
                        "REFUNDED"::equals);
        assertEquals("REFUNDED", status);
        assertEquals(1, Rows.count(Rows.PAYMENT_DS, "SELECT COUNT(*) FROM payment_refund WHERE payment_order_id = ?", orderId),
                "refunded once");
        assertEquals(0, Rows.count(Rows.PAYMENT_DS, "SELECT COUNT(*) FROM payment_refund_intent WHERE payment_order_id = ?"
                + " AND status = 'REQUESTED'", orderId), "no intent left open");
        assertEquals("REJECTED", ok(send(TestUsers.ALICE, "GET", "/v1/reservations/" + id, null), 200).getString("status"));
        assertEquals(0, reserved(type, start), "rooms were given back exactly once");
    }

    @Test
    void anUnpaidReservationIsRejectedAtItsDeadlineAndAPaymentThatComesLaterIsRefunded() {
        String hotel = Hotels.hotel("10");
        String type = Hotels.roomType(hotel, 2, "75.00");
        LocalDate start = Hotels.today().plusDays(25);
        String stay = stay(hotel, type, start, start.plusDays(1), 1);
        String id = ok(quote(TestUsers.ALICE, stay), 201).getString("reservation_id");
        JsonObject reservation = ok(book(TestUsers.ALICE, id, stay), 201);
        Hotels.await(TestUsers.ALICE, id, r -> r.getJsonObject("payment").containsKey("hosted_page_url"), 30);
        assertEquals(1, Rows.update(Rows.HOTEL_DS, "UPDATE reservation SET payment_deadline = ? WHERE reservation_id = ?",
                java.time.OffsetDateTime.now().minusMinutes(1), id));

        Jndi.lookup("java:global/reckon/reckon-ejb-hotel/ReservationDeadlines", ReservationDeadlines.class).sweep();
        JsonObject rejected = ok(send(TestUsers.ALICE, "GET", "/v1/reservations/" + id, null), 200);
        assertEquals("REJECTED", rejected.getString("status"), rejected.toString());
        assertEquals(0, reserved(type, start));

        Hotels.pay(TestUsers.ALICE, reservation, Hotels.SUCCEEDS); // the guest pays anyway, too late
        String orderId = rejected.getJsonObject("payment").getString("payment_order_id");
        String status = Awaitility.await("the late payment was given back").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> ok(send(TestUsers.ALICE, "GET", "/v1/payments/" + orderId, null), 200).getString("status"),
                        "REFUNDED"::equals);
        assertEquals("REFUNDED", status, "the late payment was given back");
        assertEquals("REJECTED", ok(send(TestUsers.ALICE, "GET", "/v1/reservations/" + id, null), 200).getString("status"));
        assertEquals(0, reserved(type, start), "rooms were given back exactly once");
        assertTrue(ok(send(TestUsers.STAFF, "GET", "/v1/ledger/verify", null), 200).getBoolean("ok"));
    }

    @Test
    void aRoomTakenOutOfServiceLowersItsRoomTypesInventoryUnlessReservationsNeedIt() {
        String hotel = Hotels.hotel("0");
        String type = Hotels.roomType(hotel, 2, "55.00");
        LocalDate start = Hotels.today().plusDays(8);
        var rooms = Json.object(send(TestUsers.STAFF, "GET", "/v1/hotels/" + hotel + "/rooms", null)
                .body()).getJsonArray("items");
        String first = rooms.getJsonObject(0).getString("room_id");
        String second = rooms.getJsonObject(1).getString("room_id");
        long nights = Rows.count(Rows.HOTEL_DS, "SELECT COUNT(*) FROM room_type_inventory WHERE room_type_id = ?", type);
        String inventory = "SELECT SUM(total_inventory) FROM room_type_inventory WHERE room_type_id = ?";
        assertEquals(2 * nights, Rows.count(Rows.HOTEL_DS, inventory, type));

        ok(send(TestUsers.STAFF, "PATCH", "/v1/hotels/" + hotel + "/rooms/" + first, "{\"in_service\":false}"), 200);
        assertEquals(nights, Rows.count(Rows.HOTEL_DS, inventory, type), "one room less on every night from today");

        String stay = stay(hotel, type, start, start.plusDays(1), 1);
        ok(book(TestUsers.ALICE, ok(quote(TestUsers.ALICE, stay), 201).getString("reservation_id"), stay), 201);
        expect(409, "in_service", send(TestUsers.STAFF, "PATCH", "/v1/hotels/" + hotel + "/rooms/" + second,
                "{\"in_service\":false}"));
        assertEquals(nights, Rows.count(Rows.HOTEL_DS, inventory, type), "refused: nothing changed");
        expect(409, "number_of_rooms", quote(TestUsers.ALICE, stay), "the last room is taken");

        ok(send(TestUsers.STAFF, "PATCH", "/v1/hotels/" + hotel + "/rooms/" + first, "{\"in_service\":true}"), 200);
        assertEquals(2 * nights, Rows.count(Rows.HOTEL_DS, inventory, type));
        assertEquals(201, quote(TestUsers.ALICE, stay).statusCode(), "the room is back");
    }

    @Test
    void staffReserveForACustomerWhoThenOwnsTheReservation() {
        String hotel = Hotels.hotel("10");
        String type = Hotels.roomType(hotel, 2, "65.00");
        LocalDate start = Hotels.today().plusDays(12);
        String stay = stay(hotel, type, start, start.plusDays(2), 1);
        String forBob = "{" + stay + ",\"guest_name\":\"Bob\",\"guest_email\":\"bob@example.com\",\"guest\":\"it-bob\"}";
        expect(403, "guest", send(TestUsers.ALICE, "POST", "/v1/reservation-orders", forBob));
        String id = ok(send(TestUsers.STAFF, "POST", "/v1/reservation-orders", forBob), 201).getString("reservation_id");
        JsonObject booked = ok(book(TestUsers.STAFF, id, stay), 201);
        assertEquals("it-bob", booked.getString("guest"));
        assertTrue(send(TestUsers.BOB, "GET", "/v1/reservations", null).body().contains(id));
        assertEquals(404, send(TestUsers.ALICE, "GET", "/v1/reservations/" + id, null).statusCode());
        assertEquals("CANCELED", ok(send(TestUsers.STAFF, "DELETE", "/v1/reservations/" + id, null), 200)
                .getString("status"), "staff cancel any reservation");
    }

    private static String availabilityOfOneRoom(String hotel, LocalDate start, LocalDate end) {
        return "/v1/hotels/" + hotel + "/availability?start_date=" + start + "&end_date=" + end + "&rooms=1";
    }

    @Test
    void whenTheCacheSaysFreeWhatTheDatabaseJustSoldTheBookingIsRefusedCleanly() {
        String hotel = Hotels.hotel("0");
        String type = Hotels.roomType(hotel, 2, "70.00");
        LocalDate start = Hotels.today().plusDays(50);
        LocalDate end = start.plusDays(2);
        String stay = stay(hotel, type, start, end, 1);
        String id = ok(quote(TestUsers.ALICE, stay), 201).getString("reservation_id");
        String availability = availabilityOfOneRoom(hotel, start, end);
        assertEquals(1, ok(send(null, "GET", availability, null), 200).getJsonArray("room_types").size());
        // sold behind the cache's back: straight in the database
        Rows.update(Rows.HOTEL_DS, "UPDATE room_type_inventory SET total_reserved = max_reserved, version = version + 1"
                + " WHERE room_type_id = ? AND stay_date >= ? AND stay_date < ?", type, start, end);
        assertEquals(1, ok(send(null, "GET", availability, null), 200).getJsonArray("room_types").size(),
                "the cache still says free");
        assertEquals(0, ok(send(TestUsers.STAFF, "GET", availability + "&source=database", null), 200)
                .getJsonArray("room_types").size(), "the database says sold");

        HttpResponse<String> refused = book(TestUsers.ALICE, id, stay);
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("rooms-unavailable"), refused.body());
        assertEquals(0, Rows.count(Rows.HOTEL_DS, "SELECT COUNT(*) FROM reservation WHERE reservation_id = ?", id));
        assertEquals(0, paymentOrders(id));
        assertEquals(2, reserved(type, start));
    }

    /**
     * A sold-out stay is refused before any transaction (issue 15), but only where the transaction
     * would refuse it too: the order that took the last room is answered again, and someone else's
     * order, a changed stay and an expired quote get their own answers, not rooms-unavailable.
     */
    @Test
    void onASoldOutStayOnlyTheOrdersThatWouldBeRefusedAnywayAreRefusedEarly() {
        String hotel = Hotels.hotel("0");
        String type = Hotels.roomType(hotel, 1, "60.00");
        LocalDate start = Hotels.today().plusDays(55);
        String stay = stay(hotel, type, start, start.plusDays(2), 1);
        String winner = ok(quote(TestUsers.ALICE, stay), 201).getString("reservation_id");
        String late = ok(quote(TestUsers.ALICE, stay), 201).getString("reservation_id");
        String expired = ok(quote(TestUsers.ALICE, stay), 201).getString("reservation_id");
        Rows.update(Rows.HOTEL_DS, "UPDATE reservation_order SET expires_at = created_at WHERE reservation_id = ?", expired);
        ok(book(TestUsers.ALICE, winner, stay), 201);

        HttpResponse<String> again = book(TestUsers.ALICE, winner, stay);
        assertEquals(200, again.statusCode(), "the same reservation_id again, after it took the last room: " + again.body());
        assertEquals(winner, Json.object(again.body()).getString("reservation_id"));
        HttpResponse<String> refused = book(TestUsers.ALICE, late, stay);
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("rooms-unavailable") && refused.body().contains("number_of_rooms"), refused.body());
        expect(404, "reservation_id", book(TestUsers.BOB, late, stay), "another's order says nothing of the stay");
        expect(422, "number_of_rooms", book(TestUsers.ALICE, late, stay(hotel, type, start, start.plusDays(2), 2)),
                "a stay other than the one quoted");
        HttpResponse<String> tooLate = book(TestUsers.ALICE, expired, stay);
        assertEquals(409, tooLate.statusCode(), tooLate.body());
        assertTrue(tooLate.body().contains("expired"), "an expired quote is told so: " + tooLate.body());

        assertEquals(1, Rows.count(Rows.HOTEL_DS, "SELECT COUNT(*) FROM reservation WHERE room_type_id = ?", type));
        assertEquals(0, paymentOrders(late) + paymentOrders(expired));
        assertEquals(1, reserved(type, start));
    }

    @Test
    void aBookingLeavesTheCachedAvailabilityAsItCommitted() {
        String hotel = Hotels.hotel("0");
        String type = Hotels.roomType(hotel, 2, "90.00");
        LocalDate start = Hotels.today().plusDays(70);
        LocalDate end = start.plusDays(3);
        String availability = availabilityOfOneRoom(hotel, start, end);
        assertEquals(2, ok(send(null, "GET", availability, null), 200).getJsonArray("room_types").getJsonObject(0).getInt("rooms_left"),
                "read once, so the cache holds the nights");
        String stay = stay(hotel, type, start, end, 1);
        ok(book(TestUsers.ALICE, ok(quote(TestUsers.ALICE, stay), 201).getString("reservation_id"), stay), 201);
        JsonObject cached = ok(send(null, "GET", availability, null), 200).getJsonArray("room_types").getJsonObject(0);
        JsonObject database = ok(send(TestUsers.STAFF, "GET", availability + "&source=database", null), 200)
                .getJsonArray("room_types").getJsonObject(0);
        assertEquals(1, cached.getInt("rooms_left"), "the cache, right after the booking's 201");
        assertEquals(database, cached, "rooms left and each night's occupancy price, as the database has them");
        ok(book(TestUsers.BOB, ok(quote(TestUsers.BOB, stay), 201).getString("reservation_id"), stay), 201);
        assertEquals(0, ok(send(null, "GET", availability, null), 200).getJsonArray("room_types").size(), "sold out, from the cache");
    }

    @Test
    void aCustomerCannotReadOrCancelAnothersReservationAndOnlyStaffManageHotels() {
        String hotel = Hotels.hotel("10");
        String type = Hotels.roomType(hotel, 2, "60.00");
        LocalDate start = Hotels.today().plusDays(15);
        String stay = stay(hotel, type, start, start.plusDays(1), 1);
        String id = ok(quote(TestUsers.ALICE, stay), 201).getString("reservation_id");
        ok(book(TestUsers.ALICE, id, stay), 201);

        assertEquals(404, send(TestUsers.BOB, "GET", "/v1/reservations/" + id, null).statusCode());
        assertEquals(404, send(TestUsers.BOB, "DELETE", "/v1/reservations/" + id, null).statusCode());
        assertEquals(404, book(TestUsers.BOB, id, stay).statusCode(), "bob cannot book alice's order");
        assertFalse(send(TestUsers.BOB, "GET", "/v1/reservations", null).body().contains(id));
        assertEquals(200, send(TestUsers.STAFF, "GET", "/v1/reservations/" + id, null).statusCode());
        assertEquals("PENDING", ok(send(TestUsers.ALICE, "GET", "/v1/reservations/" + id, null), 200).getString("status"));
        assertTrue(send(TestUsers.STAFF, "GET", "/v1/hotels/" + hotel + "/reservations", null).body().contains(id));
        assertEquals(403, send(TestUsers.ALICE, "GET", "/v1/hotels/" + hotel + "/reservations", null).statusCode());

        String hotelJson = "{\"name\":\"X\",\"city\":\"Y\",\"address\":\"Z\",\"currency\":\"EUR\"}";
        assertEquals(401, send(null, "POST", "/v1/hotels", hotelJson).statusCode());
        assertEquals(403, send(TestUsers.ALICE, "POST", "/v1/hotels", hotelJson).statusCode());
        assertEquals(403, send(TestUsers.ALICE, "PUT", "/v1/hotels/" + hotel, hotelJson).statusCode());
        assertEquals(403, send(TestUsers.ALICE, "DELETE", "/v1/hotels/" + hotel, null).statusCode());
        assertEquals(403, send(TestUsers.BOB, "POST", "/v1/hotels/" + hotel + "/room-types", "{}").statusCode());
        assertEquals(200, send(null, "GET", "/v1/hotels/" + hotel, null).statusCode(), "reads are public");
        assertEquals(409, send(TestUsers.STAFF, "DELETE", "/v1/hotels/" + hotel, null).statusCode(),
                "a hotel with live reservations stays");

        JsonObject canceled = ok(send(TestUsers.ALICE, "DELETE", "/v1/reservations/" + id, null), 200);
        assertEquals("CANCELED", canceled.getString("status"));
        assertEquals(0, reserved(type, start));
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndTouchesNothing() {
        String hotel = Hotels.hotel("10");
        String type = Hotels.roomType(hotel, 2, "60.00");
        String otherHotel = Hotels.hotel("10");
        String otherType = Hotels.roomType(otherHotel, 2, "60.00");
        LocalDate start = Hotels.today().plusDays(5);
        long orders = Rows.count(Rows.HOTEL_DS, "SELECT COUNT(*) FROM reservation_order");
        long reservedSum = Rows.count(Rows.HOTEL_DS, "SELECT SUM(total_reserved) FROM room_type_inventory");

        expect(400, "end_date", quote(TestUsers.ALICE, stay(hotel, type, start, start, 1)));
        expect(400, "end_date", quote(TestUsers.ALICE, stay(hotel, type, start, start.minusDays(1), 1)));
        expect(400, "start_date", quote(TestUsers.ALICE, stay(hotel, type, Hotels.today().minusDays(1), start, 1)));
        expect(400, "end_date", quote(TestUsers.ALICE, stay(hotel, type, Hotels.today().plusDays(729),
                Hotels.today().plusDays(735), 1)));
        expect(400, "number_of_rooms", quote(TestUsers.ALICE, stay(hotel, type, start, start.plusDays(1), 0)));
        expect(400, "number_of_rooms", quote(TestUsers.ALICE, stay(hotel, type, start, start.plusDays(1), -2)));
        expect(404, "hotel_id", quote(TestUsers.ALICE, stay("no-such-hotel", type, start, start.plusDays(1), 1)));
        expect(404, "room_type_id", quote(TestUsers.ALICE, stay(hotel, "no-such-type", start, start.plusDays(1), 1)));
        expect(404, "room_type_id", quote(TestUsers.ALICE, stay(hotel, otherType, start, start.plusDays(1), 1)));
        expect(400, "start_date", send(TestUsers.ALICE, "POST", "/v1/reservation-orders", "{" + stay(hotel, type, start,
                start.plusDays(1), 1).replace(start.toString(), "2026-02-30") + ",\"guest_name\":\"A\",\"guest_email\":\"a@example.com\"}"));
        expect(400, "guest_email", send(TestUsers.ALICE, "POST", "/v1/reservation-orders", "{"
                + stay(hotel, type, start, start.plusDays(1), 1) + ",\"guest_name\":\"A\",\"guest_email\":\"nope\"}"));
        expect(400, "rooms", send(null, "GET", "/v1/hotels/" + hotel + "/availability?start_date=" + start
                + "&end_date=" + start.plusDays(1) + "&rooms=0", null));
        expect(400, "end_date", send(null, "GET", "/v1/hotels/" + hotel + "/availability?start_date=" + start
                + "&end_date=" + start, null));

        String id = ok(quote(TestUsers.ALICE, stay(hotel, type, start, start.plusDays(1), 1)), 201).getString("reservation_id");
        orders++;
        expect(422, "number_of_rooms", book(TestUsers.ALICE, id, stay(hotel, type, start, start.plusDays(1), 2)));
        expect(422, "room_type_id", book(TestUsers.ALICE, id, stay(hotel, otherType, start, start.plusDays(1), 1)));
        expect(404, "reservation_id", book(TestUsers.ALICE, "no-such-reservation", stay(hotel, type, start,
                start.plusDays(1), 1)));
        expect(400, "base_rate", send(TestUsers.STAFF, "POST", "/v1/hotels/" + hotel + "/room-types",
                "{\"name\":\"Bad\",\"max_occupancy\":2,\"room_numbers\":[],\"base_rate\":\"-3\"}"));
        expect(400, "currency", send(TestUsers.STAFF, "POST", "/v1/hotels",
                "{\"name\":\"X\",\"city\":\"Y\",\"address\":\"Z\",\"currency\":\"EURO\"}"));

        assertEquals(orders, Rows.count(Rows.HOTEL_DS, "SELECT COUNT(*) FROM reservation_order"));
        assertEquals(0, Rows.count(Rows.HOTEL_DS, "SELECT COUNT(*) FROM reservation WHERE reservation_id = ?", id));
        assertEquals(reservedSum, Rows.count(Rows.HOTEL_DS, "SELECT SUM(total_reserved) FROM room_type_inventory"));
    }

    private static void expect(int status, String field, HttpResponse<String> r, String why) {
        assertEquals(status, r.statusCode(), why + ": " + r.body());
        expect(status, field, r);
    }

    private static void expect(int status, String field, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), r.body());
        assertTrue(r.body().contains("\"" + field + "\""), "names " + field + ": " + r.body());
    }
}
