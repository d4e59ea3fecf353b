package org.reckon.objectstorage.s3;

import jakarta.servlet.http.HttpServletRequest;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.reckon.objectstorage.S3Exception;
import org.reckon.objectstorage.auth.AccessKeys;
import org.reckon.objectstorage.auth.SigV4;
import org.reckon.objectstorage.catalog.AccessKey;
import org.reckon.objectstorage.service.ObjectService.Caller;

/**
 * Authenticates an S3 request as S3 does: SigV4 in the Authorization header (payload hash from
 * x-amz-content-sha256, 15 minutes of clock skew allowed) or presigned (X-Amz-* query
 * parameters, X-Amz-Expires at most 7 days, UNSIGNED-PAYLOAD); neither is an anonymous caller.
 */
final class S3Auth {

    static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Duration SKEW = Duration.ofMinutes(15);

    /** The outcome: who, and what a streaming body needs to check its chunk signatures. */
    record Result(Caller caller, byte[] signingKey, String amzDate, String scope, String seedSignature) {}

    private S3Auth() {
    }

    static Result authenticate(HttpServletRequest req, Map<String, String> query, AccessKeys accessKeys) {
        String authorization = req.getHeader("Authorization");
        if (authorization != null) {
            if (!authorization.startsWith(SigV4.ALGORITHM + " ")) {
                throw new S3Exception("InvalidRequest", 400, "Please use AWS4-HMAC-SHA256 (Signature Version 4).");
            }
            SigV4.Credentials c;
            try {
                c = SigV4.parseAuthorization(authorization);
            } catch (IllegalArgumentException e) {
                throw new S3Exception("AuthorizationHeaderMalformed", 400, e.getMessage());
            }
            String amzDate = req.getHeader("x-amz-date");
            if (amzDate == null) throw new S3Exception("AccessDenied", 403, "AWS authentication requires a valid x-amz-date header");
            Instant at = parse(amzDate);
            if (Duration.between(at, Instant.now()).abs().compareTo(SKEW) > 0) {
                throw new S3Exception("RequestTimeTooSkewed", 403, "The difference between the request time and the current time is too large.");
            }
            String payloadHash = req.getHeader("x-amz-content-sha256");
            if (payloadHash == null) throw new S3Exception("InvalidRequest", 400, "Missing required header for this request: x-amz-content-sha256");
            return verify(req, c, amzDate, payloadHash, accessKeys);
        }
        if (!query.containsKey("X-Amz-Algorithm") && (query.containsKey("AWSAccessKeyId") || query.containsKey("Signature"))) {
            // a Signature Version 2 presigned URL (the AWS CLI v1's "s3 presign" makes them unless told
            // s3.signature_version = s3v4): refused as S3 refuses it, not taken for an anonymous request
            throw new S3Exception("InvalidRequest", 400, "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.");
        }
        if (query.containsKey("X-Amz-Algorithm")) {
            if (!SigV4.ALGORITHM.equals(query.get("X-Amz-Algorithm"))) throw new S3Exception("AuthorizationQueryParametersError", 400, "X-Amz-Algorithm must be AWS4-HMAC-SHA256");
            SigV4.Credentials c;
            try {
                c = SigV4.credentials(query.get("X-Amz-Credential"), query.get("X-Amz-SignedHeaders"), query.get("X-Amz-Signature"));
            } catch (IllegalArgumentException e) {
                throw new S3Exception("AuthorizationQueryParametersError", 400, e.getMessage());
            }
            String amzDate = query.get("X-Amz-Date");
            long expires;
            try {
                expires = Long.parseLong(query.getOrDefault("X-Amz-Expires", ""));
            } catch (NumberFormatException e) {
                throw new S3Exception("AuthorizationQueryParametersError", 400, "X-Amz-Expires must be a number of seconds");
            }
            if (expires < 1 || expires > 604_800) throw new S3Exception("AuthorizationQueryParametersError", 400, "X-Amz-Expires must be between 1 and 604800 seconds");
            Instant at = parse(amzDate == null ? "" : amzDate);
            if (Instant.now().isAfter(at.plusSeconds(expires))) throw new S3Exception("AccessDenied", 403, "Request has expired");
            if (at.isAfter(Instant.now().plus(SKEW))) throw new S3Exception("AccessDenied", 403, "Request is not valid yet");
            return verify(req, c, amzDate, "UNSIGNED-PAYLOAD", accessKeys);
        }
        return new Result(Caller.ANONYMOUS, null, null, null, null);
    }

    /**
     * An x-amz-date (yyyyMMdd'T'HHmmss'Z'), read by hand: every signed request has one, and
     * DateTimeFormatter's parse was about 5 % of the server's CPU for a 4 KiB GET (profile of the
     * object-storage benchmark, frame S3Auth.parse).
     */
    static Instant parse(String amzDate) {
        if (amzDate.length() == 16 && amzDate.charAt(8) == 'T' && amzDate.charAt(15) == 'Z') {
            try {
                return java.time.LocalDateTime.of(digits(amzDate, 0, 4), digits(amzDate, 4, 6), digits(amzDate, 6, 8),
                        digits(amzDate, 9, 11), digits(amzDate, 11, 13), digits(amzDate, 13, 15)).toInstant(ZoneOffset.UTC);
            } catch (java.time.DateTimeException | NumberFormatException e) {
                // not a date (a 13th month, a letter): refused below
            }
        }
        throw new S3Exception("AccessDenied", 403, "AWS authentication requires a valid date (yyyyMMdd'T'HHmmss'Z')");
    }

    private static int digits(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw new NumberFormatException(s);
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static Result verify(HttpServletRequest req, SigV4.Credentials c, String amzDate, String payloadHash, AccessKeys accessKeys) {
        if (!amzDate.startsWith(c.date()) || !"s3".equals(c.service())) {
            throw new S3Exception("AuthorizationHeaderMalformed", 400, "The credential scope does not match the request date or service");
        }
        AccessKey key;
        try {
            key = accessKeys.live(c.accessKeyId()).orElse(null);
        } catch (SQLException e) {
            throw S3Exception.internal("access keys: " + e.getMessage());
        }
        if (key == null) throw new S3Exception("InvalidAccessKeyId", 403, "The AWS Access Key Id you provided does not exist in our records.");
        Map<String, List<String>> headers = new HashMap<>();
        for (String h : c.signedHeaders()) {
            List<String> values = new ArrayList<>();
            if (req.getHeaders(h) != null) {
                // the client signed the header's UTF-8 bytes; the container read them as ISO-8859-1
                for (String v : Collections.list(req.getHeaders(h))) {
                    values.add(new String(v.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            headers.put(h, values);
        }
        String canonical = SigV4.canonicalRequest(req.getMethod(), req.getRequestURI(), req.getQueryString(), headers, c.signedHeaders(), payloadHash);
        byte[] signingKey = SigV4.signingKey(key.secret(), c.date(), c.region(), c.service());
        String expected = SigV4.sign(signingKey, SigV4.stringToSign(amzDate, c.scope(), canonical));
        if (!SigV4.constantTimeEquals(expected, c.signature())) {
            throw new S3Exception("SignatureDoesNotMatch", 403,
                    "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
        }
        return new Result(new Caller(key.owner(), key.staff()), signingKey, amzDate, c.scope(), c.signature());
    }

    static String now() {
        return AMZ_DATE.format(Instant.now());
    }
}
