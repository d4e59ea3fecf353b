package org.reckon.objectstorage.catalog;

import java.time.Instant;

/** A multipart upload in progress. */
public record Upload(String uploadId, String bucket, String key, String owner, String contentType, String userMetadata, Instant createdAt) {
}
