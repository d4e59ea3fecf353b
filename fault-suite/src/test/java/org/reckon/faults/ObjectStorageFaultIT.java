package org.reckon.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.reckon.faults.support.Api;
import org.reckon.faults.support.Api.User;
import org.reckon.faults.support.ObjectStorageNodes;
import org.reckon.faults.support.Platform;
import org.reckon.faults.support.Report;
import org.reckon.faults.support.Scenario;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * Fault 7, object storage (issue 13, "the server killed mid-multipart"): the Reckon JVM is
 * SIGKILLed (1) while clients upload multipart parts to two uploads (a replicated and an
 * erasure-coded bucket), and (2) with two CompleteMultipartUpload calls parked by Byteman, one
 * inside its transaction before the commit, one after the commit before the answer. The data
 * nodes are other processes and stay up. After each restart: listing an upload's parts shows every
 * part the client was acknowledged; the upload can be completed (its object reads back with the
 * MD5 of the acknowledged parts) or aborted; a Complete killed before its commit left the upload
 * whole, one killed after it left the object. Every object acknowledged before the kills reads
 * back with its MD5. Garbage collection then leaves no orphan block on any node (every block a node
 * holds is one the metadata places there) and no dead pack bytes.
 */
@Order(7)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObjectStorageFaultIT {

    static final int PART = 5 << 20;
    static final int UPLOADERS = 4;
    static final String UNCOMMITTED = "os-complete-uncommitted";
    static final String COMMITTED = "os-complete-committed";

    @Test
    @Order(1)
    void serverKilledMidMultipartLosesNothingAcknowledgedAndLeavesNoOrphans() throws Exception {
        Scenario.begin("object storage: server killed mid-multipart", UPLOADERS + " clients upload 5 MiB parts to two "
                + "multipart uploads and the Reckon JVM is SIGKILLed; then it is SIGKILLed with one Complete parked before its "
                + "commit and one after it; restart, complete or abort, garbage collection, count orphans");
        Platform platform = Scenario.platform();
        ObjectStorageNodes nodes = platform.objectStorageNodes();
        nodes.awaitAllLive(Duration.ofSeconds(60));
        String run = UUID.randomUUID().toString().substring(0, 6);
        Api.Response key = Api.must(platform.reckonUrl("/v1/object-storage/access-keys"), User.ALICE, "POST", null);
        assertEquals(201, key.status(), key.body());
        String replicated = "faults-r3-" + run;
        String erasure = "faults-rs-" + run;
        Map<String, String> acknowledged = new LinkedHashMap<>(); // "bucket/key" -> md5 of what the client was told is stored
        try (S3Client s3 = client(nodes.s3Endpoint(), key.json().getString("access_key_id"), key.json().getString("secret_access_key"))) {
            s3.createBucket(r -> r.bucket(replicated));
            s3.createBucket(r -> r.bucket(erasure).overrideConfiguration(o -> o.putHeader("x-reckon-storage-class", "ERASURE_CODED")));
            int[] sizes = {1024, 64 << 10, 1 << 20, 9 << 20};
            for (String bucket : List.of(replicated, erasure)) {
                for (int i = 0; i < 8; i++) {
                    byte[] data = bytes(bucket + i, sizes[i % sizes.length]);
                    s3.putObject(r -> r.bucket(bucket).key("before/" + data.length + "-" + data.hashCode()), RequestBody.fromBytes(data));
                    acknowledged.put(bucket + "/before/" + data.length + "-" + data.hashCode(), md5(data));
                }
            }
            Report.line("%d objects stored and acknowledged in a replicated and an erasure-coded bucket", acknowledged.size());

            // ---- (1) SIGKILL while parts are being uploaded ---------------------------------------------------
            String kept = s3.createMultipartUpload(r -> r.bucket(replicated).key("mp-kept")).uploadId();
            String aborted = s3.createMultipartUpload(r -> r.bucket(erasure).key("mp-aborted")).uploadId();
            Map<String, ConcurrentSkipListMap<Integer, String>> acked = Map.of(kept, new ConcurrentSkipListMap<>(),
                    aborted, new ConcurrentSkipListMap<>());
            Map<String, AtomicInteger> next = Map.of(kept, new AtomicInteger(), aborted, new AtomicInteger());
            Map<String, String> bucketOf = Map.of(kept, replicated, aborted, erasure);
            Map<String, String> keyOf = Map.of(kept, "mp-kept", aborted, "mp-aborted");
            AtomicInteger failed = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(UPLOADERS);
            for (int c = 0; c < UPLOADERS; c++) {
                String upload = c % 2 == 0 ? kept : aborted;
                pool.submit(() -> {
                    while (true) {
                        int n = next.get(upload).incrementAndGet();
                        if (n > 1000) return;
                        try {
                            String etag = s3.uploadPart(r -> r.bucket(bucketOf.get(upload)).key(keyOf.get(upload)).uploadId(upload)
                                    .partNumber(n), RequestBody.fromBytes(bytes(upload + n, PART))).eTag();
                            acked.get(upload).put(n, unquote(etag));
                        } catch (RuntimeException e) {
                            failed.incrementAndGet(); // the server died under this request: not acknowledged
                            return;
                        }
                    }
                });
            }
            Awaitility.await("parts acknowledged before the kill").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                    .until(() -> acked.get(kept).size() >= 3 && acked.get(aborted).size() >= 3);
            platform.reckon.kill();
            Report.injected("Reckon SIGKILLed with %d clients uploading parts (%d and %d parts acknowledged so far)", UPLOADERS,
                    acked.get(kept).size(), acked.get(aborted).size());
            pool.shutdown();
            assertTrue(pool.awaitTermination(2, TimeUnit.MINUTES), "the uploaders stop once the server is gone");
            Duration restart = platform.reckon.start(Platform.BOOT_TIMEOUT);
            nodes.awaitAllLive(Duration.ofSeconds(60));
            Report.line("restarted in %.1f s; %d part uploads cut by the kill; acknowledged parts: %d + %d",
                    restart.toMillis() / 1000.0, failed.get(), acked.get(kept).size(), acked.get(aborted).size());
            for (String upload : List.of(kept, aborted)) {
                Map<Integer, String> listed = listParts(s3, bucketOf.get(upload), keyOf.get(upload), upload);
                for (Map.Entry<Integer, String> part : acked.get(upload).entrySet()) {
                    assertEquals(part.getValue(), listed.get(part.getKey()), "acknowledged part " + part.getKey() + " of " + keyOf.get(upload)
                            + " is listed with its ETag after the restart");
                }
                Report.checked("%s: ListParts after the restart shows all %d acknowledged parts (%d listed: %d stored but never acknowledged)",
                        keyOf.get(upload), acked.get(upload).size(), listed.size(), listed.size() - acked.get(upload).size());
            }
            List<CompletedPart> parts = new ArrayList<>();
            MessageDigest whole = MessageDigest.getInstance("MD5");
            for (Map.Entry<Integer, String> part : acked.get(kept).entrySet()) {
                parts.add(CompletedPart.builder().partNumber(part.getKey()).eTag(part.getValue()).build());
                whole.update(bytes(kept + part.getKey(), PART));
            }
            s3.completeMultipartUpload(r -> r.bucket(replicated).key("mp-kept").uploadId(kept).multipartUpload(m -> m.parts(parts)));
            acknowledged.put(replicated + "/mp-kept", HexFormat.of().formatHex(whole.digest()));
            assertEquals(acknowledged.get(replicated + "/mp-kept"), md5(s3, replicated, "mp-kept"));
            Report.checked("mp-kept completed after the restart from its %d acknowledged parts (%d MiB); it reads back with their MD5",
                    parts.size(), parts.size() * 5);
            s3.abortMultipartUpload(r -> r.bucket(erasure).key("mp-aborted").uploadId(aborted));
            assertThrows(NoSuchUploadException.class, () -> listParts(s3, erasure, "mp-aborted", aborted));
            Report.checked("mp-aborted aborted after the restart: ListParts answers NoSuchUpload");

            // ---- (2) SIGKILL during CompleteMultipartUpload ----------------------------------------------------
            Map<String, String> before = new HashMap<>(); // upload id -> md5 of its object
            Map<String, List<CompletedPart>> partsOf = new HashMap<>();
            String uncommitted = s3.createMultipartUpload(r -> r.bucket(replicated).key("mp-uncommitted")).uploadId();
            String committed = s3.createMultipartUpload(r -> r.bucket(erasure).key("mp-committed")).uploadId();
            for (String upload : List.of(uncommitted, committed)) {
                MessageDigest md = MessageDigest.getInstance("MD5");
                List<CompletedPart> list = new ArrayList<>();
                for (int n = 1; n <= 2; n++) {
                    byte[] data = bytes(upload + n, n == 1 ? PART : 1 << 20);
                    int partNumber = n;
                    String etag = s3.uploadPart(r -> r.bucket(bucketOf(upload, uncommitted, replicated, erasure)).key(keyOf(upload, uncommitted))
                            .uploadId(upload).partNumber(partNumber), RequestBody.fromBytes(data)).eTag();
                    list.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
                    md.update(data);
                }
                partsOf.put(upload, list);
                before.put(upload, HexFormat.of().formatHex(md.digest()));
            }
            ExecutorService completing = Executors.newFixedThreadPool(2);
            List<Future<?>> completes = new ArrayList<>();
            for (String point : List.of(UNCOMMITTED, COMMITTED)) {
                String upload = point.equals(UNCOMMITTED) ? uncommitted : committed;
                String bucket = point.equals(UNCOMMITTED) ? replicated : erasure;
                platform.armCrash(point);
                completes.add(completing.submit(() -> s3.completeMultipartUpload(r -> r.bucket(bucket).key(keyOf(upload, uncommitted))
                        .uploadId(upload).multipartUpload(m -> m.parts(partsOf.get(upload))))));
                assertTrue(platform.awaitParked(point, Duration.ofSeconds(30)).isPresent(), "Complete reached the park point " + point);
            }
            platform.reckon.kill();
            platform.disarmCrash(UNCOMMITTED);
            platform.disarmCrash(COMMITTED);
            Report.injected("Reckon SIGKILLed with one CompleteMultipartUpload parked before its commit and one after it");
            int unanswered = 0;
            for (Future<?> f : completes) {
                try {
                    f.get(2, TimeUnit.MINUTES);
                } catch (java.util.concurrent.ExecutionException e) {
                    unanswered++;
                }
            }
            completing.shutdown();
            assertEquals(2, unanswered, "neither client got an answer");
            restart = platform.reckon.start(Platform.BOOT_TIMEOUT);
            nodes.awaitAllLive(Duration.ofSeconds(60));
            Report.line("restarted in %.1f s", restart.toMillis() / 1000.0);
            // before its commit: nothing of the Complete happened; the upload is whole and can be completed again
            assertEquals(2, listParts(s3, replicated, "mp-uncommitted", uncommitted).size());
            assertThrows(software.amazon.awssdk.services.s3.model.NoSuchKeyException.class,
                    () -> s3.headObject(r -> r.bucket(replicated).key("mp-uncommitted")));
            s3.completeMultipartUpload(r -> r.bucket(replicated).key("mp-uncommitted").uploadId(uncommitted)
                    .multipartUpload(m -> m.parts(partsOf.get(uncommitted))));
            acknowledged.put(replicated + "/mp-uncommitted", before.get(uncommitted));
            assertEquals(before.get(uncommitted), md5(s3, replicated, "mp-uncommitted"));
            Report.checked("Complete killed before its commit: the upload was still there with both parts and no object; "
                    + "completed again, the object reads back with its MD5");
            // after its commit: the object exists, the upload is gone (a retried Complete answers NoSuchUpload)
            assertEquals(before.get(committed), md5(s3, erasure, "mp-committed"));
            acknowledged.put(erasure + "/mp-committed", before.get(committed));
            assertThrows(NoSuchUploadException.class, () -> listParts(s3, erasure, "mp-committed", committed));
            Report.checked("Complete killed after its commit, before the answer: the object reads back with its MD5; the upload is gone");

            // ---- nothing acknowledged is lost ------------------------------------------------------------------
            for (Map.Entry<String, String> object : acknowledged.entrySet()) {
                String bucket = object.getKey().substring(0, object.getKey().indexOf('/'));
                String objectKey = object.getKey().substring(bucket.length() + 1);
                assertEquals(object.getValue(), md5(s3, bucket, objectKey), object.getKey() + " reads back as acknowledged");
            }
            Report.checked("all %d acknowledged objects read back with their MD5", acknowledged.size());

            // ---- garbage collection leaves no orphan ---------------------------------------------------------
            int pendingBefore = pendingIntents(platform);
            int orphansBefore = orphans(platform, nodes).size();
            String gc = nodes.maintenance("gc?grace=PT0S&compact-min-dead=0");
            Set<String> orphans = orphans(platform, nodes);
            long dead = 0;
            for (int k = 1; k <= ObjectStorageNodes.COUNT; k++) {
                dead += nodes.deadBytes(k);
            }
            Report.checked("before GC: %d pending intents, %d orphan blocks on the nodes; GC: %s; after: %d orphan blocks, %d pending intents, "
                    + "%d dead pack bytes on %d nodes", pendingBefore, orphansBefore, gc.trim(), orphans.size(), pendingIntents(platform), dead,
                    ObjectStorageNodes.COUNT);
            assertEquals(Set.of(), orphans, "no block is left on a node that the metadata does not place there");
            assertEquals(0, pendingIntents(platform));
            assertEquals(0, dead, "compaction left no dead bytes in the pack files");
            for (Map.Entry<String, String> object : acknowledged.entrySet()) {
                String bucket = object.getKey().substring(0, object.getKey().indexOf('/'));
                assertEquals(object.getValue(), md5(s3, bucket, object.getKey().substring(bucket.length() + 1)));
            }
            Report.checked("after GC and compaction all %d acknowledged objects still read back with their MD5", acknowledged.size());
        }
    }

    /**
     * A data node SIGKILLed while clients upload and download in both storage classes: the figures
     * (requests that succeeded and failed before and after the kill), then the node restarted,
     * the scrubber run, and every object acknowledged at any time read back with its MD5.
     */
    @Test
    @Order(2)
    void dataNodeKilledDuringUploadsAndDownloads() throws Exception {
        Scenario.begin("object storage: data node killed under load", "4 clients PUT and GET 256 KiB objects in a replicated and an "
                + "erasure-coded bucket for " + Scenario.OUTAGE_SECONDS + " s after node n3 is SIGKILLed; restart it, scrub, read back");
        Platform platform = Scenario.platform();
        ObjectStorageNodes nodes = platform.objectStorageNodes();
        nodes.awaitAllLive(Duration.ofSeconds(60));
        String run = UUID.randomUUID().toString().substring(0, 6);
        Api.Response key = Api.must(platform.reckonUrl("/v1/object-storage/access-keys"), User.ALICE, "POST", null);
        assertEquals(201, key.status(), key.body());
        String replicated = "faults-node-r3-" + run;
        String erasure = "faults-node-rs-" + run;
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        try (S3Client s3 = client(nodes.s3Endpoint(), key.json().getString("access_key_id"), key.json().getString("secret_access_key"))) {
            s3.createBucket(r -> r.bucket(replicated));
            s3.createBucket(r -> r.bucket(erasure).overrideConfiguration(o -> o.putHeader("x-reckon-storage-class", "ERASURE_CODED")));
            java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicLong[] counts = new java.util.concurrent.atomic.AtomicLong[8]; // put ok/fail, get ok/fail; before, after
            for (int i = 0; i < counts.length; i++) counts[i] = new java.util.concurrent.atomic.AtomicLong();
            AtomicInteger wrongBytes = new AtomicInteger();
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.atomic.AtomicLong stopAt = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int client = c;
                String bucket = c % 2 == 0 ? replicated : erasure;
                clients.add(pool.submit(() -> {
                    for (int i = 0; System.nanoTime() < stopAt.get(); i++) {
                        int phase = killed.get() ? 4 : 0;
                        String objectKey = "c" + client + "/" + i;
                        byte[] data = bytes(bucket + objectKey, 256 << 10);
                        try {
                            s3.putObject(r -> r.bucket(bucket).key(objectKey), RequestBody.fromBytes(data));
                            acknowledged.put(bucket + "/" + objectKey, md5(data));
                            counts[phase].incrementAndGet();
                        } catch (Exception e) {
                            counts[phase + 1].incrementAndGet();
                            if (failures.size() < 5) failures.add("PUT: " + e);
                        }
                        String readKey = "c" + client + "/" + (i / 2);
                        String expected = acknowledged.get(bucket + "/" + readKey);
                        if (expected == null) continue;
                        try {
                            if (expected.equals(md5(s3, bucket, readKey))) counts[phase + 2].incrementAndGet();
                            else wrongBytes.incrementAndGet();
                        } catch (Exception e) {
                            counts[phase + 3].incrementAndGet();
                            if (failures.size() < 5) failures.add("GET: " + e);
                        }
                    }
                    return null;
                }));
            }
            Awaitility.await("load before the kill").atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 20);
            nodes.kill(3);
            killed.set(true);
            long killedAt = System.nanoTime();
            Report.injected("data node n3 SIGKILLed under load (%d objects acknowledged so far)", acknowledged.size());
            stopAt.set(killedAt + TimeUnit.SECONDS.toNanos(Scenario.OUTAGE_SECONDS));
            Awaitility.await("n3 leaves the cluster map").atMost(Duration.ofSeconds(30)).until(() -> nodes.liveInClusterMap() == ObjectStorageNodes.COUNT - 1);
            double outOfMap = (System.nanoTime() - killedAt) / 1e9;
            for (Future<?> f : clients) f.get(2, TimeUnit.MINUTES);
            pool.shutdown();
            Report.line("before the kill: PUT %d ok / %d failed, GET %d ok / %d failed; after it (%d s, n3 out of the cluster map after %.1f s): "
                    + "PUT %d ok / %d failed, GET %d ok / %d failed; wrong bytes read: %d %s", counts[0].get(), counts[1].get(), counts[2].get(),
                    counts[3].get(), Scenario.OUTAGE_SECONDS, outOfMap, counts[4].get(), counts[5].get(), counts[6].get(), counts[7].get(),
                    wrongBytes.get(), failures);
            assertEquals(0, wrongBytes.get(), "a read never answers other bytes than were acknowledged");
            assertTrue(counts[4].get() > 0 && counts[6].get() > 0, "writes and reads go on with a node dead");
            nodes.start(3);
            nodes.awaitAllLive(Duration.ofSeconds(60));
            String scrub = nodes.maintenance("scrub");
            Report.checked("n3 restarted; scrub: %s", scrub.trim());
            for (Map.Entry<String, String> object : acknowledged.entrySet()) {
                String bucket = object.getKey().substring(0, object.getKey().indexOf('/'));
                assertEquals(object.getValue(), md5(s3, bucket, object.getKey().substring(bucket.length() + 1)), object.getKey());
            }
            String again = nodes.maintenance("scrub");
            Report.checked("all %d acknowledged objects read back with their MD5; a second scrub: %s", acknowledged.size(), again.trim());
            assertTrue(again.contains("missing=0") && again.contains("corrupt=0"), "the first scrub repaired everything: " + again);
        }
    }

    private static String bucketOf(String upload, String uncommitted, String replicated, String erasure) {
        return upload.equals(uncommitted) ? replicated : erasure;
    }

    private static String keyOf(String upload, String uncommitted) {
        return upload.equals(uncommitted) ? "mp-uncommitted" : "mp-committed";
    }

    /** Blocks (replicas or shards) the nodes hold that no row of os_block places on them. */
    private static Set<String> orphans(Platform platform, ObjectStorageNodes nodes) throws Exception {
        Map<String, Set<String>> expected = new HashMap<>();
        try (Connection c = platform.db("reckon_objectstorage"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT block_id, layout, nodes FROM os_block")) {
            while (rs.next()) {
                String[] holders = rs.getString(3).split(",");
                for (int i = 0; i < holders.length; i++) {
                    String id = rs.getString(2).startsWith("RS") ? rs.getString(1) + ".s" + i : rs.getString(1);
                    expected.computeIfAbsent(holders[i], n -> new HashSet<>()).add(id);
                }
            }
        }
        Set<String> orphans = new HashSet<>();
        for (int k = 1; k <= ObjectStorageNodes.COUNT; k++) {
            Set<String> placed = expected.getOrDefault("n" + k, Set.of());
            for (String id : nodes.blocks(k)) {
                if (!placed.contains(id)) {
                    orphans.add("n" + k + ":" + id);
                }
            }
        }
        return orphans;
    }

    private static int pendingIntents(Platform platform) throws Exception {
        try (Connection c = platform.db("reckon_objectstorage"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM os_pending_data")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Map<Integer, String> listParts(S3Client s3, String bucket, String key, String upload) {
        Map<Integer, String> listed = new ConcurrentHashMap<>();
        for (Part p : s3.listPartsPaginator(r -> r.bucket(bucket).key(key).uploadId(upload)).parts()) {
            listed.put(p.partNumber(), unquote(p.eTag()));
        }
        return listed;
    }

    private static S3Client client(String endpoint, String id, String secret) {
        return S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret)))
                .forcePathStyle(true)
                // a request the kill cuts is not retried: it counts as not acknowledged
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(16).socketTimeout(Duration.ofMinutes(2)))
                .build();
    }

    private static byte[] bytes(String seed, int size) {
        byte[] data = new byte[size];
        new Random(seed.hashCode()).nextBytes(data);
        return data;
    }

    private static String md5(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    private static String md5(S3Client s3, String bucket, String key) throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        try (InputStream in = s3.getObject(r -> r.bucket(bucket).key(key))) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String unquote(String etag) {
        return etag != null && etag.length() >= 2 && etag.startsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
    }
}
