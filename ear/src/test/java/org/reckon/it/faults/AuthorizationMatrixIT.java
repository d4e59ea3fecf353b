package org.reckon.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reckon.it.faults.Matrix.row;

import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Http;
import org.reckon.payment.psp.WebhookSignature;

/**
 * Fault 7 of the fault suite (issue 5): the authorization matrix. Every endpoint x {anonymous,
 * alice, bob, staff, admin}, including reading, paying for, refunding and cancelling someone
 * else's reservation or payment. Invariant: every cell as specified below, 0 leaks.
 *
 * <p>Where the rules come from: the resources' {@code @RolesAllowed}, docs/ARCHITECTURE.md and
 * the role mapping of users-test.cli / users-dev.cli, where admin holds {@code admin} AND
 * {@code staff}. So:
 * <ul>
 *   <li>hotel, room type, rate and availability reads, hotel search, health and the OpenAPI
 *       document are public: 200 for everyone;</li>
 *   <li>anything else needs a user: anonymous gets 401 with a Basic challenge;</li>
 *   <li>customers (alice, bob) pay, book, read, refund and cancel only their own things; someone
 *       else's payment, checkout or reservation is 404 exactly like a missing one (existence is not
 *       disclosed, ARCHITECTURE's "customer sees another's payment" decision);</li>
 *   <li>staff run hotels and payment operations: the catalog, dead letters, stuck payments, the
 *       ledger and wallets, the batch job, search, any customer's payment or reservation; a
 *       customer calling a staff endpoint gets 403 (the role check comes before any lookup, so 403
 *       says nothing about whether the object exists);</li>
 *   <li>admin can do everything staff can, plus admin-only operations (putting a document in a
 *       search index by hand), which staff get 403 for;</li>
 *   <li>a PSP webhook is authorized by its signature, not by a user: a forged one is 400 whoever
 *       sends it.</li>
 * </ul>
 * A client-chosen id that is already taken (checkout_id, payment_order_id) is 409 for whoever
 * reuses it: the answer must neither return nor act on the owner's object, nor show its data.
 * Wrong passwords and unknown users are 401 (see {@link #wrongPasswordsAndUnknownUsersAre401WithAChallengeEverywhere}).
 */
@ExtendWith(ArquillianExtension.class)
class AuthorizationMatrixIT {

    private static final String DEAD = "/v1/admin/dead-letters/payment-retry";
    private static final String BATCH = "/v1/admin/batch/extend-inventory";

