package org.reckon.objectstorage.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reckon.objectstorage.S3Exception;

/** AWS's published SigV4 examples for S3 (the "examplebucket" requests of the S3 API reference). */
class SigV4Test {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @Test
    void getObjectExampleOfTheS3Reference() {
        String canonical = SigV4.canonicalRequest("GET", "/test.txt", "", Map.of(
                        "host", List.of("examplebucket.s3.amazonaws.com"),
                        "range", List.of("bytes=0-9"),
                        "x-amz-content-sha256", List.of(SigV4.EMPTY_SHA256),
                        "x-amz-date", List.of("20130524T000000Z")),
                List.of("host", "range", "x-amz-content-sha256", "x-amz-date"), SigV4.EMPTY_SHA256);
        String toSign = SigV4.stringToSign("20130524T000000Z", "20130524/us-east-1/s3/aws4_request", canonical);
        byte[] key = SigV4.signingKey(SECRET, "20130524", "us-east-1", "s3");
        assertEquals("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", SigV4.sign(key, toSign));
    }

    @Test
    void parsesTheAuthorizationHeader() {
        SigV4.Credentials c = SigV4.parseAuthorization("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + " SignedHeaders=host;range;x-amz-date, Signature=abc");
        assertEquals("AKIAIOSFODNN7EXAMPLE", c.accessKeyId());
        assertEquals("20130524/us-east-1/s3/aws4_request", c.scope());
        assertEquals(List.of("host", "range", "x-amz-date"), c.signedHeaders());
        assertThrows(IllegalArgumentException.class, () -> SigV4.parseAuthorization("AWS AKID:sig"));
    }

    @Test
    void canonicalQuerySortsEncodesAndDropsTheSignature() {
        assertEquals("X-Amz-Date=20130524T000000Z&list-type=2&prefix=a%2Fb%20c&versioning=",
                SigV4.canonicalQuery("versioning&prefix=a%2Fb%20c&list-type=2&X-Amz-Signature=zz&X-Amz-Date=20130524T000000Z"));
    }

    private static String chunk(int size, String signature, byte fill) {
        return Integer.toHexString(size) + ";chunk-signature=" + signature + "\r\n";
    }

    @Test
    void chunkSignaturesOfTheStreamingExample() throws IOException {
        // the S3 reference's streaming PUT: seed signature, a 64 KiB chunk, a 1 KiB chunk, the final chunk
        byte[] key = SigV4.signingKey(SECRET, "20130524", "us-east-1", "s3");
        String seed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
        String s1 = "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648";
        String s2 = "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497";
        String s3 = "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9";
        byte[] a64 = new byte[65536];
        Arrays.fill(a64, (byte) 'a');
        byte[] a1 = new byte[1024];
        Arrays.fill(a1, (byte) 'a');
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(chunk(65536, s1, (byte) 'a').getBytes(StandardCharsets.US_ASCII));
        body.write(a64);
        body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        body.write(chunk(1024, s2, (byte) 'a').getBytes(StandardCharsets.US_ASCII));
        body.write(a1);
        body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        body.write(chunk(0, s3, (byte) 0).getBytes(StandardCharsets.US_ASCII));
        body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] decoded = new AwsChunkedInputStream(new ByteArrayInputStream(body.toByteArray()), true, key, "20130524T000000Z",
                "20130524/us-east-1/s3/aws4_request", seed).readAllBytes();
        assertEquals(66560, decoded.length);

        byte[] tampered = body.toByteArray();
        tampered[200] = 'b';
        assertThrows(S3Exception.class, () -> new AwsChunkedInputStream(new ByteArrayInputStream(tampered), true, key, "20130524T000000Z",
                "20130524/us-east-1/s3/aws4_request", seed).readAllBytes());
        byte[] unsigned = new AwsChunkedInputStream(new ByteArrayInputStream(body.toByteArray()), false, null, null, null, null).readAllBytes();
        assertArrayEquals(decoded, unsigned);
    }

    @Test
    void remembersEachSigningKeyByItsSecretAndWholeScope() {
        String[] regions = {"us-east-1", "eu-west-3"};
        String[] dates = {"20130524", "20130525"};
        // past the memo's bound, so that it starts over at least once
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < SigV4.SIGNING_KEYS_REMEMBERED + 100; i++) {
                // each secret comes back with each date, region and service
                String secret = SECRET + (i % 500);
                String date = dates[(i / 500) % 2];
                String region = regions[(i / 1000) % 2];
                String service = (i / 2000) % 2 == 0 ? "s3" : "s3-object-lambda";
                assertArrayEquals(SigV4.deriveSigningKey(secret, date, region, service), SigV4.signingKey(secret, date, region, service),
                        secret + " " + date + " " + region + " " + service);
            }
        }
        assertArrayEquals(SigV4.signingKey(SECRET, "20130524", "us-east-1", "s3"), SigV4.signingKey(SECRET, "20130524", "us-east-1", "s3"));
    }
}
