package org.reckon.it.faults;

import static org.reckon.it.faults.Endpoint.Value.AMOUNT;
import static org.reckon.it.faults.Endpoint.Value.ANY_ID;
import static org.reckon.it.faults.Endpoint.Value.BOOL;
import static org.reckon.it.faults.Endpoint.Value.CURRENCY;
import static org.reckon.it.faults.Endpoint.Value.DATE;
import static org.reckon.it.faults.Endpoint.Value.DURATION;
import static org.reckon.it.faults.Endpoint.Value.EMAIL;
import static org.reckon.it.faults.Endpoint.Value.EVENT_TYPE;
import static org.reckon.it.faults.Endpoint.Value.INDEX;
import static org.reckon.it.faults.Endpoint.Value.INSTANT;
import static org.reckon.it.faults.Endpoint.Value.INT;
import static org.reckon.it.faults.Endpoint.Value.LIST;
import static org.reckon.it.faults.Endpoint.Value.MULTIPLIER;
import static org.reckon.it.faults.Endpoint.Value.NEW_ID;
import static org.reckon.it.faults.Endpoint.Value.OBJECT;
import static org.reckon.it.faults.Endpoint.Value.PERCENT;
import static org.reckon.it.faults.Endpoint.Value.REF;
import static org.reckon.it.faults.Endpoint.Value.ROOM_NUMBER;
import static org.reckon.it.faults.Endpoint.Value.STRING_MAP;
import static org.reckon.it.faults.Endpoint.Value.TEXT;
import static org.reckon.it.faults.Endpoint.Value.WORD;
import static org.reckon.it.support.TestUsers.ADMIN;
import static org.reckon.it.support.TestUsers.ALICE;
import static org.reckon.it.support.TestUsers.STAFF;

import org.reckon.it.support.TestUsers;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * THE endpoint table: every resource method of the web module, each with a caller allowed to
 * call it and a valid request to mutate. {@code BadInputFuzzIT.theTableCoversEveryResourceMethod}
 * fails when a resource method is added without a row here.
 */
final class Endpoints {

    /** What the setup created, so valid requests can name things that exist. */
    record Fixtures(String hotelId, String roomTypeId, String roomId, String reservationId, String paymentOrderId,
                    String checkoutId, String seller, String ledgerAccount, String walletAccount) {

        static Fixtures placeholders() {
            return new Fixtures("h", "t", "r", "res", "po", "co", "seller", "acct", "w-acct");
        }
    }

    private Endpoints() {
    }

    private static String fresh(String prefix) {
        return prefix + "-fz-" + UUID.randomUUID().toString().substring(0, 13);
    }

