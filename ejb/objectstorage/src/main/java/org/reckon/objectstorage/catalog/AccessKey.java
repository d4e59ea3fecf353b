package org.reckon.objectstorage.catalog;

import java.time.Instant;

/** An S3 access key of a Reckon user; staff keys see every bucket. */
public record AccessKey(String accessKeyId, String secret, String owner, boolean staff, Instant createdAt, Instant revokedAt) {
}
