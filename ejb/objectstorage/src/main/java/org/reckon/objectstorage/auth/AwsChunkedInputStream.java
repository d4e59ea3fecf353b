package org.reckon.objectstorage.auth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.reckon.objectstorage.S3Exception;

/**
 * Decodes an {@code aws-chunked} body ({@code hex-size;chunk-signature=sig CRLF data CRLF} ...,
 * a zero-size chunk, then optional trailing headers), verifying every chunk's signature against
 * the chain that starts at the request's seed signature when the payload is signed
 * ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]}). A chunk whose signature fails ends the
 * stream with SignatureDoesNotMatch before its bytes are handed on.
 */
public final class AwsChunkedInputStream extends InputStream {

    private final InputStream in;
    private final boolean signed;
    private final byte[] signingKey;
    private final String amzDate;
    private final String scope;
    private String previousSignature;
    /** The current chunk's data is chunk[0, limit); the array is reused by the next chunks that fit in it. */
    private byte[] chunk = new byte[0];
    private int limit;
    private int pos;
    private boolean done;
    private final Map<String, String> trailers = new HashMap<>();

    public AwsChunkedInputStream(InputStream in, boolean signed, byte[] signingKey, String amzDate, String scope, String seedSignature) {
        this.in = in;
        this.signed = signed;
        this.signingKey = signingKey;
        this.amzDate = amzDate;
        this.scope = scope;
        this.previousSignature = seedSignature;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (pos >= limit) {
            if (done || !nextChunk()) return -1;
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(chunk, pos, b, off, n);
        pos += n;
        return n;
    }

    private boolean nextChunk() throws IOException {
        String header = line();
        if (header == null) throw incomplete();
        int semi = header.indexOf(';');
        String sizeHex = semi < 0 ? header.trim() : header.substring(0, semi).trim();
        String signature = null;
        if (semi >= 0) {
            String ext = header.substring(semi + 1).trim();
            if (ext.startsWith("chunk-signature=")) signature = ext.substring("chunk-signature=".length());
        }
        int size;
        try {
            size = Integer.parseInt(sizeHex, 16);
        } catch (NumberFormatException e) {
            throw incomplete();
        }
        if (size < 0 || size > 16 << 20) throw new S3Exception("InvalidRequest", 400, "aws-chunked chunk too large");
        // read into the reused array: readNBytes(size) assembled every chunk from 8 KiB pieces into a new array
        if (chunk.length < size) chunk = new byte[size];
        if (in.readNBytes(chunk, 0, size) != size) throw incomplete();
        if (signed) {
            if (signature == null) throw new S3Exception("SignatureDoesNotMatch", 403, "chunk without a chunk-signature");
            String expected = SigV4.sign(signingKey, SigV4.chunkStringToSign(amzDate, scope, previousSignature, SigV4.sha256Hex(chunk, 0, size)));
            if (!SigV4.constantTimeEquals(expected, signature)) {
                throw new S3Exception("SignatureDoesNotMatch", 403, "The chunk signature does not match");
            }
            previousSignature = signature;
        }
        if (size == 0) {
            readTrailers();
            done = true;
            limit = 0;
            pos = 0;
            return false;
        }
        String crlf = line();
        if (crlf == null || !crlf.isEmpty()) throw incomplete();
        limit = size;
        pos = 0;
        return true;
    }

    /** Trailing headers (x-amz-checksum-*, x-amz-trailer-signature) up to the empty line. */
    private void readTrailers() throws IOException {
        StringBuilder signedTrailers = new StringBuilder();
        String trailerSignature = null;
        String line;
        while ((line = line()) != null && !line.isEmpty()) {
            if (line.startsWith("x-amz-trailer-signature:")) {
                trailerSignature = line.substring("x-amz-trailer-signature:".length()).trim();
            } else {
                signedTrailers.append(line).append('\n');
                int colon = line.indexOf(':');
                if (colon > 0) trailers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        if (signed && trailerSignature == null && !trailers.isEmpty()) {
            throw new S3Exception("SignatureDoesNotMatch", 403, "trailing headers without x-amz-trailer-signature");
        }
        if (signed && trailerSignature != null) {
            String expected = SigV4.sign(signingKey, SigV4.trailerStringToSign(amzDate, scope, previousSignature,
                    SigV4.sha256Hex(signedTrailers.toString().getBytes(StandardCharsets.UTF_8))));
            if (!SigV4.constantTimeEquals(expected, trailerSignature)) {
                throw new S3Exception("SignatureDoesNotMatch", 403, "The trailer signature does not match");
            }
        }
    }

    /**
     * A trailing header's value (name in lower case, e.g. x-amz-checksum-crc32), once the body has
     * been read to its end; null before, or when the body had no such trailer.
     */
    public String trailer(String name) {
        return trailers.get(name);
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\r') {
                int n = in.read();
                if (n == '\n') return b.toString();
                b.append('\r');
                if (n < 0) break;
                b.append((char) n);
                continue;
            }
            if (c == '\n') return b.toString();
            b.append((char) c);
            if (b.length() > 4096) throw incomplete();
        }
        return b.length() == 0 ? null : b.toString();
    }

    private static S3Exception incomplete() {
        return new S3Exception("IncompleteBody", 400, "You did not provide the number of bytes specified by the aws-chunked encoding");
    }

    static String hex(MessageDigest d) {
        return HexFormat.of().formatHex(d.digest());
    }
}
