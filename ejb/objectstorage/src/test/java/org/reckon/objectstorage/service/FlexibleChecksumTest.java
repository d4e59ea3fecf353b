package org.reckon.objectstorage.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.reckon.objectstorage.S3Exception;
import org.reckon.objectstorage.auth.AwsChunkedInputStream;
import org.reckon.objectstorage.auth.SigV4;

/** The additional checksums against their catalogued check values ("123456789"), and the trailer that carries one. */
class FlexibleChecksumTest {

    private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);

    private static String of(String algorithm, byte[] data) {
        FlexibleChecksum c = FlexibleChecksum.of(algorithm);
        c.update(data, 0, 4);
        c.update(data, 4, data.length - 4);
        return c.base64();
    }

    private static String b64(long value, int bytes) {
        ByteBuffer b = ByteBuffer.allocate(bytes);
        if (bytes == 8) b.putLong(value); else b.putInt((int) value);
        return Base64.getEncoder().encodeToString(b.array());
    }

    @Test
    void checkValuesOfEveryAlgorithm() {
        assertEquals(b64(0xCBF43926L, 4), of("crc32", CHECK));
        assertEquals(b64(0xE3069283L, 4), of("CRC32C", CHECK));
        assertEquals(b64(0xAE8B14860A799888L, 8), of("crc64nvme", CHECK), "CRC-64/NVME's catalogued check value");
        assertEquals("98O8HYCOBHMq32eZZczDTKeuNEE=", of("sha1", CHECK));
        assertEquals("FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU=", of("sha256", CHECK));
        assertNull(FlexibleChecksum.of("md5"), "not one of S3's");
    }

    @Test
    void aHeaderOrTrailerNameGivesItsAlgorithm() {
        assertEquals("crc32", FlexibleChecksum.algorithmOf(" X-Amz-Checksum-CRC32 "));
        assertEquals("crc64nvme", FlexibleChecksum.algorithmOf("x-amz-checksum-crc64nvme"));
        assertNull(FlexibleChecksum.algorithmOf("x-amz-checksum-md5"));
        assertNull(FlexibleChecksum.algorithmOf("x-amz-meta-crc32"));
    }

    @Test
    void aClaimIsCheckedAndARefusalNamesTheHeader() {
        FlexibleChecksum ok = FlexibleChecksum.of("crc32");
        ok.update(CHECK, 0, CHECK.length);
        assertNull(ok.check(b64(0xCBF43926L, 4)));

        FlexibleChecksum wrong = FlexibleChecksum.of("crc32");
        wrong.update(CHECK, 0, CHECK.length);
        S3Exception bad = wrong.check(b64(0xCBF43927L, 4));
        assertEquals("BadDigest", bad.code());
        assertEquals("The CRC32 you specified did not match the calculated checksum.", bad.getMessage());

        FlexibleChecksum malformed = FlexibleChecksum.of("crc32c");
        malformed.update(CHECK, 0, CHECK.length);
        S3Exception invalid = malformed.check(b64(0, 8));
        assertEquals("InvalidRequest", invalid.code(), "eight bytes are no CRC32C");
        assertEquals("Value for x-amz-checksum-crc32c header is invalid.", invalid.getMessage());

        FlexibleChecksum absent = FlexibleChecksum.of("sha256");
        assertEquals("InvalidRequest", absent.check(null).code(), "an announced trailer that never came");
    }

    @Test
    void theChunkedBodysTrailerCarriesTheChecksum() throws IOException {
        String body = "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n";
        AwsChunkedInputStream in = new AwsChunkedInputStream(new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)),
                false, null, null, null, null);
        assertNull(in.trailer("x-amz-checksum-crc32"), "not before the body's end");
        assertEquals("hello", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        assertEquals("NhCmhg==", in.trailer("x-amz-checksum-crc32"));
        FlexibleChecksum c = FlexibleChecksum.of("crc32");
        c.update("hello".getBytes(StandardCharsets.US_ASCII), 0, 5);
        assertNull(c.check(in.trailer("x-amz-checksum-crc32")));
    }

    @Test
    void aSignedBodysTrailersNeedTheirSignature() {
        byte[] key = new byte[32];
        String date = "20130524T000000Z", scope = "20130524/us-east-1/s3/aws4_request", seed = "0".repeat(64);
        String last = SigV4.sign(key, SigV4.chunkStringToSign(date, scope, seed, SigV4.sha256Hex(new byte[0])));
        String body = "0;chunk-signature=" + last + "\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n";
        AwsChunkedInputStream in = new AwsChunkedInputStream(new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)),
                true, key, date, scope, seed);
        S3Exception e = assertThrows(S3Exception.class, in::readAllBytes);
        assertEquals("trailing headers without x-amz-trailer-signature", e.getMessage(), "the chunk itself is signed right");
    }
    @Test
    void crcsOfTwoBodiesCombineIntoTheCrcOfBoth() {
        java.util.Random random = new java.util.Random(13);
        for (String algorithm : java.util.List.of("crc32", "crc32c", "crc64nvme")) {
            int width = algorithm.equals("crc64nvme") ? 64 : 32;
            long poly = switch (algorithm) {
                case "crc32" -> 0xedb88320L;
                case "crc32c" -> 0x82f63b78L;
                default -> 0x9a6c9329ac4bc9b5L;
            };
            for (int[] lengths : new int[][] {{1, 1}, {9, 0}, {1000, 4097}, {65536, 3}, {0, 77}}) {
                byte[] a = new byte[lengths[0]];
                byte[] b = new byte[lengths[1]];
                random.nextBytes(a);
                random.nextBytes(b);
                byte[] both = new byte[a.length + b.length];
                System.arraycopy(a, 0, both, 0, a.length);
                System.arraycopy(b, 0, both, a.length, b.length);
                long combined = FlexibleChecksum.combine(value(algorithm, a), value(algorithm, b), b.length, poly, width);
                assertEquals(value(algorithm, both), combined, algorithm + " of " + a.length + " + " + b.length + " bytes");
            }
        }
    }

    private static long value(String algorithm, byte[] data) {
        FlexibleChecksum c = FlexibleChecksum.of(algorithm);
        c.update(data, 0, data.length);
        ByteBuffer v = ByteBuffer.wrap(Base64.getDecoder().decode(c.base64()));
        return algorithm.equals("crc64nvme") ? v.getLong() : Integer.toUnsignedLong(v.getInt());
    }

    private static org.reckon.objectstorage.catalog.Part part(int number, String algorithm, byte[] data) {
        return new org.reckon.objectstorage.catalog.Part("u", number, "d" + number, data.length, "e", java.time.Instant.EPOCH,
                algorithm == null ? null : new org.reckon.objectstorage.catalog.StoredChecksum(algorithm, of(algorithm, data)));
    }

    @Test
    void aMultipartObjectsChecksumComesFromItsParts() {
        byte[] one = new byte[5000];
        byte[] two = new byte[123];
        new java.util.Random(7).nextBytes(one);
        new java.util.Random(8).nextBytes(two);
        byte[] whole = new byte[one.length + two.length];
        System.arraycopy(one, 0, whole, 0, one.length);
        System.arraycopy(two, 0, whole, one.length, two.length);
        var parts = java.util.List.of(part(1, "crc32", one), part(2, "crc32", two));
        // FULL_OBJECT: the CRC of the whole body, as a reader computes it
        assertEquals(of("crc32", whole), FlexibleChecksum.ofParts("crc32", "FULL_OBJECT", parts).value());
        assertEquals(of("crc32", whole), FlexibleChecksum.ofParts(null, null, parts).value(), "undeclared: the parts' CRC, combined");
        // COMPOSITE: the CRC of the parts' CRCs, "-2"
        byte[] raw = new byte[8];
        System.arraycopy(Base64.getDecoder().decode(of("crc32", one)), 0, raw, 0, 4);
        System.arraycopy(Base64.getDecoder().decode(of("crc32", two)), 0, raw, 4, 4);
        assertEquals(of("crc32", raw) + "-2", FlexibleChecksum.ofParts("crc32", "COMPOSITE", parts).value());
        var sha = java.util.List.of(part(1, "sha256", one), part(2, "sha256", two));
        assertEquals("COMPOSITE", FlexibleChecksum.ofParts(null, null, sha).type(), "a SHA cannot be combined");
        assertEquals(of("crc64nvme", whole),
                FlexibleChecksum.ofParts("crc64nvme", "FULL_OBJECT", java.util.List.of(part(1, "crc64nvme", one), part(2, "crc64nvme", two))).value());
        // mixed or missing: no checksum, unless the upload required one (then the part is refused)
        assertNull(FlexibleChecksum.ofParts(null, null, java.util.List.of(part(1, "crc32", one), part(2, "crc32c", two))));
        assertNull(FlexibleChecksum.ofParts(null, null, java.util.List.of(part(1, "crc32", one), part(2, null, two))));
        S3Exception missing = assertThrows(S3Exception.class,
                () -> FlexibleChecksum.ofParts("crc32", "COMPOSITE", java.util.List.of(part(1, "crc32", one), part(2, null, two))));
        assertEquals("InvalidPart", missing.code());
    }
}
