package org.reckon.wallet.engine;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.reckon.wallet.domain.Event;
import org.reckon.wallet.domain.EventType;

/**
 * CQRS, the read side of one partition: follows the partition's published event list in order
 * and keeps the read models (the balance view, the transaction history) and its position in one
 * local transaction per batch, so a crash replays a batch at most once and never skips one. The
 * writer wakes it after each commit; it also looks every second. Its lag (events behind, and the
 * time from an event's commit to its projection) is exported as meters by {@code WalletMeters}.
 */
public final class ReadModelProjector {

    private static final Logger LOG = Logger.getLogger(ReadModelProjector.class.getName());
    private static final int BATCH = 1000;

    private final PartitionLog log;
    private final Clock clock;
    private final Consumer<Duration> lagSink;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running = true;
    private volatile long position = -1;
    private volatile Duration lastLag = Duration.ZERO;
    private Thread thread;

    public ReadModelProjector(PartitionLog log, Clock clock, Consumer<Duration> lagSink) {
        this.log = log;
        this.clock = clock;
        this.lagSink = lagSink;
    }

    public void start(ThreadFactory threads) {
        thread = threads.newThread(this::run);
        thread.setName("wallet-projector-" + log.partition());
        thread.start();
    }

    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** New events are durable: look now. */
    public void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    /** The last event projected (-1 before the first look). */
    public long position() {
        return position;
    }

    /** Commit-to-projection time of the last event projected. */
    public Duration lastLag() {
        return lastLag;
    }

    private void run() {
        while (running) {
            try {
                wake.tryAcquire(1, TimeUnit.SECONDS);
                wake.drainPermits();
                if (WalletEngines.feedsPaused()) {
                    continue;
                }
                while (running && projectBatch() == BATCH) {
                    // keep going while a full batch came back
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.FINE, "wallet partition " + log.partition() + ": projection retried", e);
            }
        }
    }

