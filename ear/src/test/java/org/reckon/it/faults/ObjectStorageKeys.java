package org.reckon.it.faults;

/** Object storage's rows of the authorization matrix: S3 access keys to revoke. */
final class ObjectStorageKeys {

    static final String PATH = "/v1/object-storage/access-keys";
    private static String standing;

    private ObjectStorageKeys() {
    }

    /** A new key of the caller's. */
    static String fresh(Caller owner) {
        return Call.post(PATH, null).expect(owner, 201).getString("access_key_id");
    }

    /** One key of alice's that stays live through the matrix (others try to revoke it). */
    static synchronized String alicesStanding() {
        if (standing == null) standing = fresh(Caller.ALICE);
        return standing;
    }
}
