package org.reckon.it.objectstorage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.TestUsers;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The short run of object storage's fault scenarios, on the suite's server and its 6 real data
 * node processes: a block corrupted on disk is detected, answered from another copy and repaired
 * (read repair, then the scrubber); a SIGKILLed node does not stop reads or writes of either
 * storage class and is repaired when it returns; a node's directory lost is rebuilt; garbage
 * collection removes what deleted objects and dead writers left and compacts the nodes.
 * Small objects only: the long scenarios belong to the fault suite's full run.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ObjectStorageFaultsIT {

    private static S3Client alice;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void client() {
        S3.awaitNodes(6);
        alice = S3.client(S3.newKey(TestUsers.ALICE));
    }

    private static String bucket(String what) {
        return "it-f" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static Connection db() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + System.getProperty("reckon.test.pg.port")
                + "/reckon_objectstorage", "reckon", "reckon");
    }

    /** (block id, nodes) of an object's blocks, in order. */
    private static List<String[]> blocks(String bucket, String key) throws SQLException {
        try (Connection c = db(); PreparedStatement s = c.prepareStatement("SELECT b.block_id, b.nodes FROM os_block b"
                + " JOIN os_object o ON o.data_id = b.data_id WHERE o.bucket = ? AND o.object_key = ? AND o.is_latest ORDER BY b.seq")) {
            s.setString(1, bucket);
            s.setString(2, key);
            List<String[]> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) out.add(new String[] {r.getString(1), r.getString(2)});
            }
            return out;
        }
    }

    private static Path nodeDir(String node) {
        return Path.of(System.getProperty("reckon.test.objectstorage.dir"), node);
    }

    private static int nodePort(String node) {
        return 9000 + S3.offset() + Integer.parseInt(node.substring(1));
    }

    /** Flips a byte in the middle of a block's record on a node's disk (found through its lookup log). */
    private static void corrupt(String node, String blockId) throws IOException {
        Pattern line = Pattern.compile("^P " + Pattern.quote(blockId) + " (\\d+) (\\d+) (\\d+) .*$", Pattern.MULTILINE);
        int pack = 0;
        long offset = 0, length = 0;
        Matcher m = line.matcher(Files.readString(nodeDir(node).resolve("lookup.log")));
        while (m.find()) {
            pack = Integer.parseInt(m.group(1));
            offset = Long.parseLong(m.group(2));
            length = Long.parseLong(m.group(3));
        }
        assertTrue(length > 0, "block " + blockId + " on " + node);
        try (RandomAccessFile f = new RandomAccessFile(nodeDir(node).resolve(String.format("data/pack-%06d.dat", pack)).toFile(), "rw")) {
            f.seek(offset + length / 2);
            int b = f.read();
            f.seek(offset + length / 2);
            f.write(b ^ 0x5A);
        }
    }

    private static int nodeStatus(String node, String blockId) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nodePort(node) + "/blocks/" + blockId)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String post(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(S3.endpoint() + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static int field(String report, String name) {
        Matcher m = Pattern.compile(name + "=(\\d+)").matcher(report);
        assertTrue(m.find(), name + " in " + report);
        return Integer.parseInt(m.group(1));
    }

    private static void script(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", System.getProperty("reckon.test.objectstorage.script")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    /**
     * The internal endpoints take loopback callers only, and on the cluster the balancer's reverse
     * proxy connects from loopback: a request it relayed (X-Forwarded-For) is refused, and a forged
     * heartbeat changes nothing in the cluster map.
     */
    @Test
    void theInternalEndpointsRefuseARelayedRequest() throws Exception {
        HttpResponse<String> beat = HTTP.send(HttpRequest.newBuilder(URI.create(S3.endpoint() + "/_reckon/heartbeat"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Forwarded-For", "203.0.113.9")
                .POST(HttpRequest.BodyPublishers.ofString("id=forged1&url=http%3A%2F%2F127.0.0.1%3A1&live_bytes=0&blocks=0")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, beat.statusCode(), beat.body());
        HttpResponse<String> scrub = HTTP.send(HttpRequest.newBuilder(URI.create(S3.endpoint() + "/_reckon/scrub"))
                .header("Forwarded", "for=203.0.113.9").POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, scrub.statusCode(), scrub.body());
        HttpResponse<String> map = HTTP.send(HttpRequest.newBuilder(URI.create(S3.endpoint() + "/_reckon/heartbeat")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, map.statusCode(), map.body());
        assertTrue(map.body().contains(" live ") && !map.body().contains("forged1"), map.body());
    }

    /**
     * A PUT reads its bucket and records its intent in one statement, which records it only for a
     * caller who may write: a refused PUT leaves no intent, and an accepted one none once committed.
     */
    @Test
    void aRefusedPutRecordsNoIntentAndAnAcceptedOneLeavesNone() throws Exception {
        String b = bucket("intent");
        alice.createBucket(r -> r.bucket(b));
        S3Client bob = S3.client(S3.newKey(TestUsers.BOB));
        long before = pendingIntents();
        assertEquals("AccessDenied", assertThrows(software.amazon.awssdk.services.s3.model.S3Exception.class,
                () -> bob.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("bob's"))).awsErrorDetails().errorCode());
        assertEquals("NoSuchBucket", assertThrows(software.amazon.awssdk.services.s3.model.S3Exception.class,
                () -> alice.putObject(r -> r.bucket(b + "-none").key("k"), RequestBody.fromString("x"))).awsErrorDetails().errorCode());
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(S3.endpoint() + "/" + b + "/k"))
                .PUT(HttpRequest.BodyPublishers.ofString("anonymous")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, anonymous.statusCode(), anonymous.body());
        assertEquals(before, pendingIntents(), "a refused PUT records no intent");
        alice.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("alice's"));
        assertEquals("alice's", alice.getObjectAsBytes(r -> r.bucket(b).key("k")).asUtf8String());
        assertEquals("AccessDenied", assertThrows(software.amazon.awssdk.services.s3.model.S3Exception.class,
                () -> bob.getObjectAsBytes(r -> r.bucket(b).key("k"))).awsErrorDetails().errorCode());
        assertEquals(before, pendingIntents(), "a committed PUT drops its intent");
    }

    /**
     * Writers of one key in a bucket never versioned commit in one statement each, which replaces the
     * key's "null" version only if its data is still the one the statement's snapshot saw. Here three
     * PUTs reach that statement while the test holds the version's row lock, and the test, as another
     * writer would, then points the row at other data with a block row of its own and commits: each
     * PUT must see that its snapshot is stale and run again, so that the other writer's block row is
     * deleted with the data it replaced (not left behind, pointed to by nothing) and the key reads back
     * as one of the PUTs' bodies.
     */
    @Test
    void aWriterThatCommitsBetweenAPutsSnapshotAndItsLockLeavesNoBlockRowBehind() throws Exception {
        String b = bucket("race");
        alice.createBucket(r -> r.bucket(b));
        alice.putObject(r -> r.bucket(b).key("hot"), RequestBody.fromString("first"));
        String other = "itrace" + UUID.randomUUID().toString().replace("-", "");
        java.util.Set<String> bodies = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try (Connection c = db()) {
            c.setAutoCommit(false);
            String first;
            try (PreparedStatement s = c.prepareStatement("SELECT data_id FROM os_object WHERE bucket = ? AND object_key = 'hot' FOR UPDATE")) {
                s.setString(1, b);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    first = r.getString(1);
                }
            }
            long waitingBefore = waitingOnLocks();
            List<java.util.concurrent.Future<?>> puts = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                String body = "put " + w + " " + UUID.randomUUID();
                bodies.add(body);
                puts.add(pool.submit(() -> alice.putObject(r -> r.bucket(b).key("hot"), RequestBody.fromString(body))));
            }
            Awaitility.await("the PUTs' commits waiting on the version's row lock").atMost(Duration.ofSeconds(60))
                    .until(() -> waitingOnLocks() >= waitingBefore + 3);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO os_block (data_id, seq, block_id, length, crc, layout, nodes)"
                    + " SELECT ?, b.seq, ? || b.seq, b.length, b.crc, b.layout, b.nodes FROM os_block b JOIN os_object o ON o.data_id = b.data_id"
                    + " WHERE o.bucket = ? AND o.object_key = 'hot'")) {
                s.setString(1, other);
                s.setString(2, other + ".b");
                s.setString(3, b);
                assertEquals(1, s.executeUpdate());
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE os_object SET data_id = ? WHERE bucket = ? AND object_key = 'hot'")) {
                s.setString(1, other);
                s.setString(2, b);
                assertEquals(1, s.executeUpdate());
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM os_block WHERE data_id = ?")) {
                s.setString(1, first);
                assertEquals(1, s.executeUpdate());
            }
            c.commit();
            for (java.util.concurrent.Future<?> f : puts) f.get(2, java.util.concurrent.TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        String last = alice.getObjectAsBytes(r -> r.bucket(b).key("hot")).asUtf8String();
        assertTrue(bodies.contains(last), "the key reads back as one of the PUTs' bodies: " + last);
        assertEquals(1, blocks(b, "hot").size(), "the version's one block row");
        assertEquals(0, count("SELECT count(*) FROM os_block WHERE data_id = ?", other), "the other writer's block row, replaced, is deleted");
    }

    /** Sessions of the object-storage database waiting on a lock. */
    private static long waitingOnLocks() throws SQLException {
        return count("SELECT count(*) FROM pg_stat_activity WHERE datname = 'reckon_objectstorage' AND wait_event_type = 'Lock'");
    }

    /** The one number a {@code SELECT count(*)} of the object-storage database answers. */
    private static long count(String sql, String... args) throws SQLException {
        try (Connection c = db(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) s.setString(i + 1, args[i]);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static long pendingIntents() throws SQLException {
        return count("SELECT count(*) FROM os_pending_data");
    }

    @Test
    void aCorruptedBlockIsAnsweredFromAnotherCopyAndRepaired() throws Exception {
        String b = bucket("corrupt");
        alice.createBucket(r -> r.bucket(b));
        byte[] data = random(300_000, 3);
        alice.putObject(r -> r.bucket(b).key("k"), RequestBody.fromBytes(data));
        String[] block = blocks(b, "k").get(0);
        String first = block[1].split(",")[0];
        corrupt(first, block[0]);
        assertEquals(409, nodeStatus(first, block[0]), "the node detects the corruption itself");
        // the first copy read fails its checksum: the answer comes from another, and the bad one is rewritten
        assertArrayEquals(data, alice.getObjectAsBytes(r -> r.bucket(b).key("k")).asByteArray());
        Awaitility.await("read repair").atMost(Duration.ofSeconds(20)).until(() -> nodeStatus(first, block[0]) == 200);

        // the scrubber finds one nobody read
        alice.putObject(r -> r.bucket(b).key("k2"), RequestBody.fromBytes(data));
        String[] other = blocks(b, "k2").get(0);
        String holder = other[1].split(",")[1];
        corrupt(holder, other[0]);
        String report = post("/_reckon/scrub");
        assertTrue(field(report, "corrupt") >= 1 && field(report, "repaired") >= 1, report);
        assertEquals(200, nodeStatus(holder, other[0]));
        System.out.println("[objectstorage] corrupted block: detected, served from another copy, repaired; scrub " + report);
    }

    @Test
    void aKilledNodeStopsNeitherReadsNorWritesAndIsRepairedWhenItReturns() throws Exception {
        String rep = bucket("kill"), ec = bucket("killec");
        alice.createBucket(r -> r.bucket(rep));
        alice.createBucket(r -> r.bucket(ec).overrideConfiguration(o -> o.putHeader("x-reckon-storage-class", "ERASURE_CODED")));
        byte[] data = random(6 * 1024 * 1024, 5);
        alice.putObject(r -> r.bucket(rep).key("before"), RequestBody.fromBytes(data));
        alice.putObject(r -> r.bucket(ec).key("before"), RequestBody.fromBytes(data));
        String victim = blocks(rep, "before").get(0)[1].split(",")[0];
        String k = victim.substring(1);
        script("kill-one", System.getProperty("reckon.test.objectstorage.dir"), k);
        try {
            // reads: from the other replicas, from the parity
            assertArrayEquals(data, alice.getObjectAsBytes(r -> r.bucket(rep).key("before")).asByteArray());
            assertArrayEquals(data, alice.getObjectAsBytes(r -> r.bucket(ec).key("before")).asByteArray());
            // writes while a quorum is up (at once, before the cluster map notices, and after)
            alice.putObject(r -> r.bucket(rep).key("during"), RequestBody.fromBytes(data));
            alice.putObject(r -> r.bucket(ec).key("during"), RequestBody.fromBytes(data));
            S3.awaitExactlyLive(5);
            alice.putObject(r -> r.bucket(rep).key("during2"), RequestBody.fromBytes(data));
            assertArrayEquals(data, alice.getObjectAsBytes(r -> r.bucket(rep).key("during")).asByteArray());
            assertArrayEquals(data, alice.getObjectAsBytes(r -> r.bucket(ec).key("during")).asByteArray());
        } finally {
            script("start-one", System.getProperty("reckon.test.objectstorage.jar"), System.getProperty("reckon.test.objectstorage.dir"),
                    Integer.toString(S3.offset()), k);
        }
        S3.awaitNodes(6);
        String report = post("/_reckon/scrub");
        assertEquals(0, field(report, "unrepairable"), report);
        // every block of every object has all its copies and shards on live nodes again
        String again = post("/_reckon/scrub");
        assertEquals(0, field(again, "missing") + field(again, "corrupt"), again);
        for (String key : List.of("before", "during", "during2")) {
            assertArrayEquals(data, alice.getObjectAsBytes(r -> r.bucket(rep).key(key)).asByteArray());
        }
        System.out.println("[objectstorage] node n" + k + " SIGKILLed: reads and writes went on; on its return " + report);
    }

    @Test
    void aNodesLostDirectoryIsRebuilt() throws Exception {
        String b = bucket("lost");
        alice.createBucket(r -> r.bucket(b));
        byte[] data = random(1_000_000, 9);
        alice.putObject(r -> r.bucket(b).key("k"), RequestBody.fromBytes(data));
        String[] block = blocks(b, "k").get(0);
        String node = block[1].split(",")[0];
        String k = node.substring(1);
        script("kill-one", System.getProperty("reckon.test.objectstorage.dir"), k);
        try (var files = Files.walk(nodeDir(node))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        script("start-one", System.getProperty("reckon.test.objectstorage.jar"), System.getProperty("reckon.test.objectstorage.dir"),
                Integer.toString(S3.offset()), k);
        S3.awaitNodes(6);
        assertEquals(404, nodeStatus(node, block[0]), "the node came back empty");
        String report = post("/_reckon/scrub");
        assertTrue(field(report, "missing") >= 1 && field(report, "unrepairable") == 0, report);
        assertEquals(200, nodeStatus(node, block[0]), "rebuilt from the other copies");
        assertArrayEquals(data, alice.getObjectAsBytes(r -> r.bucket(b).key("k")).asByteArray());
        System.out.println("[objectstorage] node " + node + "'s directory deleted and rebuilt: " + report);
    }

    @Test
    void garbageCollectionRemovesWhatDeletesAndDeadWritersLeftAndCompacts() throws Exception {
        String b = bucket("gc");
        alice.createBucket(r -> r.bucket(b));
        byte[] data = random(2_000_000, 13);
        alice.putObject(r -> r.bucket(b).key("doomed"), RequestBody.fromBytes(data));
        alice.putObject(r -> r.bucket(b).key("kept"), RequestBody.fromBytes(data));
        String[] doomed = blocks(b, "doomed").get(0);
        alice.deleteObject(r -> r.bucket(b).key("doomed"));
        // a writer that died after recording its intent and storing a block (what a server killed mid-upload leaves)
        String dead = UUID.randomUUID().toString().replace("-", "");
        try (Connection c = db(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO os_pending_data (data_id, created_at) VALUES (?, now() - interval '2 hours')")) {
            s.setString(1, dead);
            s.executeUpdate();
        }
        assertEquals(201, HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nodePort("n1") + "/blocks/" + dead + ".0"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        // an abandoned multipart upload, aborted
        String upload = alice.createMultipartUpload(r -> r.bucket(b).key("aborted")).uploadId();
        alice.uploadPart(r -> r.bucket(b).key("aborted").uploadId(upload).partNumber(1), RequestBody.fromBytes(data));
        alice.abortMultipartUpload(r -> r.bucket(b).key("aborted").uploadId(upload));

        String report = post("/_reckon/gc?grace=PT1H");
        assertTrue(field(report, "staleIntents") >= 1, report);
        assertTrue(field(report, "blocksDeleted") >= 3 + 1 + 3, report);
        assertTrue(Long.parseLong(report.replaceAll(".*bytesReclaimed=(\\d+).*", "$1")) >= 7L * data.length, report);
        for (String node : doomed[1].split(",")) assertEquals(404, nodeStatus(node, doomed[0]));
        assertEquals(404, nodeStatus("n1", dead + ".0"));
        assertArrayEquals(data, alice.getObjectAsBytes(r -> r.bucket(b).key("kept")).asByteArray(), "live data survives compaction");
        String second = post("/_reckon/gc?grace=PT1H");
        assertEquals(0, field(second, "blocksDeleted"), "nothing left: " + second);
        System.out.println("[objectstorage] garbage collection: " + report);
    }
}
