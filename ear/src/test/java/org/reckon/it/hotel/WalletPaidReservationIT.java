package org.reckon.it.hotel;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.it.support.Json;
import org.reckon.it.support.TestUsers;

/**
 * Issue 12, item 1: a reservation paid from the guest's wallet instead of a card. Booking with
 * {@code wallet_account} makes the reservation PAID and debits the wallet in one XA transaction;
 * the ledger moves the money from the wallet's ledger account to the hotel's seller account (where
 * a card pay-in lands); a repeat books and pays nothing more; insufficient funds, another currency
 * and someone else's wallet are refused and change nothing; cancelling refunds to the wallet. The
 * wallet is funded through the PSP sandbox like any top-up, so wallet and ledger balances agree.
 */
@ExtendWith(ArquillianExtension.class)
class WalletPaidReservationIT {

    private static JsonObject ok(HttpResponse<String> r, int status) {
        return Hotels.ok(r, status);
    }

    static String wallet(TestUsers owner, String currency) {
        return ok(Hotels.send(owner, "POST", "/v1/wallet/accounts", "{\"currency\":\"" + currency + "\"}"), 201).getString("account_id");
    }

    /** Tops the wallet up through the payment context and the PSP sandbox, as a customer does. */
    static void topUp(TestUsers owner, String account, String amount) {
        String order = ok(Hotels.send(owner, "POST", "/v1/wallet/accounts/" + account + "/top-ups",
                "{\"amount\":\"" + amount + "\",\"currency\":\"EUR\"}"), 201).getString("payment_order_id");
        String token = await("the PSP's token").atMost(Duration.ofSeconds(30)).until(() -> {
            JsonObject o = ok(Hotels.send(owner, "GET", "/v1/payments/" + order, null), 200);
            return o.containsKey("psp_token") && !o.isNull("psp_token") ? o.getString("psp_token") : null;
        }, java.util.Objects::nonNull);
        HttpResponse<String> paid = Http.send(Http.request("/psp-sandbox/api/v1/payments/" + token + "/confirm")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"card_number\":\"" + Hotels.SUCCEEDS + "\",\"holder\":\"Alice\","
                        + "\"expiry\":\"12/30\",\"cvv\":\"123\"}")));
        assertEquals(200, paid.statusCode(), paid.body());
        await("the wallet credited").atMost(Duration.ofSeconds(30)).until(() -> balance(owner, account), amount::equals);
    }

    static String balance(TestUsers owner, String account) {
        return ok(Hotels.send(owner, "GET", "/v1/wallet/accounts/" + account, null), 200).getString("balance");
    }

    /** A seller's balance in the ledger (null before its first posting). */
    private static String ledger(String seller) {
        HttpResponse<String> r = Hotels.send(TestUsers.STAFF, "GET", "/v1/wallets/" + seller, null);
        return r.statusCode() == 404 ? null : Json.object(r.body()).getJsonArray("balances").getJsonObject(0).getString("balance");
    }

    private static String quote(TestUsers guest, String stay) {
        return ok(Hotels.quote(guest, stay), 201).getString("reservation_id");
    }

    private static HttpResponse<String> book(TestUsers guest, String reservationId, String stay, String wallet) {
        return Hotels.send(guest, "POST", "/v1/reservations", "{\"reservation_id\":\"" + reservationId + "\"," + stay
                + ",\"wallet_account\":\"" + wallet + "\"}");
    }

    private static int roomsLeft(String hotel, String roomType, LocalDate night) {
        JsonObject a = ok(Hotels.send(TestUsers.STAFF, "GET", "/v1/hotels/" + hotel + "/availability?start_date=" + night + "&end_date=" + night.plusDays(1) + "&source=database", null), 200);
        return a.toString().length(); // the whole answer: compared before and after, it must not change
    }

    private static void assertRefused(HttpResponse<String> r, int status, String field) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), r.body());
        assertTrue(r.body().contains("\"" + field + "\""), "names " + field + ": " + r.body());
    }

    @Test
    void aReservationPaidFromTheWalletIsPaidAtOnceOnceAndRefundedToTheWallet() {
        String seller = "it-seller-" + UUID.randomUUID().toString().substring(0, 8);
        String hotel = ok(Hotels.send(TestUsers.STAFF, "POST", "/v1/hotels", "{\"name\":\"IT Wallet Hotel " + seller + "\","
                + "\"city\":\"Porto\",\"address\":\"Rua 1\",\"amenities\":[\"wifi\"],\"currency\":\"EUR\",\"seller_account\":\""
                + seller + "\",\"overbooking_percent\":\"0\",\"tax_percent\":\"10\",\"service_fee\":\"5.00\","
                + "\"occupancy_multipliers\":[{\"from_occupancy_percent\":90,\"multiplier\":\"1.25\"}]}"), 201).getString("hotel_id");
        String roomType = Hotels.roomType(hotel, 3, "100.00");
        LocalDate start = Hotels.today().plusDays(20);
        String stay = Hotels.stay(hotel, roomType, start, start.plusDays(2), 1);

        String wallet = wallet(TestUsers.ALICE, "EUR");
        topUp(TestUsers.ALICE, wallet, "300.00");
        assertEquals("300.00", ledger("wallet-" + wallet));

        // paid from the wallet: PAID at once, no checkout, the wallet debited by the total
        String id = quote(TestUsers.ALICE, stay);
        HttpResponse<String> booked = book(TestUsers.ALICE, id, stay, wallet);
        JsonObject r = ok(booked, 201);
        assertEquals("PAID", r.getString("status"));
        assertEquals("WALLET", r.getJsonObject("payment").getString("method"));
        assertEquals("SUCCESS", r.getJsonObject("payment").getString("status"));
        assertEquals(wallet, r.getJsonObject("payment").getString("wallet_account"));
        assertFalse(r.getJsonObject("payment").containsKey("checkout_id"));
        String total = r.getString("total"); // 2 nights x 100.00 + 10 % + 5.00
        assertEquals("225.00", total);
        assertEquals("75.00", balance(TestUsers.ALICE, wallet));

        // exactly once: the same reservation_id again answers the same reservation and pays nothing more
        assertEquals("PAID", ok(book(TestUsers.ALICE, id, stay, wallet), 200).getString("status"));
        assertEquals("75.00", balance(TestUsers.ALICE, wallet));
        assertRefused(book(TestUsers.ALICE, id, stay, "w-another"), 422, "wallet_account");

        // the ledger books it from the wallet to the hotel's seller account, as a card pay-in would land
        await("the ledger fed").atMost(Duration.ofSeconds(30)).until(() -> "75.00".equals(ledger("wallet-" + wallet))
                && "225.00".equals(ledger(seller)));

        // insufficient funds: 422 naming wallet_account; nothing booked, no room taken, no money moved
        String second = quote(TestUsers.ALICE, stay);
        int before = roomsLeft(hotel, roomType, start);
        assertRefused(book(TestUsers.ALICE, second, stay, wallet), 422, "wallet_account");
        assertEquals(404, Hotels.send(TestUsers.ALICE, "GET", "/v1/reservations/" + second, null).statusCode());
        assertEquals(before, roomsLeft(hotel, roomType, start));
        assertEquals("75.00", balance(TestUsers.ALICE, wallet));

        // someone else's wallet is 404, as the wallet answers elsewhere; another currency is 422
        String bobs = quote(TestUsers.BOB, stay);
        assertRefused(book(TestUsers.BOB, bobs, stay, wallet), 404, "wallet_account");
        String usd = wallet(TestUsers.ALICE, "USD");
        assertRefused(book(TestUsers.ALICE, second, stay, usd), 422, "wallet_account");
        assertRefused(book(TestUsers.ALICE, second, stay, "w-" + UUID.randomUUID()), 404, "wallet_account");
        assertEquals("75.00", balance(TestUsers.ALICE, wallet));
        assertEquals(before, roomsLeft(hotel, roomType, start));

        // the insufficient one can still be booked by card afterwards: the refusals left nothing behind
        assertEquals("PENDING", ok(Hotels.book(TestUsers.ALICE, second, stay), 201).getString("status"));

        // cancelling refunds to the wallet, in the same transaction as REFUNDED
        JsonObject canceled = ok(Hotels.send(TestUsers.ALICE, "DELETE", "/v1/reservations/" + id, null), 200);
        assertEquals("REFUNDED", canceled.getString("status"));
        assertEquals("REFUNDED", canceled.getJsonObject("payment").getString("status"));
        assertEquals("300.00", balance(TestUsers.ALICE, wallet));
        assertEquals(409, Hotels.send(TestUsers.ALICE, "DELETE", "/v1/reservations/" + id, null).statusCode(), "refunded once");
        assertEquals("300.00", balance(TestUsers.ALICE, wallet));
        JsonObject mine = ok(Hotels.send(TestUsers.ALICE, "GET", "/v1/reservations", null), 200);
        assertTrue(mine.getJsonArray("items").stream().map(JsonObject.class::cast).anyMatch(x -> x.getString("reservation_id").equals(id)
                && "WALLET".equals(x.getJsonObject("payment").getString("method"))), mine.toString());

        // the ledger stays the book of record
        await("the ledger fed").atMost(Duration.ofSeconds(30)).until(() -> "300.00".equals(ledger("wallet-" + wallet))
                && "0.00".equals(ledger(seller)));
        JsonObject verified = ok(Hotels.send(TestUsers.STAFF, "GET", "/v1/ledger/verify", null), 200);
        assertTrue(verified.getBoolean("ok"), verified.toString());
        JsonObject invariants = ok(Hotels.send(TestUsers.STAFF, "GET", "/v1/admin/wallet/invariants", null), 200);
        assertTrue(invariants.getBoolean("holds"), invariants.toString());
        JsonObject rebuilt = ok(Hotels.send(TestUsers.STAFF, "GET", "/v1/admin/wallet/rebuild-check", null), 200);
        assertTrue(rebuilt.getBoolean("consistent"), rebuilt.toString());
        JsonObject history = ok(Hotels.send(TestUsers.ALICE, "GET", "/v1/wallet/accounts/" + wallet + "/transactions", null), 200);
        assertNotNull(history);
    }
}
