package org.reckon.objectstorage.maintenance;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.reckon.objectstorage.catalog.Block;
import org.reckon.objectstorage.catalog.Catalog;
import org.reckon.objectstorage.cluster.ClusterMap;
import org.reckon.objectstorage.data.DataRouter;
import org.reckon.objectstorage.data.NodeClient;
import org.reckon.platform.cluster.SingletonWork;

/**
 * The scrubber and garbage collection, run on timers (reckon.objectstorage.scrub-interval,
 * gc-interval) and on demand (POST /_reckon/scrub, /_reckon/gc on the S3 port, loopback only).
 * Neither holds a transaction while it talks to the data nodes.
 *
 * <p><b>Scrub</b>: each live node verifies every block it holds against its CRC32C locally
 * ({@code GET /verify}) and lists them; every block row is then checked against those lists. A
 * copy (or shard) that is corrupt or missing on a live node is rewritten there; one on a node dead
 * for longer than reckon.objectstorage.dead-after is rebuilt on another live node and the row
 * updated; a replicated block below 3 copies (a write acknowledged at the quorum) gets its copy back.
 *
 * <p><b>Garbage collection</b>: intents older than the grace period are dropped (a writer that
 * died); then, per live node, every block that no row references, or that the row places on
 * other nodes, is deleted (mark: pending intents first, then the block rows, so a commit in
 * between cannot hide a live block); then each node compacts its pack files.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Maintenance {

    private static final Logger LOG = Logger.getLogger(Maintenance.class.getName());

    @Inject
    Catalog catalog;

    @Inject
    ClusterMap cluster;

    @Inject
    NodeClient nodes;

    @Inject
    DataRouter router;

    @Inject
    @ConfigProperty(name = "reckon.objectstorage.scrub-interval", defaultValue = "PT10M")
    Duration scrubInterval;

    @Inject
    @ConfigProperty(name = "reckon.objectstorage.gc-interval", defaultValue = "PT30M")
    Duration gcInterval;

    @Inject
    @ConfigProperty(name = "reckon.objectstorage.gc-grace", defaultValue = "PT1H")
    Duration gcGrace;

    @Inject
    @ConfigProperty(name = "reckon.objectstorage.dead-after", defaultValue = "PT5M")
    Duration deadAfter;

    @Resource
    TimerService timers;

    private final ReentrantLock running = new ReentrantLock();

    @PostConstruct
    void schedule() {
        timers.createIntervalTimer(scrubInterval.toMillis(), scrubInterval.toMillis(), new TimerConfig("scrub", false));
        timers.createIntervalTimer(gcInterval.toMillis(), gcInterval.toMillis(), new TimerConfig("gc", false));
    }

    @SingletonWork
    @Timeout
    void onTimer(Timer timer) {
        if (cluster.alive().isEmpty()) return;
        if ("scrub".equals(timer.getInfo())) scrub();
        else collectGarbage(gcGrace, 0.25);
    }

    /** What a scrub found and did. */
    public record ScrubReport(int blocks, int corrupt, int missing, int repaired, int unrepairable) {}

    public ScrubReport scrub() {
        running.lock();
        try {
            return doScrub();
        } finally {
            running.unlock();
        }
    }

    private ScrubReport doScrub() {
        Map<String, Set<String>> held = new HashMap<>();
        Map<String, Set<String>> corrupt = new HashMap<>();
        for (ClusterMap.Node n : cluster.alive()) {
            try {
                held.put(n.id(), nodes.list(n.url()).keySet());
                corrupt.put(n.id(), nodes.verify(n.url()));
            } catch (IOException e) {
                LOG.warning(() -> "scrub: node " + n.id() + " unreachable: " + e.getMessage());
            }
        }
        int blocks = 0, corruptCount = 0, missing = 0, repaired = 0, unrepairable = 0;
        String after = "";
        while (true) {
            List<Block> page;
            try {
                page = catalog.blocksAfter(after, 500);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            if (page.isEmpty()) break;
            for (Block b : page) {
                blocks++;
                after = b.blockId();
                List<String> holders = new ArrayList<>(b.nodeList());
                List<Integer> bad = new ArrayList<>();
                for (int i = 0; i < holders.size(); i++) {
                    String node = holders.get(i);
                    String id = DataRouter.RS.equals(b.layout()) ? b.blockId() + ".s" + i : b.blockId();
                    if ("-".equals(node)) {
                        bad.add(i);
                        missing++;
                    } else if (held.containsKey(node)) {
                        if (corrupt.get(node).contains(id)) {
                            bad.add(i);
                            corruptCount++;
                        } else if (!held.get(node).contains(id)) {
                            bad.add(i);
                            missing++;
                        }
                    } else if (deadLongerThan(node, deadAfter)) {
                        bad.add(i);
                        missing++;
                    }
                }
                boolean underReplicated = DataRouter.R3.equals(b.layout()) && holders.size() < DataRouter.REPLICAS;
                if (bad.isEmpty() && !underReplicated) continue;
                try {
                    if (repair(b, holders, bad, held.keySet())) repaired++;
                    else unrepairable++;
                } catch (RuntimeException e) {
                    unrepairable++;
                    LOG.warning(() -> "scrub: block " + b.blockId() + " not repaired: " + e.getMessage());
                }
            }
        }
        ScrubReport report = new ScrubReport(blocks, corruptCount, missing, repaired, unrepairable);
        LOG.info(() -> "scrub: " + report);
        return report;
    }

    private boolean deadLongerThan(String node, Duration grace) {
        return cluster.node(node).map(n -> n.lastBeat().isBefore(java.time.Instant.now().minus(grace))).orElse(true);
    }

    /** Rewrites the bad copies or shards on their node when it is live, elsewhere when not; updates the row. */
    private boolean repair(Block b, List<String> holders, List<Integer> bad, Set<String> live) throws RuntimeException {
        if (DataRouter.RS.equals(b.layout())) {
            byte[][] shards = router.allShards(b);
            for (int i : bad) {
                String node = holders.get(i);
                String target = live.contains(node) ? node : pick(b.blockId() + ".s" + i, live, holders);
                if (target == null) return false;
                put(target, b.blockId() + ".s" + i, shards[i]);
                holders.set(i, target);
            }
        } else {
            byte[] data = router.read(b);
            for (int i : bad) {
                String node = holders.get(i);
                if (live.contains(node)) {
                    put(node, b.blockId(), data);
                } else {
                    holders.set(i, null);
                }
            }
            holders.removeIf(h -> h == null);
            while (holders.size() < DataRouter.REPLICAS) {
                String target = pick(b.blockId(), live, holders);
                if (target == null) break;
                put(target, b.blockId(), data);
                holders.add(target);
            }
        }
        String updated = String.join(",", holders);
        if (!updated.equals(b.nodes())) {
            try {
                catalog.relocate(b.blockId(), updated);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        LOG.info(() -> "scrub: block " + b.blockId() + " repaired, now on " + updated);
        return true;
    }

    private static String pick(String id, Set<String> live, List<String> holders) {
        List<String> candidates = live.stream().filter(n -> !holders.contains(n)).sorted().toList();
        if (candidates.isEmpty()) {
            candidates = live.stream().sorted().toList();
            if (candidates.isEmpty()) return null;
        }
        return org.reckon.objectstorage.cluster.Placement.rendezvous(id, candidates, 1).get(0);
    }

    private void put(String node, String id, byte[] data) {
        try {
            nodes.put(cluster.url(node), id, data, 0, data.length, DataRouter.crc(data, 0, data.length)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("put " + id + " on " + node + ": " + e, e);
        }
    }

    /** What garbage collection found and did. */
    public record GcReport(int staleIntents, int blocksDeleted, long bytesReclaimed) {}

    /** minDeadRatio: a node compacts only when at least that share of its pack bytes is dead (0: always). */
    public GcReport collectGarbage(Duration grace, double minDeadRatio) {
        running.lock();
        try {
            return doCollect(grace, minDeadRatio);
        } finally {
            running.unlock();
        }
    }

    private GcReport doCollect(Duration grace, double minDeadRatio) {
        int stale = 0;
        try {
            for (String dataId : catalog.staleIntents(grace)) {
                catalog.dropIntent(dataId);
                stale++;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Map<String, Integer>> onNodes = new LinkedHashMap<>();
        for (ClusterMap.Node n : cluster.alive()) {
            try {
                onNodes.put(n.id(), nodes.list(n.url()));
            } catch (IOException e) {
                LOG.warning(() -> "gc: node " + n.id() + " unreachable: " + e.getMessage());
            }
        }
        Set<String> pending;
        Map<String, List<String>> holdersByBlock = new HashMap<>();
        try {
            pending = catalog.pendingDataIds();
            String after = "";
            while (true) {
                List<Block> page = catalog.blocksAfter(after, 5000);
                if (page.isEmpty()) break;
                for (Block b : page) {
                    holdersByBlock.put(b.blockId(), b.nodeList());
                    after = b.blockId();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        int deleted = 0;
        long reclaimed = 0;
        for (Map.Entry<String, Map<String, Integer>> node : onNodes.entrySet()) {
            String url = cluster.url(node.getKey());
            for (String id : node.getValue().keySet()) {
                if (referenced(id, node.getKey(), holdersByBlock, pending)) continue;
                try {
                    if (nodes.delete(url, id)) deleted++;
                } catch (IOException e) {
                    LOG.fine(() -> "gc: delete " + id + " on " + node.getKey() + " failed: " + e);
                }
            }
            try {
                reclaimed += nodes.compact(url, minDeadRatio);
            } catch (IOException e) {
                LOG.warning(() -> "gc: compaction on " + node.getKey() + " failed: " + e.getMessage());
            }
        }
        GcReport report = new GcReport(stale, deleted, reclaimed);
        LOG.info(() -> "gc: " + report);
        return report;
    }

    /** Whether a block (or shard) id on a node is live: its row places it there, or its write is still pending. */
    static boolean referenced(String id, String node, Map<String, List<String>> holdersByBlock, Set<String> pending) {
        String base = id;
        int shard = -1;
        int s = id.lastIndexOf(".s");
        if (s > 0 && id.substring(s + 2).matches("\\d+")) {
            base = id.substring(0, s);
            shard = Integer.parseInt(id.substring(s + 2));
        }
        List<String> holders = holdersByBlock.get(base);
        if (holders != null) {
            if (shard < 0) return holders.contains(node);
            return shard < holders.size() && holders.get(shard).equals(node);
        }
        int dot = id.indexOf('.');
        return dot > 0 && pending.contains(id.substring(0, dot));
    }

    static Set<String> set(Set<String> s) {
        return new HashSet<>(s);
    }
}
