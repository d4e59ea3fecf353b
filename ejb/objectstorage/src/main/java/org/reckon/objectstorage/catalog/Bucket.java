package org.reckon.objectstorage.catalog;

import java.time.Instant;

/** A bucket's metadata. versioning: OFF, ENABLED or SUSPENDED; storageClass: REPLICATED or ERASURE_CODED. */
public record Bucket(String name, String owner, Instant createdAt, String versioning, boolean publicRead, String storageClass) {

    public boolean versioned() {
        return "ENABLED".equals(versioning);
    }
}