    /**
     * THE TABLE. Columns: anonymous, alice, bob, staff, admin (alice and bob are customers; the
     * objects are alice's unless the variant says otherwise). 2xx = allowed, 401 = authenticate,
     * 403 = not your role, 404 = not yours (or really missing), 409 = an id someone else took,
     * 400 = a webhook without a valid signature.
     */
    static List<Matrix.Row> table() {
        return List.of(
        //   route                                                       variant                                   anon alice bob staff admin
        // ---- payments
        row("POST /v1/payments",                                         "own new checkout",                       401, 201, 201, 201, 201, (w, c, ok) -> newPayment(w, c)),
        row("POST /v1/payments",                                         "alice's checkout_id, key and body",     401, 201, 409, 409, 409, (w, c, ok) -> alicesPaymentAgain(w)).checking(AuthorizationMatrixIT::replayOnlyForAlice),
        row("POST /v1/payments",                                         "alice's payment_order_id",              401, 409, 409, 409, 409, (w, c, ok) -> Call.post("/v1/payments", w.paymentJson(w.unique("co"), w.alicePayment.orderId(), Caller.BOB, w.unique("seller"), "1.00")).header("Idempotency-Key", w.unique("key"))),
        row("POST /v1/payments",                                         "alice's reservation's checkout_id",     401, 409, 409, 409, 409, (w, c, ok) -> Call.post("/v1/payments", w.paymentJson("reservation-" + w.alicePending, w.unique("po"), Caller.BOB, w.unique("seller"), "1.00")).header("Idempotency-Key", w.unique("key"))),
        row("GET /v1/payments",                                          "?checkout_id= alice's",                 401, 200, 404, 200, 200, (w, c, ok) -> Call.get("/v1/payments?checkout_id=" + w.alicePayment.checkoutId())),
        row("GET /v1/payments",                                          "?checkout_id= bob's",                   401, 404, 200, 200, 200, (w, c, ok) -> Call.get("/v1/payments?checkout_id=" + w.bobPayment.checkoutId())),
        row("GET /v1/payments",                                          "?checkout_id= alice's reservation's",   401, 200, 404, 200, 200, (w, c, ok) -> Call.get("/v1/payments?checkout_id=reservation-" + w.alicePaid)),
        row("GET /v1/payments/{payment_order_id}",                       "alice's",                               401, 200, 404, 200, 200, (w, c, ok) -> Call.get("/v1/payments/" + w.alicePayment.orderId())),
        row("GET /v1/payments/{payment_order_id}",                       "alice's reservation's",                 401, 200, 404, 200, 200, (w, c, ok) -> Call.get("/v1/payments/reservation-" + w.alicePaid + "-1")),
        row("GET /v1/payments/{payment_order_id}/history",               "alice's",                               401, 403, 403, 200, 200, (w, c, ok) -> Call.get("/v1/payments/" + w.alicePayment.orderId() + "/history")),
        row("POST /v1/payments/{payment_order_id}/refunds",              "alice's, 1.00",                         401, 201, 404, 201, 201, (w, c, ok) -> refund(w, w.alicePayment.orderId())),
        row("POST /v1/payments/{payment_order_id}/refunds",              "bob's, 1.00",                           401, 404, 201, 201, 201, (w, c, ok) -> refund(w, w.bobPayment.orderId())),
        row("POST /v1/payments/{payment_order_id}/refunds",              "alice's, the key of an own refund",    401, 201, 422, 422, 422, (w, c, ok) -> keyOfAnOwnRefund(w, c)).checking(AuthorizationMatrixIT::replayOnlyForAlice),
        row("POST /v1/payments/{payment_order_id}/refunds",              "alice's paid reservation's: cancel it", 401, 409, 404, 409, 409, (w, c, ok) -> refund(w, "reservation-" + w.alicePaid + "-1")),
        row("POST /v1/auth/token",                                       "a bearer token for the caller",         401, 200, 200, 200, 200, (w, c, ok) -> Call.post("/v1/auth/token", null)),
        row("GET /v1/ping",                                              "",                                      200, 200, 200, 200, 200, (w, c, ok) -> Call.get("/v1/ping")),
        row("POST /v1/psp/webhooks",                                     "forged: alice's reservation paid",      400, 400, 400, 400, 400, (w, c, ok) -> forgedWebhook(w)),
        // ---- reservations
        row("POST /v1/reservation-orders",                               "own stay",                              401, 201, 201, 201, 201, (w, c, ok) -> Call.post("/v1/reservation-orders", w.quoteJson(c, null))),
        row("POST /v1/reservation-orders",                               "guest: it-alice",                       401, 201, 403, 201, 201, (w, c, ok) -> Call.post("/v1/reservation-orders", w.quoteJson(Caller.ALICE, "it-alice"))),
        row("POST /v1/reservations",                                     "own quote",                             401, 201, 201, 201, 201, (w, c, ok) -> Call.post("/v1/reservations", w.bookJson(ok ? w.quote(c, null) : w.aliceQuote))),
        row("POST /v1/reservations",                                     "alice's unbooked quote",                401, 201, 404, 201, 201, (w, c, ok) -> Call.post("/v1/reservations", w.bookJson(ok ? w.quote(Caller.ALICE, null) : w.aliceQuote))),
        row("POST /v1/reservations",                                     "alice's booked reservation_id",         401, 200, 404, 200, 200, (w, c, ok) -> Call.post("/v1/reservations", w.bookJson(w.alicePending))),
        row("GET /v1/reservations",                                      "own list",                              401, 200, 200, 200, 200, (w, c, ok) -> Call.get("/v1/reservations")).checking(AuthorizationMatrixIT::onlyOwnReservations),
        row("GET /v1/reservations/{reservation_id}",                     "alice's pending",                       401, 200, 404, 200, 200, (w, c, ok) -> Call.get("/v1/reservations/" + w.alicePending)),
        row("GET /v1/reservations/{reservation_id}",                     "alice's paid",                          401, 200, 404, 200, 200, (w, c, ok) -> Call.get("/v1/reservations/" + w.alicePaid)),
        row("DELETE /v1/reservations/{reservation_id}",                  "alice's pending",                       401, 200, 404, 200, 200, (w, c, ok) -> Call.delete("/v1/reservations/" + (ok ? w.pendingReservation(Caller.ALICE) : w.alicePending))),
        row("DELETE /v1/reservations/{reservation_id}",                  "alice's paid: refunds",                 401, 200, 404, 200, 200, (w, c, ok) -> Call.delete("/v1/reservations/" + (ok ? w.paidReservation(Caller.ALICE) : w.alicePaid))),
        row("POST /v1/reservations",                                     "own quote, paid from alice's wallet",   401, 201, 404, 404, 404, (w, c, ok) -> Call.post("/v1/reservations", walletBookJson(w, c == Caller.ANONYMOUS ? w.aliceQuote : w.quote(c, null)))).alsoUnchanged(w -> " alice's funded wallet " + fundedWalletBalance()).checking(AuthorizationMatrixIT::walletLedgerFed),
        // ---- hotels: reads public, writes staff
        row("GET /v1/hotels",                                            "",                                      200, 200, 200, 200, 200, (w, c, ok) -> Call.get("/v1/hotels?city=Authzville")),
        row("POST /v1/hotels",                                           "",                                      401, 403, 403, 201, 201, (w, c, ok) -> Call.post("/v1/hotels", w.hotelJson("IT Authz " + w.unique("new")))),
        row("GET /v1/hotels/{hotel_id}",                                 "",                                      200, 200, 200, 200, 200, (w, c, ok) -> Call.get("/v1/hotels/" + w.hotel)),
        row("PUT /v1/hotels/{hotel_id}",                                 "",                                      401, 403, 403, 200, 200, (w, c, ok) -> Call.put("/v1/hotels/" + w.scratchHotel, w.hotelJson("IT Authz renamed " + w.unique("by")))),
        row("DELETE /v1/hotels/{hotel_id}",                              "",                                      401, 403, 403, 204, 204, (w, c, ok) -> Call.delete("/v1/hotels/" + (ok ? w.newHotel() : w.scratchHotel))),
        row("GET /v1/hotels/{hotel_id}/room-types",                      "",                                      200, 200, 200, 200, 200, (w, c, ok) -> Call.get("/v1/hotels/" + w.hotel + "/room-types")),
        row("POST /v1/hotels/{hotel_id}/room-types",                     "",                                      401, 403, 403, 201, 201, (w, c, ok) -> Call.post("/v1/hotels/" + w.scratchHotel + "/room-types", w.roomTypeJson(1))),
        row("PUT /v1/hotels/{hotel_id}/room-types/{room_type_id}",       "",                                      401, 403, 403, 200, 200, (w, c, ok) -> Call.put("/v1/hotels/" + w.scratchHotel + "/room-types/" + w.scratchType, "{\"name\":\"Renamed " + w.unique("t") + "\",\"description\":\"x\",\"max_occupancy\":2}")),
        row("DELETE /v1/hotels/{hotel_id}/room-types/{room_type_id}",    "",                                      401, 403, 403, 204, 204, (w, c, ok) -> Call.delete("/v1/hotels/" + w.scratchHotel + "/room-types/" + (ok ? w.newRoomType(w.scratchHotel, 1) : w.scratchType))),
        row("PUT /v1/hotels/{hotel_id}/room-types/{room_type_id}/rates", "",                                      401, 403, 403, 200, 200, (w, c, ok) -> Call.put("/v1/hotels/" + w.scratchHotel + "/room-types/" + w.scratchType + "/rates", "{\"start_date\":\"" + w.start + "\",\"end_date\":\"" + w.start.plusDays(2) + "\",\"rate\":\"" + (ok ? "100.00" : "1.00") + "\"}")),
        row("GET /v1/hotels/{hotel_id}/rooms",                           "",                                      401, 403, 403, 200, 200, (w, c, ok) -> Call.get("/v1/hotels/" + w.scratchHotel + "/rooms")),
        row("POST /v1/hotels/{hotel_id}/rooms",                          "",                                      401, 403, 403, 201, 201, (w, c, ok) -> Call.post("/v1/hotels/" + w.scratchHotel + "/rooms", "{\"room_type_id\":\"" + w.scratchType + "\",\"room_number\":\"" + w.unique("r") + "\"}")),
        row("PATCH /v1/hotels/{hotel_id}/rooms/{room_id}",               "out of service",                        401, 403, 403, 200, 200, (w, c, ok) -> Call.patch("/v1/hotels/" + w.scratchHotel + "/rooms/" + w.scratchRoom, "{\"in_service\":false}")),
        row("GET /v1/hotels/{hotel_id}/availability",                    "from the cache",                        200, 200, 200, 200, 200, (w, c, ok) -> Call.get(availability(w))),
        row("GET /v1/hotels/{hotel_id}/availability",                    "source=database",                       401, 403, 403, 200, 200, (w, c, ok) -> Call.get(availability(w) + "&source=database")),
        row("GET /v1/hotels/{hotel_id}/reservations",                    "",                                      401, 403, 403, 200, 200, (w, c, ok) -> Call.get("/v1/hotels/" + w.hotel + "/reservations")).checking(AuthorizationMatrixIT::staffSeeAlicesReservation),
        row("GET /v1/hotels/search",                                     "",                                      200, 200, 200, 200, 200, (w, c, ok) -> Call.get("/v1/hotels/search?q=wifi&city=Authzville")),
        row("GET /v1/admin/reservations/search",                         "alice's e-mail",                        401, 403, 403, 200, 200, (w, c, ok) -> Call.get("/v1/admin/reservations/search?q=" + w.guestEmail(Caller.ALICE))),
        // ---- ledger and wallets: staff
        row("GET /v1/ledger/accounts/{account_id}",                      "alice's seller's wallet",               401, 403, 403, 200, 200, (w, c, ok) -> Call.get("/v1/ledger/accounts/seller-wallet:" + w.alicePayment.seller() + ":EUR")),
        row("GET /v1/ledger/accounts/{account_id}/entries",              "alice's seller's wallet",               401, 403, 403, 200, 200, (w, c, ok) -> Call.get("/v1/ledger/accounts/seller-wallet:" + w.alicePayment.seller() + ":EUR/entries")),
        row("GET /v1/ledger/verify",                                     "",                                      401, 403, 403, 200, 200, (w, c, ok) -> Call.get("/v1/ledger/verify")),
        row("GET /v1/wallets/{seller_account}",                          "alice's seller",                        401, 403, 403, 200, 200, (w, c, ok) -> Call.get("/v1/wallets/" + w.alicePayment.seller())),
        // ---- operations: staff
        row("GET /v1/admin/payments/stuck",                              "",                                      401, 403, 403, 200, 200, (w, c, ok) -> Call.get("/v1/admin/payments/stuck")),
        row("GET /v1/admin/dead-letters/{queue}",                        "",                                      401, 403, 403, 200, 200, (w, c, ok) -> Call.get(DEAD)),
        row("POST /v1/admin/dead-letters/{queue}/{jms_message_id}/replay", "unknown message: 404 once authorized", 401, 403, 403, 404, 404, (w, c, ok) -> Call.post(DEAD + "/ID:no-such-message/replay", null)).checking(AuthorizationMatrixIT::authorizedThenNotFound),
        row("POST /v1/admin/dead-letters/{queue}/replay-all",            "",                                      401, 403, 403, 200, 200, (w, c, ok) -> Call.post(DEAD + "/replay-all", null)).alsoUnchanged(w -> " dead " + Call.get(DEAD).send(Caller.STAFF).body().length()),
        row("GET /v1/admin/batch/extend-inventory",                      "",                                      401, 403, 403, 200, 200, (w, c, ok) -> Call.get(BATCH)),
        row("GET /v1/admin/batch/extend-inventory/{execution_id}",       "",                                      401, 403, 403, 200, 200, (w, c, ok) -> Call.get(BATCH + "/" + w.executionId)),
        row("POST /v1/admin/batch/extend-inventory",                     "",                                      401, 403, 403, 202, 202, (w, c, ok) -> Call.post(BATCH, null)).alsoUnchanged(w -> " executions " + Call.get(BATCH + "?max=200").send(Caller.STAFF).body().split("execution_id").length),
        row("GET /v1/admin/search/lag",                                  "",                                      401, 403, 403, 200, 200, (w, c, ok) -> Call.get("/v1/admin/search/lag")),
        row("GET /v1/search/{index}",                                    "",                                      401, 403, 403, 200, 200, (w, c, ok) -> Call.get("/v1/search/" + w.searchIndex() + "?q=seed")),
        row("PUT /v1/search/{index}/documents/{id}",                     "admin only",                            401, 403, 403, 403, 200, (w, c, ok) -> Call.put("/v1/search/" + w.searchIndex() + "/documents/by-" + c.label(), "{\"fields\":{\"name\":\"planted\"},\"visible_on_return\":true}")).alsoUnchanged(w -> " planted " + Call.get("/v1/search/" + w.searchIndex() + "?q=planted").send(Caller.ADMIN).body().split("\"id\"").length),
        // ---- leaderboard: only the game server (no column here) posts scores and registers players; boards are public
        row("POST /v1/scores",                                           "a score for a player",                  401, 403, 403, 403, 403, (w, c, ok) -> Call.post("/v1/scores", LeaderboardFixtures.scoreJson(LeaderboardFixtures.player()))),
        row("PUT /v1/players/{user_id}",                                 "a new player",                          401, 403, 403, 403, 403, (w, c, ok) -> Call.put("/v1/players/mx-" + w.unique("p"), "{\"user_name\":\"Nobody\"}")),
        row("GET /v1/scores",                                            "this month's top 10",                   200, 200, 200, 200, 200, (w, c, ok) -> Call.get("/v1/scores")),
        row("GET /v1/scores/{user_id}",                                  "a player on the board",                 200, 200, 200, 200, 200, (w, c, ok) -> Call.get("/v1/scores/" + LeaderboardFixtures.player())),
        row("GET /v1/leaderboard/events",                                "a stream that ends at once",            200, 200, 200, 200, 200, (w, c, ok) -> Call.get("/v1/leaderboard/events?max_seconds=0")),
        row("GET /v1/admin/leaderboard/rebuild",                         "",                                      401, 403, 403, 200, 200, (w, c, ok) -> Call.get("/v1/admin/leaderboard/rebuild")),
        row("GET /v1/admin/leaderboard/rebuild/{execution_id}",          "",                                      401, 403, 403, 200, 200, (w, c, ok) -> Call.get("/v1/admin/leaderboard/rebuild/" + LeaderboardFixtures.rebuildExecution())),
        row("POST /v1/admin/leaderboard/rebuild",                        "",                                      401, 403, 403, 202, 202, (w, c, ok) -> Call.post("/v1/admin/leaderboard/rebuild", null)),
        // ---- the digital wallet: customers their own accounts, staff any
        row("POST /v1/wallet/accounts",                                  "own new account",                       401, 201, 201, 201, 201, (w, c, ok) -> Call.post("/v1/wallet/accounts", "{\"currency\":\"EUR\"}")),
        row("GET /v1/wallet/accounts",                                   "own list",                              401, 200, 200, 200, 200, (w, c, ok) -> Call.get("/v1/wallet/accounts")),
        row("GET /v1/wallet/accounts/{account_id}",                      "alice's",                               401, 200, 404, 200, 200, (w, c, ok) -> Call.get("/v1/wallet/accounts/" + alicesWallet())),
        row("GET /v1/wallet/accounts/{account_id}/transactions",         "alice's",                               401, 200, 404, 200, 200, (w, c, ok) -> Call.get("/v1/wallet/accounts/" + alicesWallet() + "/transactions")),
        row("POST /v1/wallet/accounts/{account_id}/top-ups",             "alice's, 10.00",                        401, 201, 404, 201, 201, (w, c, ok) -> Call.post("/v1/wallet/accounts/" + alicesWallet() + "/top-ups", "{\"amount\":\"10.00\",\"currency\":\"EUR\"}")),
        row("POST /v1/wallet/balance_transfer",                          "out of alice's empty account",          401, 422, 403, 422, 422, (w, c, ok) -> Call.post("/v1/wallet/balance_transfer", "{\"from_account\":\"" + alicesWallet() + "\",\"to_account\":\"" + alicesWallet() + "-x\",\"amount\":\"1.00\",\"currency\":\"EUR\",\"transaction_id\":\"" + w.unique("tx") + "\"}")),
        row("GET /v1/admin/wallet/rebuild-check",                        "",                                      401, 403, 403, 200, 200, (w, c, ok) -> Call.get("/v1/admin/wallet/rebuild-check")),
        row("GET /v1/admin/wallet/invariants",                           "",                                      401, 403, 403, 200, 200, (w, c, ok) -> Call.get("/v1/admin/wallet/invariants")),
        row("GET /v1/admin/wallet/read-models",                          "",                                      401, 403, 403, 200, 200, (w, c, ok) -> Call.get("/v1/admin/wallet/read-models")),
        row("POST /v1/admin/wallet/snapshots",                           "",                                      401, 403, 403, 200, 200, (w, c, ok) -> Call.post("/v1/admin/wallet/snapshots", null)),
        // ---- object storage: S3 access keys, each user their own (staff may revoke any)
        row("POST /v1/object-storage/access-keys",                       "own new key",                           401, 201, 201, 201, 201, (w, c, ok) -> Call.post(ObjectStorageKeys.PATH, null)),
        row("DELETE /v1/object-storage/access-keys/{access_key_id}",     "alice's key",                           401, 204, 404, 204, 204, (w, c, ok) -> Call.delete(ObjectStorageKeys.PATH + "/" + (ok ? ObjectStorageKeys.fresh(Caller.ALICE) : ObjectStorageKeys.alicesStanding()))),
        // ---- not JAX-RS: the health servlet and the OpenAPI document are public
        row("GET /health/live",                                          "servlet",                               200, 200, 200, 200, 200, (w, c, ok) -> Call.get("/health/live")),
        row("GET /openapi",                                              "",                                      200, 200, 200, 200, 200, (w, c, ok) -> Call.get("/openapi"))
        );
    }

