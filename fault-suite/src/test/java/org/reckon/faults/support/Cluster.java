package org.reckon.faults.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Reckon on the two-node cluster of issue 16, as {@code wildfly-config/bin/cluster.sh} and
 * {@code benchmark/cluster.sh} run it (standalone-full-ha.xml written by ORDER's "cluster" line,
 * {@code cluster.cli} on top; a balancer on standalone-load-balancer.xml with
 * {@code balancer/cluster-balancer.cli}), but on the suite's PostgreSQL, Elasticsearch, Redis and PSP
 * sandbox. The installation is the suite's own ({@code fault-suite/target/wildfly-cluster}, unpacked
 * by the build), configured here when its scripts changed, so the single-node test installation
 * (and its users) is never touched.
 *
 * <p>Ports: node1 at offset 700 ({@code reckon.faults.cluster.node1.offset}), node2 at 750, the
 * balancer at 780: every port of a node (HTTP, AJP, JGroups TCP and FD_SOCK2, recovery) shifts with
 * its offset, clear of the suite's 500 (Reckon) and 600 (PSP), the in-container suite's 100 and
 * dev's 0. Each node has its own base directory (its object store, its Artemis journal), its
 * {@code jboss.node.name} equal to its Narayana node identifier ({@code reckon-c1}, {@code reckon-c2}),
 * and the suite's Byteman rules ({@link #armCrashInCommit}).
 *
 * <p>{@link #close} kills every process of the cluster; the platform's shutdown does too (a failed
 * or interrupted run leaves nothing behind).
 */
public final class Cluster implements AutoCloseable {

    public static final int NODE1_OFFSET = Integer.getInteger("reckon.faults.cluster.node1.offset", 700);
    public static final int NODE2_OFFSET = Integer.getInteger("reckon.faults.cluster.node2.offset", 750);
    public static final int BALANCER_OFFSET = Integer.getInteger("reckon.faults.cluster.balancer.offset", 780);
    /** One client for the balancer's INFO and the nodes' /prometheus, polled many times a second. */
    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    private final Platform platform;
    private final Path dir;
    /**
     * The links between the nodes: a proxy in front of each node's JGroups transport (the port the node
     * gives its peers: {@code reckon.cluster.external.port}), so {@link #partition} can cut them.
     */
    private final List<TcpProxy> links;
    public final WildFly node1;
    public final WildFly node2;
    public final WildFly balancer;
    /**
     * The cluster's object storage: {@link #DATA_NODES} data nodes of its own (9001.. + the balancer's
     * offset), beating to both nodes' S3 listeners, behind the balancer's S3 listener (9000 + its offset).
     */
    public final ObjectStorageNodes dataNodes;
    public static final int DATA_NODES = 3;

    private Cluster(Platform platform, Path jbossHome) {
        this.platform = platform;
        this.dir = platform.dir.resolve("cluster");
        Path artifacts = Path.of(Platform.property("reckon.faults.artifacts"));
        Path env = nodeProperties(Path.of(Platform.property("reckon.faults.env.file")));
        // FD_SOCK2 is not proxied: it listens at the advertised port + its offset (so at linkPort + 50000)
        // and is reached there directly; a cut is found by FD_ALL3's missing heartbeats, as a silent link would be
        links = List.of(new TcpProxy(linkPort(NODE1_OFFSET), 7600 + NODE1_OFFSET),
                new TcpProxy(linkPort(NODE2_OFFSET), 7600 + NODE2_OFFSET));
        links.forEach(TcpProxy::restore);
        node1 = node(1, NODE1_OFFSET, jbossHome, artifacts, env);
        node2 = node(2, NODE2_OFFSET, jbossHome, artifacts, env);
        // the balancer's S3 listener proxies to the nodes' S3 listeners (balancer/cluster-balancer.cli)
        balancer = new WildFly("cluster balancer", jbossHome, dir.resolve("balancer"), BALANCER_OFFSET,
                List.of("-Xms64m", "-Xmx256m"), List.of("-Dreckon.cluster.node.1.s3.port=" + (9000 + NODE1_OFFSET),
                        "-Dreckon.cluster.node.2.s3.port=" + (9000 + NODE2_OFFSET)), "/health/ready", "standalone-load-balancer.xml");
        dataNodes = ObjectStorageNodes.forCluster(Path.of(Platform.property("reckon.faults.objectstorage.script")),
                artifacts.resolve("objectstorage-node.jar"), dir.resolve("objectstorage-nodes"), BALANCER_OFFSET, DATA_NODES,
                List.of("http://127.0.0.1:" + (9000 + NODE1_OFFSET), "http://127.0.0.1:" + (9000 + NODE2_OFFSET)));
        node1.prepare(artifacts.resolve("reckon.ear"));
        node2.prepare(artifacts.resolve("reckon.ear"));
        balancer.prepare();
    }

