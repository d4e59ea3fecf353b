package org.reckon.objectstorage.data;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** HTTP client of the data nodes' block interface (persistence/objectstorage-node). */
@ApplicationScoped
public class NodeClient {

    /** The node answered that the block fails its checksum (409) or was absent (404). */
    public static final class BlockUnreadable extends IOException {
        public final int status;

        BlockUnreadable(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /**
     * Runs the block PUTs (each holds its thread for its exchange: 64 clients writing 3 copies are
     * 192 exchanges at once) and {@code HttpClient}'s completions; idle threads go after a minute.
     */
    private final ExecutorService executor = executor();

    private static ExecutorService executor() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(256, 256, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "objectstorage-node-client");
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .executor(executor)
            .build();

    /** Block PUTs and GETs: blocking exchanges on kept-alive sockets, on the caller's thread (or the executor's, for the async ones). */
    private final NodeConnections blocks = new NodeConnections();

    /**
     * Stores a block on a node, on a thread of the executor (the copies of a block go out in
     * parallel); the future completes once the node answered, so no byte of {@code data} is sent
     * after it completes.
     */
    public CompletableFuture<Void> put(String nodeUrl, String blockId, byte[] data, int offset, int length, int crc) {
        return CompletableFuture.runAsync(() -> {
            NodeConnections.Answer r;
            try {
                r = blocks.exchange(nodeUrl, "PUT", "/blocks/" + blockId, Map.of("X-Reckon-Crc32c", Integer.toString(crc)),
                        data, offset, length, 30_000);
            } catch (IOException e) {
                throw new UncheckedIOException("PUT " + blockId + " on " + nodeUrl + ": " + e.getMessage(), e);
            }
            if (r.status() != 201) throw new IllegalStateException("node " + nodeUrl + " answered " + r.status() + " to PUT " + blockId);
        }, executor);
    }

    /** A block's bytes from a node, on the caller's thread. */
    public byte[] get(String nodeUrl, String blockId) throws IOException {
        NodeConnections.Answer r = blocks.exchange(nodeUrl, "GET", "/blocks/" + blockId, Map.of(), null, 0, 0, 30_000);
        if (r.status() == 200) return r.body();
        throw new BlockUnreadable(r.status(), "node " + nodeUrl + " answered " + r.status() + " to GET " + blockId);
    }

    public CompletableFuture<byte[]> getAsync(String nodeUrl, String blockId) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return get(nodeUrl, blockId);
            } catch (BlockUnreadable e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new UncheckedIOException("GET " + blockId + " on " + nodeUrl + ": " + e.getMessage(), e);
            }
        }, executor);
    }

    @PreDestroy
    void close() {
        blocks.close();
    }

    public boolean delete(String nodeUrl, String blockId) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(nodeUrl + "/blocks/" + blockId)).timeout(Duration.ofSeconds(10))
                    .DELETE().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 204;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Every block the node holds: id to CRC32C. */
    public Map<String, Integer> list(String nodeUrl) throws IOException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(nodeUrl + "/blocks")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IOException("node " + nodeUrl + " answered " + r.statusCode() + " to the block list");
            Map<String, Integer> out = new LinkedHashMap<>();
            for (String line : r.body().split("\n")) {
                String[] f = line.split(" ");
                if (f.length == 3) out.put(f[0], Integer.parseInt(f[2]));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The node's own checksum pass over every block it holds: the corrupt ones. */
    public java.util.Set<String> verify(String nodeUrl) throws IOException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(nodeUrl + "/verify")).timeout(Duration.ofMinutes(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IOException("node " + nodeUrl + " answered " + r.statusCode() + " to verify");
            java.util.Set<String> out = new java.util.HashSet<>();
            for (String line : r.body().split("\n")) if (!line.isBlank()) out.add(line.trim());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Garbage collection's compaction on one node: answers the bytes reclaimed. */
    public long compact(String nodeUrl, double minDeadRatio) throws IOException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(nodeUrl + "/compact?min-dead-ratio=" + minDeadRatio)).timeout(Duration.ofMinutes(5))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IOException("compaction on " + nodeUrl + ": " + r.statusCode());
            return Long.parseLong(r.body().trim());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
