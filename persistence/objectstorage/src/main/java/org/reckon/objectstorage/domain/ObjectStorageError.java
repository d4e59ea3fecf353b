package org.reckon.objectstorage.domain;

import org.reckon.shared.ProblemCode;

/** The object-storage context's own problem codes on /v1 (the S3 endpoint answers S3's XML errors instead). */
public enum ObjectStorageError implements ProblemCode {
    ACCESS_KEY_LIMIT(409, "Too many live access keys: revoke one first");

    /** Live keys a user may hold at once. */
    public static final int MAX_LIVE_KEYS = 20;

    private final int status;
    private final String title;

    ObjectStorageError(int status, String title) {
        this.status = status;
        this.title = title;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String title() {
        return title;
    }
}
