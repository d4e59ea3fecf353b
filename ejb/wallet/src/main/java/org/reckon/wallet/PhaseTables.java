package org.reckon.wallet;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.reckon.wallet.engine.PartitionUnavailableException;

/**
 * The TC/C phase status table and the Saga table of one partition's database, written with
 * auto-commit JDBC: each update is durable before the coordinator takes its next step.
 */
final class PhaseTables {

    /**
     * A row not updated for {@code reckon.wallet.recovery.abandoned-after} (default two minutes):
     * its coordinator is gone (every step waits 30 s at most), so recovery may finish it without
     * racing a live coordinator. The parameter is the instant before which the row was last updated.
     */
    static final String ABANDONED = "updated_at < ?";

    record Transfer(String txId, String from, String to, BigDecimal amount, String currency) {
    }

    private final int partition;
    private final DataSource dataSource;

    PhaseTables(int partition, DataSource dataSource) {
        this.partition = partition;
        this.dataSource = dataSource;
    }

    /** Inserts the row; false if the transaction id already has one. */
    boolean insert(String table, Transfer t, Map<String, Object> columns) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("transaction_id", t.txId());
        all.put("from_account", t.from());
        all.put("to_account", t.to());
        all.put("amount", t.amount());
        all.put("currency", t.currency());
        all.putAll(columns);
        all.put("created_at", Timestamp.from(Instant.now()));
        all.put("updated_at", Timestamp.from(Instant.now()));
        String sql = "INSERT INTO " + table + " (" + String.join(", ", all.keySet()) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(all.size(), "?")) + ")";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (Object v : all.values()) {
                ps.setObject(i++, v);
            }
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return false;
            }
            throw unavailable(e);
        }
    }

    void update(String table, String txId, Map<String, Object> columns) {
        List<String> sets = new ArrayList<>();
        columns.keySet().forEach(k -> sets.add(k + " = ?"));
        sets.add("updated_at = ?");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE " + table + " SET " + String.join(", ", sets) + " WHERE transaction_id = ?")) {
            int i = 1;
            for (Object v : columns.values()) {
                ps.setObject(i++, v);
            }
            ps.setTimestamp(i++, Timestamp.from(Instant.now()));
            ps.setString(i, txId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * Sets the TC/C second phase unless one is set already (compare-and-set on the row); answers
     * the phase that holds, this one or the one decided first.
     */
    String decideSecondPhase(String txId, String phase) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE " + TccTransfers.TABLE
                + " SET second_phase = ?, second_phase_status = 'PENDING', updated_at = ? WHERE transaction_id = ? AND second_phase IS NULL")) {
            ps.setString(1, phase);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setString(3, txId);
            if (ps.executeUpdate() == 1) {
                return phase;
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
        return (String) row(TccTransfers.TABLE, txId).orElseThrow().get("second_phase");
    }

    Optional<Map<String, Object>> row(String table, String txId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + " WHERE transaction_id = ?")) {
            ps.setString(1, txId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(columns(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Rows matching a condition that ends with {@link #ABANDONED} (unfinished ones, for recovery). */
    List<Map<String, Object>> rows(String table, String where, Instant updatedBefore) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + " WHERE " + where)) {
            ps.setTimestamp(1, Timestamp.from(updatedBefore));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(columns(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static Map<String, Object> columns(ResultSet rs) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getObject(i));
        }
        return row;
    }

    static boolean sameTransfer(Map<String, Object> row, Transfer t) {
        Transfer stored = transfer(row);
        return stored.from().equals(t.from()) && stored.to().equals(t.to()) && stored.amount().compareTo(t.amount()) == 0
                && stored.currency().equals(t.currency());
    }

    /**
     * The transfer a row records, its amount at the currency's scale as the API gave it (the
     * column's NUMERIC(19, 4) reads back 39.9200 for 39.92): a step re-sent by recovery must carry
     * the same canonical body as the first time, or the state machine answers "transaction id
     * reused" and the step is never made (found by WalletCrashFaultIT: a recovered saga ended FAILED
     * with its debit kept).
     */
    static Transfer transfer(Map<String, Object> row) {
        String currency = ((String) row.get("currency")).trim();
        BigDecimal amount = ((BigDecimal) row.get("amount")).setScale(
                Math.max(0, java.util.Currency.getInstance(currency).getDefaultFractionDigits()), java.math.RoundingMode.UNNECESSARY);
        return new Transfer((String) row.get("transaction_id"), (String) row.get("from_account"), (String) row.get("to_account"),
                amount, currency);
    }

    private PartitionUnavailableException unavailable(SQLException e) {
        return new PartitionUnavailableException(partition, "phase table: " + e.getMessage());
    }
}
