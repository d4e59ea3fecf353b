package org.reckon.wallet.engine;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.reckon.wallet.domain.Event;
import org.reckon.wallet.domain.EventType;

/**
 * One partition's durable log in its own PostgreSQL (H2 in dev) database: the command list, the
 * event list and the snapshots, read and written with plain JDBC. Appends take the caller's
 * connection, so the single writer commits a whole batch at once (group commit) and the XA
 * protocol appends inside its distributed transaction.
 */
public final class PartitionLog {

    /** A command as the command list stores it. */
    public record CommandRow(long seq, String key, String body, Instant receivedAt) {
    }

    public record Snapshot(long seq, Instant takenAt, String reason, String state) {
    }

    private static final String EVENT_COLUMNS = "seq, command_seq, command_key, fingerprint, type, tx_id, account_id, amount,"
            + " currency, balance_after, detail, created_at";

    private final int partition;
    private final DataSource dataSource;

    public PartitionLog(int partition, DataSource dataSource) {
        this.partition = partition;
        this.dataSource = dataSource;
    }

    public int partition() {
        return partition;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Appends commands and their events on {@code c}; the caller commits. */
    public static void append(Connection c, List<CommandRow> commands, List<Event> events) throws SQLException {
        if (!commands.isEmpty()) {
            appendCommands(c, commands);
        }
        if (events.isEmpty()) {
            return;
        }
        appendEvents(c, events);
    }

    private static void appendCommands(Connection c, List<CommandRow> commands) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO wallet_command (seq, command_key, body, received_at) VALUES (?, ?, ?, ?)")) {
            for (CommandRow r : commands) {
                ps.setLong(1, r.seq());
                ps.setString(2, r.key());
                ps.setString(3, r.body());
                ps.setTimestamp(4, Timestamp.from(r.receivedAt()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void appendEvents(Connection c, List<Event> events) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO wallet_event (" + EVENT_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Event e : events) {
                ps.setLong(1, e.seq());
                ps.setLong(2, e.commandSeq());
                ps.setString(3, e.commandKey());
                ps.setString(4, e.fingerprint());
                ps.setString(5, e.type().name());
                ps.setString(6, e.txId());
                ps.setString(7, e.accountId());
                ps.setBigDecimal(8, e.amount());
                ps.setString(9, e.currency());
                ps.setBigDecimal(10, e.balanceAfter());
                ps.setString(11, e.detail());
                ps.setTimestamp(12, Timestamp.from(e.at()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * PostgreSQL: a batch's command rows and events in one statement, each table's rows bound as
     * arrays and unnested, so the database runs one statement for the whole batch where a JDBC
     * batch runs one per row. Times go as microseconds since the epoch (exact; an array of
     * timestamps would travel as text in the JVM's zone).
     */
    private static final String APPEND_PG = "WITH commands AS (INSERT INTO wallet_command (seq, command_key, body, received_at)"
            + " SELECT s, k, b, TIMESTAMPTZ 'epoch' + r * INTERVAL '1 microsecond'"
            + " FROM unnest(CAST(? AS BIGINT[]), CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[]), CAST(? AS BIGINT[])) AS t(s, k, b, r))"
            + " INSERT INTO wallet_event (" + EVENT_COLUMNS + ")"
            + " SELECT s, cs, ck, f, ty, tx, a, am, cu, ba, d, TIMESTAMPTZ 'epoch' + r * INTERVAL '1 microsecond'"
            + " FROM unnest(CAST(? AS BIGINT[]), CAST(? AS BIGINT[]), CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[]),"
            + " CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[]), CAST(? AS NUMERIC[]), CAST(? AS VARCHAR[]), CAST(? AS NUMERIC[]),"
            + " CAST(? AS VARCHAR[]), CAST(? AS BIGINT[])) AS t(s, cs, ck, f, ty, tx, a, am, cu, ba, d, r)";

    /**
     * From how many rows the arrays' statement pays: for a batch of a few rows it costs more than
     * a JDBC batch (why was not measured; PostgreSQL planning the statement on each execution is
     * the likely cause). The engine benchmark at one submitter (no command row, two events per batch): 1,656 to
     * 2,315 commands/s with the arrays, 2,435 without; at 64 submitters (about 45 commands per
     * batch) 13,657 to 23,435 with them, 11,915 without.
     */
    static final int ARRAYS_FROM_ROWS = 8;

    /**
     * Appends commands and their events on {@code c}; the caller commits. On PostgreSQL, from
     * {@link #ARRAYS_FROM_ROWS} rows, in one statement ({@link #APPEND_PG}); else as two JDBC
     * batches (each one round trip, a statement per row).
     */
    public void appendAll(Connection c, List<CommandRow> commands, List<Event> events) throws SQLException {
        if (commands.isEmpty() && events.isEmpty()) {
            return;
        }
        if (commands.size() + events.size() < ARRAYS_FROM_ROWS || !postgres(c)) {
            append(c, commands, events);
            return;
        }
        int n = commands.size();
        Long[] seq = new Long[n];
        String[] key = new String[n];
        String[] body = new String[n];
        Long[] received = new Long[n];
        for (int i = 0; i < n; i++) {
            CommandRow r = commands.get(i);
            seq[i] = r.seq();
            key[i] = r.key();
            body[i] = r.body();
            received[i] = micros(r.receivedAt());
        }
        int m = events.size();
        Long[] eventSeq = new Long[m];
        Long[] commandSeq = new Long[m];
        String[][] text = new String[7][m]; // command_key, fingerprint, type, tx_id, account_id, currency, detail
        BigDecimal[] amount = new BigDecimal[m];
        BigDecimal[] balanceAfter = new BigDecimal[m];
        Long[] created = new Long[m];
        for (int i = 0; i < m; i++) {
            Event e = events.get(i);
            eventSeq[i] = e.seq();
            commandSeq[i] = e.commandSeq();
            text[0][i] = e.commandKey();
            text[1][i] = e.fingerprint();
            text[2][i] = e.type().name();
            text[3][i] = e.txId();
            text[4][i] = e.accountId();
            text[5][i] = e.currency();
            text[6][i] = e.detail();
            amount[i] = e.amount();
            balanceAfter[i] = e.balanceAfter();
            created[i] = micros(e.at());
        }
        try (PreparedStatement ps = c.prepareStatement(APPEND_PG)) {
            ps.setArray(1, c.createArrayOf("bigint", seq));
            ps.setArray(2, c.createArrayOf("varchar", key));
            ps.setArray(3, c.createArrayOf("varchar", body));
            ps.setArray(4, c.createArrayOf("bigint", received));
            ps.setArray(5, c.createArrayOf("bigint", eventSeq));
            ps.setArray(6, c.createArrayOf("bigint", commandSeq));
            ps.setArray(7, c.createArrayOf("varchar", text[0]));
            ps.setArray(8, c.createArrayOf("varchar", text[1]));
            ps.setArray(9, c.createArrayOf("varchar", text[2]));
            ps.setArray(10, c.createArrayOf("varchar", text[3]));
            ps.setArray(11, c.createArrayOf("varchar", text[4]));
            ps.setArray(12, c.createArrayOf("numeric", amount));
            ps.setArray(13, c.createArrayOf("varchar", text[5]));
            ps.setArray(14, c.createArrayOf("numeric", balanceAfter));
            ps.setArray(15, c.createArrayOf("varchar", text[6]));
            ps.setArray(16, c.createArrayOf("bigint", created));
            ps.executeUpdate();
        }
    }

    static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }

    /** The advisory lock (per database, so per partition) that orders fences when one writer keeps losing. */
    private static final long LOG_LOCK = 0x57414C4C45544C4FL;

    private volatile Boolean postgres;

    /**
     * A batch's fence: its first command row, appended on {@code c} (in the batch's transaction)
     * before anything is decided. On PostgreSQL the same statement takes the partition's advisory
     * lock shared, so a writer holding it exclusively ({@link #lockExclusive}) appends while no
     * other writer can.
     */
    public void fence(Connection c, CommandRow row) throws SQLException {
        if (!postgres(c)) {
            append(c, List.of(row), List.of());
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO wallet_command (seq, command_key, body, received_at)"
                + " SELECT CAST(? AS BIGINT), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS TIMESTAMPTZ)"
                + " FROM (SELECT pg_advisory_xact_lock_shared(?)) AS log_lock")) {
            ps.setLong(1, row.seq());
            ps.setString(2, row.key());
            ps.setString(3, row.body());
            ps.setTimestamp(4, Timestamp.from(row.receivedAt()));
            ps.setLong(5, LOG_LOCK);
            ps.executeUpdate();
        }
    }

    /**
     * Takes the partition's advisory lock exclusively on {@code c} until its transaction ends, once
     * every other writer's batch in flight has ended: for a writer that lost too many fences in a
     * row (PostgreSQL; elsewhere nothing).
     */
    public void lockExclusive(Connection c) throws SQLException {
        if (postgres(c)) {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, LOG_LOCK);
                lock.execute();
            }
        }
    }

    /**
     * For a cut of every partition at one moment (the invariants): on {@code c}, in its
     * transaction, the partition's lock taken exclusively, so every other writer's append in
     * flight (a batch's fence, an XA leg, a payment: each takes it shared until its transaction,
     * or its branch's commit, ends) has ended and none begins until {@code c}'s transaction ends.
     * Waits at most {@code timeoutMillis} (PostgreSQL's {@code lock_timeout}, this transaction
     * only), then fails. Nothing elsewhere (H2: one node, one writer).
     */
    public void lockForCut(Connection c, long timeoutMillis) throws SQLException {
        if (postgres(c)) {
            try (PreparedStatement timeout = c.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
                timeout.setString(1, timeoutMillis + "ms");
                timeout.execute();
            }
            lockExclusive(c);
        }
    }

    boolean postgres(Connection c) throws SQLException {
        Boolean known = postgres;
        if (known == null) {
            known = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
            postgres = known;
        }
        return known;
    }

    /**
     * Whether an append failed because another writer had appended the same sequence number first:
     * a unique violation (SQLState 23505, PostgreSQL and H2), which on these tables can only be
     * the primary key of {@code wallet_command} or {@code wallet_event}. Looks through the causes
     * and a batch's chained exceptions.
     */
    public static boolean overtaken(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            for (SQLException s = t instanceof SQLException q ? q : null; s != null; s = s.getNextException()) {
                if ("23505".equals(s.getSQLState())) {
                    return true;
                }
                if (s.getNextException() == s) {
                    break;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    public Optional<Snapshot> latestSnapshot(long atMostSeq) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT seq, taken_at, reason, state FROM wallet_snapshot"
                     + " WHERE seq <= ? ORDER BY seq DESC LIMIT 1")) {
            ps.setLong(1, atMostSeq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Snapshot(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4)))
                        : Optional.empty();
            }
        }
    }

    public void saveSnapshot(long seq, Instant at, String reason, String state) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement exists = c.prepareStatement("SELECT COUNT(*) FROM wallet_snapshot WHERE seq = ?");
             PreparedStatement ps = c.prepareStatement("INSERT INTO wallet_snapshot (seq, taken_at, reason, state) VALUES (?, ?, ?, ?)")) {
            exists.setLong(1, seq);
            try (ResultSet rs = exists.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return; // nothing happened since the last one
                }
            }
            ps.setLong(1, seq);
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setString(3, reason);
            ps.setString(4, state);
            ps.executeUpdate();
        }
    }

    public long snapshotCount() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM wallet_snapshot");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every event after {@code afterSeq} up to {@code toSeq}, in order. */
    public void replay(long afterSeq, long toSeq, Consumer<Event> sink) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try (PreparedStatement ps = c.prepareStatement("SELECT " + EVENT_COLUMNS
                    + " FROM wallet_event WHERE seq > ? AND seq <= ? ORDER BY seq")) {
                ps.setFetchSize(5000);
                ps.setLong(1, afterSeq);
                ps.setLong(2, toSeq);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(event(rs));
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(auto);
            }
        }
    }

    public long lastEventSeq() throws SQLException {
        return max("SELECT MAX(seq) FROM wallet_event");
    }

    public long lastCommandSeq() throws SQLException {
        return max("SELECT MAX(seq) FROM wallet_command");
    }

    /** The command list's last sequence, on the caller's connection (inside an XA transfer). */
    public long lastCommandSeq(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(seq) FROM wallet_command"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long max(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** XA branches prepared on this database and not yet committed or rolled back (PostgreSQL). */
    public long preparedTransactions() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (!c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")) {
                return 0;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM pg_prepared_xacts WHERE database = current_database()");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The account's balance after its last money event at or before {@code seq} or {@code at}; empty if it did not exist. */
    public Optional<BigDecimal> balanceAsOf(String accountId, Long seq, Instant at) throws SQLException {
        String sql = "SELECT balance_after FROM wallet_event WHERE account_id = ? AND type IN ('OPENED', 'DEBITED', 'CREDITED')"
                + (seq != null ? " AND seq <= ?" : " AND created_at <= ?") + " ORDER BY seq DESC LIMIT 1";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, accountId);
            if (seq != null) {
                ps.setLong(2, seq);
            } else {
                ps.setTimestamp(2, Timestamp.from(at));
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBigDecimal(1)) : Optional.empty();
            }
        }
    }

    /** Up to {@code limit} events after {@code afterSeq}, in order, on the caller's connection (the projector's). */
    void replay(Connection c, long afterSeq, int limit, Consumer<Event> sink) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + EVENT_COLUMNS
                + " FROM wallet_event WHERE seq > ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, afterSeq);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(event(rs));
                }
            }
        }
    }

    /** A row of the balance read model. */
    public record BalanceRow(String accountId, String owner, String currency, BigDecimal balance, long lastEvent) {
    }

    /** A row of the history read model. */
    public record HistoryRow(long event, String txId, String type, String purpose, BigDecimal amount, String currency,
                             BigDecimal balanceAfter, Instant at) {
    }

    /** The owner's accounts, from the balance read model. */
    public List<BalanceRow> balancesOf(String owner) throws SQLException {
        List<BalanceRow> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT account_id, owner,"
                + " currency, balance, last_event FROM wallet_balance_view WHERE owner = ? ORDER BY account_id")) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new BalanceRow(rs.getString(1), rs.getString(2), rs.getString(3).trim(), rs.getBigDecimal(4), rs.getLong(5)));
                }
            }
        }
        return rows;
    }

    /** One page of the account's history read model, newest first. */
    public List<HistoryRow> history(String accountId, int page, int size) throws SQLException {
        List<HistoryRow> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT event_seq, tx_id, type,"
                + " purpose, amount, currency, balance_after, at FROM wallet_history_view WHERE account_id = ?"
                + " ORDER BY event_seq DESC LIMIT ? OFFSET ?")) {
            ps.setString(1, accountId);
            ps.setInt(2, size);
            ps.setLong(3, (long) page * size);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new HistoryRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBigDecimal(5),
                            rs.getString(6).trim(), rs.getBigDecimal(7), rs.getTimestamp(8).toInstant()));
                }
            }
        }
        return rows;
    }

    public long countHistory(String accountId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM wallet_history_view WHERE account_id = ?")) {
            ps.setString(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Event event(ResultSet rs) throws SQLException {
        return new Event(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), EventType.valueOf(rs.getString(5)),
                rs.getString(6), rs.getString(7), rs.getBigDecimal(8), rs.getString(9), rs.getBigDecimal(10), rs.getString(11),
                rs.getTimestamp(12).toInstant());
    }
}
