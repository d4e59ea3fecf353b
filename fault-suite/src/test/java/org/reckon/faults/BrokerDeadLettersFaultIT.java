package org.reckon.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.reckon.faults.support.Api;
import org.reckon.faults.support.Api.User;
import org.reckon.faults.support.Load;
import org.reckon.faults.support.Platform;
import org.reckon.faults.support.Report;
import org.reckon.faults.support.Scenario;

/**
 * Fault 4: the payment consumers fail for long enough (every PSP call answers 5xx) that their
 * messages use up the redeliveries and fill the dead-letter queues. Then the PSP recovers and
 * staff replay the dead letters: every payment goes through once, none twice.
 */
@Order(4)
class BrokerDeadLettersFaultIT {

    static final String[] QUEUES = {"payment-execution", "payment-retry", "domain-events", "search-indexing"};

    @Test
    void deadLettersFillThenReplayOnce() {
        Scenario.begin("broker: dead letters", "every PSP call fails until the payment dead-letter queues hold messages, "
                + "then the PSP recovers and staff replay every dead-letter queue");
        Platform platform = Scenario.platform();
        PspFaultsFaultIT.faults(platform, "{\"error_rate\":1.0}");
        Load load = new Load(platform, Scenario.fixture()).start(3, 1);
        int dead;
        try {
            dead = Awaitility.await("ten payment dead letters").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(2)).pollInSameThread()
                    .until(() -> deadLetters(platform, "payment-execution") + deadLetters(platform, "payment-retry"), n -> n >= 10);
        } catch (ConditionTimeoutException e) {
            dead = deadLetters(platform, "payment-execution") + deadLetters(platform, "payment-retry"); // asserted below
        }
        load.stop(5);
        // the stopped load's last messages are still being redelivered (up to 5 s apart in test) before
        // they reach the dead letters too: wait until no queue's dead letters change for 8 s
        AtomicInteger seen = new AtomicInteger(-1);
        Awaitility.await("the dead-letter queues stop growing").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1)).pollInSameThread().during(Duration.ofSeconds(8))
                .until(() -> {
                    int now = 0;
                    for (String queue : QUEUES) {
                        now += deadLetters(platform, queue);
                    }
                    return now == seen.getAndSet(now);
                });
        StringBuilder filled = new StringBuilder();
        for (String queue : QUEUES) {
            filled.append(queue).append('=').append(deadLetters(platform, queue)).append(' ');
        }
        Report.injected("PSP down for the consumers: dead-letter queues hold %s", filled.toString().trim());
        assertTrue(dead >= 10, "the payment dead-letter queues did not fill: " + filled);
        Api.must(platform.pspUrl("/api/v1/faults/reset"), null, "POST", null);
        int replayed = 0;
        for (String queue : QUEUES) {
            Api.Response r = Api.must(platform.reckonUrl("/v1/admin/dead-letters/" + queue + "/replay-all"), User.STAFF, "POST", null);
            assertEquals(200, r.status(), r.body());
            replayed += r.json().getInt("replayed");
        }
        Report.injected("PSP recovered; staff replayed %d dead letters", replayed);
        Scenario.invariants().settle(Duration.ofMinutes(4), load);
        int left = 0;
        for (String queue : QUEUES) {
            left += deadLetters(platform, queue);
        }
        Report.checked("after replay: %d dead letters left; %s", left, load.summary());
        assertEquals(0, left, "dead letters left after the replay");
    }

    static int deadLetters(Platform platform, String queue) {
        Api.Response r = Api.must(platform.reckonUrl("/v1/admin/dead-letters/" + queue + "?max=1000"), User.STAFF, "GET", null);
        assertEquals(200, r.status(), r.body());
        return Api.parse(r.body()).asJsonObject().getJsonArray("items").size();
    }
}
