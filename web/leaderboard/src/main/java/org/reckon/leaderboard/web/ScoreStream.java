package org.reckon.leaderboard.web;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ejb.EJB;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reckon.leaderboard.ScoreListeners;

/**
 * The live side of the leaderboard page: every open event stream hears {@code scores} with the
 * month whose board changed, at most every {@value #COALESCE_MS} ms however many scores arrive
 * (at the chapter's 2,500 updates/s a page re-reads its board four times a second, not 2,500).
 */
@ApplicationScoped
public class ScoreStream {

    static final long COALESCE_MS = 250;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @EJB
    ScoreListeners listeners;

    private volatile Sse sse;
    private volatile SseBroadcaster broadcaster;
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    /** Adds a stream to the broadcast; it is closed after {@code seconds}. */
    void register(Sse sse, SseEventSink sink, int seconds) {
        if (broadcaster == null) {
            synchronized (this) {
                if (broadcaster == null) {
                    this.sse = sse;
                    this.broadcaster = sse.newBroadcaster();
                    listeners.subscribe(this::changed);
                }
            }
        }
        broadcaster.register(sink);
        scheduler.schedule(sink::close, seconds, TimeUnit.SECONDS);
    }

    void changed(String month) {
        changed.add(month);
        if (broadcaster != null && scheduled.compareAndSet(false, true)) {
            scheduler.schedule(this::flush, COALESCE_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void flush() {
        scheduled.set(false);
        for (String month : Set.copyOf(changed)) {
            changed.remove(month);
            broadcaster.broadcast(sse.newEventBuilder().name("scores").data("{\"month\":\"" + month + "\"}").build());
        }
    }
}
