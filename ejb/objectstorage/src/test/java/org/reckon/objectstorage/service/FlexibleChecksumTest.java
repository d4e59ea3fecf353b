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
}
