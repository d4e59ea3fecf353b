package org.reckon.platform.longpoll;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reckon.platform.cluster.ClusterMembership;

/**
 * A GET that waits for its resource to change (issue 15: clients wait on the server instead of
 * polling it): the client sends the ETag it has in {@code If-None-Match} and how long it will wait
 * in {@code Prefer: wait=N} (RFC 7240, seconds). When the representation still has that ETag the
 * answer is held until it changes (200, the new representation and ETag) or the wait ends (304 Not
 * Modified, as a conditional GET answers); {@code Preference-Applied} says the wait that was honoured
 * (at most {@link #MAX_WAIT_SECONDS}). Without both headers, or with another ETag, the answer is
 * immediate, so plain GETs and conditional GETs behave as usual. Every answer carries the ETag.
 *
 * <p>A context that offers the wait calls {@link #changed} with the resource's key after a change
 * commits (the payment order's: an interposed synchronization's {@code afterCompletion}); each waiter then reads
 * its resource again on a managed thread. A change committed on another node of a cluster sends no
 * signal here, so on a cluster every waiter also reads again ({@link #RECHECK_MILLIS}, then each
 * second); a server alone reads again each second only, for a signal that could not be given (a
 * transaction the recovery manager completed). The waiter is registered before its one first read,
 * so a change committed after that read's snapshot always finds it. The request thread is never
 * held: the answer is resumed on the {@link AsyncResponse}.
 */
@ApplicationScoped
public class LongPoll {

    /** The longest wait granted, in seconds; a client asking more gets this (and Preference-Applied says so). */
    public static final int MAX_WAIT_SECONDS = 30;
    /**
     * When a waiter reads its resource again without a signal (a change made on another node, or a
     * signal lost): 100, 200, 400 and 800 ms after it began to wait, then every second; the early
     * re-reads bound such a miss for the changes that come soon, the usual case.
     */
    static final long[] RECHECK_MILLIS = {100, 200, 400, 800};
    static final long RECHECK_EVERY_MILLIS = 1_000;
    private static final Pattern WAIT = Pattern.compile("(?:^|[,;\\s])wait\\s*=\\s*\"?(\\d{1,9})\"?", Pattern.CASE_INSENSITIVE);

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    ClusterMembership membership;

    /**
     * Whether another node may commit a change that sends no signal here, so that waiters read again
     * early ({@link #RECHECK_MILLIS}); tests set it.
     */
    BooleanSupplier clustered = () -> membership == null || !membership.alone();

    private final ConcurrentHashMap<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();

    /**
     * Answers {@code async} with {@code read}'s representation of the resource {@code key}, at once
     * or, when the client holds its current ETag and asked to wait, once it changes or the wait ends.
     * {@code read} runs on this thread first (an exception it throws, 404 say, is the answer, thrown
     * from here) and then on managed threads, so it must carry what it needs (the caller's identity
     * as an argument, not the request's security context).
     */
    public void answer(AsyncResponse async, String key, Supplier<?> read, String ifNoneMatch, String prefer) {
        int wait = requestedWait(prefer);
        if (ifNoneMatch == null || wait <= 0) {
            Object now = read.get();
            EntityTag tag = etag(now);
            async.resume(ifNoneMatch != null && matches(ifNoneMatch, tag.getValue())
                    ? Response.notModified(tag).build() : Response.ok(now).tag(tag).build());
            return;
        }
        // The client holds a tag and will wait: the waiter is registered before the one read, so a
        // change that commits after the read's snapshot always finds it and is read again.
        int granted = Math.min(wait, MAX_WAIT_SECONDS);
        Waiter waiter = new Waiter(async, key, read, granted);
        waiters.compute(key, (k, set) -> {
            Set<Waiter> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            s.add(waiter);
            return s;
        });
        Object now;
        try {
            now = read.get();
        } catch (RuntimeException e) {
            waiter.finish(null);
            throw e;
        }
        EntityTag tag = etag(now);
        if (!matches(ifNoneMatch, tag.getValue())) {
            waiter.finish(Response.ok(now).tag(tag).build());
            return;
        }
        // No async.setTimeout: the waiter's own timer answers 304 when the wait ends, and RESTEasy's
        // servlet container suspends @Suspended requests without a timeout (AsyncContext timeout -1).
        // RESTEasy's setTimeout scheduled a second timer through ContextualExecutors, which looks its
        // thread-context providers up with a ServiceLoader over the deployment's jars on every call:
        // 3 % of the request threads' CPU samples at 64 pay-in clients (issue 15).
        waiter.start(tag);
    }

