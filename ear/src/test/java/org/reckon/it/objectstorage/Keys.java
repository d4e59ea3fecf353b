package org.reckon.it.objectstorage;

/** An S3 key pair as POST /v1/object-storage/access-keys answers it. */
record Keys(String id, String secret) {
}
