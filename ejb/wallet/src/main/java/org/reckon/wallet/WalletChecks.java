package org.reckon.wallet;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.reckon.wallet.domain.WalletState;
import org.reckon.wallet.engine.PartitionEngine;
import org.reckon.wallet.engine.PartitionUnavailableException;
import org.reckon.wallet.engine.WalletEngines;

/**
 * Staff checks of the event-sourced wallet: that replaying each partition's event list from the
 * beginning, and from its latest snapshot, rebuilds exactly the live state; and that money is
 * conserved (per currency, balances plus money in flight plus money paid to sellers equal what
 * was topped up, and no
 * balance is negative), read at one consistent cut of every partition.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WalletChecks {

    public record PartitionRebuild(int partition, long events, long snapshots, boolean fromScratchEqualsLive,
                                   boolean fromSnapshotEqualsLive, int accounts) {
    }

    public record RebuildCheck(boolean consistent, List<PartitionRebuild> partitions) {
    }

    public record CurrencyTotals(String currency, String balances, String inFlight, String toppedUp, String paidOut,
                                 boolean conserved) {
    }

    public record Invariants(boolean holds, long negativeBalances, long accounts, List<CurrencyTotals> currencies) {
    }

    public record ReadModelLag(int partition, long lastEvent, long projected, long lagEvents, long lastLagMillis,
                               long postedToLedger) {
    }

    @EJB
    LedgerFeed ledgerFeed;

    @EJB
    WalletEngines engines;

    /** How far each partition's read models are behind its event list. */
    public List<ReadModelLag> readModelLag() {
        List<ReadModelLag> lags = new ArrayList<>();
        for (PartitionEngine engine : engines.all()) {
            var projector = engines.projector(engine.partition());
            long last = engine.lastSeqNow();
            long projected = Math.max(0, projector.position());
            lags.add(new ReadModelLag(engine.partition(), last, projected, Math.max(0, last - projected), projector.lastLag().toMillis(),
                    ledgerFeed.position(engine.partition())));
        }
        return lags;
    }

    public RebuildCheck rebuildCheck() {
        List<PartitionRebuild> partitions = new ArrayList<>();
        boolean consistent = true;
        for (PartitionEngine engine : engines.all()) {
            PartitionEngine.Live live = engine.live();
            try {
                boolean scratch = engine.rebuild(live.seq(), false).encode().equals(live.encoded());
                boolean snapshot = engine.rebuild(live.seq(), true).encode().equals(live.encoded());
                int accounts = (int) live.encoded().lines().filter(l -> l.startsWith("A|")).count();
                partitions.add(new PartitionRebuild(engine.partition(), live.seq(), engine.log().snapshotCount(), scratch, snapshot, accounts));
                consistent &= scratch && snapshot;
            } catch (SQLException e) {
                throw new PartitionUnavailableException(engine.partition(), e.getMessage());
            }
        }
        return new RebuildCheck(consistent, partitions);
    }

    public record SnapshotTaken(int partition, long event) {
    }

    /** Takes a snapshot of every partition now; answers the event each was taken at. */
    public List<SnapshotTaken> snapshot() {
        List<SnapshotTaken> taken = new ArrayList<>();
        for (PartitionEngine engine : engines.all()) {
            taken.add(new SnapshotTaken(engine.partition(), engine.snapshot("on-demand")));
        }
        return taken;
    }

    public Invariants invariants() {
        return atOneCut(engines.all(), states -> {
            Map<String, BigDecimal[]> sums = new TreeMap<>(); // balances, in flight, topped up, paid out to sellers
            long negative = 0;
            long accounts = 0;
            for (WalletState s : states) {
                for (WalletState.Account a : s.accounts()) {
                    accounts++;
                    if (a.balance().signum() < 0) {
                        negative++;
                    }
                    totals(sums, a.currency())[0] = totals(sums, a.currency())[0].add(a.balance());
                }
                s.sent().forEach((c, v) -> totals(sums, c)[1] = totals(sums, c)[1].add(v));
                s.landed().forEach((c, v) -> totals(sums, c)[1] = totals(sums, c)[1].subtract(v));
                s.toppedUp().forEach((c, v) -> totals(sums, c)[2] = totals(sums, c)[2].add(v));
                s.paidOut().forEach((c, v) -> totals(sums, c)[3] = totals(sums, c)[3].add(v));
            }
            List<CurrencyTotals> currencies = new ArrayList<>();
            boolean holds = negative == 0;
            for (Map.Entry<String, BigDecimal[]> e : sums.entrySet()) {
                BigDecimal[] t = e.getValue();
                boolean conserved = t[0].add(t[1]).add(t[3]).compareTo(t[2]) == 0;
                holds &= conserved && t[1].signum() >= 0;
                currencies.add(new CurrencyTotals(e.getKey(), Wallets.wire(t[0], e.getKey()), Wallets.wire(t[1], e.getKey()),
                        Wallets.wire(t[2], e.getKey()), Wallets.wire(t[3], e.getKey()), conserved));
            }
            return new Invariants(holds, negative, accounts, currencies);
        });
    }

    private static BigDecimal[] totals(Map<String, BigDecimal[]> sums, String currency) {
        return sums.computeIfAbsent(currency, c -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
    }

    /** How long a cut waits for another writer's append in flight (a two-phase commit, say) before 503. */
    private static final long CUT_LOCK_TIMEOUT_MILLIS = 10_000;

    /**
     * Runs {@code read} on every partition's state at one moment of every partition's log, also
     * when other nodes' writers append to the same logs (docs/contexts/wallet.md, "The invariants'
     * cut"): this node's permits in partition order (its own writers and XA transfers stopped, as
     * XA takes them), then each log's lock exclusively in partition order on a connection of the
     * cut (every other writer's append in flight, on any node, has ended: an XA transfer holds the
     * lock shared on each partition until that branch commits, so no transfer is committed in one
     * partition and not yet in the other), then each state caught up to its log's head. Released
     * (rolled back) once {@code read} is done.
     */
    private static <T> T atOneCut(List<PartitionEngine> all, Function<List<WalletState>, T> read) {
        List<PartitionEngine> held = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        int partition = -1;
        try {
            for (PartitionEngine engine : all) {
                engine.beginCut();
                held.add(engine);
            }
            for (PartitionEngine engine : all) {
                partition = engine.partition();
                Connection c = engine.log().dataSource().getConnection();
                connections.add(c);
                c.setAutoCommit(false);
                engine.lockForCut(c, CUT_LOCK_TIMEOUT_MILLIS);
            }
            return read.apply(all.stream().map(PartitionEngine::heldState).toList());
        } catch (SQLException e) {
            throw new PartitionUnavailableException(partition, "cannot take a cut of the logs: " + e.getMessage());
        } finally {
            for (Connection c : connections) {
                try (c) {
                    c.rollback(); // lets the logs' locks go
                    c.setAutoCommit(true);
                } catch (SQLException e) {
                    // the connection is closed (and so its transaction and locks) all the same
                }
            }
            held.forEach(PartitionEngine::endCut);
        }
    }
}
