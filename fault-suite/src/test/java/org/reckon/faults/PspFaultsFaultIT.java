package org.reckon.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.reckon.faults.support.Api;
import org.reckon.faults.support.Load;
import org.reckon.faults.support.Platform;
import org.reckon.faults.support.Report;
import org.reckon.faults.support.Scenario;

/**
 * Fault 3: the PSP misbehaves under load: latency, a 5xx burst, responses dropped after the
 * charge was made, duplicate, delayed and reordered webhooks, and Reckon's webhook endpoint
 * unreachable (the network path cut) for a while.
 */
@Order(3)
class PspFaultsFaultIT {

    @Test
    void misbehavingPspLosesAndDuplicatesNothing() {
        Scenario.begin("PSP faults", "latency 1.5 s, 30 % 5xx, 20 % responses dropped after the work, duplicate and "
                + "reordered (delayed 0-2 s) webhooks; the webhook endpoint cut off for " + Scenario.OUTAGE_SECONDS + " s");
        Platform platform = Scenario.platform();
        faults(platform, "{\"latency_millis\":1500,\"error_rate\":0.3,\"drop_response_rate\":0.2,"
                + "\"duplicate_webhooks\":true,\"reorder_webhooks\":true}");
        Load load = new Load(platform, Scenario.fixture()).start(4, 2);
        Platform.sleep(Scenario.LOAD_SECONDS * 500L);
        platform.proxy.cut();
        Report.injected("webhook endpoint unreachable (connection refused) for %d s", Scenario.OUTAGE_SECONDS);
        Platform.sleep(Scenario.OUTAGE_SECONDS * 1000L);
        platform.proxy.restore();
        faults(platform, "{\"latency_millis\":0,\"error_rate\":1.0,\"drop_response_rate\":0.0,"
                + "\"duplicate_webhooks\":true,\"reorder_webhooks\":true}");
        Report.injected("5xx burst: every PSP call fails for 5 s");
        Platform.sleep(5000);
        faults(platform, "{\"latency_millis\":200,\"error_rate\":0.0,\"drop_response_rate\":0.3,"
                + "\"duplicate_webhooks\":true,\"reorder_webhooks\":true}");
        Platform.sleep(Scenario.LOAD_SECONDS * 500L);
        load.stop(90);
        Api.must(platform.pspUrl("/api/v1/faults/reset"), null, "POST", null);
        Report.line("load: %s", load.summary());
        Scenario.invariants().settle(Duration.ofMinutes(4), load);
        assertEquals(0, load.unexpected.get(), "unexpected answers: " + load.unexpectedSamples);
    }

    static void faults(Platform platform, String json) {
        Api.Response r = Api.must(platform.pspUrl("/api/v1/faults"), null, "PUT", json);
        if (r.status() != 200) {
            throw new IllegalStateException("PSP faults " + json + ": " + r.status() + " " + r.body());
        }
        Report.injected("PSP fault switches %s", json);
    }
}
