package org.reckon.wallet.engine;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.reckon.wallet.WalletSettings;
import org.reckon.wallet.domain.Command;
import org.reckon.wallet.domain.WalletDatabase;
import org.reckon.wallet.domain.WalletPartitions;

/**
 * Starts one {@link PartitionEngine} per partition once the schema is migrated, stops them with
 * the deployment, and snapshots every partition at 00:00 UTC (the chapter's finance team wants
 * the day's closing state without replaying the day).
 */
@Singleton
@Startup
@DependsOn("SchemaMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WalletEngines {

    private static final Logger LOG = Logger.getLogger(WalletEngines.class.getName());

    /**
     * A benchmark's switch (a system property of the server, set and cleared by the engine
     * benchmark inside it): while true the consumers of the event lists (the read-model projectors
     * and the ledger feed) wait, so "the engine alone" can also be measured without them on the
     * same cores. They resume where they stopped: their positions are durable, nothing is skipped.
     */
    public static final String FEEDS_PAUSED = "reckon.wallet.feeds-paused";

    public static boolean feedsPaused() {
        return Boolean.getBoolean(FEEDS_PAUSED);
    }

    @Resource
    ManagedThreadFactory threads;

    @Inject
    WalletSettings settings;

    @Inject
    MeterRegistry meters;

    private volatile List<PartitionEngine> engines = List.of();
    private volatile List<ReadModelProjector> projectors = List.of();

    @PostConstruct
    void start() {
        int n = WalletPartitions.count();
        List<PartitionEngine> started = new ArrayList<>();
        List<ReadModelProjector> readers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PartitionLog log = new PartitionLog(i, dataSource(i));
            PartitionEngine engine = new PartitionEngine(log, settings.batch(), settings.snapshotEvery(), Clock.systemUTC());
            Tags tags = Tags.of("partition", Integer.toString(i));
            Timer lag = meters.timer("reckon.wallet.read.model.lag", tags);
            ReadModelProjector projector = new ReadModelProjector(log, Clock.systemUTC(), lag::record);
            engine.onCommit(projector::wake);
            meters.gauge("reckon.wallet.read.model.lag.events", tags, engine,
                    e -> Math.max(0, e.lastSeqNow() - Math.max(0, projector.position())));
            meters.gauge("reckon.wallet.commands", tags, engine, PartitionEngine::commands);
            engine.start(threads);
            projector.start(threads);
            started.add(engine);
            readers.add(projector);
        }
        engines = List.copyOf(started);
        projectors = List.copyOf(readers);
        LOG.info(() -> "wallet: " + n + " partition writers started");
    }

    @PreDestroy
    void stop() {
        projectors.forEach(ReadModelProjector::stop);
        engines.forEach(PartitionEngine::stop);
    }

    public static DataSource dataSource(int partition) {
        try {
            return (DataSource) new InitialContext().lookup(WalletDatabase.dataSourceJndi(partition));
        } catch (NamingException e) {
            throw new IllegalStateException("Missing " + WalletDatabase.dataSourceJndi(partition)
                    + "; is the server configured by wildfly-config (wallet/datasources-*.cli)?", e);
        }
    }

    public PartitionEngine of(String accountId) {
        return engines.get(WalletPartitions.of(accountId, engines.size()));
    }

    /**
     * Brings the partition's memory up to its log OUTSIDE the caller's transaction (this bean is
     * NOT_SUPPORTED): a rebuild reads the log on connections of its own, which cannot run inside a
     * JTA transaction. Called before a step that holds the writer inside one (a wallet payment):
     * a reload if the state is stale, and the events another node's writer appended since.
     */
    public PartitionEngine loaded(String accountId) {
        PartitionEngine engine = of(accountId);
        engine.catchUp();
        return engine;
    }

    public PartitionEngine partition(int index) {
        return engines.get(index);
    }

    public ReadModelProjector projector(int partition) {
        return projectors.get(partition);
    }

    public List<PartitionEngine> all() {
        return engines;
    }

    /** Every 10 minutes: each partition forgets the deduplication keys older than the window. */
    @Schedule(hour = "*", minute = "*/10", second = "30", persistent = false)
    public void expireDeduplicationKeys() {
        try {
            expireBefore(Clock.systemUTC().instant().minus(settings.dedupWindow()).truncatedTo(ChronoUnit.SECONDS));
        } catch (RuntimeException e) {
            LOG.warning(() -> "wallet: expiring deduplication keys failed: " + e.getMessage());
        }
    }

    /**
     * Appends {@code Expire(before)} to every partition: the keys decided before that instant are
     * forgotten, as an event, so a replay forgets exactly the same ones. Answers the keys each
     * partition still remembers.
     */
    public List<Integer> expireBefore(Instant before) {
        List<Integer> remembered = new ArrayList<>();
        for (PartitionEngine engine : engines) {
            Answers.await(engine.partition(), engine.submit(new Command.Expire(before)));
            remembered.add(engine.read(s -> s.decidedCount()));
        }
        return remembered;
    }

    @Schedule(hour = "0", minute = "0", second = "0", timezone = "UTC", persistent = false)
    public void midnightSnapshots() {
        for (PartitionEngine engine : engines) {
            try {
                long seq = engine.snapshot("midnight");
                LOG.info(() -> "wallet partition " + engine.partition() + ": 00:00 UTC snapshot at event " + seq);
            } catch (RuntimeException e) {
                LOG.warning(() -> "wallet partition " + engine.partition() + ": 00:00 UTC snapshot failed: " + e.getMessage());
            }
        }
    }
}
