package org.reckon.objectstorage.catalog;

import java.time.Instant;

/**
 * One row of the object table: a version of a key (version "null" in unversioned or suspended
 * buckets), a delete marker, or an object with its data (dataId names its blocks).
 */
public record ObjectVersion(String bucket, String key, String versionId, long seq, boolean latest, boolean deleteMarker,
        String dataId, long size, String etag, String contentType, String userMetadata, Instant createdAt) {
}
