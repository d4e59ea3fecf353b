package org.reckon.objectstorage.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 as S3 checks it: the canonical request, the string to sign, the
 * signing key, and the chunk signatures of {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}. Pure logic.
 */
public final class SigV4 {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /** Most signing keys remembered; at the bound the memo starts over (one entry per live key, day and region). */
    static final int SIGNING_KEYS_REMEMBERED = 4096;

    /**
     * Signing keys already derived, by secret and scope. A key is the same for every request of its
     * access key, day, region and service, so S3's own guide suggests deriving it once; here it was four
     * HMACs per request (4.4 % of the S3 servlet's samples outside putObject in a 4 KiB PUT and GET profile).
     * It decides nothing by itself: a request is still checked against its access key being live, and a
     * wrong secret derives a key of its own.
     */
    private static final ConcurrentHashMap<String, byte[]> SIGNING_KEYS = new ConcurrentHashMap<>();

    private SigV4() {
    }

    /** The parts of a credential scope and signature, from the Authorization header or the presigned query. */
    public record Credentials(String accessKeyId, String date, String region, String service, List<String> signedHeaders, String signature) {

        public String scope() {
            return date + "/" + region + "/" + service + "/aws4_request";
        }
    }

    /** Parses {@code AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request, SignedHeaders=a;b, Signature=hex}. */
    public static Credentials parseAuthorization(String header) {
        if (header == null || !header.startsWith(ALGORITHM + " ")) throw new IllegalArgumentException("not an AWS4-HMAC-SHA256 Authorization header");
        Map<String, String> parts = new TreeMap<>();
        for (String p : header.substring(ALGORITHM.length() + 1).split(",")) {
            String t = p.trim();
            int eq = t.indexOf('=');
            if (eq > 0) parts.put(t.substring(0, eq), t.substring(eq + 1));
        }
        return credentials(parts.get("Credential"), parts.get("SignedHeaders"), parts.get("Signature"));
    }

    public static Credentials credentials(String credential, String signedHeaders, String signature) {
        if (credential == null || signedHeaders == null || signature == null) throw new IllegalArgumentException("Credential, SignedHeaders and Signature are required");
        String[] c = credential.split("/");
        if (c.length != 5 || !"aws4_request".equals(c[4])) throw new IllegalArgumentException("malformed credential scope");
        return new Credentials(c[0], c[1], c[2], c[3], Arrays.asList(signedHeaders.split(";")), signature);
    }

    /** S3's URI encoding: unreserved characters kept, everything else %XX in upper case. */
    public static String uriEncode(String s, boolean keepSlash) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int ch = x & 0xFF;
            if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.' || ch == '~'
                    || (keepSlash && ch == '/')) {
                b.append((char) ch);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(ch >> 4, 16))).append(Character.toUpperCase(Character.forDigit(ch & 15, 16)));
            }
        }
        return b.toString();
    }

    /** The canonical query string of a raw query (as sent), without X-Amz-Signature. */
    public static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) return "";
        List<String[]> params = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (name.equals("X-Amz-Signature")) continue;
            params.add(new String[] {uriEncode(name, false), uriEncode(value, false)});
        }
        params.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder b = new StringBuilder();
        for (String[] p : params) {
            if (b.length() > 0) b.append('&');
            b.append(p[0]).append('=').append(p[1]);
        }
        return b.toString();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * The canonical request. {@code headerValues} gives each signed header's values (lower-case
     * name), {@code canonicalUri} the path as sent (already URI-encoded once, which S3 does not normalise).
     */
    public static String canonicalRequest(String method, String canonicalUri, String rawQuery, Map<String, List<String>> headerValues,
            List<String> signedHeaders, String payloadHash) {
        StringBuilder b = new StringBuilder();
        b.append(method).append('\n').append(canonicalUri.isEmpty() ? "/" : canonicalUri).append('\n').append(canonicalQuery(rawQuery)).append('\n');
        for (String h : signedHeaders) {
            List<String> values = headerValues.getOrDefault(h, List.of());
            List<String> trimmed = new ArrayList<>();
            for (String v : values) trimmed.add(v.trim().replaceAll(" +", " "));
            b.append(h).append(':').append(String.join(",", trimmed)).append('\n');
        }
        b.append('\n').append(String.join(";", signedHeaders)).append('\n').append(payloadHash);
        return b.toString();
    }

    public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /** The signing key of a secret and scope; shared with other callers, so it must not be modified. */
    public static byte[] signingKey(String secret, String date, String region, String service) {
        String memo = secret + '\n' + date + '\n' + region + '\n' + service;
        byte[] known = SIGNING_KEYS.get(memo);
        if (known != null) return known;
        byte[] derived = deriveSigningKey(secret, date, region, service);
        if (SIGNING_KEYS.size() >= SIGNING_KEYS_REMEMBERED) SIGNING_KEYS.clear();
        SIGNING_KEYS.put(memo, derived);
        return derived;
    }

    static byte[] deriveSigningKey(String secret, String date, String region, String service) {
        byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        k = hmac(k, region);
        k = hmac(k, service);
        return hmac(k, "aws4_request");
    }

    public static String sign(byte[] signingKey, String stringToSign) {
        return HexFormat.of().formatHex(hmac(signingKey, stringToSign));
    }

    /** The string to sign of one chunk of a STREAMING-AWS4-HMAC-SHA256-PAYLOAD body. */
    public static String chunkStringToSign(String amzDate, String scope, String previousSignature, String chunkSha256Hex) {
        return "AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + "\n" + scope + "\n" + previousSignature + "\n" + EMPTY_SHA256 + "\n" + chunkSha256Hex;
    }

    /** The string to sign of the trailing headers of a STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER body. */
    public static String trailerStringToSign(String amzDate, String scope, String previousSignature, String trailerSha256Hex) {
        return "AWS4-HMAC-SHA256-TRAILER\n" + amzDate + "\n" + scope + "\n" + previousSignature + "\n" + trailerSha256Hex;
    }

    public static boolean constantTimeEquals(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    public static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256Hex(byte[] data) {
        return sha256Hex(data, 0, data.length);
    }

    public static String sha256Hex(byte[] data, int offset, int length) {
        MessageDigest sha = sha256();
        sha.update(data, offset, length);
        return HexFormat.of().formatHex(sha.digest());
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
