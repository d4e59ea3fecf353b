package org.reckon.faults.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Everything the fault suite runs against, started once per test JVM and stopped at its end
 * ({@link PlatformSession}): PostgreSQL, Elasticsearch, the PSP sandbox on a WildFly of its own (a
 * third party that does not crash with us), Reckon's WildFly with the Byteman crash rule, and the
 * proxy on the sandbox's path to Reckon's public URL.
 */
public final class Platform {

    public static final int RECKON_OFFSET = Integer.getInteger("reckon.faults.reckon.offset", 500);
    public static final int PSP_OFFSET = Integer.getInteger("reckon.faults.psp.offset", 600);
    public static final Duration BOOT_TIMEOUT = Duration.ofMinutes(6);

    private static Platform instance;

    public final Path dir;
    public final Postgres postgres;
    /** The wallet partition 1's own PostgreSQL ({@link Postgres#WALLET_PARTITION_1}). */
    public final Postgres walletPartition1;
    public final Elasticsearch elasticsearch;
    /** The leaderboard's Redis, on 6379 + the Reckon server's offset. */
    public final Redis redis;
    public final WildFly psp;
    public final WildFly reckon;
    public final TcpProxy proxy;
    /** The object storage's data nodes (9001..9006 + the Reckon offset): started by the first scenario that needs them. */
    private final ObjectStorageNodes objectStorageNodes;
    private final Path crashTrigger;
    private final Path crashParked;
    /** Where the API's clients (Load, Invariants) send requests: Reckon's server, or a cluster's balancer ({@link #route}). */
    private volatile String reckonBase;
    /** True while Reckon's server is stopped for a scenario that runs its own servers ({@link #parkReckon}). */
    private boolean reckonParked;
    /** The two-node cluster of ClusterNodeKillFaultIT while it runs (killed with the platform, whatever happens). */
    private volatile Cluster cluster;

