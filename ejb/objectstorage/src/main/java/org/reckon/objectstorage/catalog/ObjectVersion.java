package org.reckon.objectstorage.catalog;

import java.time.Instant;
import java.util.List;

/**
 * One row of the object table: a version of a key (version "null" in unversioned or suspended
 * buckets), a delete marker, or an object with its data (dataId names its blocks). {@code blocks}:
 * the block rows when the lookup read them along (an object of one block: a GET reads them in the
 * version's statement); null when they are to be read. {@code checksum}: the additional checksum
 * the object was uploaded with, or null.
 */
public record ObjectVersion(String bucket, String key, String versionId, long seq, boolean latest, boolean deleteMarker,
        String dataId, long size, String etag, String contentType, String userMetadata, Instant createdAt, StoredChecksum checksum,
        List<Block> blocks) {

    public ObjectVersion(String bucket, String key, String versionId, long seq, boolean latest, boolean deleteMarker,
            String dataId, long size, String etag, String contentType, String userMetadata, Instant createdAt, StoredChecksum checksum) {
        this(bucket, key, versionId, seq, latest, deleteMarker, dataId, size, etag, contentType, userMetadata, createdAt, checksum, null);
    }

    /** The same version with its block rows read along. */
    public ObjectVersion withBlocks(List<Block> read) {
        return new ObjectVersion(bucket, key, versionId, seq, latest, deleteMarker, dataId, size, etag, contentType, userMetadata, createdAt,
                checksum, read);
    }
}
