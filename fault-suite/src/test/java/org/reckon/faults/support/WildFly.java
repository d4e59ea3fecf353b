package org.reckon.faults.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One WildFly server of the suite: a server base directory of its own (configuration copied from
 * the provisioned test server, deployments, data with the transaction object store and the Artemis
 * journal, logs) on the shared installation, a port offset, and the JVM as a process the suite
 * can SIGKILL. Data survives kills and restarts, as on a real host.
 */
public final class WildFly {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jbossHome;
    private final Path baseDir;
    private final int portOffset;
    private final List<String> javaOpts;
    private final List<String> serverArgs;
    private final String readyPath;
    /** The server configuration file ({@code -c}): standalone-full.xml, or a cluster's (ClusterNodeKillFaultIT). */
    private final String config;
    private Process launcher;
    private ProcessHandle jvm;
    private int starts;

    WildFly(String name, Path jbossHome, Path baseDir, int portOffset, List<String> javaOpts, List<String> serverArgs,
            String readyPath) {
        this(name, jbossHome, baseDir, portOffset, javaOpts, serverArgs, readyPath, "standalone-full.xml");
    }

    WildFly(String name, Path jbossHome, Path baseDir, int portOffset, List<String> javaOpts, List<String> serverArgs,
            String readyPath, String config) {
        this.config = config;
        this.name = name;
        this.jbossHome = jbossHome;
        this.baseDir = baseDir;
        this.portOffset = portOffset;
        this.javaOpts = javaOpts;
        this.serverArgs = serverArgs;
        this.readyPath = readyPath;
    }

    /** A fresh base directory: the test server's configuration, no data, the given deployments. */
    void prepare(Path... deployments) {
        Files.delete(baseDir);
        Files.copy(jbossHome.resolve("standalone/configuration"), baseDir.resolve("configuration"));
        Files.delete(baseDir.resolve("configuration/standalone_xml_history"));
        try {
            java.nio.file.Files.createDirectories(baseDir.resolve("deployments"));
            for (Path deployment : deployments) {
                java.nio.file.Files.copy(deployment, baseDir.resolve("deployments").resolve(deployment.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + (8080 + portOffset);
    }

    public Path baseDir() {
        return baseDir;
    }

    /** Starts the server and waits until its deployments are up and {@code readyPath} answers 200. Returns the time it took. */
    public Duration start(Duration timeout) {
        long begin = System.nanoTime();
        List<String> command = new ArrayList<>(List.of("bash", jbossHome.resolve("bin/standalone.sh").toString(),
                "-c", config,
                "-Djboss.server.base.dir=" + baseDir,
                "-Djboss.socket.binding.port-offset=" + portOffset));
        command.addAll(serverArgs);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(baseDir.resolve("console.log").toFile()));
        builder.environment().put("JAVA_OPTS", String.join(" ", javaOpts)
                + " -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true -Djboss.modules.system.pkgs=org.jboss.byteman");
        builder.environment().put("JBOSS_BASE_DIR", baseDir.toString());
        builder.environment().put("JBOSS_LOG_DIR", baseDir.resolve("log").toString());
        try {
            launcher = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        starts++;
        try {
            Awaitility.await(name + " ready").atMost(timeout).pollInSameThread().pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(200)).until(this::ready);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(name + " not ready after " + timeout + "; see " + baseDir.resolve("log/server.log"));
        }
        return Duration.ofNanos(System.nanoTime() - begin);
    }

    /** One look at a starting server: its JVM found, alive, no failed deployment, the ready path answers 200. */
    private boolean ready() {
        if (jvm == null) {
            jvm = launcher.toHandle().descendants()
                    // the server's JVM, not the short-lived "java -version" probes of standalone.sh
                    .filter(p -> p.info().commandLine().map(c -> c.contains("jboss-modules.jar")).orElse(false))
                    .findFirst().orElse(null);
        }
        if (!launcher.isAlive()) {
            throw new IllegalStateException(name + " exited during start; see " + baseDir.resolve("console.log"));
        }
        failedDeployment().ifPresent(failed -> {
            throw new IllegalStateException(name + ": deployment failed (" + failed + "); see " + baseDir.resolve("log/server.log"));
        });
        return jvm != null && answers200(readyPath);
    }

    private Optional<String> failedDeployment() {
        try (var files = java.nio.file.Files.list(baseDir.resolve("deployments"))) {
            return files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".failed")).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private boolean answers200(String path) {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean running() {
        return jvm != null && jvm.isAlive();
    }

    public long pid() {
        return jvm.pid();
    }

    /** SIGKILL to the server's JVM (no shutdown hooks, no orderly close: a crash). */
    public void kill() {
        signal("KILL");
    }

    /** SIGTERM: an orderly shutdown. */
    public void stop() {
        signal("TERM");
    }

    private void signal(String signal) {
        if (jvm == null) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(jvm.pid())).inheritIO().start().waitFor();
            jvm.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
            launcher.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            // what kept it from stopping, then a KILL: a server left behind would take the next run's ports
            Path dump = baseDir.resolve("threads-at-" + signal + ".txt");
            try {
                threadDump(dump);
            } catch (IOException | InterruptedException | RuntimeException ignored) {
                // the exception below says what failed
            } finally {
                jvm.destroyForcibly();
            }
            throw new IllegalStateException("could not " + signal + " " + name + " (pid " + jvm.pid() + "); its threads then: " + dump, e);
        } finally {
            jvm = null;
        }
    }

    /** Writes the server JVM's threads ({@code jcmd Thread.print}) to {@code file}; false when jcmd gave no answer in 60 s. */
    public boolean threadDump(Path file) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(jvm.pid()),
                "Thread.print").redirectErrorStream(true).redirectOutput(file.toFile()).start();
        if (jcmd.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            return true;
        }
        jcmd.destroyForcibly();
        return false;
    }

    /**
     * Makes sure nothing of this server is left running: SIGKILL to its JVM and to every process its
     * launcher started (also when the JVM was never found: a start that failed early). For clean-ups
     * in finally blocks and shutdown hooks; never throws.
     */
    public void destroy() {
        try {
            if (jvm != null) {
                jvm.destroyForcibly();
                jvm.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            System.err.println("[reckon-faults] " + name + ": " + e);
        }
        jvm = null;
        if (launcher != null) {
            launcher.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    public int starts() {
        return starts;
    }

    @Override
    public String toString() {
        return name + " (" + baseUrl() + (jvm != null ? ", pid " + jvm.pid() : "") + ")";
    }
}
