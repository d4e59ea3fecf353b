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
import org.reckon.objectstorage.catalog.Part;
import org.reckon.objectstorage.catalog.StoredChecksum;

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

    // ---- multipart objects ---------------------------------------------------------------------------

    /** The CRCs, whose values over two bodies combine into the value over both ({@link #combine}); their reflected polynomials. */
    private static final java.util.Map<String, Long> CRC_POLYNOMIALS = java.util.Map.of(
            "crc32", 0xedb88320L, "crc32c", 0x82f63b78L, "crc64nvme", Crc64Nvme.POLYNOMIAL);

    /** Whether a multipart upload can have a FULL_OBJECT checksum of this algorithm (the CRCs), or only a COMPOSITE one. */
    public static boolean combinable(String algorithm) {
        return CRC_POLYNOMIALS.containsKey(algorithm);
    }

    /**
     * The checksum type of a multipart upload that names {@code algorithm} (lower case, one of
     * {@link #ALGORITHMS}) and {@code type} (x-amz-checksum-type, or null for S3's default: FULL_OBJECT
     * for CRC64NVME, which has no other, COMPOSITE for the rest). As S3: FULL_OBJECT only for the CRCs,
     * which combine; COMPOSITE for all but CRC64NVME; anything else is InvalidRequest.
     */
    public static String uploadChecksumType(String algorithm, String type) {
        boolean crc64 = algorithm.equals("crc64nvme");
        String t = type == null ? (crc64 ? StoredChecksum.FULL_OBJECT : StoredChecksum.COMPOSITE) : type.trim().toUpperCase(Locale.ROOT);
        if (!t.equals(StoredChecksum.FULL_OBJECT) && !t.equals(StoredChecksum.COMPOSITE)) {
            throw new S3Exception("InvalidRequest", 400, "Value for x-amz-checksum-type header is invalid: COMPOSITE or FULL_OBJECT");
        }
        if (t.equals(StoredChecksum.FULL_OBJECT) ? !combinable(algorithm) : crc64) {
            throw new S3Exception("InvalidRequest", 400, "The " + t + " checksum type cannot be used with the "
                    + algorithm.toUpperCase(Locale.ROOT) + " checksum algorithm.");
        }
        return t;
    }

    /**
     * A multipart object's checksum from its parts', in order. An upload that named an algorithm
     * (every part carries it) gets its checksum type: FULL_OBJECT, the CRC of the whole body, combined
     * from the parts' CRCs and lengths without reading a byte; COMPOSITE, the checksum of the parts'
     * checksums (their bytes, concatenated), "-N". An upload that named none gets the FULL_OBJECT CRC
     * (or the COMPOSITE SHA) when every part was uploaded with the same algorithm, else no checksum.
     */
    public static StoredChecksum ofParts(String algorithm, String type, java.util.List<Part> parts) {
        String a = algorithm;
        if (a == null) {
            a = parts.isEmpty() || parts.get(0).checksum() == null ? null : parts.get(0).checksum().algorithm();
            for (Part p : parts) {
                if (a == null || p.checksum() == null || !p.checksum().algorithm().equals(a)) return null;
            }
        }
        for (Part p : parts) {
            if (p.checksum() == null || !p.checksum().algorithm().equals(a)) {
                throw new S3Exception("InvalidPart", 400, "Part " + p.partNumber() + " has no " + a.toUpperCase(Locale.ROOT)
                        + " checksum, which this upload requires of every part");
            }
        }
        boolean full = type == null ? combinable(a) : StoredChecksum.FULL_OBJECT.equals(type);
        if (full) {
            long crc = 0;
            long poly = CRC_POLYNOMIALS.get(a);
            int width = 32;
            for (int i = 0; i < parts.size(); i++) {
                ByteBuffer value = ByteBuffer.wrap(Base64.getDecoder().decode(parts.get(i).checksum().value()));
                width = 8 * value.capacity(); // 4 bytes for the CRC32s, 8 for CRC64NVME, as checked when the part came
                long partCrc = width == 64 ? value.getLong() : Integer.toUnsignedLong(value.getInt());
                crc = i == 0 ? partCrc : combine(crc, partCrc, parts.get(i).size(), poly, width);
            }
            byte[] bytes = width == 64 ? ByteBuffer.allocate(8).putLong(crc).array() : ByteBuffer.allocate(4).putInt((int) crc).array();
            return new StoredChecksum(a, Base64.getEncoder().encodeToString(bytes));
        }
        FlexibleChecksum composite = of(a);
        for (Part p : parts) {
            byte[] raw = Base64.getDecoder().decode(p.checksum().value());
            composite.update(raw, 0, raw.length);
        }
        return new StoredChecksum(a, composite.base64() + "-" + parts.size());
    }

    /**
     * The CRC of A followed by B, from crc(A), crc(B) and B's length (zlib's crc32_combine, for any
     * reflected CRC whose initial value and final XOR are all ones, as CRC32, CRC32C and CRC64NVME's
     * are): crc(A) is carried through B's length of zero bits by squaring the one-zero-bit operator
     * over GF(2), then crc(B) is added.
     */
    static long combine(long crcA, long crcB, long lengthB, long poly, int width) {
        if (lengthB <= 0) return crcA;
        long[] even = new long[width];
        long[] odd = new long[width];
        odd[0] = poly; // the operator for one zero bit
        long row = 1;
        for (int n = 1; n < width; n++) {
            odd[n] = row;
            row <<= 1;
        }
        square(even, odd, width); // two zero bits
        square(odd, even, width); // four
        long crc = crcA;
        long len = lengthB;
        do {
            square(even, odd, width); // the first pass: one zero byte
            if ((len & 1) != 0) crc = times(even, crc);
            len >>>= 1;
            if (len == 0) break;
            square(odd, even, width);
            if ((len & 1) != 0) crc = times(odd, crc);
            len >>>= 1;
        } while (len != 0);
        return crc ^ crcB;
    }

    private static long times(long[] matrix, long vector) {
        long sum = 0;
        for (int i = 0; vector != 0; i++, vector >>>= 1) {
            if ((vector & 1) != 0) sum ^= matrix[i];
        }
        return sum;
    }

    private static void square(long[] square, long[] matrix, int width) {
        for (int n = 0; n < width; n++) square[n] = times(matrix, matrix[n]);
    }

    /**
     * CRC-64/NVME (reflected polynomial 0x9a6c9329ac4bc9b5, initial value and final XOR all ones),
     * which the JDK does not have; one table lookup per byte.
     */
    static final class Crc64Nvme implements Checksum {
        static final long POLYNOMIAL = 0x9a6c9329ac4bc9b5L;
        private static final long[] TABLE = new long[256];

        static {
            for (int i = 0; i < 256; i++) {
                long c = i;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >>> 1) ^ POLYNOMIAL : c >>> 1;
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
