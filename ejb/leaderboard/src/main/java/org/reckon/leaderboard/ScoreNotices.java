package org.reckon.leaderboard;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.reckon.leaderboard.redis.RedisBoards;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;

/**
 * That a month's board changed, told to every node: the projection publishes the month on the Redis
 * channel {@value #CHANNEL} once it has written the scores, and every node, this one included,
 * hears it on its subscription and tells its {@link ScoreListeners} (the live page's event
 * streams). On a cluster the match results are shared out between the nodes' consumers, so a node's
 * own projection sees only part of the scores; the boards live in the one Redis, and so do their
 * notices. When the publish fails (Redis unreachable: the write before it failed too, and the
 * projection catches up later), this node's listeners are told directly.
 *
 * <p>The subscription runs on a thread of its own (a blocking {@code SUBSCRIBE} on one connection
 * of the boards' client) and subscribes again after a failure, waiting 0.1 s, then twice as long each
 * time up to 2 s; notices published while it is down are lost, and a page then sees the change at
 * its next reading or reconnect. After a switch of the Redis URI (tests), the next notice this node
 * publishes ends the subscription on the old client (this node's listeners are told that one
 * directly) and the next subscription is on the new client.
 */
@Singleton
@Startup
@DependsOn({"RedisBoards", "ScoreListeners"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ScoreNotices {

    /** The Redis channel of the notices: messages are months, YYYY-MM. */
    public static final String CHANNEL = "leaderboard:changed";
    private static final Logger LOG = Logger.getLogger(ScoreNotices.class.getName());
    private static final long FIRST_PAUSE_MILLIS = 100;
    private static final long MAX_PAUSE_MILLIS = 2_000;
    static final long COALESCE_MS = 100;

    @EJB
    RedisBoards boards;

    @EJB
    ScoreListeners listeners;

    @Resource
    ManagedThreadFactory threads;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    private volatile boolean stopped;
    private volatile JedisPubSub subscription;
    private volatile UnifiedJedis subscribedOn;
    private Thread subscriber;

    @PostConstruct
    void start() {
        subscriber = threads.newThread(this::subscribe);
        subscriber.setName("leaderboard-notices");
        subscriber.start();
    }

    @PreDestroy
    void stop() {
        stopped = true;
        endSubscription();
        subscriber.interrupt();
    }

    /**
     * Tells every node that the board of {@code month} (YYYY-MM) changed: at most one notice a month
     * every {@value #COALESCE_MS} ms however many scores arrive, so the write path of a score pays no
     * Redis round trip of its own for it (the streams coalesce by 250 ms anyway).
     */
    public void changed(String month) {
        pending.add(month);
        if (scheduled.compareAndSet(false, true)) {
            try {
                scheduler.schedule(this::publishPending, COALESCE_MS, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) { // the executor refuses work while the server shuts down
                publishPending();
            }
        }
    }

    private void publishPending() {
        scheduled.set(false); // first: a month added from now on schedules the next round
        for (String month : List.copyOf(pending)) {
            pending.remove(month);
            publish(month);
        }
    }

    private void publish(String month) {
        try {
            UnifiedJedis client = boards.client();
            UnifiedJedis listening = subscribedOn;
            if (listening != null && listening != client) { // the URI was switched: listen on the new client
                endSubscription();
                listeners.changed(month);
            }
            client.publish(CHANNEL, month);
        } catch (RuntimeException e) {
            listeners.changed(month);
        }
    }

    private void endSubscription() {
        JedisPubSub current = subscription;
        if (current != null && current.isSubscribed()) {
            try {
                current.unsubscribe();
            } catch (RuntimeException e) { // its connection is gone already: the loop subscribes again
                LOG.fine(() -> "leaderboard notices: unsubscribe failed: " + e);
            }
        }
    }

    private void subscribe() {
        long pause = FIRST_PAUSE_MILLIS;
        while (!stopped) {
            JedisPubSub pubsub = new JedisPubSub() {
                @Override
                public void onMessage(String channel, String month) {
                    listeners.changed(month);
                }
            };
            subscription = pubsub;
            try {
                UnifiedJedis client = boards.client();
                subscribedOn = client;
                client.subscribe(pubsub, CHANNEL); // returns when unsubscribed, throws when the connection fails
                pause = FIRST_PAUSE_MILLIS;
            } catch (RuntimeException e) {
                if (stopped) {
                    return;
                }
                LOG.fine(() -> "leaderboard notices: subscription ended (" + e + "); again shortly");
            }
            try {
                Thread.sleep(pause); // a back-off between attempts, not a wait for a condition
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
        }
    }
}
