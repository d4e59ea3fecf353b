package org.reckon.faults.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.awaitility.Awaitility;

/**
 * The object storage's data nodes (separate JVMs, through wildfly-config's objectstorage-nodes.sh),
 * as the ear suite starts them: {@link #COUNT} nodes on 9001..9006 + the Reckon server's offset,
 * heartbeating to its S3 listener (9000 + offset), each with its own directory. They outlive a
 * killed Reckon server (they are other processes) and can be SIGKILLed one by one.
 *
 * <p>On the cluster ({@link #forCluster}) the nodes beat to every server's S3 listener (each server
 * keeps its own cluster map), and the S3 endpoint is the balancer's.
 */
public final class ObjectStorageNodes {

    public static final int COUNT = 6;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path script;
    private final Path jar;
    private final Path dir;
    private final int offset;
    private final int count;
    /** The servers whose cluster maps these nodes feed (their S3 listeners); they beat to each. */
    private final java.util.List<String> servers;
    private boolean started;

    ObjectStorageNodes(Path script, Path jar, Path dir, int offset) {
        this(script, jar, dir, offset, COUNT, java.util.List.of("http://127.0.0.1:" + (9000 + offset)));
    }

    private ObjectStorageNodes(Path script, Path jar, Path dir, int offset, int count, java.util.List<String> servers) {
        this.script = script;
        this.jar = jar;
        this.dir = dir;
        this.offset = offset;
        this.count = count;
        this.servers = java.util.List.copyOf(servers);
    }

    /**
     * {@code count} nodes on 9001.. + {@code offset} (the balancer's: its S3 listener is 9000 + offset),
     * beating to each of {@code servers} (the nodes' S3 listeners, e.g. {@code http://127.0.0.1:9700}).
     */
    static ObjectStorageNodes forCluster(Path script, Path jar, Path dir, int offset, int count, java.util.List<String> servers) {
        return new ObjectStorageNodes(script, jar, dir, offset, count, servers);
    }

    /** Starts every node on a fresh directory (once per suite run); a watchdog stops them if the test JVM dies. */
    synchronized void ensureStarted() {
        if (!started) {
            Platform.run(java.util.Map.of("OBJECTSTORAGE_HEARTBEAT_URLS", heartbeatUrls()), "bash", script.toString(), "restart-clean",
                    jar.toString(), dir.toString(), Integer.toString(offset), Integer.toString(count), Long.toString(ProcessHandle.current().pid()));
            started = true;
        }
    }

    synchronized void stop() {
        if (started) {
            Platform.run("bash", script.toString(), "stop", dir.toString());
            started = false;
        }
    }

    private String heartbeatUrls() {
        return String.join(",", servers.stream().map(s -> s + "/_reckon/heartbeat").toList());
    }

    /** The S3 endpoint of the Reckon server these nodes serve (on the cluster: the balancer's). */
    public String s3Endpoint() {
        return "http://127.0.0.1:" + (9000 + offset);
    }

    public String nodeUrl(int k) {
        return "http://127.0.0.1:" + (9000 + offset + k);
    }

    /** SIGKILL node k (1..COUNT). */
    public void kill(int k) {
        Platform.run("bash", script.toString(), "kill-one", dir.toString(), Integer.toString(k));
    }

    /** Restarts node k on its directory (what it held is still there). */
    public void start(int k) {
        Platform.run(java.util.Map.of("OBJECTSTORAGE_HEARTBEAT_URLS", heartbeatUrls()), "bash", script.toString(), "start-one", jar.toString(), dir.toString(), Integer.toString(offset), Integer.toString(k));
    }

    /** The ids of every block (replica or shard, e.g. {@code b…} or {@code b….s3}) node k holds. */
    public Set<String> blocks(int k) {
        Set<String> ids = new LinkedHashSet<>();
        for (String line : get(nodeUrl(k) + "/blocks").split("\n")) {
            if (!line.isBlank()) {
                ids.add(line.substring(0, line.indexOf(' ')));
            }
        }
        return ids;
    }

    /** Node k's pack statistics: {@code live_bytes=… pack_bytes=… dead_bytes=… blocks=…}. */
    public String stats(int k) {
        return get(nodeUrl(k) + "/stats");
    }

    public long deadBytes(int k) {
        for (String field : stats(k).split(" ")) {
            if (field.startsWith("dead_bytes=")) {
                return Long.parseLong(field.substring("dead_bytes=".length()));
            }
        }
        throw new IllegalStateException("no dead_bytes in " + stats(k));
    }

    /** How many nodes the server's cluster map holds live ({@code GET /_reckon/heartbeat}); -1 when the server does not answer. */
    public int liveInClusterMap() {
        return liveInClusterMap(servers.get(0));
    }

    /** How many nodes the cluster map of the server with this S3 listener holds live; -1 when it does not answer. */
    public int liveInClusterMap(String server) {
        try {
            return get(server + "/_reckon/heartbeat").split(" live ").length - 1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Waits until the server's cluster map has every node live again (one heartbeat after a restart). */
    public void awaitAllLive(Duration timeout) {
        for (String server : servers) {
            Awaitility.await("all " + count + " data nodes live in the cluster map of " + server).atMost(timeout)
                    .pollInterval(Duration.ofMillis(250)).until(() -> liveInClusterMap(server) >= count);
        }
    }

    /** Loopback maintenance trigger on the server: {@code gc} or {@code scrub}; answers its report line. */
    public String maintenance(String what) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(servers.get(0) + "/_reckon/" + what))
                    .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("POST /_reckon/" + what + ": " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException("POST /_reckon/" + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String get(String url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + ": " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
