package org.reckon.objectstorage;

import jakarta.ejb.ApplicationException;

/**
 * An S3 error: S3's code ({@code NoSuchBucket}, {@code SignatureDoesNotMatch}, ...), its HTTP status
 * and a message. The S3 endpoint answers it as S3's XML error document. Rolls back the transaction
 * it escapes from.
 */
@ApplicationException(rollback = true)
public class S3Exception extends RuntimeException {

    private final String code;
    private final int status;
    private final String resource;

    public S3Exception(String code, int status, String message) {
        this(code, status, message, null);
    }

    public S3Exception(String code, int status, String message, String resource) {
        super(message);
        this.code = code;
        this.status = status;
        this.resource = resource;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String resource() {
        return resource;
    }

    public static S3Exception noSuchBucket(String bucket) {
        return new S3Exception("NoSuchBucket", 404, "The specified bucket does not exist", "/" + bucket);
    }

    public static S3Exception noSuchKey(String bucket, String key) {
        return new S3Exception("NoSuchKey", 404, "The specified key does not exist.", "/" + bucket + "/" + key);
    }

    public static S3Exception noSuchVersion(String bucket, String key) {
        return new S3Exception("NoSuchVersion", 404, "The specified version does not exist.", "/" + bucket + "/" + key);
    }

    public static S3Exception noSuchUpload(String uploadId) {
        return new S3Exception("NoSuchUpload", 404, "The specified multipart upload does not exist.", uploadId);
    }

    public static S3Exception accessDenied() {
        return new S3Exception("AccessDenied", 403, "Access Denied");
    }

    public static S3Exception invalidArgument(String message) {
        return new S3Exception("InvalidArgument", 400, message);
    }

    public static S3Exception internal(String message) {
        return new S3Exception("InternalError", 500, message);
    }

    public static S3Exception unavailable(String message) {
        return new S3Exception("ServiceUnavailable", 503, message);
    }
}
