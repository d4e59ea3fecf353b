package org.reckon.it.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/**
 * What is stored, counted around the application: rows of every table of the three PostgreSQL
 * databases (straight JDBC to the test's PostgreSQL), messages on every JMS queue (the server's
 * management model), documents in every search index. Two snapshots that differ name what changed.
 */
final class StoreCounts {

    private static final List<String> DATABASES = List.of("reckon_payment", "reckon_ledger", "reckon_hotel", "reckon_leaderboard",
            "reckon_objectstorage");

    private StoreCounts() {
    }

    static Map<String, Long> snapshot(ManagementClient management) {
        Map<String, Long> counts = new TreeMap<>();
        for (String db : DATABASES) {
            tables(db, counts);
        }
        queues(management, counts);
        indices(counts);
        return counts;
    }

    /** Waits until two snapshots a second apart agree: setup work (indexing, PSP calls) has settled. */
    static Map<String, Long> settled(ManagementClient management, long timeoutSeconds) {
        List<Map<String, Long>> last = new ArrayList<>(List.of(snapshot(management)));
        return Awaitility.await("the stores settle").atMost(Duration.ofSeconds(timeoutSeconds))
                .pollDelay(Duration.ofSeconds(1)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    Map<String, Long> now = snapshot(management);
                    boolean same = now.equals(last.set(0, now));
                    return same ? now : null;
                }, java.util.Objects::nonNull);
    }

    static List<String> differences(Map<String, Long> before, Map<String, Long> after) {
        List<String> changed = new ArrayList<>();
        TreeMap<String, Long> all = new TreeMap<>(before);
        after.forEach(all::putIfAbsent);
        for (String key : all.keySet()) {
            Long b = before.get(key);
            Long a = after.get(key);
            if (!java.util.Objects.equals(a, b)) {
                changed.add(key + ": " + b + " -> " + a);
            }
        }
        return changed;
    }

    private static void tables(String db, Map<String, Long> counts) {
        String url = "jdbc:postgresql://127.0.0.1:" + System.getProperty("reckon.test.pg.port") + "/" + db;
        try (Connection c = DriverManager.getConnection(url, "reckon", "reckon"); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_schema || '.' || table_name FROM information_schema.tables "
                    + "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    counts.put(db + "." + table, rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the rows of " + db, e);
        }
    }

    private static void queues(ManagementClient management, Map<String, Long> counts) {
        ModelNode op = Operations.createOperation("read-children-resources",
                Operations.createAddress("subsystem", "messaging-activemq", "server", "default"));
        op.get("child-type").set("jms-queue");
        op.get("include-runtime").set(true);
        try {
            ModelNode result = management.getControllerClient().execute(op);
            if (!Operations.isSuccessfulOutcome(result)) {
                throw new IllegalStateException(Operations.getFailureDescription(result).asString());
            }
            for (String queue : Operations.readResult(result).keys()) {
                ModelNode q = Operations.readResult(result).get(queue);
                counts.put("queue." + queue, q.get("message-count").asLong() + q.get("scheduled-count").asLong(0));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the queues", e);
        }
    }

    private static void indices(Map<String, Long> counts) {
        String port = System.getProperty("reckon.test.es.port");
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/_cat/indices?h=index,docs.count&expand_wildcards=open"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            for (String line : r.body().split("\n")) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2) {
                    counts.put("index." + parts[0], Long.parseLong(parts[1]));
                }
            }
        } catch (IOException e) {
            counts.put("index.unreachable", 1L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
