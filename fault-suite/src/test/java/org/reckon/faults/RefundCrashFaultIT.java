package org.reckon.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.reckon.faults.support.Api;
import org.reckon.faults.support.Api.Response;
import org.reckon.faults.support.Api.User;
import org.reckon.faults.support.Invariants;
import org.reckon.faults.support.Load;
import org.reckon.faults.support.Platform;
import org.reckon.faults.support.Report;
import org.reckon.faults.support.Scenario;

/**
 * Issue 11, item 5: the Reckon JVM is killed after the PSP refunded and before Reckon recorded the
 * refund (a Byteman rule parks the request right after the PSP's answer; the suite SIGKILLs). The
 * refund intent was committed before the PSP was called, so after the restart the refund is
 * recorded exactly once (by the sweep, or by the client's retry with the same Idempotency-Key),
 * and the invariants hold: the PSP's refund matches one Reckon refund, the wallet gives the money
 * back once, the ledger verifies.
 */
@Order(6)
class RefundCrashFaultIT {

    @Test
    void aCrashAfterThePspRefundedAndBeforeReckonCommittedRecordsTheRefundOnce() throws SQLException {
        Scenario.begin("crash between the PSP's refund and Reckon's commit", "SIGKILL of the Reckon JVM parked right after "
                + "the PSP confirmed a refund, restart, the refund recorded once");
        Platform platform = Scenario.platform();
        Invariants invariants = Scenario.invariants();
        String id = UUID.randomUUID().toString().substring(0, 13);
        String orderId = "fro-" + id;
        Response created = Api.call(platform.reckonUrl("/v1/payments"), User.ALICE, "POST", "{\"checkout_id\":\"frco-" + id
                + "\",\"buyer_info\":{\"name\":\"Refund Crash\"},\"payment_orders\":[{\"payment_order_id\":\"" + orderId
                + "\",\"seller_account\":\"fault-refund-seller\",\"amount\":\"40.00\",\"currency\":\"EUR\"}]}", "frk-" + id)
                .orElseThrow();
        assertEquals(201, created.status(), created.body());
        String token = Awaitility.await("the PSP page of " + orderId).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> order(platform, orderId).filter(o -> o.json().containsKey("psp_token"))
                        .map(o -> o.json().getString("psp_token")).orElse(null), java.util.Objects::nonNull);
        Response paid = Api.call(platform.pspUrl("/api/v1/payments/" + token + "/confirm"), null, "POST",
                "{\"card_number\":\"4242424242424242\",\"holder\":\"Refund Crash\",\"expiry\":\"12/30\",\"cvv\":\"123\"}", null)
                .orElseThrow();
        assertEquals(200, paid.status(), paid.body());
        Awaitility.await(orderId + " captured").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> order(platform, orderId).map(o -> o.json().getString("status")).orElse(""), "SUCCESS"::equals);

        platform.armCrashAfterPspRefund();
        String refund = "{\"amount\":\"15.00\",\"currency\":\"EUR\"}";
        CompletableFuture<Optional<Response>> first = CompletableFuture.supplyAsync(() -> Api.call(
                platform.reckonUrl("/v1/payments/" + orderId + "/refunds"), User.ALICE, "POST", refund, "frr-" + id));
        assertTrue(platform.awaitParkedAfterPspRefund(Duration.ofSeconds(60)), "the refund parked after the PSP's answer");
        long pid = platform.reckon.pid();
        platform.reckon.kill();
        platform.disarmCrashAfterPspRefund();
        long restart = System.nanoTime();
        Duration boot = platform.reckon.start(Platform.BOOT_TIMEOUT);
        Report.injected("SIGKILL to pid %d after the PSP refunded 15.00 EUR of %s, before Reckon recorded it; up again in %.1f s",
                pid, orderId, boot.toMillis() / 1000.0);
        assertTrue(first.join().isEmpty() || !first.join().get().ok(), "the first request died with the server");

        Awaitility.await("the refund recorded after the restart").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> refunds(platform, orderId), n -> n == 1);
        long recordedMillis = (System.nanoTime() - restart) / 1_000_000;
        // the client retries with its key: the answer is the recorded refund, not a second one
        Response retried = Awaitility.await("a definite answer to the retry").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500)).until(() -> Api.call(platform.reckonUrl("/v1/payments/" + orderId + "/refunds"),
                        User.ALICE, "POST", refund, "frr-" + id).orElse(null), r -> r != null && r.status() != 409 && r.status() < 500);
        assertTrue(retried.status() == 201 || retried.status() == 200, retried.status() + " " + retried.body());
        assertEquals(1, refunds(platform, orderId), "recorded exactly once");
        assertEquals("15.00", order(platform, orderId).orElseThrow().json().getString("refunded_amount"));
        Invariants.Figures figures = invariants.settle(Duration.ofMinutes(4), new Load(platform, Scenario.fixture()));
        Report.checked("the refund the PSP made before the crash was recorded once, %.1f s after the restart began; "
                + "the client's retry answered %d; %d payment orders, %d charged", recordedMillis / 1000.0, retried.status(),
                figures.orders(), figures.charged());
    }

    private static Optional<Response> order(Platform platform, String orderId) {
        return Api.call(platform.reckonUrl("/v1/payments/" + orderId), User.ALICE, "GET", null, null).filter(Response::ok);
    }

    private static long refunds(Platform platform, String orderId) throws SQLException {
        try (Connection c = platform.db("reckon_payment");
             PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM payment_refund WHERE payment_order_id = ?")) {
            st.setString(1, orderId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
