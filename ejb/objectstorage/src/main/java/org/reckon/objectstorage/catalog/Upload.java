package org.reckon.objectstorage.catalog;

import java.time.Instant;

/**
 * A multipart upload in progress. checksumAlgorithm: the one every part must carry (lower case), or
 * null when the upload named none; checksumType: COMPOSITE or FULL_OBJECT when it did.
 */
public record Upload(String uploadId, String bucket, String key, String owner, String contentType, String userMetadata, Instant createdAt,
        String checksumAlgorithm, String checksumType) {
}
