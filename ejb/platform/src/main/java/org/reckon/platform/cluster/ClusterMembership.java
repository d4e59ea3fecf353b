package org.reckon.platform.cluster;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Which node of the cluster runs the singleton work ({@link SingletonWork}): the coordinator of
 * WildFly's default membership group ({@code java:jboss/clustering/server/group/default}), that is the
 * oldest member of the JGroups view of the channel "ee" (standalone-full-ha, cluster.cli). When it
 * dies, JGroups removes it from the view (at once for a SIGKILL: FD_SOCK2 sees its socket close)
 * and the next oldest member is the coordinator. This is the same election WildFly's own singleton
 * service makes by default (simple-election-policy: the oldest member). On standalone-full, with no
 * JGroups, the group is WildFly's singleton membership: this server alone, always primary.
 *
 * <p>The group is reached by reflection on its public interfaces ({@code getLocalMember},
 * {@code getMembership().getCoordinator()}, {@code getMembers()}), which both of WildFly's group
 * APIs have (org.wildfly.clustering.group and org.wildfly.clustering.server), so no WildFly
 * clustering jar is compiled against. If the group cannot be looked up at all, this server acts as
 * the only node (and says so once in the log).
 *
 * <p>In a network partition both halves have a coordinator. The coordinator therefore also has to
 * hold the cluster's {@link SingletonLock} (a PostgreSQL advisory lock, on the datasource
 * {@code java:jboss/datasources/ClusterLockDS} that cluster.cli defines): only one half gets it, and
 * the other half's coordinator is fenced off and skips the work until the partition heals (MERGE3) and
 * the view's one coordinator takes the lock. A node that stops being the coordinator lets the lock go
 * at its next singleton firing. Without that datasource (one server, standalone-full) there is no lock
 * and the coordinator alone decides (platform.md, "Cluster").
 */
@ApplicationScoped
public class ClusterMembership {

    /** Where WildFly 39 binds the default group (org.wildfly.clustering.server.Group); older releases used {@link #LEGACY_GROUP}. */
    static final String GROUP = "java:jboss/clustering/server/group/default";
    static final String LEGACY_GROUP = "java:jboss/clustering/group/default";
    private static final Logger LOG = Logger.getLogger(ClusterMembership.class.getName());

    /** Where cluster.cli binds the lock's datasource; {@code reckon.cluster.lock.datasource} names another. */
    static final String LOCK_DATASOURCE = "java:jboss/datasources/ClusterLockDS";
    /** How long a check that the lock's connection is alive may take (seconds) before the lock counts as lost. */
    private static final int LOCK_CHECK_SECONDS = 2;

    private volatile Object group;
    private volatile boolean noGroup;
    private SingletonLock lock;
    private boolean noLock;
    private final AtomicBoolean primary = new AtomicBoolean();
    private final AtomicBoolean fenced = new AtomicBoolean();
    private volatile Instant primarySince;
    private static final long ALONE_READ_EVERY_NANOS = 1_000_000_000L;
    private volatile boolean aloneRead;
    private volatile long aloneReadAt;

    public ClusterMembership() {
    }

    /** A membership over a given group object (tests), without a lock; null for "no group". */
    ClusterMembership(Object group) {
        this.group = group;
        this.noGroup = group == null;
        this.noLock = true;
    }

    /**
     * True when this node runs the singleton work now: it is the coordinator of its view and, on a
     * cluster, holds the singleton lock.
     */
    public boolean primary() {
        boolean coordinator = computePrimary();
        boolean now;
        synchronized (this) {
            now = fence(coordinator);
        }
        if (coordinator && !now) {
            if (!fenced.getAndSet(true)) {
                Instant since = Instant.now();
                LOG.warning(() -> "singleton work: " + localMember() + " is fenced from " + since + ": the coordinator of its view (members "
                        + members() + ") but another node holds the singleton lock, so this node does not run the singleton work"
                        + " (a network partition, or the last primary still ending)");
            }
        } else if (fenced.getAndSet(false) && !coordinator) {
            LOG.info(() -> "singleton work: " + localMember() + " is no longer the coordinator of its view (members " + members() + ")");
        }
        if (now != primary.getAndSet(now)) {
            if (now) {
                primarySince = Instant.now();
                LOG.info(() -> "singleton work: " + localMember() + " is the primary node from " + primarySince + " (members " + members() + ")");
            } else {
                primarySince = null;
                LOG.info(() -> "singleton work: " + localMember() + " is no longer the primary node (members " + members() + ")");
            }
        }
        return now;
    }

    /** Takes or keeps the lock when {@code coordinator}, lets it go otherwise; with no lock, the coordinator is the primary. */
    private boolean fence(boolean coordinator) {
        SingletonLock l = lock();
        if (l == null) {
            return coordinator;
        }
        if (!coordinator) {
            if (l.held()) {
                l.release();
                LOG.info(() -> "singleton work: " + localMember() + " let the singleton lock go (no longer the coordinator)");
            }
            return false;
        }
        return l.hold();
    }

