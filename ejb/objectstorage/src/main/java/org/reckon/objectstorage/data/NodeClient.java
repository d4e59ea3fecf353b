package org.reckon.objectstorage.data;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.Executors;

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

    private final ExecutorService executor = Executors.newFixedThreadPool(64, r -> {
        Thread t = new Thread(r, "objectstorage-node-client");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .executor(executor)
            .build();

    public CompletableFuture<Void> put(String nodeUrl, String blockId, byte[] data, int offset, int length, int crc) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(nodeUrl + "/blocks/" + blockId))
                .timeout(Duration.ofSeconds(30))
                .header("X-Reckon-Crc32c", Integer.toString(crc))
                .PUT(wrapping(data, offset, length))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenAccept(r -> {
            if (r.statusCode() != 201) throw new IllegalStateException("node " + nodeUrl + " answered " + r.statusCode() + " to PUT " + blockId);
        });
    }

    /**
     * The block's bytes as the request body, without copying them. The JDK's
     * {@code BodyPublishers.ofByteArray} copies the whole array into fresh buffers for every request:
     * 3 copies of each 4 MiB block under replication, which ran the server out of heap (1 GiB) with
     * 64 clients uploading 64 MiB objects. These are read-only views of the caller's array, 64 KiB
     * each. Should a timed-out request still be sending when the caller reuses its buffer, the node
     * refuses the bytes: they no longer match the X-Reckon-Crc32c sent with them.
     */
    static HttpRequest.BodyPublisher wrapping(byte[] data, int offset, int length) {
        if (length == 0) return HttpRequest.BodyPublishers.noBody();
        return HttpRequest.BodyPublishers.fromPublisher(subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            private int position = offset;
            private long demand;
            private boolean emitting;
            private boolean done;

            @Override
            public void request(long n) {
                synchronized (this) {
                    if (done) return;
                    if (n <= 0) {
                        done = true;
                        subscriber.onError(new IllegalArgumentException("non-positive request " + n));
                        return;
                    }
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                    if (emitting) return; // called from onNext: the loop below goes on
                    emitting = true;
                }
                while (true) {
                    ByteBuffer next;
                    synchronized (this) {
                        if (done || demand == 0) {
                            emitting = false;
                            return;
                        }
                        if (position >= offset + length) {
                            done = true;
                            emitting = false;
                            break;
                        }
                        int n2 = Math.min(64 * 1024, offset + length - position);
                        next = ByteBuffer.wrap(data, position, n2).slice().asReadOnlyBuffer();
                        position += n2;
                        demand--;
                    }
                    subscriber.onNext(next);
                }
                subscriber.onComplete();
            }

            @Override
            public synchronized void cancel() {
                done = true;
            }
        }), length);
    }

    public byte[] get(String nodeUrl, String blockId) throws IOException {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(nodeUrl + "/blocks/" + blockId))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 200) return r.body();
            throw new BlockUnreadable(r.statusCode(), "node " + nodeUrl + " answered " + r.statusCode() + " to GET " + blockId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public CompletableFuture<byte[]> getAsync(String nodeUrl, String blockId) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(nodeUrl + "/blocks/" + blockId))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> {
                    if (r.statusCode() != 200) throw new IllegalStateException(new BlockUnreadable(r.statusCode(), "GET " + blockId + ": " + r.statusCode()));
                    return r.body();
                });
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
