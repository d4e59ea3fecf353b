package org.reckon.objectstorage.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.reckon.objectstorage.S3Exception;
import org.reckon.objectstorage.catalog.Block;
import org.reckon.objectstorage.catalog.Bucket;
import org.reckon.objectstorage.catalog.Catalog;
import org.reckon.objectstorage.catalog.ObjectVersion;
import org.reckon.objectstorage.catalog.Part;
import org.reckon.objectstorage.catalog.StoredChecksum;
import org.reckon.objectstorage.catalog.Upload;
import org.reckon.objectstorage.data.DataRouter;
import org.reckon.objectstorage.data.NodeClient;
import org.reckon.objectstorage.cluster.ClusterMap;

/**
 * S3's operations over the metadata service (Catalog) and the data routing service (DataRouter).
 * Not transactional itself: each metadata step is a short transaction of its own, and no
 * transaction is open while bytes travel to or from a data node. A write records its intent
 * (data id), streams the body in blocks of 4 MiB to the nodes (two blocks in memory per request,
 * one being sent while the next is read: the heap stays bounded whatever the body's size), then
 * commits the metadata that points at the blocks.
 */
@ApplicationScoped
public class ObjectService {

    private static final Logger LOG = Logger.getLogger(ObjectService.class.getName());
    public static final int BLOCK_SIZE = 4 << 20;
    public static final int MAX_KEY_BYTES = 1024;
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    /** Who calls: a key's owner (staff sees every bucket), or anonymous (owner null). */
    public record Caller(String owner, boolean staff) {
        public static final Caller ANONYMOUS = new Caller(null, false);

        public boolean anonymous() {
            return owner == null;
        }
    }

    /**
     * What a body checks against, each optional: Content-MD5 (base64), x-amz-content-sha256 (hex),
     * and an additional checksum (x-amz-checksum-ALG, base64) whose value is asked for once the body
     * has ended, since an aws-chunked body carries it in its trailer. A checksum algorithm without a
     * value supplier is computed, not checked (a copy into an upload that requires it).
     */
    public record Digests(String contentMd5, String sha256Hex, String checksumAlgorithm, Supplier<String> checksumValue) {

        static Digests computing(String checksumAlgorithm) {
            return checksumAlgorithm == null ? null : new Digests(null, null, checksumAlgorithm, null);
        }
    }

    @Inject
    Catalog catalog;

    @Inject
    DataRouter router;

    @Inject
    NodeClient nodes;

    @Inject
    ClusterMap cluster;

    /**
     * Bodies of more than one block in flight at once, server-wide (each holds two 4 MiB buffers):
     * the heap stays bounded under any number of clients; the others wait their turn.
     */
    private final java.util.concurrent.Semaphore largeTransfers = new java.util.concurrent.Semaphore(LARGE_TRANSFERS, true);
    public static final int LARGE_TRANSFERS = 24;

    /**
     * Block buffers of finished uploads, for the next ones (at most two per admitted transfer): a
     * 4 MiB array is a humongous allocation for G1, which zeroes it and collects it apart, so the
     * bodies of many blocks reuse a few. A buffer comes back only once no copy of its last block
     * is still being sent.
     */
    private final java.util.concurrent.ArrayBlockingQueue<byte[]> spareBlockBuffers = new java.util.concurrent.ArrayBlockingQueue<>(2 * LARGE_TRANSFERS);

    private byte[] blockBuffer() {
        byte[] b = spareBlockBuffers.poll();
        return b != null ? b : new byte[BLOCK_SIZE];
    }

    private void giveBack(byte[] buffer, CompletableFuture<Void> settled) {
        if (buffer != null && buffer.length == BLOCK_SIZE) settled.thenRun(() -> spareBlockBuffers.offer(buffer));
    }

