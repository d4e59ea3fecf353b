package org.reckon.objectstorage.catalog;

import java.time.Instant;
import java.util.List;

/**
 * One row of the object table: a version of a key (version "null" in unversioned or suspended
 * buckets), a delete marker, or an object with its data (dataId names its blocks). {@code blocks}:
 * the block rows when the lookup read them along (an object of one block: a GET reads them in the
 * version's statement); null when they are to be read.
 */
public record ObjectVersion(String bucket, String key, String versionId, long seq, boolean latest, boolean deleteMarker,
        String dataId, long size, String etag, String contentType, String userMetadata, Instant createdAt, List<Block> blocks) {

    public ObjectVersion(String bucket, String key, String versionId, long seq, boolean latest, boolean deleteMarker,
            String dataId, long size, String etag, String contentType, String userMetadata, Instant createdAt) {
        this(bucket, key, versionId, seq, latest, deleteMarker, dataId, size, etag, contentType, userMetadata, createdAt, null);
    }
}