    private SingletonLock lock() {
        if (lock == null && !noLock) {
            String name = System.getProperty("reckon.cluster.lock.datasource", LOCK_DATASOURCE);
            try {
                lock = new SingletonLock((DataSource) new InitialContext().lookup(name), LOCK_CHECK_SECONDS);
                LOG.info(() -> "singleton work: fenced by the PostgreSQL advisory lock on " + name);
            } catch (NamingException | ClassCastException e) {
                noLock = true;
                LOG.info(() -> "singleton work: no " + name + " (one server): the coordinator alone runs it");
            }
        }
        return lock;
    }

    /** Lets the lock go when the application stops, so the next coordinator need not wait for this session to end. */
    @PreDestroy
    synchronized void stop() {
        if (lock != null) {
            lock.release();
        }
    }

    /** Since when this node is the primary (as first seen by a singleton timer), or null. */
    public Instant primarySince() {
        return primarySince;
    }

    /** This node's name in the group (jboss.node.name), or "local" without a group. */
    public String localMember() {
        Object g = group();
        return g == null ? "local" : name(call(g, "getLocalMember"));
    }

    /** The members of the current view, oldest (the primary) first. */
    public List<String> members() {
        Object g = group();
        if (g == null) {
            return List.of("local");
        }
        List<?> members = (List<?>) call(call(g, "getMembership"), "getMembers");
        return members.stream().map(ClusterMembership::name).toList();
    }

    /**
     * True when this server is in a real cluster (a JGroups view, not the one-server group) and
     * {@code member} is not in its current view: it died or left. A claim or lease it held can be
     * taken over. False whenever that cannot be told (no group, one server, an unreadable view).
     */
    public boolean departed(String member) {
        Object g = group();
        if (g == null) {
            return false;
        }
        try {
            if (Boolean.TRUE.equals(call(g, "isSingleton"))) {
                return false;
            }
            return !members().contains(member);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * True when no other node shares this server's view: no group (standalone-full), WildFly's
     * one-server group, or a view of one member. Read again at most once a second.
     */
    public boolean alone() {
        long now = System.nanoTime();
        if (now - aloneReadAt < ALONE_READ_EVERY_NANOS && aloneReadAt != 0) {
            return aloneRead;
        }
        boolean alone;
        Object g = group();
        if (g == null) {
            alone = true;
        } else {
            try {
                alone = Boolean.TRUE.equals(call(g, "isSingleton")) || members().size() <= 1;
            } catch (RuntimeException e) {
                alone = false; // a view being installed: not known to be alone
            }
        }
        aloneRead = alone;
        aloneReadAt = now;
        return alone;
    }

    private boolean computePrimary() {
        Object g = group();
        if (g == null) {
            return true;
        }
        try {
            Object coordinator = call(call(g, "getMembership"), "getCoordinator");
            return coordinator != null && coordinator.equals(call(g, "getLocalMember"));
        } catch (RuntimeException e) {
            // a view being installed: this firing is skipped, the next one looks again
            LOG.log(Level.FINE, "singleton work: membership not readable now", e);
            return false;
        }
    }

    private Object group() {
        if (group == null && !noGroup) {
            for (String name : new String[] {GROUP, LEGACY_GROUP}) {
                try {
                    group = new InitialContext().lookup(name);
                    LOG.info(() -> "singleton work: membership group " + name + ", this node " + localMember() + ", members " + members());
                    break;
                } catch (NamingException e) {
                    // the next name
                }
            }
            if (group == null) {
                noGroup = true;
                LOG.warning(() -> "singleton work: no membership group at " + GROUP + " nor " + LEGACY_GROUP
                        + "; this server runs it as the only node");
            }
        }
        return group;
    }

    private static String name(Object member) {
        return member == null ? "?" : String.valueOf(call(member, "getName"));
    }

    /** Calls a no-argument method through one of the object's public interfaces (the implementation class may not be accessible). */
    static Object call(Object target, String method) {
        Method m = find(target.getClass(), method);
        if (m == null) {
            throw new IllegalStateException(target.getClass() + " has no public interface method " + method + "()");
        }
        try {
            return m.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("calling " + method + "() on " + target.getClass(), e);
        }
    }

    private static Method find(Class<?> type, String method) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                Method m = findInInterface(i, method);
                if (m != null) {
                    return m;
                }
            }
        }
        return null;
    }

    private static Method findInInterface(Class<?> type, String method) {
        if (java.lang.reflect.Modifier.isPublic(type.getModifiers())) {
            try {
                return type.getMethod(method);
            } catch (NoSuchMethodException e) {
                // look in its super-interfaces
            }
        }
        for (Class<?> i : type.getInterfaces()) {
            Method m = findInInterface(i, method);
            if (m != null) {
                return m;
            }
        }
        return null;
    }
}
