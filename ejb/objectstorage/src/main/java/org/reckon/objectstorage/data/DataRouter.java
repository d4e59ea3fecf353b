package org.reckon.objectstorage.data;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32C;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.reckon.objectstorage.S3Exception;
import org.reckon.objectstorage.catalog.Block;
import org.reckon.objectstorage.cluster.ClusterMap;

/**
 * The data routing service: writes one block to the data nodes the placement service picks, in
 * the bucket's storage class, and reads it back, checking its CRC32C end to end.
 * <ul>
 *   <li>{@code REPLICATED} (layout R3): the block on 3 nodes; acknowledged once the write quorum
 *       (reckon.objectstorage.write-quorum, default 2) stored it. Nodes that failed are left out of
 *       the block's node list; the scrubber brings it back to 3 copies.</li>
 *   <li>{@code ERASURE_CODED} (layout RS4_2): the block cut into 4 data shards plus 2 Reed-Solomon
 *       parity shards, one per node (6 nodes; with fewer live nodes, at most 2 shards share a node,
 *       so one node's loss stays recoverable); acknowledged once 5 shards are stored.</li>
 * </ul>
 * A read takes the first copy (or any 4 shards) that passes its checksum; a copy or shard found
 * corrupt or missing on a live node is rewritten there at once (read repair).
 */
@ApplicationScoped
public class DataRouter {

    private static final Logger LOG = Logger.getLogger(DataRouter.class.getName());
    public static final String R3 = "R3";
    public static final String RS = "RS4_2";
    public static final int REPLICAS = 3;
    public static final int DATA_SHARDS = 4;
    public static final int PARITY_SHARDS = 2;
    private static final ReedSolomon CODEC = new ReedSolomon(DATA_SHARDS, PARITY_SHARDS);

    @Inject
    ClusterMap cluster;

    @Inject
    NodeClient nodes;

    @Inject
    @ConfigProperty(name = "reckon.objectstorage.write-quorum", defaultValue = "2")
    int writeQuorum;