    private static String alicesWallet;
    private static String alicesFundedWallet;

    /** A wallet account of alice's (opened once per run) holding EUR 10,000.00, credited by the top-up command itself. */
    private static synchronized String alicesFundedWallet() {
        if (alicesFundedWallet == null) {
            String id = Call.post("/v1/wallet/accounts", "{\"currency\":\"EUR\"}").expect(Caller.ALICE, 201).getString("account_id");
            org.reckon.wallet.engine.WalletEngines engines = org.reckon.it.support.Jndi.lookup(
                    "java:global/reckon/reckon-ejb-wallet/WalletEngines", org.reckon.wallet.engine.WalletEngines.class);
            org.reckon.wallet.engine.PartitionEngine engine = engines.of(id);
            assertTrue(org.reckon.wallet.engine.Answers.await(engine.partition(), engine.submit(new org.reckon.wallet.domain.Command.Credit(
                    "top-" + id, id, new java.math.BigDecimal("10000.00"), "EUR", org.reckon.wallet.domain.Purpose.TOP_UP))).accepted());
            alicesFundedWallet = id;
        }
        return alicesFundedWallet;
    }

    /**
     * A wallet payment reaches the ledger a moment later (the wallet's ledger feed, every second):
     * waits until every partition's events are posted, so a later refused cell does not see the
     * ledger move and call it a leak.
     */
    private static String walletLedgerFed(World w, Caller c, java.net.http.HttpResponse<String> r) {
        org.reckon.wallet.WalletChecks checks = org.reckon.it.support.Jndi.lookup(
                "java:global/reckon/reckon-ejb-wallet/WalletChecks", org.reckon.wallet.WalletChecks.class);
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> checks.readModelLag().stream()
                    .allMatch(l -> l.postedToLedger() >= l.lastEvent()));
            return null;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return "the wallet's ledger feed did not catch up: " + checks.readModelLag();
        }
    }

    private static String fundedWalletBalance() {
        return Call.get("/v1/wallet/accounts/" + alicesFundedWallet()).expect(Caller.ALICE, 200).getString("balance");
    }

    /** Booking a quote, paid from alice's funded wallet (issue 12). */
    private static String walletBookJson(World w, String reservationId) {
        String card = w.bookJson(reservationId);
        return card.substring(0, card.length() - 1) + ",\"wallet_account\":\"" + alicesFundedWallet() + "\"}";
    }

    /** A reservation of alice's, paid from her funded wallet at booking. */
    private static String walletPaidReservation(World w) {
        String id = w.quote(Caller.ALICE, null);
        Call.post("/v1/reservations", walletBookJson(w, id)).expect(Caller.ALICE, 201);
        return id;
    }

    /** A wallet account of alice's (opened once per run), empty. */
    private static synchronized String alicesWallet() {
        if (alicesWallet == null) {
            alicesWallet = Call.post("/v1/wallet/accounts", "{\"currency\":\"EUR\"}").expect(Caller.ALICE, 201).getString("account_id");
        }
        return alicesWallet;
    }

    @Test
    void everyCellOfTheMatrixIsAsSpecifiedAndNothingLeaks() {
        World w = World.arrange();
        List<Matrix.Outcome> outcomes = Matrix.run(w, table());
        String report = Matrix.render(outcomes);
        System.out.println("AUTHORIZATION MATRIX (run " + w.run + ")\n" + report);
        long mismatches = outcomes.stream().filter(o -> !o.mismatches().isEmpty()).count();
        long leaks = outcomes.stream().filter(o -> !o.leaks().isEmpty()).count();
        assertEquals(0, leaks, report);
        assertEquals(0, mismatches, report);
        // bob's attempt on alice's quote did not use it up: alice books it herself
        Call.post("/v1/reservations", w.bookJson(w.aliceQuote)).expect(Caller.ALICE, 201);
    }

    /**
     * Issue 11: the same matrix, every row sent over HTTPS (the listener at 8443 + offset, its
     * certificate checked against the provisioned keystore), each user's requests alternating
     * between a bearer token from POST /v1/auth/token and Basic: tokens grant exactly what their
     * user's password does, Basic over TLS the same as over plain HTTP, and TLS changes no answer.
     * Alternating keeps the matrix at two passes (not three): every cell over TLS, each user's
     * cells about half with each credential (the counts are printed and both must be at least a
     * third of the pass); Basic over plain HTTP is the pass above.
     */
    @Test
    void everyCellHoldsOverHttpsWithBearerTokensAndBasicAlternating() {
        Call.bearer = true;
        Call.alternating = true;
        Call.SENT.clear();
        Http.tls = true;
        try {
            World w = World.arrange();
            List<Matrix.Outcome> outcomes = Matrix.run(w, table());
            String report = Matrix.render(outcomes);
            long tokens = Call.SENT.getOrDefault("Bearer", new java.util.concurrent.atomic.LongAdder()).sum();
            long basic = Call.SENT.getOrDefault("Basic", new java.util.concurrent.atomic.LongAdder()).sum();
            System.out.println("AUTHORIZATION MATRIX, OVER HTTPS, BEARER TOKENS AND BASIC ALTERNATING (run " + w.run + "; "
                    + tokens + " requests with a token, " + basic + " with Basic)\n" + report);
            assertEquals(0, outcomes.stream().filter(o -> !o.leaks().isEmpty()).count(), report);
            assertEquals(0, outcomes.stream().filter(o -> !o.mismatches().isEmpty()).count(), report);
            assertTrue(tokens * 3 >= tokens + basic && basic * 3 >= tokens + basic,
                    "both credentials over TLS: " + tokens + " with a token, " + basic + " with Basic");
        } finally {
            Call.bearer = false;
            Call.alternating = false;
            Http.tls = false;
        }
    }

    /** New endpoints cannot be forgotten: every resource method of the shipped web module has a row, and every row a method. */
    @Test
    @RunAsClient
    void theTableCoversEveryResourceMethodOfTheShippedWebModule() throws Exception {
        TreeSet<String> shipped = ResourceRoutes.ofShippedWar();
        TreeSet<String> covered = table().stream().filter(Matrix.Row::jaxRs).map(r -> r.route)
                .collect(Collectors.toCollection(TreeSet::new));
        TreeSet<String> missing = new TreeSet<>(shipped);
        missing.removeAll(covered);
        TreeSet<String> stale = new TreeSet<>(covered);
        stale.removeAll(shipped);
        assertTrue(missing.isEmpty(), "resource methods without a row in the authorization matrix: " + missing);
        assertTrue(stale.isEmpty(), "rows for routes that no longer exist: " + stale);
        assertTrue(shipped.size() >= 42, "found only " + shipped.size() + " routes: " + shipped);
    }

    /**
     * Credentials the server refuses are 401 on every endpoint, public ones included (a client with
     * a typo in its password learns it instead of silently becoming anonymous), with the Basic
     * challenge and a problem+json body like every other error. Unknown users are tried on every
     * route; a real user's wrong password only three times, because WildFly's brute-force
     * mitigation locks an identity out after repeated failures (and then alice could not log in).
     */
    @Test
    void wrongPasswordsAndUnknownUsersAre401WithAChallengeEverywhere() {
        World w = World.placeholders();
        StringBuilder wrong = new StringBuilder();
        for (Matrix.Row row : table().stream().filter(Matrix.Row::jaxRs).toList()) {
            Call call = row.request.call(w, Caller.ANONYMOUS, false);
            refusedCredentials(wrong, row.name(), call.sendAs("it-nobody-" + w.run, "whatever"));
        }
        refusedCredentials(wrong, "public hotel list", Call.get("/v1/hotels").sendAs("it-alice", "not-her-password"));
        refusedCredentials(wrong, "own reservations", Call.get("/v1/reservations").sendAs("it-alice", "not-her-password"));
        refusedCredentials(wrong, "ledger", Call.get("/v1/ledger/verify").sendAs("it-alice", "it-staff-pw"));
        // her password under another spelling of her name is not her: no identity, no lookalike principal
        refusedCredentials(wrong, "name in capitals", Call.get("/v1/reservations").sendAs("IT-ALICE", "it-alice-pw"));
        refusedCredentials(wrong, "name with a space", Call.get("/v1/reservations").sendAs("it-alice ", "it-alice-pw"));
        assertEquals("", wrong.toString());
        assertEquals(200, Call.get("/v1/reservations").send(Caller.ALICE).statusCode(), "alice's own password still works");
    }

    /**
     * Regression: a reservation's payment was refundable through the payments API by its guest
     * (and staff), leaving the reservation PAID with its rooms held and the money back. Now only
     * cancelling the reservation refunds it, in full, once.
     */
    @Test
    void aReservationsPaymentIsRefundedOnlyByCancellingTheReservation() {
        World w = World.bookable();
        String id = w.paidReservation(Caller.ALICE);
        String order = "reservation-" + id + "-1";
        for (Caller c : List.of(Caller.ALICE, Caller.STAFF)) {
            var refused = refund(w, order).send(c);
            assertEquals(409, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("cancel the reservation"), refused.body());
        }
        assertEquals("PAID", Call.get("/v1/reservations/" + id).expect(Caller.ALICE, 200).getString("status"));
        assertEquals("0.00", Call.get("/v1/payments/" + order).expect(Caller.ALICE, 200).getString("refunded_amount"));
        var canceled = Call.delete("/v1/reservations/" + id).expect(Caller.ALICE, 200);
        assertEquals("REFUNDED", canceled.getString("status"));
        var payment = Call.get("/v1/payments/" + order).expect(Caller.ALICE, 200);
        assertEquals("REFUNDED", payment.getString("status"));
        assertEquals(payment.getString("amount"), payment.getString("refunded_amount"));
        assertTrue(Call.get("/v1/ledger/verify").expect(Caller.STAFF, 200).getBoolean("ok"));
    }

    /**
     * Regression: an Idempotency-Key first used to refund one order, sent again with the same body
     * to refund another, replayed the first refund's 201 as if the second had been made (for bob:
     * a "success" refunding alice's payment). The key stands for the target too: 422, nothing done.
     */
    @Test
    void anIdempotencyKeyOfOneRefundIsRefusedForAnotherOrder() {
        World w = World.bookable();
        World.Payment alices = w.paidPayment(Caller.ALICE);
        World.Payment bobs = w.paidPayment(Caller.BOB);
        Call first = refund(w, bobs.orderId());
        first.expect(Caller.BOB, 201);
        Call again = new Call("POST", "/v1/payments/" + alices.orderId() + "/refunds", first.body(), first.headers());
        var refused = again.send(Caller.BOB);
        assertEquals(422, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("Idempotency-Key"), refused.body());
        assertEquals("0.00", Call.get("/v1/payments/" + alices.orderId()).expect(Caller.ALICE, 200).getString("refunded_amount"));
        var replayed = first.send(Caller.BOB);
        assertEquals(201, replayed.statusCode(), "the same request still replays");
        assertEquals("true", replayed.headers().firstValue("Idempotent-Replayed").orElse(""));
        assertEquals("1.00", Call.get("/v1/payments/" + bobs.orderId()).expect(Caller.BOB, 200).getString("refunded_amount"));
    }

    /** Regression: a staff-only option refused to an anonymous caller was 403 without a challenge. */
    @Test
    void anAnonymousCallerAskingForAStaffOnlyOptionIsAskedToAuthenticate() {
        World w = World.bookable();
        var r = Call.get(availability(w) + "&source=database").send(Caller.ANONYMOUS);
        assertEquals(401, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic "));
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertEquals(403, Call.get(availability(w) + "&source=database").send(Caller.BOB).statusCode());
    }

    private static void refusedCredentials(StringBuilder wrong, String what, java.net.http.HttpResponse<String> r) {
        String type = r.headers().firstValue("Content-Type").orElse("");
        String challenge = r.headers().firstValue("WWW-Authenticate").orElse("no challenge");
        if (r.statusCode() != 401 || !challenge.startsWith("Basic ") || !type.startsWith("application/problem+json")
                || !r.body().contains("\"AUTHENTICATION_REQUIRED\"")) {
            wrong.append(what).append(": ").append(r.statusCode()).append(' ').append(type).append(' ').append(challenge)
                    .append(' ').append(r.body().length() > 120 ? r.body().substring(0, 120) : r.body()).append('\n');
        }
    }

    // ---- requests

    private static Call newPayment(World w, Caller c) {
        return Call.post("/v1/payments", w.paymentJson(w.unique("co"), w.unique("po"), c, w.unique("seller"), "10.00"))
                .header("Idempotency-Key", w.unique("key"));
    }

    private static Call alicesPaymentAgain(World w) {
        return Call.post("/v1/payments", w.alicePayment.body()).header("Idempotency-Key", w.alicePayment.key());
    }

    private static Call refund(World w, String orderId) {
        return Call.post("/v1/payments/" + orderId + "/refunds", "{\"amount\":\"1.00\",\"currency\":\"EUR\"}")
                .header("Idempotency-Key", w.unique("refund"));
    }

    /** Refunds 1.00 of the caller's own payment (bob's for staff) with a key, then asks the same of alice's payment with that key. */
    private static Call keyOfAnOwnRefund(World w, Caller c) {
        Call onAlices = refund(w, w.alicePayment.orderId());
        if (c == Caller.ANONYMOUS) {
            return onAlices;
        }
        String own = c == Caller.ALICE ? w.alicePayment.orderId() : w.bobPayment.orderId();
        Call first = refund(w, own);
        first.expect(c, 201);
        return new Call(onAlices.method(), onAlices.path(), first.body(), first.headers());
    }

    private static Call forgedWebhook(World w) {
        String body = "{\"event_id\":\"" + w.unique("evt") + "\",\"type\":\"payment.succeeded\",\"created\":"
                + Instant.now().getEpochSecond() + ",\"data\":{\"nonce\":\"reservation-" + w.alicePending
                + "-1\",\"psp_reference\":\"psp_forged\",\"status\":\"succeeded\"}}";
        return Call.post("/v1/psp/webhooks", body)
                .header(WebhookSignature.HEADER, WebhookSignature.header("not-the-secret", Instant.now().getEpochSecond(), body));
    }

    private static String availability(World w) {
        return "/v1/hotels/" + w.hotel + "/availability?start_date=" + w.start + "&end_date=" + w.start.plusDays(1) + "&rooms=1";
    }

    // ---- checks

    private static String replayOnlyForAlice(World w, Caller c, java.net.http.HttpResponse<String> r) {
        boolean replayed = r.headers().firstValue("Idempotent-Replayed").isPresent();
        if (c == Caller.ALICE && !replayed) {
            return "alice's own key and body should replay her first answer";
        }
        return c != Caller.ALICE && replayed ? "replayed an answer stored for another request to " + c.label() : null;
    }

    private static String onlyOwnReservations(World w, Caller c, java.net.http.HttpResponse<String> r) {
        boolean hasAlices = r.body().contains(w.alicePending);
        boolean hasBobs = r.body().contains(w.bobPending);
        if (c == Caller.ALICE && (!hasAlices || hasBobs) || c == Caller.BOB && (hasAlices || !hasBobs)
                || c.seesEverything() && (hasAlices || hasBobs)) {
            return "the list is the caller's own reservations only";
        }
        return null;
    }

    private static String staffSeeAlicesReservation(World w, Caller c, java.net.http.HttpResponse<String> r) {
        return c.seesEverything() && !r.body().contains(w.alicePending) ? "staff see the hotel's reservations" : null;
    }

    private static String authorizedThenNotFound(World w, Caller c, java.net.http.HttpResponse<String> r) {
        return c.seesEverything() && !r.body().contains("no dead letter") ? "staff reach the lookup" : null;
    }
}
