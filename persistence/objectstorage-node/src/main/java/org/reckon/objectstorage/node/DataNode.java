package org.reckon.objectstorage.node;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One data node: a process of its own with a directory and a port. HTTP interface (internal; the
 * object-storage service is its only client):
 * <pre>
 *   PUT    /blocks/{id}   body = the block; header X-Reckon-Crc32c (optional) checked before storing  -> 201
 *   GET    /blocks/{id}   -> 200 + X-Reckon-Crc32c | 404 | 409 (the block fails its checksum: corrupt)
 *   DELETE /blocks/{id}   -> 204 | 404
 *   GET    /blocks        -> one line per block: "id length crc32c"
 *   POST   /compact       -> reclaimed bytes (garbage collection's compaction); ?min-dead-ratio=r skips it below that dead share
 *   GET    /verify        -> the ids of the blocks that fail their checksum, one a line (the scrubber's local pass)
 *   GET    /stats         -> "live_bytes=... pack_bytes=... dead_bytes=... blocks=..."
 *   GET    /health        -> 200 "ok"
 * </pre>
 * Every {@code heartbeat} ms it POSTs {@code id, url, live_bytes, blocks} (form-encoded) to the
 * service's heartbeat URL, or to each of them on a cluster (comma-separated: every server keeps its
 * own map); the placement service's cluster map is fed by these.
 *
 * <p>Arguments: {@code --id n1 --port 9001 --dir var/objectstorage/n1 --heartbeat-url URL[,URL...]
 * [--heartbeat-ms 1000] [--pack-mb 256] [--fsync true|false] (default true: a block is on disk, FileChannel.force, before it is acknowledged) [--host 127.0.0.1]}.
 */
public final class DataNode implements AutoCloseable {

    private final String id;
    private final String url;
    private final BlockStore store;
    private final NodeHttpServer server;
    /**
     * One thread per heartbeat URL at most (see {@link #start}): a server that does not answer makes
     * only its own beats wait (up to their 2 s timeout), never another server's.
     */
    private final ScheduledThreadPoolExecutor heartbeats = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "heartbeat");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    public DataNode(String id, String host, int port, Path dir, long packLimit, boolean fsync) throws IOException {
        this.id = id;
        Files.createDirectories(dir);
        this.store = new BlockStore(dir, packLimit, fsync);
        this.server = new NodeHttpServer(host, port, 128, this::handle);
        this.url = "http://" + host + ":" + server.port();
    }

    /** Every request of the node's interface (see the class comment). */
    private NodeHttpServer.Answer handle(NodeHttpServer.Request ex) throws IOException {
        String path = ex.path();
        String method = ex.method();
        if (path.equals("/blocks") || path.startsWith("/blocks/")) return blocks(ex);
        switch (path) {
            case "/compact" -> {
                if (!method.equals("POST")) return NodeHttpServer.Answer.text(405, "POST only");
                // ?min-dead-ratio=0.25: compact only when that share of the pack bytes is dead
                String q = ex.query();
                double ratio = q != null && q.startsWith("min-dead-ratio=") ? Double.parseDouble(q.substring("min-dead-ratio=".length())) : 0;
                long pack = store.packBytes();
                boolean worth = store.deadBytes() > 0 && store.deadBytes() >= ratio * pack;
                return NodeHttpServer.Answer.text(200, Long.toString(worth ? store.compact() : 0));
            }
            case "/stats" -> {
                return NodeHttpServer.Answer.text(200, "live_bytes=" + store.liveBytes() + " pack_bytes=" + store.packBytes()
                        + " dead_bytes=" + store.deadBytes() + " blocks=" + store.blocks());
            }
            case "/health" -> {
                return NodeHttpServer.Answer.text(200, "ok");
            }
            case "/verify" -> {
                return NodeHttpServer.Answer.text(200, String.join("\n", store.verifyAll()));
            }
            default -> {
                return NodeHttpServer.Answer.text(404, "no such resource");
            }
        }
    }

    /**
     * Starts serving, and beats to every URL of {@code heartbeatUrls} (comma-separated): one URL for a
     * single server, one per server on a cluster, since each server keeps its own cluster map (soft
     * state, fed only by these beats). Each URL has its own schedule, so a dead server's missing
     * answers do not delay the beats to the live one.
     */
    public DataNode start(String heartbeatUrls, long heartbeatMs) {
        server.start();
        List<String> urls = heartbeatUrls(heartbeatUrls);
        heartbeats.setCorePoolSize(Math.max(1, urls.size()));
        for (String heartbeatUrl : urls) {
            heartbeats.scheduleWithFixedDelay(() -> heartbeat(heartbeatUrl), 0, heartbeatMs, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** The URLs of a {@code --heartbeat-url} value: comma-separated, blanks ignored, each an http(s) URL. */
    static List<String> heartbeatUrls(String value) {
        if (value == null) return List.of();
        List<String> urls = new ArrayList<>();
        for (String u : value.split(",")) {
            String url = u.trim();
            if (url.isEmpty()) continue;
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("--heartbeat-url: not an http(s) URL: " + url);
            }
            urls.add(url);
        }
        return List.copyOf(urls);
    }

    public String url() {
        return url;
    }

    public BlockStore store() {
        return store;
    }

    private void heartbeat(String heartbeatUrl) {
        try {
            String form = "id=" + id + "&url=" + java.net.URLEncoder.encode(url, StandardCharsets.UTF_8)
                    + "&live_bytes=" + store.liveBytes() + "&blocks=" + store.blocks();
            client.send(HttpRequest.newBuilder(URI.create(heartbeatUrl)).timeout(Duration.ofSeconds(2))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // the service is not up yet, or restarting: the next beat tries again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private NodeHttpServer.Answer blocks(NodeHttpServer.Request ex) throws IOException {
        String path = ex.path();
        String blockId = path.length() > "/blocks/".length() ? path.substring("/blocks/".length()) : "";
        String method = ex.method();
        if (blockId.isEmpty()) {
            if (!method.equals("GET")) return NodeHttpServer.Answer.text(405, "GET only");
            StringBuilder out = new StringBuilder();
            store.list().forEach((k, e) -> out.append(k).append(' ').append(e.length()).append(' ').append(e.crc()).append('\n'));
            return NodeHttpServer.Answer.text(200, out.toString());
        }
        if (!BlockStore.BLOCK_ID.matcher(blockId).matches()) return NodeHttpServer.Answer.text(400, "bad block id");
        switch (method) {
            case "PUT" -> {
                String len = ex.header("Content-Length");
                if (len == null) return NodeHttpServer.Answer.text(411, "Content-Length required");
                String crc = ex.header("X-Reckon-Crc32c");
                try (InputStream in = ex.body()) {
                    store.put(blockId, in, Integer.parseInt(len), crc == null ? null : Integer.parseInt(crc));
                } catch (BlockStore.CorruptBlockException e) {
                    return NodeHttpServer.Answer.text(422, "checksum mismatch");
                }
                return NodeHttpServer.Answer.text(201, "stored");
            }
            case "GET", "HEAD" -> {
                byte[] data;
                BlockStore.Entry entry;
                try {
                    data = store.get(blockId);
                } catch (BlockStore.CorruptBlockException e) {
                    return NodeHttpServer.Answer.text(409, "corrupt");
                }
                entry = store.entry(blockId);
                if (data == null) return NodeHttpServer.Answer.text(404, "no such block");
                Map<String, String> headers = Map.of("X-Reckon-Crc32c", Integer.toString(entry == null ? 0 : entry.crc()));
                return method.equals("HEAD") ? new NodeHttpServer.Answer(200, headers, null, data.length)
                        : new NodeHttpServer.Answer(200, headers, data, -1);
            }
            case "DELETE" -> {
                return NodeHttpServer.Answer.empty(store.delete(blockId) ? 204 : 404);
            }
            default -> {
                return NodeHttpServer.Answer.text(405, "method not allowed");
            }
        }
    }

    @Override
    public void close() throws IOException {
        heartbeats.shutdownNow();
        server.close();
        store.close();
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        String id = require(a, "id");
        int port = Integer.parseInt(require(a, "port"));
        Path dir = Path.of(require(a, "dir")).toAbsolutePath();
        DataNode node = new DataNode(id, a.getOrDefault("host", "127.0.0.1"), port, dir,
                Long.parseLong(a.getOrDefault("pack-mb", "256")) << 20, Boolean.parseBoolean(a.getOrDefault("fsync", "true")));
        node.start(a.get("heartbeat-url"), Long.parseLong(a.getOrDefault("heartbeat-ms", "1000")));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (IOException ignored) {
                // exiting anyway
            }
        }));
        System.out.println("data node " + id + " up on " + node.url() + ", blocks in " + dir + " (" + node.store.blocks() + " blocks)");
    }

    private static String require(Map<String, String> a, String key) {
        String v = a.get(key);
        if (v == null) throw new IllegalArgumentException("missing --" + key);
        return v;
    }
}