    private final ExecutorService prefetch = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "objectstorage-io");
        t.setDaemon(true);
        return t;
    });

    // ---- buckets -------------------------------------------------------------------------------------

    public List<Bucket> listBuckets(Caller caller) {
        if (caller.anonymous()) throw S3Exception.accessDenied();
        return sql(() -> catalog.buckets(caller.staff() ? null : caller.owner()));
    }

    public Bucket createBucket(Caller caller, String name, String storageClass, boolean publicRead) {
        if (caller.anonymous()) throw S3Exception.accessDenied();
        if (!BUCKET_NAME.matcher(name).matches() || name.contains("..")) {
            throw new S3Exception("InvalidBucketName", 400, "The specified bucket is not valid.", "/" + name);
        }
        String sc = storageClass == null || storageClass.isBlank() ? "REPLICATED" : storageClass.trim().toUpperCase();
        if (!sc.equals("REPLICATED") && !sc.equals("ERASURE_CODED")) {
            throw S3Exception.invalidArgument("x-reckon-storage-class must be REPLICATED or ERASURE_CODED");
        }
        Bucket b = sql(() -> catalog.createBucket(name, caller.owner(), sc));
        if (publicRead) sql(() -> { catalog.setPublicRead(name, true); return null; });
        return b;
    }

    /** The bucket, if the caller may read it (owner, staff, or public-read for reads). */
    public Bucket readable(Caller caller, String name) {
        return readable(caller, name, sql(() -> catalog.bucket(name)).orElse(null));
    }

    /** b as read (null: none): NoSuchBucket, AccessDenied, or b when the caller may read it. */
    private static Bucket readable(Caller caller, String name, Bucket b) {
        if (b == null) throw S3Exception.noSuchBucket(name);
        if (!b.publicRead() && !owns(caller, b)) throw S3Exception.accessDenied();
        return b;
    }

    public Bucket writable(Caller caller, String name) {
        return writable(caller, name, sql(() -> catalog.bucket(name)).orElse(null));
    }

    /** b as read (null: none): NoSuchBucket, AccessDenied, or b when the caller may write to it. */
    private static Bucket writable(Caller caller, String name, Bucket b) {
        if (b == null) throw S3Exception.noSuchBucket(name);
        if (!owns(caller, b)) throw S3Exception.accessDenied();
        return b;
    }

    private static boolean owns(Caller caller, Bucket b) {
        return !caller.anonymous() && (caller.staff() || caller.owner().equals(b.owner()));
    }

    public void deleteBucket(Caller caller, String name) {
        writable(caller, name);
        sql(() -> { catalog.deleteBucket(name); return null; });
    }

    public void setVersioning(Caller caller, String name, String status) {
        writable(caller, name);
        String state = switch (status == null ? "" : status.trim()) {
            case "Enabled" -> "ENABLED";
            case "Suspended" -> "SUSPENDED";
            default -> throw new S3Exception("MalformedXML", 400, "Status must be Enabled or Suspended");
        };
        sql(() -> { catalog.setVersioning(name, state); return null; });
    }

    public void setPublicRead(Caller caller, String name, boolean publicRead) {
        writable(caller, name);
        sql(() -> { catalog.setPublicRead(name, publicRead); return null; });
    }

    // ---- objects -------------------------------------------------------------------------------------

    public static void checkKey(String key) {
        if (key.isEmpty()) throw S3Exception.invalidArgument("empty key");
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new S3Exception("KeyTooLongError", 400, "Your key is too long (over " + MAX_KEY_BYTES + " bytes)");
        }
    }

    /** A stored body: its data id and blocks, size, md5, and the additional checksum it was checked against (or computed), if any. */
    private record Stored(String dataId, List<Block> blocks, long size, byte[] md5, StoredChecksum checksum) {}

    private Stored store(Bucket bucket, InputStream body, long expectedLength, Digests digests) throws IOException {
        return store(bucket, null, body, expectedLength, digests);
    }

    /** dataId: the intent already recorded for this write, or null to record one here. */
    private Stored store(Bucket bucket, String dataId, InputStream body, long expectedLength, Digests digests) throws IOException {
        boolean large = expectedLength < 0 || expectedLength > BLOCK_SIZE;
        if (large) largeTransfers.acquireUninterruptibly();
        try {
            return storeBlocks(bucket, dataId != null ? dataId : sql(() -> catalog.recordIntent()), body, expectedLength, digests);
        } finally {
            if (large) largeTransfers.release();
        }
    }

    private Stored storeBlocks(Bucket bucket, String dataId, InputStream body, long expectedLength, Digests digests) throws IOException {
        String layout = DataRouter.layoutOf(bucket.storageClass());
        MessageDigest md5 = digest("MD5");
        MessageDigest sha = digests != null && digests.sha256Hex() != null ? digest("SHA-256") : null;
        FlexibleChecksum extra = digests != null && digests.checksumAlgorithm() != null ? FlexibleChecksum.of(digests.checksumAlgorithm()) : null;
        List<Block> blocks = new ArrayList<>();
        // a body of known length under a block gets a buffer of its size; the second buffer only when needed
        int first = expectedLength >= 0 && expectedLength < BLOCK_SIZE ? (int) Math.max(1, expectedLength + 1) : BLOCK_SIZE;
        byte[][] buffers = {first == BLOCK_SIZE ? blockBuffer() : new byte[first], null};
        // per buffer: settles once no request still sends its bytes (a block is answered at its write quorum)
        List<CompletableFuture<Void>> settled = new ArrayList<>(List.of(CompletableFuture.completedFuture(null), CompletableFuture.completedFuture(null)));
        CompletableFuture<Block> inFlight = null;
        long size = 0;
        int seq = 0;
        try {
            while (true) {
                if (buffers[seq % 2] == null || buffers[seq % 2].length < BLOCK_SIZE && seq > 0) buffers[seq % 2] = blockBuffer();
                awaitSettled(settled.get(seq % 2));
                byte[] buf = buffers[seq % 2];
                int n = body.readNBytes(buf, 0, Math.min(buf.length, BLOCK_SIZE));
                if (n == 0) break;
                md5.update(buf, 0, n);
                if (sha != null) sha.update(buf, 0, n);
                if (extra != null) extra.update(buf, 0, n);
                size += n;
                final int blockSeq = seq;
                final int length = n;
                CompletableFuture<Void> sent = new CompletableFuture<>();
                settled.set(seq % 2, sent);
                CompletableFuture<Block> write;
                if (inFlight == null && n < buf.length) {
                    // the whole body is this one block: written from this thread, no hand-off to the pool
                    write = new CompletableFuture<>();
                    try {
                        write.complete(router.write(dataId, blockSeq, buf, length, layout, sent));
                    } catch (RuntimeException e) {
                        write.completeExceptionally(e);
                    }
                } else {
                    write = CompletableFuture.supplyAsync(() -> router.write(dataId, blockSeq, buf, length, layout, sent), prefetch);
                }
                if (inFlight != null) blocks.add(join(inFlight));
                inFlight = write;
                seq++;
                if (n < buf.length) break;
                if (buf.length < BLOCK_SIZE) {
                    // longer than announced: the rest goes on in full blocks (IncompleteBody is decided below)
                    continue;
                }
            }
            if (inFlight != null) blocks.add(join(inFlight));
        } catch (RuntimeException | IOException e) {
            if (inFlight != null) inFlight.handle((b, t) -> null).join();
            abandon(dataId, blocks);
            throw e;
        } finally {
            giveBack(buffers[0], settled.get(0));
            giveBack(buffers[1], settled.get(1));
        }
        byte[] digest = md5.digest();
        if (expectedLength >= 0 && size != expectedLength) {
            abandon(dataId, blocks);
            throw new S3Exception("IncompleteBody", 400, "You did not provide the number of bytes specified by the Content-Length HTTP header");
        }
        if (digests != null && digests.contentMd5() != null) {
            byte[] claimed;
            try {
                claimed = Base64.getDecoder().decode(digests.contentMd5().trim());
            } catch (IllegalArgumentException e) {
                abandon(dataId, blocks);
                throw new S3Exception("InvalidDigest", 400, "The Content-MD5 you specified was invalid.");
            }
            if (!MessageDigest.isEqual(claimed, digest)) {
                abandon(dataId, blocks);
                throw new S3Exception("BadDigest", 400, "The Content-MD5 you specified did not match what we received.");
            }
        }
        if (sha != null && !HexFormat.of().formatHex(sha.digest()).equals(digests.sha256Hex())) {
            abandon(dataId, blocks);
            throw new S3Exception("XAmzContentSHA256Mismatch", 400, "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        StoredChecksum checksum = null;
        if (extra != null && digests.checksumValue() == null) {
            checksum = new StoredChecksum(digests.checksumAlgorithm(), extra.base64());
        } else if (extra != null) {
            String claimed = digests.checksumValue().get();
            S3Exception refused = extra.check(claimed);
            if (refused != null) {
                abandon(dataId, blocks);
                throw refused;
            }
            checksum = new StoredChecksum(digests.checksumAlgorithm(), claimed);
        }
        return new Stored(dataId, blocks, size, digest, checksum);
    }

    /** Before a buffer is filled again: its last block's slowest copy has been sent (30 s at most, as a node request). */
    private static void awaitSettled(CompletableFuture<Void> sent) {
        try {
            sent.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // a failed or hung copy: its node checks the bytes against their CRC32C and refuses changed ones
        }
    }

    private static Block join(CompletableFuture<Block> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    /** A write that will not commit: its blocks are deleted now when possible, its intent dropped (GC finds the rest). */
    private void abandon(String dataId, List<Block> blocks) {
        for (Block b : blocks) {
            for (String id : DataRouter.shardIds(b)) {
                for (String node : b.nodeList()) {
                    String url = cluster.url(node);
                    if (url == null) continue;
                    try {
                        nodes.delete(url, id);
                    } catch (IOException e) {
                        // garbage collection removes it later
                    }
                }
            }
        }
        try {
            catalog.dropIntent(dataId);
        } catch (Exception e) {
            LOG.warning(() -> "intent " + dataId + " stays for garbage collection: " + e);
        }
    }

    public ObjectVersion putObject(Caller caller, String bucketName, String key, InputStream body, long length, Digests digests,
            String contentType, String userMetadata) throws IOException {
        checkKey(key);
        // the bucket read and the write's intent in one statement; the intent only when the caller may write
        Catalog.BucketIntent found = sql(() -> catalog.bucketWithIntent(bucketName, caller.owner(), caller.staff()));
        Bucket bucket = writable(caller, bucketName, found.bucket());
        Stored s = store(bucket, found.dataId(), body, length, digests);
        String etag = HexFormat.of().formatHex(s.md5());
        return retrying(() -> {
            // a bucket never versioned (as read above) commits in one statement; the catalog checks it still is
            if ("OFF".equals(bucket.versioning()) && catalog.fusedCommits()) {
                Optional<ObjectVersion> v = catalog.commitUnversioned(bucketName, key, s.dataId(), s.size(), etag, contentType, userMetadata,
                        s.checksum(), s.blocks());
                if (v.isPresent()) return v.get();
            }
            return catalog.commitObject(bucketName, key, s.dataId(), s.size(), etag, contentType, userMetadata, s.checksum(), s.blocks());
        });
    }

    /** The version a GET or HEAD reads; delete markers answer NoSuchKey (or 405 when named by version id). */
    public ObjectVersion head(Caller caller, String bucketName, String key, String versionId) {
        // the bucket and the version in one statement; the bucket decides first, as readable does
        Catalog.Lookup found = sql(() -> catalog.bucketAndVersion(bucketName, key, versionId));
        readable(caller, bucketName, found.bucket());
        Optional<ObjectVersion> v = Optional.ofNullable(found.version());
        if (v.isEmpty()) throw versionId == null ? S3Exception.noSuchKey(bucketName, key) : S3Exception.noSuchVersion(bucketName, key);
        if (v.get().deleteMarker()) {
            throw versionId == null ? new DeleteMarkerException(S3Exception.noSuchKey(bucketName, key), v.get())
                    : new DeleteMarkerException(new S3Exception("MethodNotAllowed", 405, "The specified method is not allowed against this resource."), v.get());
        }
        return v.get();
    }

    /** NoSuchKey (or 405) for a delete marker, carrying it (the answer says x-amz-delete-marker: true). */
    public static final class DeleteMarkerException extends S3Exception {
        private final ObjectVersion marker;

        DeleteMarkerException(S3Exception e, ObjectVersion marker) {
            super(e.code(), e.status(), e.getMessage(), e.resource());
            this.marker = marker;
        }

        public ObjectVersion marker() {
            return marker;
        }
    }

    /** Streams bytes [from, to] (inclusive) of a version to out, block by block, one block read ahead. */
    public void read(ObjectVersion v, long from, long to, OutputStream out) throws IOException {
        if (v.size() == 0 || to < from) return;
        List<Block> blocks = v.blocks() != null ? v.blocks() : sql(() -> catalog.blocks(v.dataId()));
        long offset = 0;
        List<Block> wanted = new ArrayList<>();
        List<long[]> slices = new ArrayList<>();
        for (Block b : blocks) {
            long start = offset, end = offset + b.length() - 1;
            offset += b.length();
            if (end < from || start > to) continue;
            wanted.add(b);
            slices.add(new long[] {Math.max(from, start) - start, Math.min(to, end) - start});
        }
        boolean large = wanted.size() > 1;
        if (large) largeTransfers.acquireUninterruptibly();
        try {
            readBlocks(wanted, slices, out);
        } finally {
            if (large) largeTransfers.release();
        }
    }

    private void readBlocks(List<Block> wanted, List<long[]> slices, OutputStream out) throws IOException {
        if (wanted.size() == 1) {
            // nothing to read ahead: read from this thread, no hand-off to the pool
            byte[] data = router.read(wanted.get(0));
            long[] s = slices.get(0);
            out.write(data, (int) s[0], (int) (s[1] - s[0] + 1));
            return;
        }
        CompletableFuture<byte[]> next = wanted.isEmpty() ? null : CompletableFuture.supplyAsync(() -> router.read(wanted.get(0)), prefetch);
        for (int i = 0; i < wanted.size(); i++) {
            byte[] data = joinBytes(next);
            if (i + 1 < wanted.size()) {
                Block following = wanted.get(i + 1);
                next = CompletableFuture.supplyAsync(() -> router.read(following), prefetch);
            }
            long[] s = slices.get(i);
            out.write(data, (int) s[0], (int) (s[1] - s[0] + 1));
        }
    }

    private static byte[] joinBytes(CompletableFuture<byte[]> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    /** S3 DELETE; answers the version removed or the delete marker created (null when nothing versioned happened). */
    public ObjectVersion delete(Caller caller, String bucketName, String key, String versionId) {
        writable(caller, bucketName);
        return retrying(() -> catalog.delete(bucketName, key, versionId));
    }

    /** CopyObject: a new version of the target pointing at the source's data, or with new data when metadata is replaced. */
    public ObjectVersion copy(Caller caller, String srcBucket, String srcKey, String srcVersion, String bucketName, String key,
            String contentType, String userMetadata, boolean replaceMetadata) throws IOException {
        checkKey(key);
        ObjectVersion src = head(caller, srcBucket, srcKey, srcVersion);
        Bucket target = writable(caller, bucketName);
        String ct = replaceMetadata ? contentType : src.contentType();
        String meta = replaceMetadata ? userMetadata : src.userMetadata();
        // the copy gets data of its own (a later delete of either must not free the other's blocks)
        Stored s = storeCopy(target, src, 0, src.size() - 1, null);
        String etag = src.etag() != null && !src.etag().contains("-") ? src.etag() : HexFormat.of().formatHex(s.md5());
        // the same bytes: a checksum of the whole body stays true of the copy (a COMPOSITE one names parts the copy has not)
        StoredChecksum checksum = src.checksum() != null && !src.checksum().composite() ? src.checksum() : null;
        return retrying(() -> catalog.commitObject(bucketName, key, s.dataId(), s.size(), etag, ct, meta, checksum, s.blocks()));
    }

    /**
     * Bytes [from, to] of src, streamed into new blocks of target (through a pipe: the heap holds blocks in flight only);
     * checksumAlgorithm, when not null, is computed over them.
     */
    private Stored storeCopy(Bucket target, ObjectVersion src, long from, long to, String checksumAlgorithm) throws IOException {
        java.io.PipedInputStream pipeIn = new java.io.PipedInputStream(1 << 20);
        java.io.PipedOutputStream pipeOut = new java.io.PipedOutputStream(pipeIn);
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try (pipeOut) {
                read(src, from, to, pipeOut);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, prefetch);
        Stored s;
        try (pipeIn) {
            // the reader holds the copy's one large-transfer permit: two per copy could deadlock
            s = storeBlocks(target, sql(() -> catalog.recordIntent()), pipeIn, Math.max(0, to - from + 1), Digests.computing(checksumAlgorithm));
        } catch (RuntimeException | IOException e) {
            reader.handle((r, t) -> null).join();
            throw e;
        }
        try {
            reader.join();
        } catch (CompletionException e) {
            abandon(s.dataId(), s.blocks());
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
        return s;
    }

    /** A ListObjectsV2 page. */
    public record Listing(List<ObjectVersion> contents, List<String> commonPrefixes, boolean truncated, String nextMarker) {}

    public Listing list(Caller caller, String bucketName, String prefix, String delimiter, String after, int maxKeys) {
        readable(caller, bucketName);
        String p = prefix == null ? "" : prefix;
        List<ObjectVersion> contents = new ArrayList<>();
        TreeSet<String> prefixes = new TreeSet<>();
        String cursor = after == null ? "" : after;
        String lastReturned = null;
        int count = 0;
        boolean truncated = false;
        boolean more = true;
        while (more && !truncated) {
            String from = cursor;
            List<ObjectVersion> page = sql(() -> catalog.latest(bucketName, p, from, 1000));
            more = page.size() == 1000;
            for (ObjectVersion v : page) {
                if (count == maxKeys) {
                    truncated = true;
                    break;
                }
                String rest = v.key().substring(p.length());
                int d = delimiter == null || delimiter.isEmpty() ? -1 : rest.indexOf(delimiter);
                if (d >= 0) {
                    String cp = p + rest.substring(0, d + delimiter.length());
                    if (prefixes.add(cp)) count++;
                    lastReturned = cp;
                    // skip every key under this common prefix: read again from past it
                    cursor = cp + Character.MAX_VALUE;
                    more = true;
                    break;
                }
                contents.add(v);
                count++;
                lastReturned = v.key();
                cursor = v.key();
            }
        }
        if (!truncated && count == maxKeys) {
            // exactly full: truncated only if something follows
            String from = cursor;
            truncated = !sql(() -> catalog.latest(bucketName, p, from, 1)).isEmpty();
        }
        return new Listing(contents, new ArrayList<>(prefixes), truncated, truncated ? lastReturned : null);
    }

    /** A ListObjectVersions page: versions and delete markers, newest first per key. */
    public record VersionListing(List<ObjectVersion> versions, boolean truncated, String nextKeyMarker, String nextVersionIdMarker) {}

    public VersionListing versions(Caller caller, String bucketName, String prefix, String keyMarker, String versionIdMarker, int maxKeys) {
        readable(caller, bucketName);
        long seqBelow = Long.MAX_VALUE;
        if (keyMarker != null && versionIdMarker != null && !versionIdMarker.isEmpty()) {
            Optional<ObjectVersion> marker = sql(() -> catalog.version(bucketName, keyMarker, versionIdMarker));
            if (marker.isPresent()) seqBelow = marker.get().seq();
        } else if (keyMarker != null) {
            seqBelow = Long.MIN_VALUE; // the whole marker key was listed
        }
        long below = seqBelow;
        List<ObjectVersion> rows = sql(() -> catalog.versions(bucketName, prefix, keyMarker, below, maxKeys + 1));
        boolean truncated = rows.size() > maxKeys;
        List<ObjectVersion> page = truncated ? rows.subList(0, maxKeys) : rows;
        ObjectVersion last = page.isEmpty() ? null : page.get(page.size() - 1);
        return new VersionListing(page, truncated, truncated && last != null ? last.key() : null, truncated && last != null ? last.versionId() : null);
    }

    // ---- multipart -----------------------------------------------------------------------------------

    /**
     * CreateMultipartUpload. checksumAlgorithm and checksumType (x-amz-checksum-algorithm and
     * x-amz-checksum-type, optional): every part must then carry that checksum, and the object gets a
     * checksum of that type (FULL_OBJECT by default for CRC64NVME, which has no other, COMPOSITE for
     * the rest, as S3 decides).
     */
    public Upload initiate(Caller caller, String bucketName, String key, String contentType, String userMetadata, String checksumAlgorithm,
            String checksumType) {
        checkKey(key);
        String algorithm = null;
        String type = null;
        if (checksumAlgorithm != null) {
            algorithm = checksumAlgorithm.trim().toLowerCase(java.util.Locale.ROOT);
            if (!FlexibleChecksum.ALGORITHMS.contains(algorithm)) {
                throw new S3Exception("InvalidRequest", 400, "Checksum algorithm provided is unsupported. Please try again with any of the valid types: "
                        + "[CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
            }
            type = FlexibleChecksum.uploadChecksumType(algorithm, checksumType);
        } else if (checksumType != null) {
            throw new S3Exception("InvalidRequest", 400, "The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.");
        }
        writable(caller, bucketName);
        String a = algorithm, t = type;
        return sql(() -> catalog.createUpload(bucketName, key, caller.owner(), contentType, userMetadata, a, t));
    }

    public Part uploadPart(Caller caller, String bucketName, String key, String uploadId, int partNumber, InputStream body, long length,
            Digests digests) throws IOException {
        if (partNumber < 1 || partNumber > 10_000) throw S3Exception.invalidArgument("Part number must be an integer between 1 and 10000, inclusive");
        Bucket bucket = writable(caller, bucketName);
        Upload upload = sql(() -> catalog.upload(bucketName, key, uploadId));
        String required = upload.checksumAlgorithm();
        String sent = digests == null ? null : digests.checksumAlgorithm();
        if (required != null && !required.equals(sent)) {
            throw new S3Exception("InvalidRequest", 400, sent == null
                    ? "This upload was created with the " + required.toUpperCase(java.util.Locale.ROOT) + " checksum algorithm: each part must carry"
                            + " its checksum (" + FlexibleChecksum.HEADER_PREFIX + required + ")"
                    : "Checksum Type mismatch occurred, expected checksum Type: " + required + ", actual checksum Type: " + sent);
        }
        Stored s = store(bucket, body, length, digests);
        String etag = HexFormat.of().formatHex(s.md5());
        try {
            return sql(() -> catalog.commitPart(bucketName, key, uploadId, partNumber, s.dataId(), s.size(), etag, s.checksum(), s.blocks()));
        } catch (S3Exception e) {
            abandon(s.dataId(), s.blocks());
            throw e;
        }
    }

    /** S3 allows a copy source of at most 5 GiB. */
    static final long MAX_COPY_SOURCE = 5L << 30;

    /**
     * UploadPartCopy: part {@code partNumber} of the upload is bytes {@code range} (inclusive {@code [first, last]}, or
     * the whole source when null) of an object the caller may read, copied into blocks of the upload's own.
     */
    public Part uploadPartCopy(Caller caller, String srcBucket, String srcKey, String srcVersion, long[] range, String bucketName,
            String key, String uploadId, int partNumber) throws IOException {
        if (partNumber < 1 || partNumber > 10_000) throw S3Exception.invalidArgument("Part number must be an integer between 1 and 10000, inclusive");
        Bucket bucket = writable(caller, bucketName);
        Upload upload = sql(() -> catalog.upload(bucketName, key, uploadId));
        ObjectVersion src = head(caller, srcBucket, srcKey, srcVersion);
        long from = 0, to = src.size() - 1;
        if (range != null) {
            if (range[0] > range[1] || range[1] >= src.size()) {
                throw S3Exception.invalidArgument("Range specified is not valid for source object of size: " + src.size());
            }
            from = range[0];
            to = range[1];
        }
        if (to - from + 1 > MAX_COPY_SOURCE) {
            throw new S3Exception("InvalidRequest", 400,
                    "The specified copy source is larger than the maximum allowable size for a copy source: " + MAX_COPY_SOURCE);
        }
        // an upload that requires a checksum of every part gets the copied bytes' own
        Stored s = storeCopy(bucket, src, from, to, upload.checksumAlgorithm());
        String etag = HexFormat.of().formatHex(s.md5());
        try {
            return sql(() -> catalog.commitPart(bucketName, key, uploadId, partNumber, s.dataId(), s.size(), etag, s.checksum(), s.blocks()));
        } catch (S3Exception e) {
            abandon(s.dataId(), s.blocks());
            throw e;
        }
    }

    public List<Part> parts(Caller caller, String bucketName, String key, String uploadId) {
        writable(caller, bucketName);
        return sql(() -> catalog.parts(bucketName, key, uploadId));
    }

    public List<Upload> uploads(Caller caller, String bucketName) {
        writable(caller, bucketName);
        return sql(() -> catalog.uploads(bucketName));
    }

    public ObjectVersion complete(Caller caller, String bucketName, String key, String uploadId, List<Catalog.CompletedPart> parts) {
        writable(caller, bucketName);
        return retrying(() -> catalog.completeUpload(bucketName, key, uploadId, parts));
    }

    public void abort(Caller caller, String bucketName, String key, String uploadId) {
        writable(caller, bucketName);
        sql(() -> { catalog.abortUpload(bucketName, key, uploadId); return null; });
    }

    // ---- helpers -------------------------------------------------------------------------------------

    @FunctionalInterface
    interface SqlCall<T> {
        T call() throws SQLException;
    }

    /**
     * A catalog call; its failures answer 500 InternalError, except the S3 errors it decides itself.
     * Besides SQLException, a {@code @Transactional} method whose commit failed throws the
     * transaction manager's exception (RollbackException, checked, through the interceptor) or a
     * runtime one: all of them are caught here.
     */
    private static <T> T sql(SqlCall<T> call) {
        try {
            return call.call();
        } catch (S3Exception e) {
            throw e;
        } catch (Exception e) {
            throw S3Exception.internal("metadata: " + e.getMessage());
        }
    }

    /** Two writers of one key may both insert first: the loser's transaction rolls back and runs again. */
    private static <T> T retrying(SqlCall<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (S3Exception e) {
                throw e;
            } catch (Exception e) {
                // as sql(): SQLException, or the commit's failure (a serialization or unique-key loser)
                if (attempt >= 5) throw S3Exception.internal("metadata: " + e.getMessage());
                LOG.fine(() -> "metadata commit retried: " + e);
            }
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
