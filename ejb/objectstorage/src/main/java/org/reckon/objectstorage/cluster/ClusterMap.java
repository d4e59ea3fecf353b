package org.reckon.objectstorage.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The placement service's virtual cluster map: every data node that ever heartbeated, with its
 * URL and the time of its last beat. A node whose last beat is older than the node timeout is
 * dead: placement no longer picks it and readers try it last. Soft state: after a restart of the
 * server the map is whole again within one heartbeat interval (1 s); a placement asked for in the
 * map's first node timeout waits for the beats it lacks (see {@link #place}).
 *
 * <p>A CDI bean, not an EJB: it holds only concurrent maps, and every block read and write asks it
 * (placement, read order, URLs, answers); as a singleton EJB each of those calls went through the
 * EJB interceptor chain and began and committed a JTA transaction of its own.
 */
@ApplicationScoped
public class ClusterMap {

    /** A data node as the map knows it. */
    public record Node(String id, String url, Instant lastBeat, long liveBytes, long blocks) {}

    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    /** When each node last answered a block request with success: liveness seen in the traffic itself. */
    private final Map<String, Instant> lastAnswer = new ConcurrentHashMap<>();

    @Inject
    @ConfigProperty(name = "reckon.objectstorage.node-timeout", defaultValue = "PT3S")
    Duration nodeTimeout;

    /** When this map began to listen: until one node timeout later, no beat heard is not yet a dead node. */
    private final long startedNanos = System.nanoTime();
    private final Object beats = new Object();

    public void heartbeat(String id, String url, long liveBytes, long blocks) {
        nodes.put(id, new Node(id, url, Instant.now(), liveBytes, blocks));
        synchronized (beats) {
            beats.notifyAll();
        }
    }

    /**
     * A node answered a block request with success. Under a load that fills the S3 listener's
     * worker threads (64 clients uploading 64 MiB objects), the nodes' heartbeat POSTs wait in its
     * queue longer than the node timeout; every node then looked dead while it was storing blocks,
     * and writes failed with 503 (the benchmark's first run). An answer is as good a sign of life
     * as a beat.
     */
    public void answered(String id) {
        lastAnswer.put(id, Instant.now());
    }

    public boolean alive(String id) {
        Node n = nodes.get(id);
        if (n == null) return false;
        Instant cut = Instant.now().minus(nodeTimeout);
        Instant answer = lastAnswer.get(id);
        return n.lastBeat().isAfter(cut) || (answer != null && answer.isAfter(cut));
    }

    public Optional<Node> node(String id) {
        return Optional.ofNullable(nodes.get(id));
    }

    public List<Node> all() {
        List<Node> all = new ArrayList<>(nodes.values());
        all.sort(Comparator.comparing(Node::id));
        return all;
    }

    public List<Node> alive() {
        return all().stream().filter(n -> alive(n.id())).toList();
    }

    /**
     * Placement: n distinct live nodes for a block, by rendezvous hashing of the block id over the
     * live nodes (a spread that moves few blocks when a node comes or goes). Fewer than n when fewer live.
     * In the map's first node timeout (a restarted server, whose map has heard only some nodes'
     * first beats, or none) it waits for beats until n nodes are live or that timeout has passed:
     * a node not heard yet is not known to be dead. Without this a restarted cluster node refused
     * its first writes for a fraction of a second ("only 0 data nodes are live").
     */
    public List<String> place(String blockId, int n) {
        List<String> live = liveIds();
        if (live.size() < n) {
            live = awaitFirstBeats(n);
        }
        return Placement.rendezvous(blockId, live, n);
    }

    private List<String> liveIds() {
        return alive().stream().map(Node::id).toList();
    }

    private List<String> awaitFirstBeats(int n) {
        awaitInFirstNodeTimeout(() -> liveIds().size() >= n);
        return liveIds();
    }

    /**
     * In the map's first node timeout, waits until {@code enough} holds or that timeout has passed;
     * after it, returns at once.
     */
    private void awaitInFirstNodeTimeout(BooleanSupplier enough) {
        long until = startedNanos + nodeTimeout.toNanos();
        synchronized (beats) {
            for (long left = until - System.nanoTime(); !enough.getAsBoolean() && left > 0; left = until - System.nanoTime()) {
                try {
                    beats.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Where to read first: the given nodes, live ones first, in their order. In the map's first
     * node timeout it first waits for the holders' first beats, as a placement does: a restarted
     * server knew no holder's address yet, found no copy to read and answered a GET with 503 "no
     * readable copy" (the cluster fault case, a second after the killed node came back).
     */
    public List<String> readOrder(List<String> holders) {
        if (!allKnown(holders)) {
            awaitInFirstNodeTimeout(() -> allKnown(holders));
        }
        // loops, not streams: this runs for every block a GET reads (the streams were 3.0 % of S3Servlet.service's samples in a 4 KiB PUT/GET profile)
        List<String> order = new ArrayList<>(holders.size());
        for (String h : holders) if (alive(h)) order.add(h);
        for (String h : holders) if (!alive(h)) order.add(h);
        return order;
    }

    private boolean allKnown(List<String> holders) {
        for (String h : holders) if (!nodes.containsKey(h)) return false;
        return true;
    }

    /** The node's address; in the map's first node timeout, once its first beat came (null if it never did). */
    public String url(String id) {
        Node n = nodes.get(id);
        if (n == null) {
            awaitInFirstNodeTimeout(() -> nodes.containsKey(id));
            n = nodes.get(id);
        }
        return n == null ? null : n.url();
    }
}
