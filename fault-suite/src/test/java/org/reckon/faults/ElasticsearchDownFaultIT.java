package org.reckon.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.reckon.faults.support.Api;
import org.reckon.faults.support.Api.User;
import org.reckon.faults.support.Load;
import org.reckon.faults.support.Platform;
import org.reckon.faults.support.Report;
import org.reckon.faults.support.Scenario;

/**
 * Fault 5: Elasticsearch is stopped while hotels are created and renamed and bookings change
 * state. Writes keep working (the index is fed after commit, through a queue); search answers a
 * clean 503 problem; when the cluster is back the index catches up by itself (SearchCatchUp
 * replays the dead-lettered reindex messages) with no missing or stale document.
 */
@Order(5)
class ElasticsearchDownFaultIT {

    @Test
    void writesGoOnAndTheIndexCatchesUp() {
        Scenario.begin("Elasticsearch down", "cluster stopped for " + Scenario.LOAD_SECONDS + " s of load plus hotel "
                + "creations and renames; search must fail cleanly; after restart the index must equal the database");
        Platform platform = Scenario.platform();
        Load load = new Load(platform, Scenario.fixture()).start(2, 3);
        platform.elasticsearch.stop();
        Report.injected("Elasticsearch stopped");
        int hotels = 0;
        for (int i = 0; i < 5; i++) {
            Api.Response created = Api.must(platform.reckonUrl("/v1/hotels"), User.STAFF, "POST", hotel("While ES was down " + i));
            assertEquals(201, created.status(), created.body());
            String id = created.json().getString("hotel_id");
            Api.Response renamed = Api.must(platform.reckonUrl("/v1/hotels/" + id), User.STAFF, "PUT", hotel("Renamed while down " + i));
            assertEquals(200, renamed.status(), renamed.body());
            hotels++;
        }
        Api.Response search = Api.must(platform.reckonUrl("/v1/hotels/search?q=wifi"), null, "GET", null);
        Report.checked("while down: %d hotels created and renamed (201, 200); search answered %d %s", hotels, search.status(),
                search.body().length() > 120 ? search.body().substring(0, 120) : search.body());
        assertEquals(503, search.status(), search.body());
        assertTrue(search.body().contains("\"status\":503"), "a problem+json body: " + search.body());
        Platform.sleep(Scenario.LOAD_SECONDS * 1000L);
        platform.elasticsearch.start();
        Report.injected("Elasticsearch started again");
        load.stop(90);
        Report.line("load: %s", load.summary());
        Scenario.invariants().settle(Duration.ofMinutes(4), load);
        assertEquals(0, load.unexpected.get(), "unexpected answers: " + load.unexpectedSamples);
    }

    static String hotel(String name) {
        return "{\"name\":\"" + name + " " + UUID.randomUUID().toString().substring(0, 6) + "\",\"city\":\"Braga\","
                + "\"address\":\"Avenida Central 1\",\"amenities\":[\"wifi\"],\"currency\":\"EUR\",\"overbooking_percent\":\"0\","
                + "\"tax_percent\":\"6\",\"service_fee\":\"1.00\",\"occupancy_multipliers\":[]}";
    }
}
