package org.reckon.objectstorage.catalog;

import java.util.Locale;

/**
 * The additional checksum an object or part was uploaded with: its algorithm (lower case, as the
 * header's suffix: crc32, crc32c, crc64nvme, sha1, sha256) and its value, base64 as S3's header
 * carries it. A multipart object's COMPOSITE checksum (a checksum of its parts' checksums) ends in
 * "-N", N its number of parts; a FULL_OBJECT one is the checksum of the whole body.
 */
public record StoredChecksum(String algorithm, String value) {

    public static final String FULL_OBJECT = "FULL_OBJECT";
    public static final String COMPOSITE = "COMPOSITE";

    public StoredChecksum {
        algorithm = algorithm.toLowerCase(Locale.ROOT);
        value = value.trim();
    }

    /** As a column stores it, "algorithm:value"; null when column is. */
    public static StoredChecksum ofColumn(String column) {
        if (column == null) return null;
        int colon = column.indexOf(':');
        return new StoredChecksum(column.substring(0, colon), column.substring(colon + 1));
    }

    /** As the column stores it; null for no checksum. */
    public static String column(StoredChecksum checksum) {
        return checksum == null ? null : checksum.algorithm + ":" + checksum.value;
    }

    public boolean composite() {
        return value.contains("-");
    }

    /** What x-amz-checksum-type answers for it. */
    public String type() {
        return composite() ? COMPOSITE : FULL_OBJECT;
    }

    /** The element of S3's XML answers that carries it (ChecksumCRC32, ...). */
    public String xmlElement() {
        return xmlElement(algorithm);
    }

    /** The element of S3's XML answers that carries a checksum of this algorithm. */
    public static String xmlElement(String algorithm) {
        return "Checksum" + algorithm.toUpperCase(Locale.ROOT);
    }
}