    private Platform() {
        dir = Path.of(property("reckon.faults.dir"));
        Path artifacts = Path.of(property("reckon.faults.artifacts"));
        Path jbossHome = Path.of(property("reckon.faults.jboss.home"));
        String envFile = property("reckon.faults.env.file");
        postgres = new Postgres(Integer.parseInt(property("reckon.faults.pg.port")), dir.resolve("postgresql").toFile(),
                java.util.Arrays.stream(Postgres.DATABASES).filter(d -> !d.equals(Postgres.WALLET_PARTITION_1)).toList());
        walletPartition1 = new Postgres(Integer.parseInt(property("reckon.faults.pg.wallet1.port")),
                dir.resolve("postgresql-wallet-1").toFile(), List.of(Postgres.WALLET_PARTITION_1));
        elasticsearch = new Elasticsearch(Path.of(property("reckon.faults.es.script")), Path.of(property("reckon.faults.es.home")),
                Integer.parseInt(property("reckon.faults.es.port")), dir.resolve("elasticsearch"));
        redis = new Redis(Path.of(property("reckon.faults.redis.script")), 6379 + RECKON_OFFSET, dir.resolve("redis"));
        psp = new WildFly("psp-sandbox server", jbossHome, dir.resolve("psp-server"), PSP_OFFSET,
                List.of("-Xms128m", "-Xmx512m"), List.of("-P", envFile), "/psp-sandbox/api/v1/faults");
        proxy = new TcpProxy(Integer.parseInt(property("reckon.faults.proxy.port")), 8080 + RECKON_OFFSET);
        objectStorageNodes = new ObjectStorageNodes(Path.of(property("reckon.faults.objectstorage.script")),
                artifacts.resolve("objectstorage-node.jar"), dir.resolve("objectstorage-nodes"), RECKON_OFFSET);
        crashTrigger = dir.resolve("crash.trigger");
        crashParked = dir.resolve("crash.parked");
        reckon = new WildFly("reckon server", jbossHome, dir.resolve("reckon-server"), RECKON_OFFSET,
                List.of("-Xms256m", "-Xmx1g",
                        "-javaagent:" + artifacts.resolve("byteman.jar") + "=script:" + property("reckon.faults.byteman.rules")),
                List.of("-P", envFile,
                        "-Dreckon.db.port=" + postgres.port(),
                        "-Dreckon.db.wallet.1.port=" + walletPartition1.port(),
                        "-Dreckon.search.url=" + elasticsearch.url(),
                        "-Dreckon.leaderboard.redis.uri=" + redis.uri(),
                        "-Dreckon.psp.url=" + psp.baseUrl() + "/psp-sandbox",
                        // the sandbox calls back (webhooks) through the proxy, which a scenario can cut
                        "-Dreckon.public.url=http://127.0.0.1:" + proxy.port(),
                        "-Dreckon.faults.crash.trigger=" + crashTrigger,
                        "-Dreckon.faults.crash.parked=" + crashParked,
                        // Narayana's recovery settings: the suite's (below) or production's (env/prod.properties)
                        recoverySettings(envFile).get(0),
                        recoverySettings(envFile).get(1),
                        // the stuck-payment sweep (every minute) re-queries orders unfinished for 30 s
                        "-Dreckon.payment.stuck-after=PT30S",
                        // the wallet's recovery of TC/C transactions and sagas left by a crash: rows untouched
                        // for 40 s (production: 2 min; a live coordinator waits 30 s at most), looked for every 5 s
                        "-Dreckon.wallet.recovery.abandoned-after=PT40S",
                        "-Dreckon.wallet.recovery.interval=PT5S"),
                "/health/ready");
        try {
            java.nio.file.Files.createDirectories(dir);
            // a crash point a failed run left armed would park the first request of this one
            try (var left = java.nio.file.Files.list(dir)) {
                for (Path p : left.filter(p -> p.getFileName().toString().startsWith("crash.")).toList()) {
                    java.nio.file.Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        psp.prepare(artifacts.resolve("psp-sandbox.war"));
        reckon.prepare(artifacts.resolve("reckon.ear"));
    }

    /**
     * Narayana's recovery settings of Reckon's server. {@code -Dreckon.faults.recovery.settings=prod} runs
     * with the production ones, read from {@code env/prod.properties} beside the test env file (what
     * issue 16 asks to measure); by default the suite's: periodic recovery every 5 s (production: 30 s),
     * second pass 1 s after the first. Recovery at boot ({@code RecoveryAtBoot}) runs in both.
     */
    static List<String> recoverySettings(String envFile) {
        if ("prod".equals(System.getProperty("reckon.faults.recovery.settings", "test"))) {
            java.util.Properties prod = new java.util.Properties();
            try (var in = java.nio.file.Files.newBufferedReader(Path.of(envFile).resolveSibling("prod.properties"))) {
                prod.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return List.of("-DRecoveryEnvironmentBean.periodicRecoveryPeriod=" + prod.getProperty("RecoveryEnvironmentBean.periodicRecoveryPeriod"),
                    "-DRecoveryEnvironmentBean.recoveryBackoffPeriod=" + prod.getProperty("RecoveryEnvironmentBean.recoveryBackoffPeriod"));
        }
        return List.of("-DRecoveryEnvironmentBean.periodicRecoveryPeriod=5", "-DRecoveryEnvironmentBean.recoveryBackoffPeriod=1");
    }

    public static synchronized Platform get() {
        if (instance == null) {
            Platform platform = new Platform();
            instance = platform;
            // a killed test JVM (Ctrl-C, a timeout) must not leave servers behind
            Runtime.getRuntime().addShutdownHook(new Thread(Platform::shutdown, "reckon-faults-shutdown"));
            platform.start();
        }
        return instance;
    }

    /** Sends the clients' requests (Load, Invariants, Fixture) to {@code baseUrl}; null: back to Reckon's server. */
    public void route(String baseUrl) {
        reckonBase = baseUrl;
    }

    /**
     * Stops Reckon's server (SIGTERM: an orderly shutdown, nothing left in doubt) for a scenario that
     * runs Reckon on servers of its own (ClusterNodeKillFaultIT); the next scenario's
     * {@link Scenario#begin} starts it again on its data.
     */
    public synchronized void parkReckon() {
        if (reckon.running()) {
            reckon.stop();
        }
        reckonParked = true;
    }

    /** Starts Reckon's server again if a scenario parked it (and its cluster is gone). */
    static synchronized void unparkReckon() {
        Platform platform = instance;
        if (platform != null && platform.reckonParked && platform.cluster == null) {
            platform.reckonParked = false;
            platform.reckon.start(BOOT_TIMEOUT);
            Report.line("reckon server started again after the previous scenario's own servers: %s", platform.reckon);
        }
    }

    /** Registers the cluster a scenario started, so the platform's shutdown kills it too (null when it is gone). */
    void cluster(Cluster running) {
        cluster = running;
    }

    static synchronized void shutdown() {
        if (instance != null) {
            instance.stopAll();
            instance = null;
        }
    }

    private void start() {
        long begin = System.nanoTime();
        try {
            postgres.start(true);
            walletPartition1.start(true);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
        Files.delete(dir.resolve("elasticsearch")); // a fresh index, like the fresh databases
        elasticsearch.start();
        redis.start();
        psp.start(BOOT_TIMEOUT);
        proxy.restore();
        reckon.start(BOOT_TIMEOUT);
        Report.line("platform up in %d s: PostgreSQL :%d (wallet partition 1 :%d), Elasticsearch %s, %s, %s, webhooks via proxy :%d",
                Duration.ofNanos(System.nanoTime() - begin).toSeconds(), postgres.port(), walletPartition1.port(), elasticsearch.url(), psp, reckon,
                proxy.port());
    }

    private void stopAll() {
        Cluster running = cluster;
        if (running != null) {
            running.close();
        }
        proxy.close();
        if (reckon.running()) {
            reckon.stop();
        }
        if (psp.running()) {
            psp.stop();
        }
        elasticsearch.stop();
        redis.stop();
        objectStorageNodes.stop();
        try {
            postgres.stop();
        } catch (IOException e) {
            System.err.println("[reckon-faults] stopping PostgreSQL: " + e);
        }
        try {
            walletPartition1.stop();
        } catch (IOException e) {
            System.err.println("[reckon-faults] stopping the wallet partition 1's PostgreSQL: " + e);
        }
    }

    /** The data nodes, started (fresh directories) on the first call. */
    public ObjectStorageNodes objectStorageNodes() {
        objectStorageNodes.ensureStarted();
        return objectStorageNodes;
    }

    public String reckonUrl(String path) {
        String base = reckonBase;
        return (base != null ? base : reckon.baseUrl()) + path;
    }

    public String pspUrl(String path) {
        return psp.baseUrl() + "/psp-sandbox" + path;
    }

    public Connection db(String database) throws SQLException {
        return (Postgres.WALLET_PARTITION_1.equals(database) ? walletPartition1 : postgres).connect(database);
    }

    /** Fast shutdown of the wallet partition 1's PostgreSQL (only that partition's database). */
    public void stopWalletPartition1() {
        try {
            walletPartition1.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL of wallet partition 1: stop failed", e);
        }
    }

    public void startWalletPartition1() {
        try {
            walletPartition1.start(false);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL of wallet partition 1: start failed", e);
        }
    }

    public void stopPostgres() {
        try {
            postgres.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL stop failed", e);
        }
    }

    public void startPostgres() {
        try {
            postgres.start(false);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL start failed", e);
        }
    }

    /** Arms the Byteman rule: the next transaction to reach phase 2 parks after its first branch commits. */
    public void armCrashInCommit() {
        try {
            java.nio.file.Files.deleteIfExists(crashParked);
            java.nio.file.Files.writeString(crashTrigger, "armed");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True once a transaction is parked inside its commit phase (waits up to {@code timeout}). */
    public boolean awaitParkedInCommit(Duration timeout) {
        try {
            Awaitility.await("a transaction parked in its commit").atMost(timeout).pollInterval(Duration.ofMillis(20))
                    .until(() -> java.nio.file.Files.exists(crashParked));
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** Arms the refund rule: the next refund the PSP confirms parks before Reckon records it (RefundCrashFaultIT). */
    public void armCrashAfterPspRefund() {
        try {
            java.nio.file.Files.deleteIfExists(Path.of(crashParked + ".refund"));
            java.nio.file.Files.writeString(Path.of(crashTrigger + ".refund"), "armed");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True once a refund is parked after the PSP's answer (waits up to {@code timeout}). */
    public boolean awaitParkedAfterPspRefund(Duration timeout) {
        try {
            Awaitility.await("a refund parked after the PSP answered").atMost(timeout).pollInterval(Duration.ofMillis(20))
                    .until(() -> java.nio.file.Files.exists(Path.of(crashParked + ".refund")));
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    public void disarmCrashAfterPspRefund() {
        try {
            java.nio.file.Files.deleteIfExists(Path.of(crashTrigger + ".refund"));
            java.nio.file.Files.deleteIfExists(Path.of(crashParked + ".refund"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Arms a named crash point of the Byteman rules ({@code crash-in-commit.btm}): the rule whose
     * trigger file is {@code crash.trigger.<point>} parks the next request that reaches it
     * ({@code wallet-xa}, {@code wallet-tcc}, {@code wallet-saga}: WalletCrashFaultIT;
     * {@code os-complete-uncommitted}, {@code os-complete-committed}: ObjectStorageFaultIT).
     */
    public void armCrash(String point) {
        try {
            java.nio.file.Files.deleteIfExists(Path.of(crashParked + "." + point));
            java.nio.file.Files.writeString(Path.of(crashTrigger + "." + point), "armed");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The transaction id the rule wrote once a request is parked at the crash point {@code point}
     * (waits up to {@code timeout}); empty if none parked in time.
     */
    public java.util.Optional<String> awaitParked(String point, Duration timeout) {
        Path parked = Path.of(crashParked + "." + point);
        try {
            Awaitility.await("a request parked at " + point).atMost(timeout).pollInterval(Duration.ofMillis(20))
                    .until(() -> java.nio.file.Files.exists(parked));
            return java.util.Optional.of(java.nio.file.Files.readString(parked).trim());
        } catch (ConditionTimeoutException e) {
            return java.util.Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Disarms a named crash point (before a restart). */
    public void disarmCrash(String point) {
        try {
            java.nio.file.Files.deleteIfExists(Path.of(crashTrigger + "." + point));
            java.nio.file.Files.deleteIfExists(Path.of(crashParked + "." + point));
            java.nio.file.Files.deleteIfExists(Path.of(crashParked + "." + point + ".tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Disarms the rule (before a restart, so recovery's own commits never park). */
    public void disarmCrashInCommit() {
        try {
            java.nio.file.Files.deleteIfExists(crashTrigger);
            java.nio.file.Files.deleteIfExists(crashParked);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run the suite through Maven (see README)");
        }
        return value;
    }

    static void run(String... command) {
        run(java.util.Map.of(), command);
    }

    /** Runs a command with these variables added to its environment; fails if it exits with non-zero. */
    static void run(java.util.Map<String, String> env, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
            builder.environment().putAll(env);
            Process p = builder.start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
