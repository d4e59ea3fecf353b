package org.reckon.objectstorage.service;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;
import org.reckon.objectstorage.S3Exception;

/**
 * One of S3's additional checksums ({@code x-amz-checksum-crc32}, {@code -crc32c},
 * {@code -crc64nvme}, {@code -sha1}, {@code -sha256}), computed over a body as it streams by and
 * answered base64-encoded, big-endian, as the header carries it. SDKs send one with every upload,
 * in a header or in the aws-chunked body's trailer.
 */
public final class FlexibleChecksum {

    /** The algorithms S3 accepts, by the name its header ends with. */
    public static final java.util.List<String> ALGORITHMS = java.util.List.of("crc32", "crc32c", "crc64nvme", "sha1", "sha256");

    /** What every checksum header's name starts with. */
    public static final String HEADER_PREFIX = "x-amz-checksum-";

    /** The algorithm a header (or trailer) name carries, lower case; null when it names none S3 accepts. */
    public static String algorithmOf(String headerName) {
        String name = headerName.trim().toLowerCase(Locale.ROOT);
        if (!name.startsWith(HEADER_PREFIX)) return null;
        String a = name.substring(HEADER_PREFIX.length());
        return ALGORITHMS.contains(a) ? a : null;
    }

    private final String algorithm;
    private final Checksum crc;
    private final MessageDigest digest;
    private final int crcBytes;

    private FlexibleChecksum(String algorithm, Checksum crc, int crcBytes, MessageDigest digest) {
        this.algorithm = algorithm;
        this.crc = crc;
        this.crcBytes = crcBytes;
        this.digest = digest;
    }

    /** The checksum named (case-insensitive, as the header's suffix); null for a name S3 does not know. */
    public static FlexibleChecksum of(String name) {
        String a = name.toLowerCase(Locale.ROOT);
        try {
            return switch (a) {
                case "crc32" -> new FlexibleChecksum(a, new CRC32(), 4, null);
                case "crc32c" -> new FlexibleChecksum(a, new CRC32C(), 4, null);
                case "crc64nvme" -> new FlexibleChecksum(a, new Crc64Nvme(), 8, null);
                case "sha1" -> new FlexibleChecksum(a, null, 0, MessageDigest.getInstance("SHA-1"));
                case "sha256" -> new FlexibleChecksum(a, null, 0, MessageDigest.getInstance("SHA-256"));
                default -> null;
            };
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The name as S3's error messages spell it: CRC32, SHA256, ... */
    public String displayName() {
        return algorithm.toUpperCase(Locale.ROOT);
    }

    public String headerName() {
        return HEADER_PREFIX + algorithm;
    }

    public void update(byte[] b, int off, int len) {
        if (crc != null) {
            crc.update(b, off, len);
        } else {
            digest.update(b, off, len);
        }
    }

    /** The value, base64, as the header carries it; ends the computation. */
    public String base64() {
        return Base64.getEncoder().encodeToString(value());
    }

    private byte[] value() {
        if (crc == null) return digest.digest();
        long v = crc.getValue();
        return crcBytes == 8 ? ByteBuffer.allocate(8).putLong(v).array() : ByteBuffer.allocate(4).putInt((int) v).array();
    }

    /**
     * The body's checksum against the one the client sent (base64, null when an announced trailer
     * never came): null when they match, else S3's refusal, which names the header. Ends the
     * computation.
     */
    public S3Exception check(String claimed) {
        if (claimed == null) {
            return new S3Exception("InvalidRequest", 400, "The trailer " + headerName() + " that x-amz-trailer announced is missing");
        }
        byte[] expected = value();
        byte[] sent;
        try {
            sent = Base64.getDecoder().decode(claimed.trim());
        } catch (IllegalArgumentException e) {
            sent = null;
        }
        if (sent == null || sent.length != expected.length) {
            return new S3Exception("InvalidRequest", 400, "Value for " + headerName() + " header is invalid.");
        }
        if (!MessageDigest.isEqual(sent, expected)) {
            return new S3Exception("BadDigest", 400, "The " + displayName() + " you specified did not match the calculated checksum.");
        }
        return null;
    }

    /**
     * CRC-64/NVME (reflected polynomial 0x9a6c9329ac4bc9b5, initial value and final XOR all ones),
     * which the JDK does not have; one table lookup per byte.
     */
    static final class Crc64Nvme implements Checksum {
        private static final long[] TABLE = new long[256];

        static {
            for (int i = 0; i < 256; i++) {
                long c = i;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >>> 1) ^ 0x9a6c9329ac4bc9b5L : c >>> 1;
                TABLE[i] = c;
            }
        }

        private long crc = -1L;

        @Override
        public void update(int b) {
            crc = TABLE[(int) (crc ^ b) & 0xff] ^ (crc >>> 8);
        }

        @Override
        public void update(byte[] b, int off, int len) {
            long c = crc;
            for (int i = off; i < off + len; i++) c = TABLE[(int) (c ^ b[i]) & 0xff] ^ (c >>> 8);
            crc = c;
        }

        @Override
        public long getValue() {
            return ~crc;
        }

        @Override
        public void reset() {
            crc = -1L;
        }
    }
}
