package org.reckon.objectstorage.web;

import java.time.Instant;

/** A new S3 access key (snake_case on the wire): the secret is shown this once. */
public record AccessKeyView(String accessKeyId, String secretAccessKey, String owner, Instant createdAt) {
}
