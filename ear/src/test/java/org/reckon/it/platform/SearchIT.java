package org.reckon.it.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.Elasticsearch;
import org.reckon.it.support.Http;
import org.reckon.it.support.Json;
import org.reckon.it.support.TestUsers;
import org.reckon.platform.search.SearchGateway;
import org.reckon.platform.search.SearchHit;

/** Search against the real Elasticsearch, and what the platform does when it is gone. */
@ExtendWith(ArquillianExtension.class)
class SearchIT {

    @Test
    void aDocumentIndexedThroughTheSearchComponentIsFoundByFullText() {
        SearchGateway search = CDI.current().select(SearchGateway.class).get();
        String index = "it-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            search.index(index, "budapest", Map.of("name", "Grand Budapest Hotel", "city", "Nebelsbad",
                    "amenities", "funicular, pastry shop, spa"), true);
            search.index(index, "overlook", Map.of("name", "Overlook Hotel", "city", "Sidewinder",
                    "amenities", "hedge maze, ballroom"), true);

            List<SearchHit> hits = search.search(index, "pastry", 10);

            assertEquals(List.of("budapest"), hits.stream().map(SearchHit::id).toList());
            assertEquals("Grand Budapest Hotel", hits.get(0).source().get("name"));
            assertTrue(search.search(index, "casino", 10).isEmpty());
        } finally {
            search.deleteIndex(index);
        }
    }

    @Test
    @RunAsClient
    void staffFindWhatAnAdminIndexedOverHttp() {
        String index = "it-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> put = Http.send(Http.as(Http.request("/v1/search/" + index + "/documents/d-1"),
                        TestUsers.ADMIN.user, TestUsers.ADMIN.password)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"fields\":{\"name\":\"Hotel Chevalier\",\"city\":\"Paris\"},\"visible_on_return\":true}")));
        assertEquals(200, put.statusCode(), put.body());

        HttpResponse<String> found = Http.send(Http.as(Http.request("/v1/search/" + index + "?q=chevalier"),
                TestUsers.STAFF.user, TestUsers.STAFF.password).GET());

        assertEquals(200, found.statusCode(), found.body());
        JsonObject body = Json.object(found.body());
        assertEquals(1, body.getJsonArray("items").size());
        assertEquals("d-1", body.getJsonArray("items").getJsonObject(0).getString("id"));
    }

    @Test
    @RunAsClient
    void withSearchStoppedReadinessReportsItDownAndSearchAnswers503() {
        Elasticsearch.stop();
        try {
            HttpResponse<String> ready = Http.get("/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            JsonObject health = Json.object(ready.body());
            assertEquals("DOWN", health.getString("status"));
            Map<String, String> checks = new java.util.HashMap<>();
            health.getJsonArray("checks").getValuesAs(JsonObject.class)
                    .forEach(c -> checks.put(c.getString("name"), c.getString("status")));
            assertEquals("DOWN", checks.get("search"));
            assertEquals("UP", checks.get("payment-database"));
            assertEquals("UP", checks.get("ledger-database"));
            assertEquals("UP", checks.get("hotel-database"));
            assertEquals("UP", checks.get("broker"));

            HttpResponse<String> search = Http.send(Http.as(Http.request("/v1/search/hotels?q=paris"),
                    TestUsers.STAFF.user, TestUsers.STAFF.password).GET());
            assertEquals(503, search.statusCode(), search.body());
            assertEquals("application/problem+json", search.headers().firstValue("Content-Type").orElse(""));
            assertEquals("SEARCH_UNAVAILABLE", Json.object(search.body()).getString("code"));
        } finally {
            Elasticsearch.start();
        }
        assertEquals(200, Http.get("/health/ready").statusCode(), "ready again once search is back");
    }
}
