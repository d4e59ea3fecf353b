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
import java.util.List;
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
                for (Event e : events) {
                    apply(c, e);
                }
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

    private static void apply(Connection c, Event e) throws SQLException {
        if (e.type() == EventType.OPENED) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO wallet_balance_view (account_id, owner, currency, balance,"
                    + " last_event, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, e.accountId());
                ps.setString(2, e.detail());
                ps.setString(3, e.currency());
                ps.setBigDecimal(4, BigDecimal.ZERO);
                ps.setLong(5, e.seq());
                ps.setTimestamp(6, Timestamp.from(e.at()));
                ps.executeUpdate();
            }
        } else if (e.type() == EventType.DEBITED || e.type() == EventType.CREDITED) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE wallet_balance_view SET balance = ?, last_event = ?, updated_at = ?"
                    + " WHERE account_id = ?")) {
                ps.setBigDecimal(1, e.balanceAfter());
                ps.setLong(2, e.seq());
                ps.setTimestamp(3, Timestamp.from(e.at()));
                ps.setString(4, e.accountId());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO wallet_history_view (event_seq, account_id, tx_id, type,"
                    + " purpose, amount, currency, balance_after, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, e.seq());
                ps.setString(2, e.accountId());
                ps.setString(3, e.txId());
                ps.setString(4, e.type().name());
                ps.setString(5, e.detail());
                ps.setBigDecimal(6, e.amount());
                ps.setString(7, e.currency());
                ps.setBigDecimal(8, e.balanceAfter());
                ps.setTimestamp(9, Timestamp.from(e.at()));
                ps.executeUpdate();
            }
        }
    }
}
