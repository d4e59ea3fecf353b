package org.reckon.leaderboard.web;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reckon.leaderboard.ScoresChanged;

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

    private volatile Sse sse;
    private volatile SseBroadcaster broadcaster;
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    void register(Sse sse, SseEventSink sink) {
        if (broadcaster == null) {
            synchronized (this) {
                if (broadcaster == null) {
                    this.sse = sse;
                    this.broadcaster = sse.newBroadcaster();
                }
            }
        }
        broadcaster.register(sink);
    }

    void changed(@Observes ScoresChanged event) {
        changed.add(event.month());
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