    private final ExecutorService repairs = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "objectstorage-read-repair");
        t.setDaemon(true);
        return t;
    });

    public static int crc(byte[] data, int offset, int length) {
        CRC32C c = new CRC32C();
        c.update(data, offset, length);
        return (int) c.getValue();
    }

    public static String layoutOf(String storageClass) {
        return "ERASURE_CODED".equals(storageClass) ? RS : R3;
    }

    /** Writes data[0..length) as block seq of dataId; answers its row for the catalog. */
    public Block write(String dataId, int seq, byte[] data, int length, String layout) {
        return write(dataId, seq, data, length, layout, new CompletableFuture<>());
    }

    /**
     * As {@link #write(String, int, byte[], int, String)}; {@code settled} completes once no request
     * of this block is still sending bytes of {@code data} (a replicated block is answered at its
     * write quorum, while its last copy may still be on its way): the caller reuses the buffer only then.
     */
    public Block write(String dataId, int seq, byte[] data, int length, String layout, CompletableFuture<Void> settled) {
        String blockId = dataId + "." + seq;
        int crc = crc(data, 0, length);
        if (RS.equals(layout)) {
            try {
                return writeErasureCoded(dataId, seq, blockId, data, length, crc);
            } finally {
                settled.complete(null);
            }
        }
        return writeReplicated(dataId, seq, blockId, data, length, crc, settled);
    }

    /**
     * The copies are sent in parallel and the block is answered once the write quorum has stored it
     * (each node forces its copy to disk before answering): the quorum's latency, not the slowest
     * copy's. A copy still in flight at that moment stays in the block's node list, after the stored
     * ones (reads try those first); should it fail after all, the copy is missing on a node the row
     * names, which a read repairs at once and the scrubber on its pass, as any missing copy.
     * A copy that failed before the quorum was reached is left out of the list (the scrubber adds the
     * third copy back).
     */
    private Block writeReplicated(String dataId, int seq, String blockId, byte[] data, int length, int crc, CompletableFuture<Void> settled) {
        List<String> targets = cluster.place(blockId, REPLICAS);
        if (targets.size() < writeQuorum) {
            settled.complete(null);
            throw S3Exception.unavailable("only " + targets.size() + " data nodes are live; the write quorum is " + writeQuorum);
        }
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (String node : targets) writes.add(nodes.put(cluster.url(node), blockId, data, 0, length, crc).thenRun(() -> cluster.answered(node)));
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).handle((v, t) -> settled.complete(null));
        awaitQuorum(writes, writeQuorum);
        List<String> stored = new ArrayList<>();
        List<String> inFlight = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            CompletableFuture<Void> w = writes.get(i);
            if (!w.isDone()) {
                String node = targets.get(i);
                inFlight.add(node);
                w.whenComplete((v, t) -> {
                    if (t != null) LOG.warning(() -> "copy of block " + blockId + " on " + node + " failed after the write quorum: " + t
                            + "; read repair or the scrubber rewrites it");
                });
            } else if (!w.isCompletedExceptionally()) {
                stored.add(targets.get(i));
            }
        }
        if (stored.size() < writeQuorum) {
            throw S3Exception.unavailable("block " + blockId + " stored on " + stored.size() + " nodes; the write quorum is " + writeQuorum);
        }
        stored.addAll(inFlight);
        return new Block(dataId, seq, blockId, length, crc, R3, String.join(",", stored));
    }

    /** Returns once quorum of the writes succeeded, or too many failed for it, or after 30 s. */
    static void awaitQuorum(List<CompletableFuture<Void>> writes, int quorum) {
        CountDownLatch enough = new CountDownLatch(1);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        for (CompletableFuture<Void> w : writes) {
            w.whenComplete((v, t) -> {
                if (t == null ? ok.incrementAndGet() >= quorum : failed.incrementAndGet() > writes.size() - quorum) enough.countDown();
            });
        }
        try {
            enough.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean succeeded(CompletableFuture<?> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.FINE, "block write failed", e);
            return false;
        }
    }

    private Block writeErasureCoded(String dataId, int seq, String blockId, byte[] data, int length, int crc) {
        List<String> live = cluster.place(blockId, DATA_SHARDS + PARITY_SHARDS);
        if (live.size() < 3) {
            throw S3Exception.unavailable("only " + live.size() + " data nodes are live; erasure coding 4+2 needs at least 3");
        }
        int shardLength = Math.max(1, (length + DATA_SHARDS - 1) / DATA_SHARDS);
        byte[][] shards = shards(data, length, shardLength);
        CODEC.encode(shards, shardLength);
        String[] holders = new String[DATA_SHARDS + PARITY_SHARDS];
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < holders.length; i++) {
            holders[i] = live.get(i % live.size());
            String holder = holders[i];
            writes.add(nodes.put(cluster.url(holder), blockId + ".s" + i, shards[i], 0, shardLength, crc(shards[i], 0, shardLength))
                    .thenRun(() -> cluster.answered(holder)));
        }
        int stored = 0;
        for (int i = 0; i < holders.length; i++) {
            if (succeeded(writes.get(i))) {
                stored++;
            } else {
                holders[i] = "-";
            }
        }
        if (stored < DATA_SHARDS + 1) {
            throw S3Exception.unavailable("block " + blockId + ": " + stored + " of 6 shards stored; 5 needed");
        }
        return new Block(dataId, seq, blockId, length, crc, RS, String.join(",", holders));
    }

    private static byte[][] shards(byte[] data, int length, int shardLength) {
        byte[][] shards = new byte[DATA_SHARDS + PARITY_SHARDS][shardLength];
        for (int i = 0; i < DATA_SHARDS; i++) {
            int from = i * shardLength;
            int n = Math.max(0, Math.min(shardLength, length - from));
            if (n > 0) System.arraycopy(data, from, shards[i], 0, n);
        }
        return shards;
    }

    /** The block's bytes, checked against its CRC32C; S3Exception 503 when no copy is readable. */
    public byte[] read(Block block) {
        return RS.equals(block.layout()) ? readErasureCoded(block) : readReplicated(block);
    }

    private byte[] readReplicated(Block block) {
        List<String> bad = new ArrayList<>();
        for (String node : cluster.readOrder(block.nodeList())) {
            String url = cluster.url(node);
            if (url == null) continue;
            try {
                byte[] data = nodes.get(url, block.blockId());
                cluster.answered(node);
                if (data.length == block.length() && crc(data, 0, data.length) == block.crc()) {
                    if (!bad.isEmpty()) repairReplicas(block, data, bad);
                    return data;
                }
                bad.add(node);
            } catch (NodeClient.BlockUnreadable e) {
                LOG.warning(() -> "block " + block.blockId() + " unreadable on " + node + ": " + e.getMessage() + "; trying another copy");
                bad.add(node);
            } catch (IOException e) {
                LOG.fine(() -> "node " + node + " unreachable for " + block.blockId());
            }
        }
        throw S3Exception.unavailable("no readable copy of block " + block.blockId());
    }

    private void repairReplicas(Block block, byte[] data, List<String> bad) {
        for (String node : bad) {
            if (!cluster.alive(node)) continue;
            repairs.submit(() -> {
                try {
                    nodes.put(cluster.url(node), block.blockId(), data, 0, data.length, block.crc()).get(30, TimeUnit.SECONDS);
                    LOG.info(() -> "read repair: block " + block.blockId() + " rewritten on " + node);
                } catch (Exception e) {
                    LOG.warning(() -> "read repair of " + block.blockId() + " on " + node + " failed: " + e);
                }
            });
        }
    }

    private byte[] readErasureCoded(Block block) {
        List<String> holders = block.nodeList();
        int n = DATA_SHARDS + PARITY_SHARDS;
        int shardLength = Math.max(1, (block.length() + DATA_SHARDS - 1) / DATA_SHARDS);
        byte[][] shards = new byte[n][];
        boolean[] present = new boolean[n];
        List<Integer> failed = new ArrayList<>();
        // data shards first (no decoding when they are all there), parity when one is missing
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) if (cluster.alive(holders.get(i))) order.add(i);
        for (int i = 0; i < n; i++) if (!cluster.alive(holders.get(i)) && !"-".equals(holders.get(i))) order.add(i);
        int have = 0;
        int next = 0;
        while (have < DATA_SHARDS && next < order.size()) {
            int want = Math.min(order.size() - next, DATA_SHARDS - have);
            List<Integer> batch = order.subList(next, next + want);
            next += want;
            List<CompletableFuture<byte[]>> gets = new ArrayList<>();
            for (int i : batch) {
                String url = cluster.url(holders.get(i));
                gets.add(url == null ? CompletableFuture.failedFuture(new IOException("unknown node"))
                        : nodes.getAsync(url, block.blockId() + ".s" + i));
            }
            for (int j = 0; j < batch.size(); j++) {
                int i = batch.get(j);
                try {
                    byte[] s = gets.get(j).get(30, TimeUnit.SECONDS);
                    if (s.length == shardLength) {
                        shards[i] = s;
                        present[i] = true;
                        have++;
                        continue;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    LOG.fine(() -> "shard " + i + " of " + block.blockId() + " unreadable: " + e);
                }
                failed.add(i);
            }
        }
        for (int i = 0; i < n; i++) if (holders.get(i).equals("-")) failed.add(i);
        if (have < DATA_SHARDS) throw S3Exception.unavailable("block " + block.blockId() + ": " + have + " of 6 shards readable; 4 needed");
        for (int i = 0; i < n; i++) if (shards[i] == null) shards[i] = new byte[shardLength];
        boolean[] wasPresent = present.clone();
        CODEC.reconstruct(shards, present, shardLength);
        byte[] data = new byte[block.length()];
        for (int i = 0; i < DATA_SHARDS; i++) {
            int from = i * shardLength;
            int len = Math.max(0, Math.min(shardLength, block.length() - from));
            if (len > 0) System.arraycopy(shards[i], 0, data, from, len);
        }
        if (crc(data, 0, data.length) != block.crc()) throw S3Exception.internal("block " + block.blockId() + " fails its checksum after decoding");
        for (int i : failed) {
            String node = holders.get(i);
            if (wasPresent[i] || "-".equals(node) || !cluster.alive(node)) continue;
            byte[] shard = shards[i];
            String shardId = block.blockId() + ".s" + i;
            repairs.submit(() -> {
                try {
                    nodes.put(cluster.url(node), shardId, shard, 0, shard.length, crc(shard, 0, shard.length)).get(30, TimeUnit.SECONDS);
                    LOG.info(() -> "read repair: shard " + shardId + " rewritten on " + node);
                } catch (Exception e) {
                    LOG.warning(() -> "read repair of " + shardId + " failed: " + e);
                }
            });
        }
        return data;
    }

    /** Every shard of an erasure-coded block, rebuilt from any 4 (the scrubber's repair). */
    public byte[][] allShards(Block block) {
        byte[] data = readErasureCoded(block);
        int shardLength = Math.max(1, (block.length() + DATA_SHARDS - 1) / DATA_SHARDS);
        byte[][] shards = shards(data, block.length(), shardLength);
        CODEC.encode(shards, shardLength);
        return shards;
    }

    public static List<String> shardIds(Block block) {
        if (!RS.equals(block.layout())) return List.of(block.blockId());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < DATA_SHARDS + PARITY_SHARDS; i++) ids.add(block.blockId() + ".s" + i);
        return ids;
    }

    static String nodesOf(String[] holders) {
        return String.join(",", Arrays.asList(holders));
    }
}
