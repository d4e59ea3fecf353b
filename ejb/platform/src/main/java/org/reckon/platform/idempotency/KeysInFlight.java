package org.reckon.platform.idempotency;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.reckon.platform.cluster.ClusterMembership;
import org.reckon.platform.idempotency.store.IdempotencyKey;

/**
 * The Idempotency-Keys whose requests are executing in this server right now, and who this
 * server is ("node/run": the transaction node identifier, unique per server, and a random id of
 * this run). With both, a claim left IN_PROGRESS can be told apart from one still at work: held by
 * an earlier run of this node, or by this run for a key no request of it is executing, it was
 * abandoned (the server died, or the work failed and releasing the claim could not reach the
 * database) and is taken over at once. A claim held by another node waits for its lock to pass,
 * unless that node has left the cluster ({@link ClusterMembership#departed}): then it is taken over at once too.
 *
 * <p>Taking an abandoned claim over is safe even when its work is still being committed: the
 * work completes the claim in its own transaction, which then holds the claim's row lock, so
 * the new claim's locking read waits for that outcome and replays it.
 */
@ApplicationScoped
public class KeysInFlight {

    @Inject
    ClusterMembership membership;

    private final String node = System.getProperty("reckon.tx.node", "reckon-1");
    private final String claimant = node + "/" + UUID.randomUUID();
    private final ConcurrentHashMap<IdempotencyKey, Integer> running = new ConcurrentHashMap<>();

    /** A request starts working under this key (call before claiming it). */
    public void enter(IdempotencyKey key) {
        running.merge(key, 1, Integer::sum);
    }

    /** The request has answered, whatever the outcome (call in a finally block). */
    public void leave(IdempotencyKey key) {
        running.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
    }

    /** "node/run": what a claim made by this server records as its holder. */
    public String claimant() {
        return claimant;
    }

    /**
     * Whether a claim held by {@code claimedBy} was abandoned, as seen by a request that has
     * itself {@linkplain #enter entered} under {@code key}.
     */
    public boolean abandoned(String claimedBy, IdempotencyKey key) {
        if (claimedBy == null) {
            return false; // a claim too old to say: its lock decides
        }
        if (!claimedBy.startsWith(node + "/")) {
            // another node's claim: abandoned if that node has left the cluster (it died; issue 16),
            // else its lock decides. Needs jboss.node.name = reckon.tx.node (bin/cluster.sh).
            int slash = claimedBy.indexOf('/');
            return membership != null && slash > 0 && membership.departed(claimedBy.substring(0, slash));
        }
        return !claimedBy.equals(claimant) || running.getOrDefault(key, 0) <= 1;
    }
}