    @SafeVarargs
    private static Map<String, Object> obj(Map.Entry<String, Object>... entries) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : entries) {
            map.put(e.getKey(), e.getValue());
        }
        return map;
    }

    private static Map.Entry<String, Object> kv(String key, Object value) {
        return new java.util.AbstractMap.SimpleImmutableEntry<>(key, value);
    }

    private static Object list(Object... items) {
        return new java.util.ArrayList<>(List.of(items));
    }

    static List<Endpoint> table(Fixtures f) {
        LocalDate start = LocalDate.now(ZoneOffset.UTC).plusDays(40);
        String from = start.toString();
        String to = start.plusDays(2).toString();
        String hotelPath = "/v1/hotels/{hotel_id}";
        String typePath = hotelPath + "/room-types/{room_type_id}";
        return List.of(
                // payments
                new Endpoint("POST", "/v1/payments", ALICE).idempotencyKey()
                        .body(() -> obj(kv("checkout_id", fresh("co")),
                                kv("buyer_info", obj(kv("name", "Fuzz Buyer"), kv("email", "fuzz@example.com"))),
                                kv("payment_orders", list(obj(kv("payment_order_id", fresh("po")),
                                        kv("seller_account", f.seller()), kv("amount", "12.50"), kv("currency", "EUR"))))))
                        .field("checkout_id", NEW_ID, true).field("buyer_info", OBJECT, true)
                        .field("buyer_info.name", TEXT, false, 0, 200).field("buyer_info.email", EMAIL, false)
                        .field("payment_orders", LIST, true, 1, 50).field("payment_orders.0", OBJECT, true)
                        .field("payment_orders.0.payment_order_id", NEW_ID, true)
                        .field("payment_orders.0.seller_account", NEW_ID, true)
                        .field("payment_orders.0.amount", AMOUNT, true).field("payment_orders.0.currency", CURRENCY, true),
                new Endpoint("POST", "/v1/payments/{payment_order_id}/refunds", ALICE)
                        .path("payment_order_id", f.paymentOrderId(), REF).idempotencyKey()
                        .body(() -> obj(kv("amount", "1.00"), kv("currency", "EUR")))
                        .field("amount", AMOUNT, true).field("currency", CURRENCY, true),
                new Endpoint("GET", "/v1/payments", ALICE).query("checkout_id", f.checkoutId(), REF, true, 1, 100),
                new Endpoint("GET", "/v1/payments/{payment_order_id}", ALICE).path("payment_order_id", f.paymentOrderId(), REF),
                new Endpoint("GET", "/v1/payments/{payment_order_id}/history", STAFF)
                        .path("payment_order_id", f.paymentOrderId(), REF),
                new Endpoint("POST", "/v1/auth/token", ALICE),
                new Endpoint("GET", "/v1/ping", null),
                new Endpoint("POST", "/v1/psp/webhooks", null).signed()
                        .body(() -> obj(kv("event_id", fresh("evt")), kv("type", "payment.pending"),
                                kv("created", System.currentTimeMillis() / 1000),
                                kv("data", obj(kv("nonce", f.paymentOrderId()), kv("status", "pending")))))
                        .field("event_id", TEXT, true, 1, 200).field("type", EVENT_TYPE, true).field("created", INT, false, 0, Long.MAX_VALUE)
                        .field("data", OBJECT, true).field("data.nonce", REF, true),
                // ledger and wallets
                new Endpoint("GET", "/v1/wallets/{seller_account}", STAFF).path("seller_account", f.seller(), REF),
                new Endpoint("GET", "/v1/ledger/accounts/{account_id}", STAFF).path("account_id", f.ledgerAccount(), REF)
                        .query("as_of", null, INSTANT),
                new Endpoint("GET", "/v1/ledger/accounts/{account_id}/entries", STAFF)
                        .path("account_id", f.ledgerAccount(), REF)
                        .query("page", "0", INT, false, 0, 1_000_000).query("size", "50", INT, false, 1, 500),
                new Endpoint("GET", "/v1/ledger/verify", STAFF),
                // operations
                new Endpoint("GET", "/v1/admin/dead-letters/{queue}", STAFF).path("queue", "payment-retry", WORD)
                        .query("max", "100", INT, false, 1, 1000),
                new Endpoint("POST", "/v1/admin/dead-letters/{queue}/{jms_message_id}/replay", STAFF)
                        .path("queue", "payment-retry", WORD).path("jms_message_id", "ID:fuzz-none", REF),
                new Endpoint("POST", "/v1/admin/dead-letters/{queue}/replay-all", STAFF).path("queue", "payment-retry", WORD)
                        .query("max", "1000", INT, false, 1, 10000),
                new Endpoint("GET", "/v1/admin/payments/stuck", STAFF).query("older_than", "PT15M", DURATION)
                        .query("max", "100", INT, false, 1, 1000),
                new Endpoint("GET", "/v1/admin/batch/extend-inventory", STAFF).query("max", "20", INT, false, 1, 200),
                new Endpoint("GET", "/v1/admin/batch/extend-inventory/{execution_id}", STAFF)
                        .path("execution_id", "999999999", REF),
                new Endpoint("POST", "/v1/admin/batch/extend-inventory", STAFF),
                new Endpoint("GET", "/v1/admin/search/lag", STAFF),
                new Endpoint("GET", "/v1/admin/reservations/search", STAFF).query("q", "fuzz", TEXT, false, 0, 200)
                        .query("page", "0", INT, false, 0, 10_000).query("size", "20", INT, false, 1, 100),
                new Endpoint("GET", "/v1/search/{index}", STAFF).path("index", "hotels", INDEX)
                        .query("q", "fuzz", TEXT, true, 1, 500).query("size", "10", INT, false, 1, 100),
                new Endpoint("PUT", "/v1/search/{index}/documents/{id}", ADMIN).path("index", "fuzz-docs", INDEX)
                        .path("id", "doc-1", ANY_ID)
                        .body(() -> obj(kv("fields", obj(kv("name", "Fuzz"))), kv("visible_on_return", true)))
                        .field("fields", STRING_MAP, true, 1, 100).field("visible_on_return", BOOL, false),
                // leaderboard
                new Endpoint("POST", "/v1/scores", TestUsers.GAME)
                        .body(() -> obj(kv("match_id", fresh("m")), kv("user_id", "fuzz-unknown-player"), kv("points", 5)))
                        .field("match_id", NEW_ID, true).field("user_id", REF, true).field("points", INT, true, 1, 1000),
                new Endpoint("PUT", "/v1/players/{user_id}", TestUsers.GAME).path("user_id", "fuzz-player", NEW_ID)
                        .body(() -> obj(kv("user_name", "Fuzz Player"))).field("user_name", TEXT, true, 1, 100),
                new Endpoint("GET", "/v1/scores", null).query("month", "2001-01", TEXT, false, 0, 7),
                new Endpoint("GET", "/v1/scores/{user_id}", null).path("user_id", "fuzz-player", REF)
                        .query("month", "2001-01", TEXT, false, 0, 7),
                new Endpoint("GET", "/v1/leaderboard/events", null).query("max_seconds", "0", INT, false, 0, 3600),
                new Endpoint("GET", "/v1/admin/leaderboard/rebuild", STAFF).query("max", "20", INT, false, 1, 200),
                new Endpoint("GET", "/v1/admin/leaderboard/rebuild/{execution_id}", STAFF)
                        .path("execution_id", "999999999", REF),
                new Endpoint("POST", "/v1/admin/leaderboard/rebuild", STAFF).query("month", "2001-01", TEXT, false, 0, 7),
                // hotels
                new Endpoint("GET", "/v1/hotels", null).query("city", "Lisbon", TEXT, false, 0, 100)
                        .query("page", "0", INT, false, 0, 100_000).query("size", "20", INT, false, 1, 100),
                hotelBody(new Endpoint("POST", "/v1/hotels", STAFF)),
                new Endpoint("GET", hotelPath, null).path("hotel_id", f.hotelId(), REF),
                hotelBody(new Endpoint("PUT", hotelPath, STAFF).path("hotel_id", f.hotelId(), REF)),
                new Endpoint("DELETE", hotelPath, STAFF).path("hotel_id", f.hotelId(), REF),
                new Endpoint("GET", hotelPath + "/room-types", null).path("hotel_id", f.hotelId(), REF),
                new Endpoint("POST", hotelPath + "/room-types", STAFF).path("hotel_id", f.hotelId(), REF)
                        .body(() -> obj(kv("name", fresh("Suite")), kv("description", "Fuzz"), kv("max_occupancy", 2),
                                kv("room_numbers", list(fresh("r").substring(0, 12))), kv("base_rate", "80.00")))
                        .field("name", TEXT, true, 1, 200).field("description", TEXT, false, 0, 2000)
                        .field("max_occupancy", INT, true, 1, 20).field("room_numbers", LIST, false, 0, 2000)
                        .field("room_numbers.0", ROOM_NUMBER, true).field("base_rate", AMOUNT, true),
                new Endpoint("PUT", typePath, STAFF).path("hotel_id", f.hotelId(), REF).path("room_type_id", f.roomTypeId(), REF)
                        .body(() -> obj(kv("name", "Double"), kv("description", "Two"), kv("max_occupancy", 2)))
                        .field("name", TEXT, true, 1, 200).field("description", TEXT, false, 0, 2000)
                        .field("max_occupancy", INT, true, 1, 20),
                new Endpoint("DELETE", typePath, STAFF).path("hotel_id", f.hotelId(), REF).path("room_type_id", f.roomTypeId(), REF),
                new Endpoint("PUT", typePath + "/rates", STAFF).path("hotel_id", f.hotelId(), REF)
                        .path("room_type_id", f.roomTypeId(), REF)
                        .body(() -> obj(kv("start_date", from), kv("end_date", to), kv("rate", "90.00")))
                        .field("start_date", DATE, true).field("end_date", DATE, true).field("rate", AMOUNT, true)
                        .dates("start_date", "end_date"),
                new Endpoint("GET", hotelPath + "/rooms", STAFF).path("hotel_id", f.hotelId(), REF),
                new Endpoint("POST", hotelPath + "/rooms", STAFF).path("hotel_id", f.hotelId(), REF)
                        .body(() -> obj(kv("room_type_id", f.roomTypeId()), kv("room_number", fresh("r").substring(0, 12))))
                        .field("room_type_id", REF, true).field("room_number", ROOM_NUMBER, true),
                new Endpoint("PATCH", hotelPath + "/rooms/{room_id}", STAFF).path("hotel_id", f.hotelId(), REF)
                        .path("room_id", f.roomId(), REF)
                        .body(() -> obj(kv("in_service", true))).field("in_service", BOOL, true),
                new Endpoint("GET", hotelPath + "/availability", null).path("hotel_id", f.hotelId(), REF)
                        .query("start_date", from, DATE).query("end_date", to, DATE)
                        .query("rooms", "1", INT, false, 1, 1000).query("source", "cache", WORD).dates("start_date", "end_date"),
                new Endpoint("GET", hotelPath + "/reservations", STAFF).path("hotel_id", f.hotelId(), REF)
                        .query("from", from, DATE).query("size", "100", INT, false, 1, 500),
                new Endpoint("GET", "/v1/hotels/search", null).query("q", "fuzz", TEXT, false, 0, 200)
                        .query("city", "Lisbon", TEXT, false, 0, 100).query("start_date", from, DATE).query("end_date", to, DATE)
                        .query("rooms", "1", INT, false, 1, 1000).query("page", "0", INT, false, 0, 10_000)
                        .query("size", "20", INT, false, 1, 100).dates("start_date", "end_date"),
                // booking
                new Endpoint("POST", "/v1/reservation-orders", ALICE)
                        .body(() -> obj(kv("hotel_id", f.hotelId()), kv("room_type_id", f.roomTypeId()), kv("start_date", from),
                                kv("end_date", to), kv("number_of_rooms", 1), kv("guest_name", "Fuzz Guest"),
                                kv("guest_email", "guest@example.com")))
                        .field("hotel_id", REF, true).field("room_type_id", REF, true).field("start_date", DATE, true)
                        .field("end_date", DATE, true).field("number_of_rooms", INT, true, 1, 1000)
                        .field("guest_name", TEXT, true, 1, 200).field("guest_email", EMAIL, true).dates("start_date", "end_date"),
                new Endpoint("POST", "/v1/reservations", ALICE)
                        .body(() -> obj(kv("reservation_id", f.reservationId()), kv("hotel_id", f.hotelId()),
                                kv("room_type_id", f.roomTypeId()), kv("start_date", from), kv("end_date", to),
                                kv("number_of_rooms", 1)))
                        .field("reservation_id", REF, true).field("hotel_id", REF, true).field("room_type_id", REF, true)
                        .field("start_date", DATE, true).field("end_date", DATE, true)
                        .field("number_of_rooms", INT, true, 1, 1000).dates("start_date", "end_date")
                        .field("wallet_account", REF, false, 1, 64),
                new Endpoint("GET", "/v1/reservations", ALICE).query("size", "100", INT, false, 1, 500),
                new Endpoint("GET", "/v1/reservations/{reservation_id}", ALICE).path("reservation_id", f.reservationId(), REF),
                new Endpoint("DELETE", "/v1/reservations/{reservation_id}", ALICE).path("reservation_id", f.reservationId(), REF),
                // the digital wallet
                new Endpoint("POST", "/v1/wallet/accounts", ALICE).body(() -> obj(kv("currency", "EUR")))
                        .field("currency", CURRENCY, true),
                new Endpoint("GET", "/v1/wallet/accounts", ALICE),
                new Endpoint("GET", "/v1/wallet/accounts/{account_id}", ALICE).path("account_id", f.walletAccount(), REF)
                        .query("as_of", null, INSTANT).query("as_of_event", null, INT, false, 0, Integer.MAX_VALUE),
                new Endpoint("GET", "/v1/wallet/accounts/{account_id}/transactions", ALICE)
                        .path("account_id", f.walletAccount(), REF)
                        .query("page", "0", INT, false, 0, 100_000).query("size", "50", INT, false, 1, 500),
                new Endpoint("POST", "/v1/wallet/accounts/{account_id}/top-ups", ALICE).path("account_id", f.walletAccount(), REF)
                        .body(() -> obj(kv("amount", "10.00"), kv("currency", "EUR")))
                        .field("amount", AMOUNT, true).field("currency", CURRENCY, true),
                new Endpoint("POST", "/v1/wallet/balance_transfer", ALICE)
                        .body(() -> obj(kv("from_account", f.walletAccount()), kv("to_account", f.walletAccount() + "-to"),
                                kv("amount", "1.00"), kv("currency", "EUR"), kv("transaction_id", fresh("tx"))))
                        .field("from_account", REF, true).field("to_account", REF, true).field("amount", AMOUNT, true)
                        .field("currency", CURRENCY, true).field("transaction_id", NEW_ID, true),
                new Endpoint("GET", "/v1/admin/wallet/rebuild-check", STAFF),
                new Endpoint("GET", "/v1/admin/wallet/invariants", STAFF),
                new Endpoint("GET", "/v1/admin/wallet/read-models", STAFF),
                new Endpoint("POST", "/v1/admin/wallet/snapshots", STAFF),
                // object storage
                new Endpoint("POST", "/v1/object-storage/access-keys", ALICE),
                new Endpoint("DELETE", "/v1/object-storage/access-keys/{access_key_id}", ALICE)
                        .path("access_key_id", "RKIAFUZZNOSUCHKEY000", REF));
    }

    private static Endpoint hotelBody(Endpoint e) {
        return e.body(() -> obj(kv("name", fresh("Fuzz Hotel")), kv("city", "Lisbon"), kv("address", "Rua 1"),
                        kv("amenities", list("wifi")), kv("currency", "EUR"), kv("seller_account", fresh("seller")),
                        kv("overbooking_percent", "10"), kv("tax_percent", "5"), kv("service_fee", "2.00"),
                        kv("occupancy_multipliers", list(obj(kv("from_occupancy_percent", 80), kv("multiplier", "1.2"))))))
                .field("name", TEXT, true, 1, 200).field("city", TEXT, true, 1, 100).field("address", TEXT, true, 1, 300)
                .field("amenities", LIST, false, 0, 30).field("currency", CURRENCY, true)
                .field("seller_account", NEW_ID, false).field("overbooking_percent", PERCENT, false)
                .field("tax_percent", PERCENT, false).field("service_fee", AMOUNT, false)
                .field("occupancy_multipliers", LIST, false, 0, 20)
                .field("occupancy_multipliers.0.from_occupancy_percent", INT, true, 0, 200)
                .field("occupancy_multipliers.0.multiplier", MULTIPLIER, true);
    }
}
