package org.reckon.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.reckon.faults.support.Api;
import org.reckon.faults.support.Api.User;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.reckon.faults.support.Load;
import org.reckon.faults.support.Platform;
import org.reckon.faults.support.Report;
import org.reckon.faults.support.Scenario;

/**
 * Fault 2: PostgreSQL (all three databases) is stopped under load and started again. Pooled
 * connections die (the exception sorter discards them); requests during the outage fail cleanly
 * and clients repeat them; prepared branches survive the restart and are resolved.
 */
@Order(2)
class DatabaseRestartFaultIT {

    @Test
    void databaseRestartUnderLoadLosesNothing() {
        Scenario.begin("database restart", "PostgreSQL stopped (fast shutdown) for " + Scenario.OUTAGE_SECONDS
                + " s under load, then started on the same data");
        Platform platform = Scenario.platform();
        Load load = new Load(platform, Scenario.fixture()).start(4, 2);
        Platform.sleep(5000);
        long before = load.retries.get();
        platform.stopPostgres();
        Report.injected("PostgreSQL stopped (fast shutdown: open connections cut)");
        // a pay-in sent while the database is down: a clean 503 problem, nothing half-done
        String key = "db-down-" + UUID.randomUUID();
        String body = "{\"checkout_id\":\"" + key + "\",\"buyer_info\":{},\"payment_orders\":[{\"payment_order_id\":\"po-" + key
                + "\",\"seller_account\":\"fault-seller-db\",\"amount\":\"10.00\",\"currency\":\"EUR\"}]}";
        Optional<Api.Response> down = Api.call(platform.reckonUrl("/v1/payments"), User.ALICE, "POST", body, key);
        Platform.sleep(Scenario.OUTAGE_SECONDS * 1000L);
        platform.startPostgres();
        Report.injected("PostgreSQL started again after %d s down", Scenario.OUTAGE_SECONDS);
        Report.checked("a pay-in sent while the database was down answered %s", down.map(r -> r.status() + " " + r.body()).orElse("nothing"));
        assertTrue(down.isPresent() && down.get().status() == 503 && down.get().body().contains("DATABASE_UNAVAILABLE"),
                "503 DATABASE_UNAVAILABLE while the database is down: " + down);
        List<Api.Response> answers = new ArrayList<>(java.util.Collections.singletonList((Api.Response) null));
        try {
            Awaitility.await("the same pay-in answered once the database is back").atMost(Duration.ofSeconds(60))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1)).until(() -> {
                        Api.Response r = Api.call(platform.reckonUrl("/v1/payments"), User.ALICE, "POST", body, key).orElse(null);
                        answers.set(0, r);
                        return r != null && r.status() < 500;
                    });
        } catch (ConditionTimeoutException e) {
            // reported and asserted below, with the last answer
        }
        Api.Response again = answers.get(0);
        Report.checked("the same request (same Idempotency-Key) once the database was back: %s", again == null ? "nothing" : again.status());
        assertEquals(201, again == null ? 0 : again.status(), "the retried pay-in is created once the database is back");
        load.payInsStarted.incrementAndGet(); // counted with the load's, so acknowledged never exceeds started
        load.acknowledgedPayIns.add("po-" + key);
        Platform.sleep(Scenario.LOAD_SECONDS * 1000L);
        load.stop(90);
        Report.line("load: %s; %d requests repeated during and after the outage", load.summary(), load.retries.get() - before);
        Scenario.invariants().settle(Duration.ofMinutes(4), load);
        assertEquals(0, load.unexpected.get(), "unexpected answers: " + load.unexpectedSamples);
    }
}