    /**
     * Stops Reckon's single server, starts node1 (so it is the oldest member: the primary), node2 and
     * the balancer, and routes the clients through the balancer. Returns once the balancer serves.
     */
    public static Cluster start(Platform platform) {
        long begin = System.nanoTime();
        Path jbossHome = Path.of(Platform.property("reckon.faults.cluster.jboss.home"));
        configure(jbossHome);
        long configured = System.nanoTime();
        platform.parkReckon();
        Cluster cluster = new Cluster(platform, jbossHome);
        platform.cluster(cluster);
        try {
            // the data nodes beat until the servers answer
            cluster.dataNodes.ensureStarted();
            Duration first = cluster.node1.start(Platform.BOOT_TIMEOUT);
            Duration second = cluster.node2.start(Platform.BOOT_TIMEOUT);
            // ready once a node has registered its contexts over MCMP (mod_cluster's status interval: ~10 s)
            Duration balancer = cluster.balancer.start(Platform.BOOT_TIMEOUT);
            // the load must find both nodes: each is routable after its first STATUS message (status-interval, cluster.cli)
            balancer = balancer.plus(cluster.awaitBothRoutable(Duration.ofMinutes(2)));
            // the brokers form a cluster (cluster.cli): each node's cluster bridge to the other connected
            Awaitility.await("each node's Artemis cluster bridge connected").atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(500)).until(() -> cluster.bridgeConnected(cluster.node1) && cluster.bridgeConnected(cluster.node2));
            cluster.dataNodes.awaitAllLive(Duration.ofMinutes(1));
            platform.route(cluster.balancer.baseUrl());
            Report.line("cluster up in %d s (configuration checked in %d s): node1 %s up in %.1f s, node2 %s up in %.1f s, "
                            + "balancer %s routing to both after %.1f s more, the brokers' cluster bridges connected",
                    Duration.ofNanos(System.nanoTime() - begin).toSeconds(), Duration.ofNanos(configured - begin).toSeconds(),
                    cluster.node1, first.toMillis() / 1000.0, cluster.node2, second.toMillis() / 1000.0, cluster.balancer,
                    balancer.toMillis() / 1000.0);
            Report.line("cluster object storage: %d data nodes live in both nodes' cluster maps, S3 at %s (the balancer)", DATA_NODES,
                    cluster.dataNodes.s3Endpoint());
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private WildFly node(int n, int offset, Path jbossHome, Path artifacts, Path env) {
        Path base = dir.resolve("node" + n);
        String name = "reckon-c" + n;
        String envFile = Platform.property("reckon.faults.env.file");
        List<String> args = new ArrayList<>(List.of("-P", env.toString(),
                "-Djboss.node.name=" + name,
                "-Dreckon.tx.node=" + name,
                // the peers are reached through the links (proxies) the partition case cuts
                "-Dreckon.cluster.peer.1.port=" + linkPort(NODE1_OFFSET),
                "-Dreckon.cluster.peer.2.port=" + linkPort(NODE2_OFFSET),
                "-Dreckon.cluster.external.port=" + linkPort(offset),
                "-Dreckon.cluster.balancer.mcmp.port=" + (8090 + BALANCER_OFFSET),
                // the same platform as Reckon's single server of the suite (Platform)
                "-Dreckon.db.port=" + platform.postgres.port(),
                "-Dreckon.db.wallet.1.port=" + platform.walletPartition1.port(),
                "-Dreckon.search.url=" + platform.elasticsearch.url(),
                "-Dreckon.leaderboard.redis.uri=" + platform.redis.uri(),
                "-Dreckon.psp.url=" + platform.psp.baseUrl() + "/psp-sandbox",
                // the PSP's webhooks come in through the balancer, like every client's request
                "-Dreckon.public.url=http://127.0.0.1:" + (8080 + BALANCER_OFFSET),
                "-Dreckon.faults.crash.trigger=" + base.resolve("crash.trigger"),
                "-Dreckon.faults.crash.parked=" + base.resolve("crash.parked"),
                "-Dreckon.payment.stuck-after=PT30S",
                "-Dreckon.wallet.recovery.abandoned-after=PT40S",
                "-Dreckon.wallet.recovery.interval=PT5S"));
        args.addAll(Platform.recoverySettings(envFile));
        return new WildFly("cluster node" + n + " (" + name + ")", jbossHome, base, offset,
                List.of("-Xms256m", "-Xmx1g",
                        "-javaagent:" + artifacts.resolve("byteman.jar") + "=script:" + Platform.property("reckon.faults.byteman.rules")),
                args, "/health/ready", "standalone-full-ha.xml");
    }

    /**
     * The test environment's properties without {@code reckon.tx.node}: {@code -P} properties override
     * {@code -D} ones, and each node must keep its own Narayana node identifier (as env/cluster.properties does).
     */
    private Path nodeProperties(Path testEnv) {
        Properties properties = new Properties();
        Path file = dir.resolve("cluster-node.properties");
        try (var in = java.nio.file.Files.newBufferedReader(testEnv)) {
            properties.load(in);
            properties.remove("reckon.tx.node");
            java.nio.file.Files.createDirectories(dir);
            try (var out = java.nio.file.Files.newBufferedWriter(file)) {
                properties.store(out, "env/test.properties without reckon.tx.node (ClusterNodeKillFaultIT)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * Configures the installation as bin/cluster.sh does (configure-server.sh's "cluster" line on
     * standalone-full-ha.xml, then the balancer's script), when the scripts differ from the ones it
     * was last configured with (a digest kept in the installation).
     */
    static void configure(Path jbossHome) {
        Path config = Path.of(Platform.property("reckon.faults.wildfly-config.dir"));
        Path marker = jbossHome.resolve(".reckon-faults-cluster-configured");
        String digest = digest(config.resolve("src/main/cli"), config.resolve("bin/configure-server.sh"));
        try {
            if (java.nio.file.Files.exists(marker) && java.nio.file.Files.readString(marker).trim().equals(digest)) {
                return;
            }
            long begin = System.nanoTime();
            exec(jbossHome.resolve("reckon-configure-cluster-suite.log"), List.of("RECKON_SERVER_CONFIG=standalone-full-ha.xml"),
                    "bash", config.resolve("bin/configure-server.sh").toString(), jbossHome.toString(), "cluster",
                    config.resolve("target/drivers/postgresql.jar").toString());
            exec(jbossHome.resolve("reckon-configure-balancer.log"), List.of("JAVA_OPTS=-Xms64m -Xmx256m"),
                    "bash", jbossHome.resolve("bin/jboss-cli.sh").toString(),
                    "--file=" + config.resolve("src/main/cli/balancer/cluster-balancer.cli"));
            java.nio.file.Files.writeString(marker, digest);
            Report.line("cluster installation %s configured in %d s", jbossHome, Duration.ofNanos(System.nanoTime() - begin).toSeconds());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void exec(Path log, List<String> env, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            for (String e : env) {
                builder.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
            }
            Process p = builder.start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + "; see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String digest(Path... roots) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path root : roots) {
                try (var files = java.nio.file.Files.walk(root)) {
                    for (Path f : files.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
                        sha.update(f.toString().getBytes(StandardCharsets.UTF_8));
                        sha.update(java.nio.file.Files.readAllBytes(f));
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where a node's peers reach its transport: a proxy 10 ports above its own (jgroups-tcp, 7600 + its offset). */
    private static int linkPort(int nodeOffset) {
        return 7610 + nodeOffset;
    }

    /**
     * Cuts the links between the nodes' JGroups transports: open connections are
     * closed and new ones refused, as a network that resets them would. The balancer, the databases and
     * the clients still reach both nodes.
     */
    public void partition() {
        links.forEach(TcpProxy::cut);
    }

    /**
     * The established TCP connections to either node's own JGroups port that a node process opened
     * itself (not this suite's proxies): after {@link #partition} there must be none, or the cut
     * is not one. Read from {@code ss -tnp}; empty when ss is missing.
     */
    public List<String> directLinks() {
        List<String> direct = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try {
            Process ss = new ProcessBuilder("ss", "-tnpH", "state", "established").redirectErrorStream(true).start();
            String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            ss.waitFor();
            for (String line : out.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4) {
                    continue;
                }
                String peer = f[3];
                boolean toNode = peer.endsWith(":" + (7600 + NODE1_OFFSET)) || peer.endsWith(":" + (7600 + NODE2_OFFSET));
                if (toNode && !line.contains("pid=" + self + ",")) {
                    direct.add(line.trim());
                }
            }
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return direct;
    }

    /** Restores the links cut by {@link #partition}. */
    public void heal() {
        links.forEach(TcpProxy::restore);
    }

    /**
     * True when {@code node}'s log says, after {@code after}, in a view of both nodes, that it is no
     * longer the primary (it let the lock go to the merged view's coordinator) or no longer the
     * coordinator (it had been fenced, and the merged view's coordinator is the lock's holder).
     */
    public boolean rejoined(WildFly node, Instant after) {
        String noLonger = "singleton work: " + name(node) + " is no longer the primary node (members ";
        String noLongerCoordinator = "singleton work: " + name(node) + " is no longer the coordinator of its view (members ";
        return logLines(node).stream()
                .filter(l -> (l.contains(noLonger) || l.contains(noLongerCoordinator)) && l.contains("reckon-c1") && l.contains("reckon-c2"))
                .anyMatch(l -> logTime(l).map(t -> !t.isBefore(after)).orElse(false));
    }

    /** The time of a server.log line ("2026-12-05 19:02:03,456 INFO ..."; the suite's servers log in the JVM's zone). */
    private static Optional<Instant> logTime(String line) {
        try {
            return Optional.of(java.time.LocalDateTime.parse(line.substring(0, 23).replace(' ', 'T').replace(',', '.'))
                    .atZone(java.time.ZoneId.systemDefault()).toInstant());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * True when the balancer sends new requests to {@code node}: mod_cluster's {@code INFO} (asked on
     * the balancer's MCMP listener) lists it with a load above 0 (a node is in error, load -1, from its
     * registration until its first STATUS message, and again after a refused connection) and its
     * context "/" ENABLED. A node that has just started or restarted is not routable at once: the
     * kill case waits for both before it kills one, or the survivor may not yet take requests.
     */
    public boolean routable(WildFly node) {
        return balancerInfo().map(info -> routable(info, node)).orElse(false);
    }

    /** {@link #routable} as one {@code INFO} answer says it. */
    private boolean routable(String info, WildFly node) {
        Matcher n = Pattern.compile("Node: \\[(\\d+)\\],Name: " + Pattern.quote(name(node)) + ",.*?Load: (-?\\d+)").matcher(info);
        if (!n.find() || Integer.parseInt(n.group(2)) <= 0) {
            return false;
        }
        return Pattern.compile("Context: \\[" + n.group(1) + ":\\d+:\\d+\\], Context: /, Status: ENABLED").matcher(info).find();
    }

    /** mod_cluster's {@code INFO} from the balancer's MCMP listener; empty when it does not answer 200. */
    private Optional<String> balancerInfo() {
        String url = "http://127.0.0.1:" + (8090 + BALANCER_OFFSET) + "/";
        try {
            java.net.http.HttpResponse<String> r = HTTP.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).timeout(Duration.ofSeconds(10))
                            .method("INFO", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Why the balancer may not route to {@code node}: what its mod_cluster {@code INFO} says of the
     * nodes and contexts now (each node's load: -1 is in error, 0 hot standby), the balancer's own
     * mod_cluster lines since {@code since} (nodes and contexts registered and removed, and its
     * warnings other than the proxied requests that failed), and the node's MODCLUSTER lines (the
     * commands it sent and the answers it got).
     */
    public List<String> routingDiagnosis(WildFly node, Instant since) {
        List<String> lines = new ArrayList<>();
        lines.add("balancer INFO: " + balancerInfo().map(i -> i.lines().filter(l -> !l.startsWith("Vhost:"))
                .map(l -> l.replaceAll(",(Balancer|LBGroup|Host|Flushpackets|Flushwait|Smax|Ttl|Read|Transfered): [^,]*", ""))
                .collect(java.util.stream.Collectors.joining(" | "))).orElse("no answer"));
        last(linesSince(balancer, since).filter(l -> (l.contains("UT0050") || l.contains(" WARN ") || l.contains(" ERROR "))
                && !l.contains("UT005028") && !l.contains("UT005001")), 20).forEach(l -> lines.add("balancer log " + cut(l)));
        last(linesSince(node, since).filter(l -> l.contains("MODCLUSTER") || l.contains("WFLYSRV0025") || l.contains("WFLYSRV0049")), 20)
                .forEach(l -> lines.add(name(node) + " log " + cut(l)));
        return lines;
    }

    /** The lines of {@code server}'s log written at or after {@code since}. */
    private static java.util.stream.Stream<String> linesSince(WildFly server, Instant since) {
        return logLines(server).stream().filter(l -> logTime(l).map(t -> !t.isBefore(since)).orElse(false));
    }

    /** The last {@code n} of {@code lines}. */
    private static List<String> last(java.util.stream.Stream<String> lines, int n) {
        List<String> all = lines.toList();
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    private static String cut(String line) {
        return line.length() > 280 ? line.substring(0, 280) : line;
    }

    /** True when {@code node}'s log says its Artemis cluster bridge (to the other node's broker) is connected. */
    public boolean bridgeConnected(WildFly node) {
        return logLines(node).stream().anyMatch(l -> l.contains("AMQ221027: Bridge ClusterConnectionBridge") && l.contains("is connected"));
    }

    /** Waits until the balancer routes to both nodes ({@link #routable}); fails after {@code timeout}. */
    public Duration awaitBothRoutable(Duration timeout) {
        long begin = System.nanoTime();
        Instant since = Instant.now().minus(timeout);
        try {
            Awaitility.await("the balancer routing to both nodes").atMost(timeout).pollInterval(Duration.ofMillis(250))
                    .until(() -> balancerInfo().map(info -> routable(info, node1) && routable(info, node2)).orElse(false));
        } catch (ConditionTimeoutException e) {
            List<String> why = new ArrayList<>();
            for (WildFly node : List.of(node1, node2)) {
                if (!routable(node)) {
                    why.addAll(routingDiagnosis(node, since));
                }
            }
            Diagnostics.add(platform, "the balancer not routing to both nodes", why);
            throw e;
        }
        return Duration.ofNanos(System.nanoTime() - begin);
    }

    /** The node's name in the cluster view and its Narayana node identifier. */
    public String name(WildFly node) {
        return node == node1 ? "reckon-c1" : "reckon-c2";
    }

    public WildFly other(WildFly node) {
        return node == node1 ? node2 : node1;
    }

    /**
     * The node that runs the singleton work now: the one whose log says last that it became the
     * primary (ClusterMembership logs it at the first @SingletonWork timer that finds it so).
     */
    public Optional<WildFly> primary() {
        Optional<Instant> one = becamePrimary(node1, Instant.EPOCH);
        Optional<Instant> two = becamePrimary(node2, Instant.EPOCH);
        if (one.isEmpty() && two.isEmpty()) {
            return Optional.empty();
        }
        if (two.isEmpty() || one.isPresent() && one.get().isAfter(two.get())) {
            return Optional.of(node1);
        }
        return Optional.of(node2);
    }

    /** Waits until one of the nodes says it is the primary (its first singleton timer after the boot). */
    public WildFly awaitPrimary(Duration timeout) {
        return Awaitility.await("a primary node").atMost(timeout).pollInterval(Duration.ofMillis(200))
                .until(this::primary, Optional::isPresent).get();
    }

    /**
     * The last time {@code node} logged that it became the primary, if that was after {@code after}
     * and it has not logged since that it no longer is.
     */
    public Optional<Instant> becamePrimary(WildFly node, Instant after) {
        // reset by "no longer", or by the node starting again (WFLYSRV0049: "... starting")
        return lastLogged(node, Pattern.compile("singleton work: " + Pattern.quote(name(node)) + " is the primary node from (\\S+)"),
                List.of("singleton work: " + name(node) + " is no longer the primary node", "WFLYSRV0049"), after);
    }

    /**
     * When {@code node} last logged, after {@code after}, that it was fenced: the coordinator of its
     * view, refused the singleton lock that another node holds (ClusterMembership).
     */
    public Optional<Instant> fenced(WildFly node, Instant after) {
        return lastLogged(node, Pattern.compile("singleton work: " + Pattern.quote(name(node)) + " is fenced from (\\S+):"), List.of(), after);
    }

    /**
     * The instant (group 1 of {@code when}) of the last line of {@code node}'s log that matches
     * {@code when} with no line containing one of {@code resets} after it, if that instant is after
     * {@code after}.
     */
    private static Optional<Instant> lastLogged(WildFly node, Pattern when, List<String> resets, Instant after) {
        Instant last = null;
        try {
            for (String line : logLines(node)) {
                Matcher m = when.matcher(line);
                if (m.find()) {
                    last = Instant.parse(m.group(1));
                } else if (resets.stream().anyMatch(line::contains)) {
                    last = null;
                }
            }
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
        return last != null && last.isAfter(after) ? Optional.of(last) : Optional.empty();
    }

    /** The lines of {@code node}'s server.log; none when it cannot be read (not written yet). */
    private static List<String> logLines(WildFly node) {
        try {
            return java.nio.file.Files.readAllLines(node.baseDir().resolve("log/server.log"), StandardCharsets.ISO_8859_1);
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    /**
     * How many {@code @SingletonWork} firings {@code node} ran (not skipped) since its start, summed over
     * its jobs: {@code reckon_cluster_singleton_work_total{outcome="ran"}} on its management
     * interface's {@code /prometheus}. Fails when the node does not answer.
     */
    public long singletonWorkRan(WildFly node) {
        String url = "http://127.0.0.1:" + (9990 + (node == node1 ? NODE1_OFFSET : node == node2 ? NODE2_OFFSET : BALANCER_OFFSET))
                + "/prometheus";
        try {
            java.net.http.HttpResponse<String> metrics = HTTP.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (metrics.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + metrics.statusCode());
            }
            return Math.round(metrics.body().lines()
                    .filter(line -> line.startsWith("reckon_cluster_singleton_work_total{") && line.contains("outcome=\"ran\""))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum());
        } catch (IOException e) {
            throw new UncheckedIOException(url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(url, e);
        }
    }

    /** Waits until {@code node} logs that it became the primary after {@code after}; empty if not within {@code timeout}. */
    public Optional<Instant> awaitBecamePrimary(WildFly node, Instant after, Duration timeout) {
        try {
            return Awaitility.await(name(node) + " the primary").atMost(timeout).pollInterval(Duration.ofMillis(100))
                    .until(() -> becamePrimary(node, after), Optional::isPresent);
        } catch (ConditionTimeoutException e) {
            return Optional.empty();
        }
    }

    /** Arms the Byteman rule on {@code node}: its next transaction to reach phase 2 parks after its first branch committed. */
    public void armCrashInCommit(WildFly node) {
        try {
            java.nio.file.Files.deleteIfExists(node.baseDir().resolve("crash.parked"));
            java.nio.file.Files.writeString(node.baseDir().resolve("crash.trigger"), "armed");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True once a transaction of {@code node} is parked inside its commit phase (waits up to {@code timeout}). */
    public boolean awaitParkedInCommit(WildFly node, Duration timeout) {
        try {
            Awaitility.await("a transaction parked in its commit").atMost(timeout).pollInterval(Duration.ofMillis(20))
                    .until(() -> java.nio.file.Files.exists(node.baseDir().resolve("crash.parked")));
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** Disarms the rule on {@code node} (before its restart, so recovery's own commits never park). */
    public void disarmCrashInCommit(WildFly node) {
        try {
            java.nio.file.Files.deleteIfExists(node.baseDir().resolve("crash.trigger"));
            java.nio.file.Files.deleteIfExists(node.baseDir().resolve("crash.parked"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Routes the clients back to Reckon's single server and stops every process of the cluster:
     * SIGTERM to the nodes (an orderly end: no branch left in doubt for the next scenario), then
     * SIGKILL to whatever is left of them and of the balancer. Never throws.
     */
    @Override
    public void close() {
        platform.route(null);
        for (WildFly server : List.of(balancer, node2, node1)) {
            try {
                if (server.running()) {
                    server.stop();
                }
            } catch (RuntimeException e) {
                System.err.println("[reckon-faults] stopping " + server + ": " + e);
            } finally {
                server.destroy();
            }
        }
        links.forEach(TcpProxy::close);
        try {
            dataNodes.stop();
        } catch (RuntimeException e) {
            System.err.println("[reckon-faults] stopping the cluster's data nodes: " + e);
        }
        platform.cluster(null);
    }
}
