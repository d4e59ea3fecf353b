package org.reckon.it.objectstorage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reckon.it.support.TestUsers;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Object storage through a real S3 client: the AWS SDK for Java v2, configured only with the
 * endpoint, a region, an access key made by POST /v1/object-storage/access-keys, and path-style
 * access. Runs as a client of the test server (port 9000 + offset), against its 6 data nodes.
 * The streamed multipart upload is 128 MiB here (-Dreckon.objectstorage.large-upload-mib=1024 for
 * the 1 GiB run of the benchmark and the fault suite), with the server's heap sampled throughout.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ObjectStorageIT {

    @ArquillianResource
    ManagementClient management;

    private static S3Client alice;
    private static S3Client bob;
    private static S3Client staff;
    private static Keys aliceKeys;

    @BeforeAll
    static void clients() {
        S3.awaitNodes(6);
        aliceKeys = S3.newKey(TestUsers.ALICE);
        alice = S3.client(aliceKeys);
        bob = S3.client(S3.newKey(TestUsers.BOB));
        staff = S3.client(S3.newKey(TestUsers.STAFF));
    }

    private static String bucket(String what) {
        return "it-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String md5Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    private static String errorCode(Runnable call) {
        S3Exception e = assertThrows(S3Exception.class, call::run);
        return e.awsErrorDetails().errorCode();
    }

    @Test
    void bucketsAreCreatedListedPerOwnerAndDeletedOnlyWhenEmpty() {
        String a = bucket("own"), b = bucket("bobs");
        alice.createBucket(r -> r.bucket(a));
        bob.createBucket(r -> r.bucket(b));
        alice.headBucket(r -> r.bucket(a));
        List<String> alices = alice.listBuckets().buckets().stream().map(x -> x.name()).toList();
        assertTrue(alices.contains(a) && !alices.contains(b), "alice sees only hers: " + alices);
        List<String> all = staff.listBuckets().buckets().stream().map(x -> x.name()).toList();
        assertTrue(all.contains(a) && all.contains(b), "staff see every bucket: " + all);
        assertEquals("BucketAlreadyOwnedByYou", errorCode(() -> alice.createBucket(r -> r.bucket(a))));
        assertEquals("BucketAlreadyExists", errorCode(() -> bob.createBucket(r -> r.bucket(a))));
        // an invalid name ("Bad_Name") never leaves the SDK (it refuses it itself); the server's InvalidBucketName is for other clients
        // bob cannot see into alice's private bucket
        assertEquals(403, assertThrows(S3Exception.class, () -> bob.headBucket(r -> r.bucket(a))).statusCode());
        assertEquals("AccessDenied", errorCode(() -> bob.listObjectsV2(r -> r.bucket(a))));
        assertEquals("AccessDenied", errorCode(() -> bob.putObject(r -> r.bucket(a).key("x"), RequestBody.fromString("no"))));

        alice.putObject(r -> r.bucket(a).key("k"), RequestBody.fromString("v"));
        assertEquals("BucketNotEmpty", errorCode(() -> alice.deleteBucket(r -> r.bucket(a))));
        alice.deleteObject(r -> r.bucket(a).key("k"));
        alice.deleteBucket(r -> r.bucket(a));
        assertEquals("NoSuchBucket", errorCode(() -> alice.listObjectsV2(r -> r.bucket(a))));
        staff.deleteBucket(r -> r.bucket(b));
    }

    @Test
    void objectsRoundTripWithEtagMetadataRangesAndCopies() throws Exception {
        String b = bucket("obj");
        alice.createBucket(r -> r.bucket(b));
        byte[] data = random(9 * 1024 * 1024 + 123, 1); // three blocks, the last one short
        PutObjectResponse put = alice.putObject(r -> r.bucket(b).key("dir/data.bin").contentType("application/x-test")
                .metadata(Map.of("colour", "blue", "owner-note", "for alice")), RequestBody.fromBytes(data));
        assertEquals("\"" + md5Hex(data) + "\"", put.eTag());

        ResponseBytes<GetObjectResponse> got = alice.getObjectAsBytes(r -> r.bucket(b).key("dir/data.bin"));
        assertArrayEquals(data, got.asByteArray());
        assertEquals("application/x-test", got.response().contentType());
        assertEquals("blue", got.response().metadata().get("colour"));
        assertEquals(put.eTag(), got.response().eTag());

        HeadObjectResponse head = alice.headObject(r -> r.bucket(b).key("dir/data.bin"));
        assertEquals(data.length, head.contentLength());
        assertEquals("for alice", head.metadata().get("owner-note"));

        // a range across a block boundary, a suffix range
        byte[] slice = alice.getObjectAsBytes(r -> r.bucket(b).key("dir/data.bin").range("bytes=4194300-4194310")).asByteArray();
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 4194300, 4194311), slice);
        byte[] tail = alice.getObjectAsBytes(r -> r.bucket(b).key("dir/data.bin").range("bytes=-100")).asByteArray();
        assertArrayEquals(java.util.Arrays.copyOfRange(data, data.length - 100, data.length), tail);

        alice.copyObject(r -> r.sourceBucket(b).sourceKey("dir/data.bin").destinationBucket(b).destinationKey("copy.bin"));
        assertArrayEquals(data, alice.getObjectAsBytes(r -> r.bucket(b).key("copy.bin")).asByteArray());
        assertEquals("blue", alice.headObject(r -> r.bucket(b).key("copy.bin")).metadata().get("colour"));
        // the copy stands alone: deleting the source keeps it
        alice.deleteObject(r -> r.bucket(b).key("dir/data.bin"));
        assertEquals("NoSuchKey", errorCode(() -> alice.getObjectAsBytes(r -> r.bucket(b).key("dir/data.bin"))));
        assertArrayEquals(data, alice.getObjectAsBytes(r -> r.bucket(b).key("copy.bin")).asByteArray());

        // overwrite, empty object
        alice.putObject(r -> r.bucket(b).key("copy.bin"), RequestBody.fromString("short"));
        assertEquals("short", alice.getObjectAsBytes(r -> r.bucket(b).key("copy.bin")).asUtf8String());
        alice.putObject(r -> r.bucket(b).key("empty"), RequestBody.empty());
        assertEquals(0, alice.getObjectAsBytes(r -> r.bucket(b).key("empty")).asByteArray().length);
    }

    @Test
    void badInputIsRefusedWithS3Codes() {
        String b = bucket("bad");
        alice.createBucket(r -> r.bucket(b));
        String wrongMd5 = Base64.getEncoder().encodeToString(new byte[16]);
        assertEquals("BadDigest", errorCode(() -> alice.putObject(r -> r.bucket(b).key("k").contentMD5(wrongMd5), RequestBody.fromString("data"))));
        assertEquals("NoSuchKey", errorCode(() -> alice.getObjectAsBytes(r -> r.bucket(b).key("k"))), "nothing stored");
        String longKey = "k".repeat(1025);
        assertEquals("KeyTooLongError", errorCode(() -> alice.putObject(r -> r.bucket(b).key(longKey), RequestBody.fromString("x"))));
        assertEquals("NoSuchBucket", errorCode(() -> alice.putObject(r -> r.bucket(bucket("none")).key("k"), RequestBody.fromString("x"))));
        assertEquals("NoSuchKey", errorCode(() -> alice.getObjectAsBytes(r -> r.bucket(b).key("absent"))));
        assertEquals("NoSuchUpload", errorCode(() -> alice.uploadPart(r -> r.bucket(b).key("k").uploadId("nope").partNumber(1),
                RequestBody.fromString("x"))));
    }

    /**
     * S3's additional checksums: the SDK sends a CRC32 with every upload (in the aws-chunked
     * trailer, as it signs the payload over http), which comes back as S3 answers it; one that does
     * not match the body is refused with BadDigest and changes nothing.
     */
    @Test
    void additionalChecksumsAreCheckedAndEchoed() {
        String b = bucket("sum");
        alice.createBucket(r -> r.bucket(b));
        byte[] data = "the body the checksum covers".getBytes(StandardCharsets.UTF_8);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(data);
        String crc32 = Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        PutObjectResponse sdkDefault = alice.putObject(r -> r.bucket(b).key("k"), RequestBody.fromBytes(data));
        assertEquals(crc32, sdkDefault.checksumCRC32(), "the SDK's own CRC32, read from its trailer or header and checked");

        java.util.zip.CRC32C crcC = new java.util.zip.CRC32C();
        crcC.update(data);
        String crc32c = Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crcC.getValue()).array());
        assertEquals(crc32c, alice.putObject(r -> r.bucket(b).key("k").checksumCRC32C(crc32c), RequestBody.fromBytes(data)).checksumCRC32C());

        String wrong = Base64.getEncoder().encodeToString(new byte[4]);
        assertEquals("BadDigest", errorCode(() -> alice.putObject(r -> r.bucket(b).key("k").checksumCRC32(wrong), RequestBody.fromString("other"))));
        assertEquals("BadDigest", errorCode(() -> alice.putObject(r -> r.bucket(b).key("k2").checksumSHA256(Base64.getEncoder().encodeToString(new byte[32])),
                RequestBody.fromString("other"))));
        assertEquals("InvalidRequest", errorCode(() -> alice.putObject(r -> r.bucket(b).key("k2").checksumCRC32("not-a-crc"), RequestBody.fromString("other"))),
                "a value that is no CRC32 at all");
        assertArrayEquals(data, alice.getObjectAsBytes(r -> r.bucket(b).key("k")).asByteArray(), "the refused uploads changed nothing");
        assertEquals("NoSuchKey", errorCode(() -> alice.getObjectAsBytes(r -> r.bucket(b).key("k2"))));
    }

    private static String crc(java.util.zip.Checksum c, byte[] data) {
        c.update(data, 0, data.length);
        return Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) c.getValue()).array());
    }

    @Test
    void theChecksumAnObjectWasUploadedWithComesBackWhenAsked() {
        String b = bucket("sumget");
        alice.createBucket(r -> r.bucket(b));
        byte[] data = random(70_000, 31);
        String crc32c = crc(new java.util.zip.CRC32C(), data);
        alice.putObject(r -> r.bucket(b).key("k").checksumCRC32C(crc32c), RequestBody.fromBytes(data));
        ResponseBytes<GetObjectResponse> got = alice.getObjectAsBytes(r -> r.bucket(b).key("k").checksumMode(ChecksumMode.ENABLED));
        assertArrayEquals(data, got.asByteArray());
        assertEquals(crc32c, got.response().checksumCRC32C(), "the stored checksum (the SDK checks the body against it)");
        assertEquals(ChecksumType.FULL_OBJECT, got.response().checksumType());
        assertEquals(crc32c, alice.headObject(r -> r.bucket(b).key("k").checksumMode(ChecksumMode.ENABLED)).checksumCRC32C());
        GetObjectResponse range = alice.getObjectAsBytes(r -> r.bucket(b).key("k").range("bytes=10-99").checksumMode(ChecksumMode.ENABLED)).response();
        assertEquals(null, range.checksumCRC32C(), "a range is not what the checksum covers");
        alice.copyObject(r -> r.sourceBucket(b).sourceKey("k").destinationBucket(b).destinationKey("copy"));
        assertEquals(crc32c, alice.headObject(r -> r.bucket(b).key("copy").checksumMode(ChecksumMode.ENABLED)).checksumCRC32C(),
                "a copy has the same bytes, so the same checksum");
    }

    @Test
    void multipartPartChecksumsAreCheckedAndCombined() {
        String b = bucket("summp");
        alice.createBucket(r -> r.bucket(b));
        byte[] p1 = random(5 * 1024 * 1024, 41), p2 = random(300_001, 42);
        byte[] whole = new byte[p1.length + p2.length];
        System.arraycopy(p1, 0, whole, 0, p1.length);
        System.arraycopy(p2, 0, whole, p1.length, p2.length);

        // COMPOSITE (CRC32 named at creation): the CRC32 of the parts' CRC32s, "-2"
        String upload = alice.createMultipartUpload(r -> r.bucket(b).key("composite").checksumAlgorithm(ChecksumAlgorithm.CRC32)).uploadId();
        assertEquals("InvalidRequest", errorCode(() -> alice.uploadPart(r -> r.bucket(b).key("composite").uploadId(upload).partNumber(1)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(p1))), "not the upload's algorithm");
        UploadPartResponse r1 = alice.uploadPart(r -> r.bucket(b).key("composite").uploadId(upload).partNumber(1)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32), RequestBody.fromBytes(p1));
        UploadPartResponse r2 = alice.uploadPart(r -> r.bucket(b).key("composite").uploadId(upload).partNumber(2)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32), RequestBody.fromBytes(p2));
        assertEquals(crc(new java.util.zip.CRC32(), p1), r1.checksumCRC32());
        assertEquals(List.of(r1.checksumCRC32(), r2.checksumCRC32()), alice.listParts(r -> r.bucket(b).key("composite").uploadId(upload))
                .parts().stream().map(p -> p.checksumCRC32()).toList());
        assertEquals("InvalidPart", errorCode(() -> alice.completeMultipartUpload(r -> r.bucket(b).key("composite").uploadId(upload)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(r1.eTag()).checksumCRC32(r1.checksumCRC32()).build(),
                        CompletedPart.builder().partNumber(2).eTag(r2.eTag()).checksumCRC32(r1.checksumCRC32()).build())))),
                "part 2 named with another part's checksum");
        byte[] raw = new byte[8];
        System.arraycopy(Base64.getDecoder().decode(r1.checksumCRC32()), 0, raw, 0, 4);
        System.arraycopy(Base64.getDecoder().decode(r2.checksumCRC32()), 0, raw, 4, 4);
        String composite = crc(new java.util.zip.CRC32(), raw) + "-2";
        CompleteMultipartUploadResponse done = alice.completeMultipartUpload(r -> r.bucket(b).key("composite").uploadId(upload)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(r1.eTag()).checksumCRC32(r1.checksumCRC32()).build(),
                        CompletedPart.builder().partNumber(2).eTag(r2.eTag()).checksumCRC32(r2.checksumCRC32()).build())));
        assertEquals(composite, done.checksumCRC32());
        assertEquals(ChecksumType.COMPOSITE, done.checksumType());
        HeadObjectResponse head = alice.headObject(r -> r.bucket(b).key("composite").checksumMode(ChecksumMode.ENABLED));
        assertEquals(composite, head.checksumCRC32());
        assertEquals(ChecksumType.COMPOSITE, head.checksumType());

        // FULL_OBJECT (CRC32C): the CRC32C of the whole body, combined from the parts' without reading them again
        String full = alice.createMultipartUpload(r -> r.bucket(b).key("full").checksumAlgorithm(ChecksumAlgorithm.CRC32_C)
                .checksumType(ChecksumType.FULL_OBJECT)).uploadId();
        String f1 = alice.uploadPart(r -> r.bucket(b).key("full").uploadId(full).partNumber(1).checksumAlgorithm(ChecksumAlgorithm.CRC32_C),
                RequestBody.fromBytes(p1)).eTag();
        String f2 = alice.uploadPart(r -> r.bucket(b).key("full").uploadId(full).partNumber(2).checksumAlgorithm(ChecksumAlgorithm.CRC32_C),
                RequestBody.fromBytes(p2)).eTag();
        alice.completeMultipartUpload(r -> r.bucket(b).key("full").uploadId(full).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(f1).build(), CompletedPart.builder().partNumber(2).eTag(f2).build())));
        ResponseBytes<GetObjectResponse> got = alice.getObjectAsBytes(r -> r.bucket(b).key("full").checksumMode(ChecksumMode.ENABLED));
        assertArrayEquals(whole, got.asByteArray());
        assertEquals(crc(new java.util.zip.CRC32C(), whole), got.response().checksumCRC32C());
        assertEquals(ChecksumType.FULL_OBJECT, got.response().checksumType());
        assertEquals("InvalidRequest", errorCode(() -> alice.createMultipartUpload(r -> r.bucket(b).key("x")
                .checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumType(ChecksumType.FULL_OBJECT))), "a SHA-256 does not combine");
    }

    @Test
    void signaturesAndKeysAreChecked() throws Exception {
        String b = bucket("sig");
        alice.createBucket(r -> r.bucket(b));
        alice.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("secret"));
        S3Client forger = S3.client(new Keys(aliceKeys.id(), aliceKeys.secret() + "x"));
        assertEquals("SignatureDoesNotMatch", errorCode(() -> forger.getObjectAsBytes(r -> r.bucket(b).key("k"))));
        assertEquals("SignatureDoesNotMatch", errorCode(() -> forger.putObject(r -> r.bucket(b).key("k2"), RequestBody.fromString("x"))));
        S3Client stranger = S3.client(new Keys("RKIANOSUCHKEY0000000", "whatever"));
        assertEquals("InvalidAccessKeyId", errorCode(() -> stranger.listBuckets()));

        // a revoked key stops working at once
        Keys spare = S3.newKey(TestUsers.ALICE);
        S3Client spareClient = S3.client(spare);
        assertEquals("secret", spareClient.getObjectAsBytes(r -> r.bucket(b).key("k")).asUtf8String());
        assertEquals(204, S3.revoke(TestUsers.ALICE, spare.id()));
        assertEquals("InvalidAccessKeyId", errorCode(() -> spareClient.getObjectAsBytes(r -> r.bucket(b).key("k"))));
        assertEquals(404, S3.revoke(TestUsers.BOB, aliceKeys.id()), "bob cannot revoke alice's key");

        // anonymous: refused on a private bucket, allowed to read a public-read one
        HttpClient http = HttpClient.newHttpClient();
        assertEquals(403, http.send(HttpRequest.newBuilder(URI.create(S3.endpoint() + "/" + b + "/k")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        alice.putBucketAcl(r -> r.bucket(b).acl(BucketCannedACL.PUBLIC_READ));
        HttpResponse<String> open = http.send(HttpRequest.newBuilder(URI.create(S3.endpoint() + "/" + b + "/k")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, open.statusCode());
        assertEquals("secret", open.body());
        HttpResponse<String> anonymousPut = http.send(HttpRequest.newBuilder(URI.create(S3.endpoint() + "/" + b + "/k"))
                .PUT(HttpRequest.BodyPublishers.ofString("vandal")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, anonymousPut.statusCode());
        assertTrue(anonymousPut.body().contains("<Code>AccessDenied</Code>"), anonymousPut.body());
    }

    @Test
    void presignedGetWorksUntilItExpires() throws Exception {
        String b = bucket("pre");
        alice.createBucket(r -> r.bucket(b));
        alice.putObject(r -> r.bucket(b).key("shared.txt"), RequestBody.fromString("for your eyes"));
        HttpClient http = HttpClient.newHttpClient();
        try (S3Presigner presigner = S3.presigner(aliceKeys)) {
            URI url = presigner.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket(b).key("shared.txt"))).url().toURI();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("for your eyes", r.body());
            // the same URL for another key: the signature no longer matches
            URI other = URI.create(url.toString().replace("shared.txt", "other.txt"));
            HttpResponse<String> forged = http.send(HttpRequest.newBuilder(other).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, forged.statusCode());
            assertTrue(forged.body().contains("SignatureDoesNotMatch"), forged.body());

            // a Signature Version 2 presigned URL is refused for what it is, not as an anonymous read
            URI v2 = URI.create(S3.endpoint() + "/" + b + "/shared.txt?AWSAccessKeyId=" + aliceKeys.id()
                    + "&Signature=Frp%2BHUVjnHRW77tJyNz13aguxyg%3D&Expires=" + (System.currentTimeMillis() / 1000 + 300));
            HttpResponse<String> sigV2 = http.send(HttpRequest.newBuilder(v2).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, sigV2.statusCode(), sigV2.body());
            assertTrue(sigV2.body().contains("<Code>InvalidRequest</Code>") && sigV2.body().contains("AWS4-HMAC-SHA256"), sigV2.body());

            URI shortLived = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofSeconds(1))
                    .getObjectRequest(g -> g.bucket(b).key("shared.txt"))).url().toURI();
            Awaitility.await("the presigned URL expires").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).until(() -> {
                HttpResponse<String> e = http.send(HttpRequest.newBuilder(shortLived).build(), HttpResponse.BodyHandlers.ofString());
                return e.statusCode() == 403 && e.body().contains("Request has expired");
            });
        }
    }

    @Test
    void listObjectsV2WithPrefixDelimiterAndContinuation() {
        String b = bucket("list");
        alice.createBucket(r -> r.bucket(b));
        List<String> keys = List.of("a/1", "a/2", "a/b/3", "b/1", "c", "d", "e%_!x");
        for (String k : keys) alice.putObject(r -> r.bucket(b).key(k), RequestBody.fromString(k));

        ListObjectsV2Response top = alice.listObjectsV2(r -> r.bucket(b).delimiter("/"));
        assertEquals(List.of("a/", "b/"), top.commonPrefixes().stream().map(CommonPrefix::prefix).toList());
        assertEquals(List.of("c", "d", "e%_!x"), top.contents().stream().map(S3Object::key).toList());

        ListObjectsV2Response underA = alice.listObjectsV2(r -> r.bucket(b).prefix("a/").delimiter("/"));
        assertEquals(List.of("a/1", "a/2"), underA.contents().stream().map(S3Object::key).toList());
        assertEquals(List.of("a/b/"), underA.commonPrefixes().stream().map(CommonPrefix::prefix).toList());

        assertEquals(List.of("e%_!x"), alice.listObjectsV2(r -> r.bucket(b).prefix("e%_")).contents().stream().map(S3Object::key).toList(),
                "LIKE's wildcards in a prefix are literal");

        List<String> paged = new ArrayList<>();
        int pages = 0;
        for (ListObjectsV2Response page : alice.listObjectsV2Paginator(r -> r.bucket(b).maxKeys(2))) {
            page.contents().forEach(o -> paged.add(o.key()));
            pages++;
        }
        assertEquals(keys, paged);
        assertEquals(4, pages);
    }

    @Test
    void multipartUploadCompletesWithS3sEtagAndAbortsCleanly() throws Exception {
        String b = bucket("mp");
        alice.createBucket(r -> r.bucket(b));
        byte[] p1 = random(5 * 1024 * 1024, 11), p2 = random(1024 * 1024 + 7, 12);
        String upload = alice.createMultipartUpload(r -> r.bucket(b).key("big").contentType("video/x-test")).uploadId();
        String e1 = alice.uploadPart(r -> r.bucket(b).key("big").uploadId(upload).partNumber(1), RequestBody.fromBytes(p1)).eTag();
        String e2 = alice.uploadPart(r -> r.bucket(b).key("big").uploadId(upload).partNumber(2), RequestBody.fromBytes(p2)).eTag();
        ListPartsResponse parts = alice.listParts(r -> r.bucket(b).key("big").uploadId(upload));
        assertEquals(List.of(1, 2), parts.parts().stream().map(p -> p.partNumber()).toList());

        assertEquals("InvalidPart", errorCode(() -> alice.completeMultipartUpload(r -> r.bucket(b).key("big").uploadId(upload)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
                        CompletedPart.builder().partNumber(3).eTag(e2).build())))));
        String etag = alice.completeMultipartUpload(r -> r.bucket(b).key("big").uploadId(upload)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
                        CompletedPart.builder().partNumber(2).eTag(e2).build()))).eTag();
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update(MessageDigest.getInstance("MD5").digest(p1));
        md5.update(MessageDigest.getInstance("MD5").digest(p2));
        assertEquals("\"" + HexFormat.of().formatHex(md5.digest()) + "-2\"", etag);
        ResponseBytes<GetObjectResponse> got = alice.getObjectAsBytes(r -> r.bucket(b).key("big"));
        byte[] whole = new byte[p1.length + p2.length];
        System.arraycopy(p1, 0, whole, 0, p1.length);
        System.arraycopy(p2, 0, whole, p1.length, p2.length);
        assertArrayEquals(whole, got.asByteArray());
        assertEquals("video/x-test", got.response().contentType());
        assertEquals("NoSuchUpload", errorCode(() -> alice.listParts(r -> r.bucket(b).key("big").uploadId(upload))));

        String aborted = alice.createMultipartUpload(r -> r.bucket(b).key("gone")).uploadId();
        alice.uploadPart(r -> r.bucket(b).key("gone").uploadId(aborted).partNumber(1), RequestBody.fromString("part"));
        alice.abortMultipartUpload(r -> r.bucket(b).key("gone").uploadId(aborted));
        assertEquals("NoSuchUpload", errorCode(() -> alice.listParts(r -> r.bucket(b).key("gone").uploadId(aborted))));
        assertEquals("NoSuchKey", errorCode(() -> alice.headObject(r -> r.bucket(b).key("gone"))));
        // a part below 5 MiB that is not the last one
        String small = alice.createMultipartUpload(r -> r.bucket(b).key("small")).uploadId();
        String s1 = alice.uploadPart(r -> r.bucket(b).key("small").uploadId(small).partNumber(1), RequestBody.fromString("tiny")).eTag();
        String s2 = alice.uploadPart(r -> r.bucket(b).key("small").uploadId(small).partNumber(2), RequestBody.fromString("tiny")).eTag();
        assertEquals("EntityTooSmall", errorCode(() -> alice.completeMultipartUpload(r -> r.bucket(b).key("small").uploadId(small)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(s1).build(),
                        CompletedPart.builder().partNumber(2).eTag(s2).build())))));
    }

    @Test
    void uploadPartCopyCopiesWholeObjectsAndByteRangesOfAnyReadableVersion() throws Exception {
        String src = bucket("pcsrc"), dst = bucket("pcdst");
        alice.createBucket(r -> r.bucket(src));
        alice.createBucket(r -> r.bucket(dst).overrideConfiguration(o -> o.putHeader("x-reckon-storage-class", "ERASURE_CODED")));
        alice.putBucketVersioning(r -> r.bucket(src).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        byte[] big = random(9 * 1024 * 1024 + 123, 21), oldTail = random(70_000, 22), p3 = random(1000, 23);
        String bigVersion = alice.putObject(r -> r.bucket(src).key("big"), RequestBody.fromBytes(big)).versionId();
        String oldVersion = alice.putObject(r -> r.bucket(src).key("tail"), RequestBody.fromBytes(oldTail)).versionId();
        alice.putObject(r -> r.bucket(src).key("tail"), RequestBody.fromString("a newer version"));

        String upload = alice.createMultipartUpload(r -> r.bucket(dst).key("assembled")).uploadId();
        // part 1: 5 MiB from offset 1000, across the 4 MiB block boundary of the source
        long first = 1000, last = first + 5 * 1024 * 1024 - 1;
        var c1 = alice.uploadPartCopy(r -> r.sourceBucket(src).sourceKey("big").copySourceRange("bytes=" + first + "-" + last)
                .destinationBucket(dst).destinationKey("assembled").uploadId(upload).partNumber(1));
        byte[] slice = java.util.Arrays.copyOfRange(big, (int) first, (int) last + 1);
        assertEquals("\"" + md5Hex(slice) + "\"", c1.copyPartResult().eTag());
        assertNotNull(c1.copyPartResult().lastModified());
        // part 2: the whole of an older version
        var c2 = alice.uploadPartCopy(r -> r.sourceBucket(src).sourceKey("tail").sourceVersionId(oldVersion)
                .destinationBucket(dst).destinationKey("assembled").uploadId(upload).partNumber(2));
        assertEquals(oldVersion, c2.copySourceVersionId());
        assertEquals("\"" + md5Hex(oldTail) + "\"", c2.copyPartResult().eTag());
        // part 3: uploaded as usual, then replaced by part 2's copy being the last (only the last part may be under 5 MiB)
        alice.uploadPart(r -> r.bucket(dst).key("assembled").uploadId(upload).partNumber(3), RequestBody.fromBytes(p3)).eTag();
        assertEquals(List.of(5L * 1024 * 1024, 70_000L, 1000L),
                alice.listParts(r -> r.bucket(dst).key("assembled").uploadId(upload)).parts().stream().map(p -> p.size()).toList());

        // bad ranges, someone else's source, a missing source: refused, the upload unchanged
        assertEquals("InvalidArgument", errorCode(() -> alice.uploadPartCopy(r -> r.sourceBucket(src).sourceKey("big")
                .copySourceRange("bytes=0-" + big.length).destinationBucket(dst).destinationKey("assembled").uploadId(upload).partNumber(4))));
        assertEquals("InvalidArgument", errorCode(() -> alice.uploadPartCopy(r -> r.sourceBucket(src).sourceKey("big")
                .copySourceRange("bytes=100-").destinationBucket(dst).destinationKey("assembled").uploadId(upload).partNumber(4))));
        assertEquals("NoSuchKey", errorCode(() -> alice.uploadPartCopy(r -> r.sourceBucket(src).sourceKey("absent")
                .destinationBucket(dst).destinationKey("assembled").uploadId(upload).partNumber(4))));
        assertEquals("NoSuchUpload", errorCode(() -> alice.uploadPartCopy(r -> r.sourceBucket(src).sourceKey("big")
                .destinationBucket(dst).destinationKey("assembled").uploadId("no-such-upload").partNumber(4))));
        String bobs = bucket("pcbob");
        bob.createBucket(r -> r.bucket(bobs));
        String bobUpload = bob.createMultipartUpload(r -> r.bucket(bobs).key("stolen")).uploadId();
        assertEquals("AccessDenied", errorCode(() -> bob.uploadPartCopy(r -> r.sourceBucket(src).sourceKey("big")
                .destinationBucket(bobs).destinationKey("stolen").uploadId(bobUpload).partNumber(1))));
        bob.abortMultipartUpload(r -> r.bucket(bobs).key("stolen").uploadId(bobUpload));
        assertEquals(3, alice.listParts(r -> r.bucket(dst).key("assembled").uploadId(upload)).parts().size());

        String etag = alice.completeMultipartUpload(r -> r.bucket(dst).key("assembled").uploadId(upload)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(c1.copyPartResult().eTag()).build(),
                        CompletedPart.builder().partNumber(2).eTag(c2.copyPartResult().eTag()).build()))).eTag();
        assertTrue(etag.endsWith("-2\""), etag);
        java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
        whole.write(slice);
        whole.write(oldTail);
        assertArrayEquals(whole.toByteArray(), alice.getObjectAsBytes(r -> r.bucket(dst).key("assembled")).asByteArray());
        // the copy has blocks of its own: deleting the sources' versions for good leaves it whole
        alice.deleteObject(r -> r.bucket(src).key("big").versionId(bigVersion));
        alice.deleteObject(r -> r.bucket(src).key("tail").versionId(oldVersion));
        assertArrayEquals(whole.toByteArray(), alice.getObjectAsBytes(r -> r.bucket(dst).key("assembled")).asByteArray());
    }

    @Test
    void versioningKeepsVersionsAndDeleteMarkers() {
        String b = bucket("ver");
        alice.createBucket(r -> r.bucket(b));
        alice.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        assertEquals(BucketVersioningStatus.ENABLED, alice.getBucketVersioning(r -> r.bucket(b)).status());
        String v1 = alice.putObject(r -> r.bucket(b).key("doc"), RequestBody.fromString("one")).versionId();
        String v2 = alice.putObject(r -> r.bucket(b).key("doc"), RequestBody.fromString("two")).versionId();
        assertNotNull(v1);
        assertNotEquals(v1, v2);
        assertEquals("two", alice.getObjectAsBytes(r -> r.bucket(b).key("doc")).asUtf8String());
        assertEquals("one", alice.getObjectAsBytes(r -> r.bucket(b).key("doc").versionId(v1)).asUtf8String());

        var deleted = alice.deleteObject(r -> r.bucket(b).key("doc"));
        assertTrue(deleted.deleteMarker());
        S3Exception gone = assertThrows(S3Exception.class, () -> alice.getObjectAsBytes(r -> r.bucket(b).key("doc")));
        assertEquals(404, gone.statusCode());
        assertEquals("one", alice.getObjectAsBytes(r -> r.bucket(b).key("doc").versionId(v1)).asUtf8String());

        ListObjectVersionsResponse versions = alice.listObjectVersions(r -> r.bucket(b));
        assertEquals(List.of(v2, v1), versions.versions().stream().map(v -> v.versionId()).toList());
        assertEquals(1, versions.deleteMarkers().size());
        assertTrue(versions.deleteMarkers().get(0).isLatest());
        assertTrue(alice.listObjectsV2(r -> r.bucket(b)).contents().isEmpty(), "a delete marker hides the key from listings");

        // removing the delete marker brings v2 back; removing v2 for good makes v1 the latest
        alice.deleteObject(r -> r.bucket(b).key("doc").versionId(deleted.versionId()));
        assertEquals("two", alice.getObjectAsBytes(r -> r.bucket(b).key("doc")).asUtf8String());
        alice.deleteObject(r -> r.bucket(b).key("doc").versionId(v2));
        assertEquals("one", alice.getObjectAsBytes(r -> r.bucket(b).key("doc")).asUtf8String());

        alice.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)));
        assertEquals(BucketVersioningStatus.SUSPENDED, alice.getBucketVersioning(r -> r.bucket(b)).status());
        alice.putObject(r -> r.bucket(b).key("doc"), RequestBody.fromString("three"));
        alice.putObject(r -> r.bucket(b).key("doc"), RequestBody.fromString("four"));
        List<String> ids = alice.listObjectVersions(r -> r.bucket(b)).versions().stream().map(v -> v.versionId()).toList();
        assertEquals(List.of("null", v1), ids, "suspended: one 'null' version, overwritten in place; v1 kept");
        assertEquals("four", alice.getObjectAsBytes(r -> r.bucket(b).key("doc")).asUtf8String());
    }

    @Test
    void erasureCodedBucketsRoundTrip() throws Exception {
        String b = bucket("ec");
        alice.createBucket(r -> r.bucket(b).overrideConfiguration(o -> o.putHeader("x-reckon-storage-class", "ERASURE_CODED")));
        assertEquals("ERASURE_CODED", alice.headBucket(r -> r.bucket(b)).sdkHttpResponse().firstMatchingHeader("x-reckon-storage-class").orElse(""));
        byte[] data = random(10 * 1024 * 1024 + 5, 21);
        alice.putObject(r -> r.bucket(b).key("ec.bin"), RequestBody.fromBytes(data));
        assertArrayEquals(data, alice.getObjectAsBytes(r -> r.bucket(b).key("ec.bin")).asByteArray());
        byte[] range = alice.getObjectAsBytes(r -> r.bucket(b).key("ec.bin").range("bytes=5000000-5000099")).asByteArray();
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 5_000_000, 5_000_100), range);
        alice.putObject(r -> r.bucket(b).key("tiny"), RequestBody.fromString("ab"));
        assertEquals("ab", alice.getObjectAsBytes(r -> r.bucket(b).key("tiny")).asUtf8String());
    }

    /**
     * A multipart upload streamed on both sides: the client sends generated bytes (never held
     * whole), the server streams them in 4 MiB blocks to the nodes. The server's heap is sampled
     * every 100 ms through the management API; the upload is larger than the server's -Xmx when
     * run at 1 GiB and more.
     */
    @Test
    void aLargeMultipartUploadStreamsWithBoundedServerHeap() throws Exception {
        long mib = Long.getLong("reckon.objectstorage.large-upload-mib", 128);
        long partSize = 64L << 20;
        long total = mib << 20;
        String b = bucket("large");
        alice.createBucket(r -> r.bucket(b));
        long baseline = heapUsed();
        long oldBaseline = oldGenUsed();
        AtomicLong peak = new AtomicLong(baseline);
        AtomicLong oldPeak = new AtomicLong(oldBaseline);
        // the heap sampled every 100 ms while the upload runs (a sampling period, not a wait for a condition)
        java.util.concurrent.ScheduledExecutorService sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            peak.accumulateAndGet(heapUsed(), Math::max);
            oldPeak.accumulateAndGet(oldGenUsed(), Math::max);
        }, 0, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
        long started = System.nanoTime();
        String upload = alice.createMultipartUpload(r -> r.bucket(b).key("large.bin")).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        MessageDigest whole = MessageDigest.getInstance("MD5");
        for (int n = 1; (long) (n - 1) * partSize < total; n++) {
            long size = Math.min(partSize, total - (long) (n - 1) * partSize);
            int partNumber = n;
            String etag = alice.uploadPart(r -> r.bucket(b).key("large.bin").uploadId(upload).partNumber(partNumber),
                    RequestBody.fromContentProvider(() -> new GeneratedStream(size, partNumber), size, "application/octet-stream")).eTag();
            parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
        }
        alice.completeMultipartUpload(r -> r.bucket(b).key("large.bin").uploadId(upload).multipartUpload(m -> m.parts(parts)));
        double uploadSeconds = (System.nanoTime() - started) / 1e9;
        // read it back, streamed, and compare with the generator
        long readStarted = System.nanoTime();
        long read = 0;
        try (InputStream in = alice.getObject(r -> r.bucket(b).key("large.bin"))) {
            byte[] buf = new byte[1 << 20];
            long part = 1, inPart = 0;
            GeneratedStream expected = new GeneratedStream(Math.min(partSize, total), 1);
            byte[] exp = new byte[buf.length];
            for (int n; (n = in.read(buf)) > 0; ) {
                int off = 0;
                while (off < n) {
                    int want = (int) Math.min(n - off, Math.min(partSize, total - (part - 1) * partSize) - inPart);
                    expected.readNBytes(exp, 0, want);
                    for (int i = 0; i < want; i++) {
                        if (exp[i] != buf[off + i]) throw new AssertionError("byte " + (read + off + i) + " differs");
                    }
                    off += want;
                    inPart += want;
                    if (inPart == Math.min(partSize, total - (part - 1) * partSize)) {
                        part++;
                        inPart = 0;
                        expected = new GeneratedStream(Math.min(partSize, Math.max(0, total - (part - 1) * partSize)), (int) part);
                    }
                }
                read += n;
            }
        }
        double readSeconds = (System.nanoTime() - readStarted) / 1e9;
        sampler.shutdownNow();
        sampler.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(total, read);
        long growth = peak.get() - baseline;
        long retained = oldPeak.get() - oldBaseline;
        System.out.printf("[objectstorage] %d MiB multipart upload in %.1f s (%.0f MB/s), read back in %.1f s (%.0f MB/s);"
                        + " server heap used: baseline %d MiB, peak %d MiB (+%d MiB, garbage included); old generation +%d MiB%n",
                mib, uploadSeconds, total / 1e6 / uploadSeconds, readSeconds, total / 1e6 / readSeconds, baseline >> 20,
                peak.get() >> 20, growth >> 20, retained >> 20);
        // what the server keeps (the old generation) stays small; the young generation is garbage the next GC drops
        assertTrue(retained < 256L << 20, "the server retained " + (retained >> 20) + " MiB during a " + mib + " MiB upload");
        assertTrue(peak.get() < 1000L << 20, "the server's heap (-Xmx1g) peaked at " + (peak.get() >> 20) + " MiB");
        alice.deleteObject(r -> r.bucket(b).key("large.bin"));
    }

    /** The old generation's use (G1_Old_Gen; the whole heap when the server runs another collector). */
    private long oldGenUsed() {
        try {
            ModelNode op = Operations.createReadAttributeOperation(
                    Operations.createAddress("core-service", "platform-mbean", "type", "memory-pool", "name", "G1_Old_Gen"), "usage");
            ModelNode result = management.getControllerClient().execute(op);
            return Operations.isSuccessfulOutcome(result) ? Operations.readResult(result).get("used").asLong() : heapUsed();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private long heapUsed() {
        try {
            ModelNode op = Operations.createReadAttributeOperation(
                    Operations.createAddress("core-service", "platform-mbean", "type", "memory"), "heap-memory-usage");
            ModelNode result = management.getControllerClient().execute(op);
            return Operations.readResult(result).get("used").asLong();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** size pseudo-random bytes from a seed, generated as read: nothing held whole. */
    static final class GeneratedStream extends InputStream {
        private final long size;
        private long pos;
        private long state;

        GeneratedStream(long size, long seed) {
            this.size = size;
            this.state = seed * 0x9E3779B97F4A7C15L + 1;
        }

        private int next() {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            return (int) (state & 0xFF);
        }

        @Override
        public int read() {
            if (pos >= size) return -1;
            pos++;
            return next();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= size) return -1;
            int n = (int) Math.min(len, size - pos);
            for (int i = 0; i < n; i++) b[off + i] = (byte) next();
            pos += n;
            return n;
        }
    }

    @Test
    void deleteObjectsInOneRequest() {
        String b = bucket("multi");
        alice.createBucket(r -> r.bucket(b));
        for (String k : List.of("x1", "x2", "x3")) alice.putObject(r -> r.bucket(b).key(k), RequestBody.fromString(k));
        var result = alice.deleteObjects(r -> r.bucket(b).delete(d -> d.objects(o -> o.key("x1"), o -> o.key("x2"))));
        assertEquals(2, result.deleted().size());
        assertEquals(List.of("x3"), alice.listObjectsV2(r -> r.bucket(b)).contents().stream().map(S3Object::key).toList());
        assertFalse(result.hasErrors() && !result.errors().isEmpty());
        assertEquals("x3", new String(alice.getObjectAsBytes(r -> r.bucket(b).key("x3")).asByteArray(), StandardCharsets.UTF_8));
    }
}