    private int projectBatch() throws SQLException {
        try (Connection c = log.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                long from;
                try (PreparedStatement ps = c.prepareStatement("SELECT position FROM wallet_projection WHERE name = 'read-models' FOR UPDATE");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    from = rs.getLong(1);
                }
                List<Event> events = new ArrayList<>();
                log.replay(c, from, BATCH, events::add);
                // event numbers are dense: a gap is an XA branch still prepared (its commit pending,
                // recovery after a database outage, say); stop before it, or it would be skipped for ever
                for (int i = 0; i < events.size(); i++) {
                    if (events.get(i).seq() != from + i + 1) {
                        events = new ArrayList<>(events.subList(0, i));
                        break;
                    }
                }
                apply(c, events, log.postgres(c));
                long to = events.isEmpty() ? from : events.get(events.size() - 1).seq();
                if (!events.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE wallet_projection SET position = ? WHERE name = 'read-models'")) {
                        ps.setLong(1, to);
                        ps.executeUpdate();
                    }
                }
                c.commit();
                position = to;
                if (!events.isEmpty()) {
                    Instant now = clock.instant();
                    Duration lag = Duration.between(events.get(events.size() - 1).at(), now);
                    lastLag = lag.isNegative() ? Duration.ZERO : lag;
                    lagSink.accept(lastLag);
                }
                return events.size();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * Projects a batch of events in three steps, each one round trip: the balance rows of the
     * accounts OPENED in it, then one update per account (its last money event's balance: what
     * applying the events one by one leaves), then the history rows (on PostgreSQL one INSERT over
     * arrays, {@link #insertHistoryPostgres}). Before, each money event cost an UPDATE and an
     * INSERT of its own, two round trips: under the engine's thousands of transfers a second, the
     * projector's statements competed with the writer.
     */
    static void apply(Connection c, List<Event> events, boolean postgres) throws SQLException {
        List<Event> opened = new ArrayList<>();
        Map<String, Event> lastMoney = new LinkedHashMap<>();
        List<Event> money = new ArrayList<>();
        for (Event e : events) {
            if (e.type() == EventType.OPENED) {
                opened.add(e);
            } else if (e.type() == EventType.DEBITED || e.type() == EventType.CREDITED) {
                lastMoney.put(e.accountId(), e);
                money.add(e);
            }
        }
        if (!opened.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO wallet_balance_view (account_id, owner, currency, balance,"
                    + " last_event, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Event e : opened) {
                    ps.setString(1, e.accountId());
                    ps.setString(2, e.detail());
                    ps.setString(3, e.currency());
                    ps.setBigDecimal(4, BigDecimal.ZERO);
                    ps.setLong(5, e.seq());
                    ps.setTimestamp(6, Timestamp.from(e.at()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (money.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE wallet_balance_view SET balance = ?, last_event = ?, updated_at = ?"
                + " WHERE account_id = ?")) {
            for (Event e : lastMoney.values()) {
                ps.setBigDecimal(1, e.balanceAfter());
                ps.setLong(2, e.seq());
                ps.setTimestamp(3, Timestamp.from(e.at()));
                ps.setString(4, e.accountId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        if (postgres && money.size() >= PartitionLog.ARRAYS_FROM_ROWS) {
            insertHistoryPostgres(c, money);
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO wallet_history_view (event_seq, account_id, tx_id, type,"
                + " purpose, amount, currency, balance_after, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Event e : money) {
                ps.setLong(1, e.seq());
                ps.setString(2, e.accountId());
                ps.setString(3, e.txId());
                ps.setString(4, e.type().name());
                ps.setString(5, e.detail());
                ps.setBigDecimal(6, e.amount());
                ps.setString(7, e.currency());
                ps.setBigDecimal(8, e.balanceAfter());
                ps.setTimestamp(9, Timestamp.from(e.at()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * PostgreSQL: the history rows as one INSERT over arrays (unnested), instead of a JDBC batch
     * that runs one statement per row; times travel as microseconds since the epoch, as the log's
     * appends do. (The balance rows stay a batch of one UPDATE per account: an UPDATE joined to
     * an unnest is planned for the function's default 100 rows, and at one event per batch cost
     * more than the statements it replaced.)
     */
    private static void insertHistoryPostgres(Connection c, List<Event> money) throws SQLException {
        int m = money.size();
        Long[] eventSeq = new Long[m];
        String[][] text = new String[5][m]; // account_id, tx_id, type, purpose, currency
        BigDecimal[] amount = new BigDecimal[m];
        BigDecimal[] after = new BigDecimal[m];
        Long[] when = new Long[m];
        for (int k = 0; k < m; k++) {
            Event e = money.get(k);
            eventSeq[k] = e.seq();
            text[0][k] = e.accountId();
            text[1][k] = e.txId();
            text[2][k] = e.type().name();
            text[3][k] = e.detail();
            text[4][k] = e.currency();
            amount[k] = e.amount();
            after[k] = e.balanceAfter();
            when[k] = PartitionLog.micros(e.at());
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO wallet_history_view (event_seq, account_id, tx_id, type,"
                + " purpose, amount, currency, balance_after, at)"
                + " SELECT s, a, tx, ty, p, am, cu, ba, TIMESTAMPTZ 'epoch' + r * INTERVAL '1 microsecond'"
                + " FROM unnest(CAST(? AS BIGINT[]), CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[]),"
                + " CAST(? AS NUMERIC[]), CAST(? AS VARCHAR[]), CAST(? AS NUMERIC[]), CAST(? AS BIGINT[])) AS t(s, a, tx, ty, p, am, cu, ba, r)")) {
            ps.setArray(1, c.createArrayOf("bigint", eventSeq));
            ps.setArray(2, c.createArrayOf("varchar", text[0]));
            ps.setArray(3, c.createArrayOf("varchar", text[1]));
            ps.setArray(4, c.createArrayOf("varchar", text[2]));
            ps.setArray(5, c.createArrayOf("varchar", text[3]));
            ps.setArray(6, c.createArrayOf("numeric", amount));
            ps.setArray(7, c.createArrayOf("varchar", text[4]));
            ps.setArray(8, c.createArrayOf("numeric", after));
            ps.setArray(9, c.createArrayOf("bigint", when));
            ps.executeUpdate();
        }
    }
}
