package org.reckon.objectstorage.catalog;

import java.time.Instant;

/** An uploaded part of a multipart upload; checksum: the additional checksum it was uploaded with, or null. */
public record Part(String uploadId, int partNumber, String dataId, long size, String etag, Instant createdAt, StoredChecksum checksum) {
}
