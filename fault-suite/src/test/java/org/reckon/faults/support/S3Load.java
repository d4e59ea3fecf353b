package org.reckon.faults.support;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.reckon.faults.support.Api.User;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Object storage under load on the cluster: S3 clients (the AWS SDK, unchanged) writing and reading
 * objects through the balancer's S3 endpoint, as an application would. Each client PUTs new objects
 * (1 KiB to 256 KiB, replicated) and reads back one it was told is stored every third request.
 *
 * <p>A client retries what failed (no answer, or a 5xx) with the same key and bytes until it is
 * acknowledged, as a careful client does, and records the moment of each failed attempt
 * ({@link #failedAt}). What it was told is stored ({@link #acknowledged}: key to MD5) must read back
 * byte for byte at the end ({@link #verify}); a read that answers other bytes, or a 4xx for an
 * object that was acknowledged, is {@link #unexpected}.
 */
public final class S3Load {

    /** "key" -> MD5 of the bytes the client was told are stored. */
    public final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    public final Queue<Load.Failure> failedAt = new ConcurrentLinkedQueue<>();
    public final AtomicLong reads = new AtomicLong();
    public final AtomicLong unexpected = new AtomicLong();
    public final List<String> unexpectedSamples = new CopyOnWriteArrayList<>();

    private final S3Client s3;
    private final String bucket;
    private final List<Thread> clients = new ArrayList<>();
    private volatile boolean running;

    private S3Load(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** An access key for alice (through the balancer's API) and a bucket of her own, created through {@code endpoint}. */
    public static S3Load create(Platform platform, String endpoint) {
        Api.Response key = Api.must(platform.reckonUrl("/v1/object-storage/access-keys"), User.ALICE, "POST", null);
        if (key.status() != 201) {
            throw new IllegalStateException("access key: " + key.status() + " " + key.body());
        }
        S3Client s3 = S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        key.json().getString("access_key_id"), key.json().getString("secret_access_key"))))
                .forcePathStyle(true)
                // the clients count and retry what fails themselves
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(60)))
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(8).socketTimeout(Duration.ofSeconds(60)))
                .build();
        String bucket = "cluster-" + Long.toString(System.currentTimeMillis(), 36);
        s3.createBucket(r -> r.bucket(bucket));
        return new S3Load(s3, bucket);
    }

    public S3Load start(int count) {
        running = true;
        for (int c = 0; c < count; c++) {
            int client = c;
            Thread t = new Thread(() -> run(client), "s3-client-" + client);
            t.setDaemon(true);
            clients.add(t);
            t.start();
        }
        return this;
    }

    private void run(int client) {
        Random random = new Random(client * 7919L + System.nanoTime());
        List<String> mine = new ArrayList<>();
        for (int i = 0; running; i++) {
            String key = "c" + client + "/" + i;
            byte[] data = new byte[1024 + random.nextInt(255 * 1024)];
            random.nextBytes(data);
            String md5 = md5(data);
            if (retried("PUT " + key, () -> {
                String etag = s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(data)).eTag();
                if (!etag.replace("\"", "").equals(md5)) {
                    unexpected("PUT " + key + ": ETag " + etag + ", sent MD5 " + md5);
                }
            })) {
                acknowledged.put(key, md5);
                mine.add(key);
            }
            if (i % 3 == 2 && !mine.isEmpty()) {
                String read = mine.get(random.nextInt(mine.size()));
                retried("GET " + read, () -> {
                    String got = md5(s3.getObjectAsBytes(r -> r.bucket(bucket).key(read)).asByteArray());
                    reads.incrementAndGet();
                    if (!got.equals(acknowledged.get(read))) {
                        unexpected("GET " + read + ": MD5 " + got + ", acknowledged " + acknowledged.get(read));
                    }
                });
            }
        }
    }

    /**
     * Runs the request until it succeeds: a failed attempt (no answer, or a 5xx) is counted and
     * retried after 100 ms; any other answer is unexpected, and the request is given up. Gives up
     * too once the load is stopped and the request still fails 2 minutes on.
     */
    private boolean retried(String what, Runnable request) {
        long giveUp = Long.MAX_VALUE;
        while (true) {
            try {
                request.run();
                return true;
            } catch (SdkServiceException e) {
                boolean reckon = e.requestId() != null && !e.requestId().isBlank(); // Reckon's S3 service names every answer
                if (e.statusCode() < 500) {
                    // a 4xx for an acknowledged object or a new key is wrong, whoever answers it: a
                    // starting node answers 503 (objectstorage.md, "On the cluster"), never 404
                    unexpected(what + ": " + e.statusCode() + (reckon ? "" : " without x-amz-request-id") + " " + e.getMessage());
                    return false;
                }
                failed(what, e.statusCode() + (reckon ? " " : " without x-amz-request-id (a node starting, or the balancer) ") + e.getMessage());
            } catch (SdkClientException e) {
                failed(what, "no answer (" + e.getMessage() + ")");
            }
            if (!running && giveUp == Long.MAX_VALUE) {
                giveUp = System.currentTimeMillis() + 120_000;
            }
            if (System.currentTimeMillis() > giveUp) {
                unexpected(what + ": still failing 2 minutes after the load stopped");
                return false;
            }
            Platform.sleep(100); // a client's back-off between attempts, not a wait for a condition
        }
    }

    private void failed(String what, String outcome) {
        failedAt.add(new Load.Failure(System.currentTimeMillis(), what, outcome.length() > 160 ? outcome.substring(0, 160) : outcome));
    }

    private void unexpected(String what) {
        unexpected.incrementAndGet();
        if (unexpectedSamples.size() < 20) {
            // the clock time, to be found in the servers' logs
            unexpectedSamples.add(java.time.LocalTime.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS) + " " + what);
        }
    }

    /** Stops the clients (each finishes, or keeps retrying, its current request) and waits for them. */
    public void stop(int seconds) {
        running = false;
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        for (Thread t : clients) {
            try {
                t.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Reads every acknowledged object back through the balancer and returns the keys that are
     * missing or answer other bytes (a read that fails is retried as the clients do).
     */
    public List<String> verify() {
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, String> e : acknowledged.entrySet()) {
            String[] got = new String[1];
            boolean read = retried("verify " + e.getKey(), () -> got[0] = md5(s3.getObjectAsBytes(r -> r.bucket(bucket).key(e.getKey())).asByteArray()));
            if (!read || !e.getValue().equals(got[0])) {
                bad.add(e.getKey() + (read ? " reads MD5 " + got[0] + ", acknowledged " + e.getValue() : " cannot be read"));
            }
        }
        return bad;
    }

    public String summary() {
        return String.format("%d objects acknowledged (%d reads back during the load), %d failed attempts retried, %d unexpected answers",
                acknowledged.size(), reads.get(), failedAt.size(), unexpected.get());
    }

    public void close() {
        s3.close();
    }

    private static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
