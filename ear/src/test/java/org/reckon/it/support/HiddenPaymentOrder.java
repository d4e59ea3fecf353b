package org.reckon.it.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A payment order made invisible for a while, as it is to a reader while the two-phase commit
 * that created it has committed its other branches but not yet PaymentDS's: its history rows and
 * its row are deleted (committed), then inserted again unchanged by {@link #restore}. Closing it
 * restores them if that has not happened yet.
 */
public final class HiddenPaymentOrder implements AutoCloseable {

    private final String paymentOrderId;
    private final List<Map<String, Object>> order;
    private final List<Map<String, Object>> history;
    private boolean restored;

    private HiddenPaymentOrder(String paymentOrderId, List<Map<String, Object>> order, List<Map<String, Object>> history) {
        this.paymentOrderId = paymentOrderId;
        this.order = order;
        this.history = history;
    }

    public static HiddenPaymentOrder hide(String paymentOrderId) {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            List<Map<String, Object>> order = rows(c, "SELECT * FROM payment_order WHERE payment_order_id = ? FOR UPDATE",
                    paymentOrderId);
            List<Map<String, Object>> history = rows(c, "SELECT * FROM payment_order_history WHERE payment_order_id = ?",
                    paymentOrderId);
            if (order.size() != 1) {
                throw new IllegalStateException("no payment order " + paymentOrderId + " to hide");
            }
            execute(c, "DELETE FROM payment_order_history WHERE payment_order_id = ?", paymentOrderId);
            execute(c, "DELETE FROM payment_order WHERE payment_order_id = ?", paymentOrderId);
            c.commit();
            return new HiddenPaymentOrder(paymentOrderId, order, history);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot hide payment order " + paymentOrderId, e);
        }
    }

    /** Inserts the rows again, in one transaction: the order becomes visible at once, with its history. */
    public synchronized void restore() {
        if (restored) {
            return;
        }
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            insert(c, "payment_order", order.get(0));
            for (Map<String, Object> row : history) {
                insert(c, "payment_order_history", row);
            }
            c.commit();
            restored = true;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot restore payment order " + paymentOrderId, e);
        }
    }

    /** Restores the rows from another thread after {@code millis}: the commit that comes late. */
    public CompletableFuture<Void> restoreAfter(long millis) {
        return CompletableFuture.runAsync(this::restore,
                CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() {
        restore();
    }

    private static Connection connection() throws SQLException {
        return Jndi.lookup(Rows.PAYMENT_DS, DataSource.class).getConnection();
    }

    private static List<Map<String, Object>> rows(Connection c, String sql, String id) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnName(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static void execute(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, id);
            s.executeUpdate();
        }
    }

    private static void insert(Connection c, String table, Map<String, Object> row) throws SQLException {
        String sql = "INSERT INTO " + table + " (" + String.join(", ", row.keySet()) + ") VALUES ("
                + String.join(", ", row.keySet().stream().map(k -> "?").toList()) + ")";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            for (Object value : row.values()) {
                s.setObject(i++, value);
            }
            s.executeUpdate();
        }
    }
}