    /** The resource {@code key} changed (a committed change): its waiters read it again. */
    public void changed(String key) {
        Set<Waiter> set = waiters.get(key);
        if (set != null) {
            for (Waiter w : set) {
                w.signal();
            }
        }
    }

    /** How many requests wait now (tests, metrics). */
    public int waiting() {
        return waiters.values().stream().mapToInt(Set::size).sum();
    }

    /** The seconds asked by {@code Prefer: wait=N}, 0 when absent or unreadable (an unknown preference is ignored, RFC 7240). */
    static int requestedWait(String prefer) {
        if (prefer == null) {
            return 0;
        }
        Matcher m = WAIT.matcher(prefer);
        return m.find() ? (int) Math.min(Long.parseLong(m.group(1)), Integer.MAX_VALUE) : 0;
    }

    /** A weak ETag of the representation ({@link #tagValue}). */
    static EntityTag etag(Object representation) {
        return new EntityTag(tagValue(representation), true);
    }

    /**
     * The ETag's value: the first 16 bytes of the SHA-256 of the representation's text form (a
     * record's is its values), in hex; the same state gives the same tag on every node.
     */
    static String tagValue(Object representation) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.valueOf(representation).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** If-None-Match's weak comparison (RFC 9110 13.1.2): any listed tag, weak or not, with the same opaque value; "*" matches. */
    static boolean matches(String ifNoneMatch, String tagValue) {
        for (String one : ifNoneMatch.split(",")) {
            String t = one.trim();
            if (t.equals("*")) {
                return true;
            }
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") && t.substring(1, t.length() - 1).equals(tagValue)) {
                return true;
            }
        }
        return false;
    }

    private final class Waiter {
        private final AsyncResponse async;
        private final String key;
        private final Supplier<?> read;
        private final int seconds;
        private final AtomicBoolean done = new AtomicBoolean();
        /** The tag the client holds, set once the first read has confirmed it (null before). */
        private volatile EntityTag seen;
        /** A change was announced; with {@link #seen}, one of signal() and start() sees the other's write. */
        private volatile boolean signalled;
        private volatile ScheduledFuture<?> recheck;
        private volatile ScheduledFuture<?> timeout;

        Waiter(AsyncResponse async, String key, Supplier<?> read, int seconds) {
            this.async = async;
            this.key = key;
            this.read = read;
            this.seconds = seconds;
        }

        /** The first read confirmed the client's tag: wait, re-reading on signals and on the timers. */
        void start(EntityTag tag) {
            seen = tag;
            timeout = scheduler.schedule(() -> finish(Response.notModified(tag).header("Preference-Applied", "wait=" + seconds).build()),
                    seconds, TimeUnit.SECONDS);
            recheckAfter(clustered.getAsBoolean() ? 0 : RECHECK_MILLIS.length);
            if (done.get()) { // a signal's read answered while the timers were being set
                stop();
            }
            if (signalled) { // announced while the first read ran: its change may be after that read's snapshot
                scheduler.execute(this::check);
            }
        }

        void signal() {
            signalled = true;
            if (seen != null) {
                scheduler.execute(this::check);
            }
        }

        /**
         * Schedules the re-read number {@code n} (its delay from {@link #RECHECK_MILLIS}, then every
         * second). A server alone starts at the one-second ones: every change it commits signals.
         */
        private void recheckAfter(int n) {
            if (done.get()) {
                return;
            }
            long delay = n == 0 ? RECHECK_MILLIS[0]
                    : n < RECHECK_MILLIS.length ? RECHECK_MILLIS[n] - RECHECK_MILLIS[n - 1] : RECHECK_EVERY_MILLIS;
            recheck = scheduler.schedule(() -> {
                check();
                recheckAfter(n + 1);
            }, delay, TimeUnit.MILLISECONDS);
        }

        void check() {
            EntityTag held = seen;
            if (done.get() || held == null) {
                return;
            }
            Object now;
            try {
                now = read.get();
            } catch (RuntimeException e) {
                if (done.compareAndSet(false, true)) {
                    stop();
                    async.resume(e);
                }
                return;
            }
            EntityTag tag = etag(now);
            if (!Objects.equals(tag.getValue(), held.getValue())) {
                finish(Response.ok(now).tag(tag).header("Preference-Applied", "wait=" + seconds).build());
            }
        }

        /** Ends the wait with {@code response}; null: ends it without answering (the caller answers). */
        void finish(Response response) {
            if (done.compareAndSet(false, true)) {
                stop();
                if (response != null) {
                    async.resume(response);
                }
            }
        }

        private void stop() {
            waiters.computeIfPresent(key, (k, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
            ScheduledFuture<?> r = recheck;
            if (r != null) {
                r.cancel(false);
            }
            ScheduledFuture<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
        }
    }
}
