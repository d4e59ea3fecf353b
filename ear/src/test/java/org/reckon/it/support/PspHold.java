package org.reckon.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.awaitility.Awaitility;

/**
 * Issue 11, item 6: holds the PSP sandbox's answers open (its {@code latency_millis} switch) and,
 * while Reckon waits for the PSP, looks at what Reckon holds in a database: which sessions are
 * inside a transaction begun before the PSP call, and whether a row can be locked with NOWAIT.
 */
public final class PspHold {

    private PspHold() {
    }

    /** Every PSP payments call sleeps this long before it is handled (0: none). */
    public static void latency(long millis) {
        HttpResponse<String> r = Http.send(Http.request("/psp-sandbox/api/v1/faults")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"latency_millis\":" + millis + "}")));
        assertEquals(200, r.statusCode(), r.body());
    }

    public static void reset() {
        Http.send(Http.request("/psp-sandbox/api/v1/faults/reset").POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** When the sandbox began holding a refund request of this payment order (its own record), once it has. */
    public static Instant awaitRefundHeld(String paymentOrderId, Duration atMost) {
        return Awaitility.await("the PSP holds a refund of " + paymentOrderId).atMost(atMost).pollInterval(Duration.ofMillis(50))
                .until(() -> refundHeld(paymentOrderId), Optional::isPresent).orElseThrow();
    }

    private static Optional<Instant> refundHeld(String paymentOrderId) {
        HttpResponse<String> r = Http.get("/psp-sandbox/api/v1/faults/injections?nonce=" + paymentOrderId);
        assertEquals(200, r.statusCode(), r.body());
        return jakarta.json.Json.createReader(new StringReader(r.body())).readArray().getValuesAs(JsonObject.class).stream()
                .filter(i -> "delayed".equals(i.getString("kind")) && "POST".equals(i.getString("method"))
                        && i.getString("path").endsWith("/refunds"))
                .map(i -> Instant.parse(i.getString("at"))).findFirst();
    }

    /**
     * The sessions of this data source's database (other than the one asking) inside a transaction
     * that began before {@code before}: a transaction (XA branch or local) that holds a pooled
     * connection across that moment. Each as "pid state xact_start query".
     */
    public static List<String> transactionsBegunBefore(String dataSourceJndi, Instant before) {
        String sql = "SELECT pid, state, xact_start, left(query, 120) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND pid <> pg_backend_pid() AND xact_start IS NOT NULL AND xact_start < ?";
        try (Connection c = Jndi.lookup(dataSourceJndi, DataSource.class).getConnection();
             PreparedStatement st = c.prepareStatement(sql)) {
            st.setTimestamp(1, Timestamp.from(before));
            List<String> found = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getInt(1) + " " + rs.getString(2) + " " + rs.getTimestamp(3).toInstant() + " " + rs.getString(4));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + dataSourceJndi, e);
        }
    }

    /**
     * Locks the row {@code column = id} of {@code table} with NOWAIT (and lets it go at once): null
     * when it could be locked, else the database's refusal (the row is locked by someone else).
     * {@code table} and {@code column} are the test's own constants.
     */
    public static String lockNowait(String dataSourceJndi, String table, String column, String id) {
        String sql = "SELECT COUNT(*) FROM (SELECT 1 FROM " + table + " WHERE " + column + " = ? FOR UPDATE NOWAIT) locked";
        try (Connection c = Jndi.lookup(dataSourceJndi, DataSource.class).getConnection();
             PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                assertEquals(1, rs.getLong(1), "no row " + column + " = " + id + " in " + table);
                return null;
            }
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) { // lock_not_available
                return e.getMessage();
            }
            throw new IllegalStateException(sql + " failed on " + dataSourceJndi, e);
        }
    }
}
