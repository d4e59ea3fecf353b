package org.reckon.platform.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.reckon.platform.cluster.ClusterMembership;

/**
 * Fixed-window counters per client, in memory. On a cluster each node counts what reaches it and
 * allows its share of each limit, the limit divided by the members of its view (at least 1), so the
 * nodes together never allow a client more than the limit, however the balancer spreads its
 * requests. A client whose requests all reach one node gets that node's share only. During a network
 * partition each half sees fewer members and allows more: at most the limit per half.
 * <ul>
 * <li>failed logins per (client address, user name): after {@code reckon.rate-limit.failed-logins}
 *     failures in a window, that client is answered 429 for that user until the window ends, even
 *     with the right password, so a guess cannot be confirmed while blocked;</li>
 * <li>anonymous requests to the API per client address ({@code reckon.rate-limit.public-requests}
 *     per window).</li>
 * </ul>
 * Addresses in {@code reckon.rate-limit.exempt} (a trusted proxy's health checks; the test suite's
 * own client) are not limited.
 */
@ApplicationScoped
public class RateLimits {

    @Inject
    @ConfigProperty(name = "reckon.rate-limit.window", defaultValue = "PT1M")
    Duration window;

    @Inject
    @ConfigProperty(name = "reckon.rate-limit.failed-logins", defaultValue = "10")
    int failedLogins;

    @Inject
    @ConfigProperty(name = "reckon.rate-limit.public-requests", defaultValue = "600")
    int publicRequests;

    @Inject
    @ConfigProperty(name = "reckon.rate-limit.exempt", defaultValue = " ")
    String exempt;

    @Inject
    ClusterMembership membership;

    /** How many members the view had, read at most once a second (the view is looked up by reflection). */
    volatile long membersReadAt = System.nanoTime() - 2_000_000_000L;
    private volatile int members = 1;
    /** The cluster's members; {@link #membership}'s view unless a test sets another. */
    IntSupplier memberCount = () -> membership == null ? 1 : membership.members().size();

    private final ConcurrentHashMap<String, Window> failures = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Window> anonymous = new ConcurrentHashMap<>();

    private record Window(long start, AtomicInteger count) {
    }

    /**
     * {@link #exempt} parsed once. The filter asks on every request, and splitting the setting
     * compiled a regular expression each time (4 % of a static page's CPU in the request-path
     * benchmark); {@code Set.copyOf} also accepts an address listed twice, which {@code Set.of} refused.
     */
    private volatile Set<String> exemptAddresses;

    public boolean exempt(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        Set<String> addresses = exemptAddresses;
        if (addresses == null) {
            addresses = Set.copyOf(java.util.Arrays.asList(exempt.trim().split("\\s*,\\s*")));
            exemptAddresses = addresses;
        }
        return addresses.contains(address);
    }

    /** Seconds until the client may try this user again; 0 when it is not blocked. */
    public long loginBlockedFor(String address, String user) {
        return blockedFor(failures, address + "|" + user, share(failedLogins), false);
    }

    /** Counts a refused login; returns the seconds to wait if this one reached the limit, else 0. */
    public long failedLogin(String address, String user) {
        current(failures, address + "|" + user).count().incrementAndGet();
        return loginBlockedFor(address, user);
    }

    /** Counts an anonymous API request; returns the seconds to wait if it is over the limit, else 0. */
    public long anonymousRequest(String address) {
        return blockedFor(anonymous, address, share(publicRequests), true);
    }

    /** This node's share of a limit: the limit divided by the members of the view, at least 1. */
    int share(int limit) {
        long now = System.nanoTime();
        if (now - membersReadAt > 1_000_000_000L) {
            membersReadAt = now;
            try {
                members = Math.max(1, memberCount.getAsInt());
            } catch (RuntimeException unreadable) { // keep the last count until the view can be read
                members = Math.max(1, members);
            }
        }
        return Math.max(1, limit / members);
    }

    private long blockedFor(ConcurrentHashMap<String, Window> windows, String key, int limit, boolean count) {
        Window w = current(windows, key);
        int n = count ? w.count().incrementAndGet() : w.count().get();
        if (n <= limit) {
            return 0;
        }
        long left = w.start() + window.toMillis() - System.currentTimeMillis();
        return Math.max(1, (left + 999) / 1000);
    }

    private Window current(ConcurrentHashMap<String, Window> windows, String key) {
        long now = System.currentTimeMillis();
        if (windows.size() > 100_000) { // bounded memory: forget finished windows
            windows.values().removeIf(w -> now - w.start() >= window.toMillis());
        }
        return windows.compute(key, (k, w) -> w == null || now - w.start() >= window.toMillis()
                ? new Window(now, new AtomicInteger()) : w);
    }

    /** The user name of a Basic Authorization header, or null. */
    public static String basicUser(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? decoded : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
