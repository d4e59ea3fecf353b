package org.reckon.objectstorage.catalog;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.reckon.objectstorage.S3Exception;
import org.reckon.objectstorage.service.FlexibleChecksum;

/**
 * The metadata service: buckets, the object table (sharded by hash(bucket, key) in PostgreSQL),
 * blocks, multipart uploads, access keys. Every method is one short transaction on
 * ObjectStorageDS and never calls a data node: the data routing service writes the bytes first,
 * then commits the metadata here (record intent, call, complete).
 *
 * <p>A CDI bean, not a session bean: each request of the S3 endpoint calls it two or three times,
 * and the EJB container's interceptor chain around each call (pool, identity, CDI request scope,
 * transaction attribute) was 11 % of S3Servlet.service's CPU samples in a 4 KiB PUT/GET profile.
 * The boundaries are as they were: a method that needs a transaction is {@code @Transactional}
 * (REQUIRED: joins the caller's or begins one; rolled back on a runtime exception such as
 * S3Exception, committed on a checked one, as the EJB did); the one-statement writes that commit by
 * themselves are {@code NOT_SUPPORTED}; reads of one statement carry no annotation, so no
 * interceptor (the EJB's SUPPORTS: they join a caller's transaction, else run in autocommit).
 */
@ApplicationScoped
public class Catalog {

    public static final String NULL_VERSION = "null";
    private static final String OBJECT_COLUMNS =
            "bucket, object_key, version_id, seq, is_latest, delete_marker, data_id, size, etag, content_type, user_metadata, created_at, checksum";
    /** The same columns of os_object aliased o. */
    private static final String OBJECT_COLUMNS_O = "o." + OBJECT_COLUMNS.replace(", ", ", o.");

    @Resource(lookup = "java:jboss/datasources/ObjectStorageDS")
    DataSource dataSource;

    // ---- buckets ---------------------------------------------------------------------------------

    @Transactional
    public Bucket createBucket(String name, String owner, String storageClass) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Optional<Bucket> existing = bucket(c, name, false);
            if (existing.isPresent()) {
                if (existing.get().owner().equals(owner)) {
                    throw new S3Exception("BucketAlreadyOwnedByYou", 409,
                            "Your previous request to create the named bucket succeeded and you already own it.", "/" + name);
                }
                throw new S3Exception("BucketAlreadyExists", 409, "The requested bucket name is not available.", "/" + name);
            }
            Bucket b = new Bucket(name, owner, Instant.now(), "OFF", false, storageClass);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO os_bucket (name, owner, created_at, versioning, public_read, storage_class)"
                    + " VALUES (?, ?, ?, ?, ?, ?)")) {
                s.setString(1, name);
                s.setString(2, owner);
                s.setTimestamp(3, Timestamp.from(b.createdAt()));
                s.setString(4, b.versioning());
                s.setBoolean(5, false);
                s.setString(6, storageClass);
                s.executeUpdate();
            }
            return b;
        }
    }

    public Optional<Bucket> bucket(String name) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return bucket(c, name, false);
        }
    }

    private static Optional<Bucket> bucket(Connection c, String name, boolean lock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT name, owner, created_at, versioning, public_read, storage_class"
                + " FROM os_bucket WHERE name = ?" + (lock ? " FOR UPDATE" : ""))) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(bucket(r)) : Optional.empty();
            }
        }
    }

    private static Bucket bucket(ResultSet r) throws SQLException {
        return new Bucket(r.getString(1), r.getString(2), r.getTimestamp(3).toInstant(), r.getString(4), r.getBoolean(5), r.getString(6));
    }

    /** The buckets of one owner, or every bucket when owner is null (staff). */
    public List<Bucket> buckets(String owner) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT name, owner, created_at, versioning, public_read, storage_class FROM os_bucket"
                     + (owner == null ? "" : " WHERE owner = ?") + " ORDER BY name")) {
            if (owner != null) s.setString(1, owner);
            List<Bucket> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) out.add(bucket(r));
            }
            return out;
        }
    }

    @Transactional
    public void deleteBucket(String name) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            bucket(c, name, true).orElseThrow(() -> S3Exception.noSuchBucket(name));
            if (exists(c, "SELECT 1 FROM os_object WHERE bucket = ?", name) || exists(c, "SELECT 1 FROM os_upload WHERE bucket = ?", name)) {
                throw new S3Exception("BucketNotEmpty", 409, "The bucket you tried to delete is not empty", "/" + name);
            }
            update(c, "DELETE FROM os_bucket WHERE name = ?", name);
        }
    }

    @Transactional
    public void setVersioning(String name, String state) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Bucket b = bucket(c, name, true).orElseThrow(() -> S3Exception.noSuchBucket(name));
            if ("OFF".equals(state) && !"OFF".equals(b.versioning())) {
                throw new S3Exception("IllegalVersioningConfigurationException", 400, "Versioning can be suspended, not turned off");
            }
            update(c, "UPDATE os_bucket SET versioning = ? WHERE name = ?", state, name);
        }
    }

    @Transactional
    public void setPublicRead(String name, boolean publicRead) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE os_bucket SET public_read = ? WHERE name = ?")) {
            s.setBoolean(1, publicRead);
            s.setString(2, name);
            if (s.executeUpdate() == 0) throw S3Exception.noSuchBucket(name);
        }
    }

    // ---- intents -----------------------------------------------------------------------------------

    /**
     * Records a data id before any of its bytes reach a data node, committed at once: one INSERT in
     * autocommit (NOT_SUPPORTED: a connection of the datasource's no-transaction pool), no JTA
     * transaction around it (that was a second round trip, the XA commit).
     */
    @Transactional(TxType.NOT_SUPPORTED)
    public String recordIntent() throws SQLException {
        String dataId = UUID.randomUUID().toString().replace("-", "");
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO os_pending_data (data_id, created_at) VALUES (?, ?)")) {
            s.setString(1, dataId);
            s.setTimestamp(2, Timestamp.from(Instant.now()));
            s.executeUpdate();
        }
        return dataId;
    }

    /** A bucket (null: no such bucket) and the data id of the intent recorded for a write into it (null: none recorded). */
    public record BucketIntent(Bucket bucket, String dataId) {}

    /**
     * {@link #bucket(String)} and, when the bucket exists and the caller may write to it (staff, or
     * its owner), {@link #recordIntent()}: on PostgreSQL one autocommit statement (a data-modifying
     * WITH) instead of two round trips; elsewhere (H2 in dev) the two statements.
     */
    @Transactional(TxType.NOT_SUPPORTED)
    public BucketIntent bucketWithIntent(String bucket, String owner, boolean staff) throws SQLException {
        if (!fusedCommits()) {
            Optional<Bucket> b = bucket(bucket);
            boolean writable = b.isPresent() && (staff || b.get().owner().equals(owner));
            return new BucketIntent(b.orElse(null), writable ? recordIntent() : null);
        }
        String dataId = UUID.randomUUID().toString().replace("-", "");
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("WITH k AS (SELECT name, owner, created_at, versioning, public_read, storage_class"
                     + " FROM os_bucket WHERE name = ?), i AS (INSERT INTO os_pending_data (data_id, created_at) SELECT CAST(? AS VARCHAR),"
                     + " CAST(? AS TIMESTAMP WITH TIME ZONE) FROM k WHERE CAST(? AS BOOLEAN) OR k.owner = ? RETURNING data_id)"
                     + " SELECT k.name, k.owner, k.created_at, k.versioning, k.public_read, k.storage_class, (SELECT data_id FROM i) FROM k")) {
            s.setString(1, bucket);
            s.setString(2, dataId);
            s.setTimestamp(3, Timestamp.from(Instant.now()));
            s.setBoolean(4, staff);
            s.setString(5, owner);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? new BucketIntent(bucket(r), r.getString(7)) : new BucketIntent(null, null);
            }
        }
    }

    /** Intents older than the grace period: data whose metadata never committed (the writer died or failed). */
    @Transactional
    public List<String> staleIntents(Duration grace) throws SQLException {
        return dataIds("SELECT data_id FROM os_pending_data WHERE created_at < ?", new ArrayList<>(),
                Timestamp.from(Instant.now().minus(grace)));
    }

    /** Every pending data id (garbage collection reads these before the block rows: a commit in between moves one to the other). */
    @Transactional
    public java.util.Set<String> pendingDataIds() throws SQLException {
        return dataIds("SELECT data_id FROM os_pending_data", new java.util.HashSet<>());
    }

    /** Every data id that is either referenced by a block row or pending (garbage collection's mark). */
    @Transactional
    public java.util.Set<String> liveDataIds() throws SQLException {
        return dataIds("SELECT DISTINCT data_id FROM os_block UNION SELECT data_id FROM os_pending_data", new java.util.HashSet<>());
    }

    /** The first column of every row {@code sql} answers, into {@code out}. */
    private <C extends java.util.Collection<String>> C dataIds(String sql, C out, Object... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return out;
        }
    }

    @Transactional
    public void dropIntent(String dataId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            update(c, "DELETE FROM os_pending_data WHERE data_id = ?", dataId);
            update(c, "DELETE FROM os_block WHERE data_id = ?", dataId);
        }
    }

    // ---- objects -----------------------------------------------------------------------------------

    /**
     * Commits a new version of bucket/key whose blocks are already on the data nodes. In an
     * unversioned or suspended bucket it replaces the "null" version (its blocks become garbage);
     * in a versioned one it adds a version. The previous latest stops being latest.
     */
    @Transactional
    public ObjectVersion commitObject(String bucket, String key, String dataId, long size, String etag, String contentType,
            String userMetadata, StoredChecksum checksum, List<Block> blocks) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Bucket b = bucket(c, bucket, false).orElseThrow(() -> S3Exception.noSuchBucket(bucket));
            ObjectVersion v = insertVersion(c, b, key, false, dataId, size, etag, contentType, userMetadata, checksum);
            insertBlocks(c, blocks);
            update(c, "DELETE FROM os_pending_data WHERE data_id = ?", dataId);
            return v;
        }
    }

    /**
     * commitObject for a bucket that has never been versioned (versioning OFF: the key's only row is
     * its "null" version), on PostgreSQL, in ONE autocommit statement (a data-modifying WITH, atomic as
     * a transaction of its own) instead of a JTA transaction of 3 statements and the commit:
     * <ol>
     *   <li>{@code k}: the bucket's row, only while its versioning is OFF (commitObject reads the
     *       bucket in its transaction too: the same check, fused);</li>
     *   <li>{@code old}: the data id of the key's "null" version as this statement's snapshot sees it;</li>
     *   <li>{@code up}: the version inserted, or the "null" version replaced in place (ON CONFLICT DO
     *       UPDATE, which locks the row) <em>only if its data id is still {@code old}'s</em>;</li>
     *   <li>{@code gc}: the replaced data's block rows, unless another version shares its data id;
     *       {@code done}: the intent; {@code blk}: the new block rows (each only once {@code up} wrote).</li>
     * </ol>
     * A writer of the same key that commits between this statement's snapshot and its lock changed the
     * row's data id: {@code up} then writes nothing, nor does anything after it, and the statement runs
     * again on a fresh snapshot (so the replaced data's blocks, which the old snapshot could not see, are
     * deleted). Run again after a commit whose answer was lost (the caller retries on an SQLException),
     * it finds its own data in place and writes the same row again: its blocks are neither deleted nor
     * inserted twice. Answers empty when the bucket is gone or now versioned, for more block rows than
     * one statement takes, or when three runs in a row met another writer: the caller then commits
     * through commitObject, which locks the key's rows and decides from the bucket as it is.
     */
    @Transactional(TxType.NOT_SUPPORTED)
    public Optional<ObjectVersion> commitUnversioned(String bucket, String key, String dataId, long size, String etag, String contentType,
            String userMetadata, StoredChecksum checksum, List<Block> blocks) throws SQLException {
        if (blocks.size() > MAX_ROWS_PER_STATEMENT) {
            return Optional.empty();
        }
        StringBuilder sql = new StringBuilder(COMMIT_UNVERSIONED);
        if (!blocks.isEmpty()) {
            sql.append(", blk AS (INSERT INTO os_block (data_id, seq, block_id, length, crc, layout, nodes) SELECT * FROM (VALUES ");
            for (int i = 0; i < blocks.size(); i++) sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?)");
            sql.append(") v WHERE EXISTS (SELECT 1 FROM up) ON CONFLICT (data_id, seq) DO NOTHING)");
        }
        sql.append(" SELECT (SELECT seq FROM up), EXISTS (SELECT 1 FROM k)");
        for (int attempt = 1; attempt <= 3; attempt++) {
            Instant now = Instant.now();
            try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
                int p = 1;
                s.setString(p++, bucket);
                s.setString(p++, bucket);
                s.setString(p++, key);
                s.setString(p++, key);
                s.setString(p++, dataId);
                s.setLong(p++, size);
                s.setString(p++, etag);
                s.setString(p++, contentType);
                s.setString(p++, userMetadata);
                s.setTimestamp(p++, Timestamp.from(now));
                s.setString(p++, StoredChecksum.column(checksum));
                s.setString(p++, dataId);
                s.setString(p++, bucket);
                s.setString(p++, key);
                s.setString(p++, dataId);
                for (Block b : blocks) {
                    s.setString(p++, b.dataId());
                    s.setInt(p++, b.seq());
                    s.setString(p++, b.blockId());
                    s.setInt(p++, b.length());
                    s.setInt(p++, b.crc());
                    s.setString(p++, b.layout());
                    s.setString(p++, b.nodes());
                }
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    long seq = r.getLong(1);
                    if (!r.wasNull()) {
                        return Optional.of(new ObjectVersion(bucket, key, NULL_VERSION, seq, true, false, dataId, size, etag, contentType,
                                userMetadata, now, checksum));
                    }
                    if (!r.getBoolean(2)) {
                        return Optional.empty();
                    }
                }
            }
            // another writer of the key committed after this statement's snapshot: again, on a fresh one
        }
        return Optional.empty();
    }

    /**
     * The fixed part of {@link #commitUnversioned}'s statement, through {@code done}; the block rows'
     * {@code VALUES} and the final {@code SELECT} follow.
     */
    private static final String COMMIT_UNVERSIONED = "WITH k AS (SELECT name FROM os_bucket WHERE name = ? AND versioning = 'OFF'),"
            + " old AS (SELECT data_id FROM os_object WHERE bucket = ? AND object_key = ? AND version_id = '" + NULL_VERSION + "'),"
            + " up AS (INSERT INTO os_object (" + OBJECT_COLUMNS + ") SELECT name, CAST(? AS VARCHAR), '" + NULL_VERSION
            + "', nextval('os_version_seq'), TRUE, FALSE, CAST(? AS VARCHAR), CAST(? AS BIGINT), CAST(? AS VARCHAR), CAST(? AS VARCHAR),"
            + " CAST(? AS VARCHAR), CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS VARCHAR) FROM k"
            + " ON CONFLICT (bucket, object_key, version_id) DO UPDATE SET seq = EXCLUDED.seq, is_latest = TRUE, delete_marker = FALSE,"
            + " data_id = EXCLUDED.data_id, size = EXCLUDED.size, etag = EXCLUDED.etag, content_type = EXCLUDED.content_type,"
            + " user_metadata = EXCLUDED.user_metadata, created_at = EXCLUDED.created_at, checksum = EXCLUDED.checksum"
            + " WHERE os_object.data_id IS NOT DISTINCT FROM (SELECT data_id FROM old) RETURNING seq),"
            + " gc AS (DELETE FROM os_block WHERE data_id IN (SELECT data_id FROM old) AND data_id <> CAST(? AS VARCHAR)"
            + " AND EXISTS (SELECT 1 FROM up) AND NOT EXISTS"
            + " (SELECT 1 FROM os_object o WHERE o.data_id = os_block.data_id AND NOT (o.bucket = ? AND o.object_key = ? AND o.version_id = '"
            + NULL_VERSION + "'))),"
            + " done AS (DELETE FROM os_pending_data WHERE data_id = ? AND EXISTS (SELECT 1 FROM up))";

    /** Rows one fused statement writes at most (7 parameters each, far below PostgreSQL's 65,535). */
    private static final int MAX_ROWS_PER_STATEMENT = 1000;

    /** Whether commitUnversioned can run here (its statements are PostgreSQL's; H2 in dev takes commitObject). */
    public boolean fusedCommits() throws SQLException {
        Boolean known = postgres;
        if (known == null) {
            try (Connection c = dataSource.getConnection()) {
                known = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
            }
            postgres = known;
        }
        return known;
    }

    private static volatile Boolean postgres;

    private ObjectVersion insertVersion(Connection c, Bucket b, String key, boolean deleteMarker, String dataId, long size,
            String etag, String contentType, String userMetadata, StoredChecksum checksum) throws SQLException {
        String versionId = b.versioned() ? UUID.randomUUID().toString().replace("-", "") : NULL_VERSION;
        // lock the key's current rows (its shard), so concurrent writers of one key go one after the other;
        // the same read says whether a "null" version is there (replaced when unversioned) and whether a row
        // that stays is latest (then un-latested): no further round trip to find either out
        boolean nullFound = false;
        String nullDataId = null;
        boolean latestStays = false;
        try (PreparedStatement s = c.prepareStatement("SELECT version_id, data_id, is_latest FROM os_object WHERE bucket = ? AND object_key = ? FOR UPDATE")) {
            s.setString(1, b.name());
            s.setString(2, key);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    boolean isNull = NULL_VERSION.equals(r.getString(1));
                    if (isNull) {
                        nullFound = true;
                        nullDataId = r.getString(2);
                    }
                    if (r.getBoolean(3) && !(isNull && !b.versioned())) latestStays = true;
                }
            }
        }
        if (!b.versioned() && nullFound) {
            update(c, "DELETE FROM os_object WHERE bucket = ? AND object_key = ? AND version_id = ?", b.name(), key, NULL_VERSION);
            if (nullDataId != null) {
                // its blocks become garbage, unless another version shares the data id
                update(c, "DELETE FROM os_block WHERE data_id = ? AND NOT EXISTS (SELECT 1 FROM os_object WHERE data_id = ?)", nullDataId, nullDataId);
            }
        }
        if (latestStays) {
            update(c, "UPDATE os_object SET is_latest = FALSE WHERE bucket = ? AND object_key = ? AND is_latest = TRUE", b.name(), key);
        }
        long seq;
        try (PreparedStatement s = c.prepareStatement(c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")
                ? "SELECT nextval('os_version_seq')" : "SELECT NEXT VALUE FOR os_version_seq");
             ResultSet r = s.executeQuery()) {
            r.next();
            seq = r.getLong(1);
        }
        ObjectVersion v = new ObjectVersion(b.name(), key, versionId, seq, true, deleteMarker, dataId, size, etag, contentType,
                userMetadata, Instant.now(), checksum);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO os_object (" + OBJECT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, v.bucket());
            s.setString(2, v.key());
            s.setString(3, v.versionId());
            s.setLong(4, v.seq());
            s.setBoolean(5, true);
            s.setBoolean(6, deleteMarker);
            s.setString(7, dataId);
            s.setLong(8, size);
            s.setString(9, etag);
            s.setString(10, contentType);
            s.setString(11, userMetadata);
            s.setTimestamp(12, Timestamp.from(v.createdAt()));
            s.setString(13, StoredChecksum.column(checksum));
            s.executeUpdate();
        }
        return v;
    }

    /** Deletes one version row and its block rows (the blocks on the nodes become garbage). */
    private static boolean deleteVersionRow(Connection c, String bucket, String key, String versionId) throws SQLException {
        String dataId = null;
        boolean found = false;
        try (PreparedStatement s = c.prepareStatement("SELECT data_id FROM os_object WHERE bucket = ? AND object_key = ? AND version_id = ?")) {
            s.setString(1, bucket);
            s.setString(2, key);
            s.setString(3, versionId);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    found = true;
                    dataId = r.getString(1);
                }
            }
        }
        if (!found) return false;
        update(c, "DELETE FROM os_object WHERE bucket = ? AND object_key = ? AND version_id = ?", bucket, key, versionId);
        if (dataId != null && !exists(c, "SELECT 1 FROM os_object WHERE data_id = ?", dataId)) {
            update(c, "DELETE FROM os_block WHERE data_id = ?", dataId);
        }
        return true;
    }

    private static void insertBlocks(Connection c, List<Block> blocks) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO os_block (data_id, seq, block_id, length, crc, layout, nodes) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Block b : blocks) {
                s.setString(1, b.dataId());
                s.setInt(2, b.seq());
                s.setString(3, b.blockId());
                s.setInt(4, b.length());
                s.setInt(5, b.crc());
                s.setString(6, b.layout());
                s.setString(7, b.nodes());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** A bucket (null: no such bucket) and, when it exists, the version a read asked for (null: none). */
    public record Lookup(Bucket bucket, ObjectVersion version) {}

    /**
     * {@link #bucket(String)} and {@link #version} in one statement: the bucket's row, left-joined
     * to the version (and its first block row, as version reads it). A GET or HEAD reads both; one
     * round trip instead of two.
     */
    public Lookup bucketAndVersion(String bucket, String key, String versionId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + OBJECT_COLUMNS_O + ", b.data_id, b.seq, b.block_id, b.length, b.crc, b.layout, b.nodes,"
                     + " k.name, k.owner, k.created_at, k.versioning, k.public_read, k.storage_class"
                     + " FROM os_bucket k LEFT JOIN os_object o ON o.bucket = k.name AND o.object_key = ? AND "
                     + (versionId == null ? "o.is_latest = TRUE" : "o.version_id = ?")
                     + " LEFT JOIN os_block b ON b.data_id = o.data_id AND b.seq = 0 WHERE k.name = ?")) {
            int p = 1;
            s.setString(p++, key);
            if (versionId != null) s.setString(p++, versionId);
            s.setString(p, bucket);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) return new Lookup(null, null);
                Bucket b = new Bucket(r.getString(21), r.getString(22), r.getTimestamp(23).toInstant(), r.getString(24), r.getBoolean(25),
                        r.getString(26));
                return new Lookup(b, r.getString(1) == null ? null : versionWithFirstBlock(r));
            }
        }
    }

    /**
     * The latest version (versionId null) or the given one; delete markers included. The same
     * statement reads the version's first block row: when it holds the whole object (one block, the
     * case of every object up to 4 MiB) it comes with the version, and a GET needs no second lookup.
     */
    public Optional<ObjectVersion> version(String bucket, String key, String versionId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + OBJECT_COLUMNS_O + ", b.data_id, b.seq, b.block_id, b.length, b.crc, b.layout, b.nodes"
                     + " FROM os_object o LEFT JOIN os_block b ON b.data_id = o.data_id AND b.seq = 0 WHERE o.bucket = ? AND o.object_key = ? AND "
                     + (versionId == null ? "o.is_latest = TRUE" : "o.version_id = ?"))) {
            s.setString(1, bucket);
            s.setString(2, key);
            if (versionId != null) s.setString(3, versionId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(versionWithFirstBlock(r)) : Optional.empty();
            }
        }
    }

    /** The version of a row of OBJECT_COLUMNS_O and the first block's columns, with that block when it holds the whole object. */
    private static ObjectVersion versionWithFirstBlock(ResultSet r) throws SQLException {
        ObjectVersion v = object(r);
        if (r.getString(16) == null || r.getInt(17) != v.size()) return v;
        return v.withBlocks(List.of(new Block(r.getString(14), r.getInt(15), r.getString(16), r.getInt(17), r.getInt(18), r.getString(19), r.getString(20))));
    }

    private static ObjectVersion object(ResultSet r) throws SQLException {
        return new ObjectVersion(r.getString(1), r.getString(2), r.getString(3), r.getLong(4), r.getBoolean(5), r.getBoolean(6),
                r.getString(7), r.getLong(8), r.getString(9), r.getString(10), r.getString(11), r.getTimestamp(12).toInstant(),
                StoredChecksum.ofColumn(r.getString(13)));
    }

    public List<Block> blocks(String dataId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT data_id, seq, block_id, length, crc, layout, nodes FROM os_block WHERE data_id = ? ORDER BY seq")) {
            s.setString(1, dataId);
            List<Block> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) out.add(block(r));
            }
            return out;
        }
    }

    private static Block block(ResultSet r) throws SQLException {
        return new Block(r.getString(1), r.getInt(2), r.getString(3), r.getInt(4), r.getInt(5), r.getString(6), r.getString(7));
    }

    /** A page of every block row, ordered by block id (the scrubber walks them). */
    @Transactional
    public List<Block> blocksAfter(String afterBlockId, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT data_id, seq, block_id, length, crc, layout, nodes FROM os_block WHERE block_id > ? ORDER BY block_id")) {
            s.setString(1, afterBlockId);
            s.setMaxRows(limit);
            List<Block> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) out.add(block(r));
            }
            return out;
        }
    }

    /** The scrubber moved a block: new node list. */
    @Transactional
    public void relocate(String blockId, String nodes) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            update(c, "UPDATE os_block SET nodes = ? WHERE block_id = ?", nodes, blockId);
        }
    }

    /**
     * S3 DELETE. Without a version id: unversioned buckets remove the "null" version; versioned ones
     * add a delete marker (suspended: a "null" delete marker replacing the "null" version). With a
     * version id: removes that version for good. Answers the version id removed or created and
     * whether it is a delete marker.
     */
    @Transactional
    public ObjectVersion delete(String bucket, String key, String versionId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Bucket b = bucket(c, bucket, false).orElseThrow(() -> S3Exception.noSuchBucket(bucket));
            try (PreparedStatement s = c.prepareStatement("SELECT version_id FROM os_object WHERE bucket = ? AND object_key = ? FOR UPDATE")) {
                s.setString(1, bucket);
                s.setString(2, key);
                s.executeQuery().close();
            }
            if (versionId != null) {
                Optional<ObjectVersion> v = version(c, bucket, key, versionId);
                if (v.isEmpty()) {
                    return null;
                }
                deleteVersionRow(c, bucket, key, versionId);
                if (v.get().latest()) promoteNewest(c, bucket, key);
                return v.get();
            }
            if ("OFF".equals(b.versioning())) {
                deleteVersionRow(c, bucket, key, NULL_VERSION);
                return null;
            }
            if ("SUSPENDED".equals(b.versioning())) {
                deleteVersionRow(c, bucket, key, NULL_VERSION);
                update(c, "UPDATE os_object SET is_latest = FALSE WHERE bucket = ? AND object_key = ? AND is_latest = TRUE", bucket, key);
                Bucket unversioned = new Bucket(b.name(), b.owner(), b.createdAt(), "SUSPENDED", b.publicRead(), b.storageClass());
                return insertVersion(c, unversioned, key, true, null, 0, null, null, null, null);
            }
            return insertVersion(c, b, key, true, null, 0, null, null, null, null);
        }
    }

    private static Optional<ObjectVersion> version(Connection c, String bucket, String key, String versionId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + OBJECT_COLUMNS + " FROM os_object WHERE bucket = ? AND object_key = ? AND version_id = ?")) {
            s.setString(1, bucket);
            s.setString(2, key);
            s.setString(3, versionId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(object(r)) : Optional.empty();
            }
        }
    }

    private static void promoteNewest(Connection c, String bucket, String key) throws SQLException {
        Long seq = null;
        try (PreparedStatement s = c.prepareStatement("SELECT MAX(seq) FROM os_object WHERE bucket = ? AND object_key = ?")) {
            s.setString(1, bucket);
            s.setString(2, key);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    long v = r.getLong(1);
                    if (!r.wasNull()) seq = v;
                }
            }
        }
        if (seq != null) {
            try (PreparedStatement s = c.prepareStatement("UPDATE os_object SET is_latest = TRUE WHERE bucket = ? AND object_key = ? AND seq = ?")) {
                s.setString(1, bucket);
                s.setString(2, key);
                s.setLong(3, seq);
                s.executeUpdate();
            }
        }
    }

    /**
     * Latest, non-deleted objects of a bucket under a prefix, by key, after startAfter: one page of
     * at most limit rows (ListObjectsV2 folds delimiters on top).
     */
    @Transactional
    public List<ObjectVersion> latest(String bucket, String prefix, String after, int limit) throws SQLException {
        PrefixRange range = prefixRange(prefix);
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + OBJECT_COLUMNS + " FROM os_object WHERE bucket = ? AND is_latest = TRUE"
                     + " AND delete_marker = FALSE AND object_key > ? AND object_key LIKE ? ESCAPE '!'" + range.sql() + " ORDER BY object_key")) {
            s.setString(1, bucket);
            s.setString(2, after == null ? "" : after);
            s.setString(3, likePrefix(prefix));
            range.bind(s, 4);
            s.setMaxRows(limit);
            List<ObjectVersion> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) out.add(object(r));
            }
            return out;
        }
    }

    /** Every version and delete marker under a prefix, by key then newest first, from (keyMarker, seq below seqMarker). */
    @Transactional
    public List<ObjectVersion> versions(String bucket, String prefix, String keyMarker, long seqBelow, int limit) throws SQLException {
        PrefixRange range = prefixRange(prefix);
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + OBJECT_COLUMNS + " FROM os_object WHERE bucket = ? AND object_key LIKE ? ESCAPE '!'"
                     + range.sql() + " AND object_key >= ? AND (object_key > ? OR (object_key = ? AND seq < ?)) ORDER BY object_key, seq DESC")) {
            s.setString(1, bucket);
            s.setString(2, likePrefix(prefix));
            int p = range.bind(s, 3);
            s.setString(p++, keyMarker == null ? "" : keyMarker);
            s.setString(p++, keyMarker == null ? "" : keyMarker);
            s.setString(p++, keyMarker == null ? "" : keyMarker);
            s.setLong(p, seqBelow);
            s.setMaxRows(limit);
            List<ObjectVersion> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) out.add(object(r));
            }
            return out;
        }
    }

    /**
     * The key range of a prefix as index bounds ({@code object_key >= prefix AND object_key <
     * end}), beside the LIKE that decides: the ObjectStorageDS connections run with generic plans
     * (plan_cache_mode, in the datasource's options), and a generic plan cannot derive bounds from a
     * LIKE parameter as a custom plan derives them from a literal; without them a prefix listing
     * would read the bucket's keys from the start. object_key is COLLATE "C" (byte order, which for
     * UTF-8 is code point order), so the least key above every key with the prefix is the prefix with
     * its last code point incremented. Bounds only on PostgreSQL (H2 in dev compares UTF-16 units).
     */
    record PrefixRange(String from, String to) {

        String sql() {
            return (from == null ? "" : " AND object_key >= ?") + (to == null ? "" : " AND object_key < ?");
        }

        /** Binds the bounds from parameter index p on; answers the next index. */
        int bind(PreparedStatement s, int p) throws SQLException {
            if (from != null) s.setString(p++, from);
            if (to != null) s.setString(p++, to);
            return p;
        }
    }

    private PrefixRange prefixRange(String prefix) throws SQLException {
        if (prefix == null || prefix.isEmpty() || !fusedCommits()) return new PrefixRange(null, null);
        return new PrefixRange(prefix, prefixEnd(prefix));
    }

    /** The least string (in code point order) above every string that starts with prefix; null when there is none. */
    static String prefixEnd(String prefix) {
        int[] cps = prefix.codePoints().toArray();
        for (int i = cps.length - 1; i >= 0; i--) {
            if (cps[i] < Character.MAX_CODE_POINT) {
                int next = cps[i] + 1 == Character.MIN_SURROGATE ? Character.MAX_SURROGATE + 1 : cps[i] + 1;
                return new String(cps, 0, i) + Character.toString(next);
            }
        }
        return null;
    }

    private static String likePrefix(String prefix) {
        String p = prefix == null ? "" : prefix;
        return p.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    // ---- multipart -----------------------------------------------------------------------------------

    @Transactional
    public Upload createUpload(String bucket, String key, String owner, String contentType, String userMetadata, String checksumAlgorithm,
            String checksumType) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            bucket(c, bucket, false).orElseThrow(() -> S3Exception.noSuchBucket(bucket));
            Upload u = new Upload(UUID.randomUUID().toString().replace("-", ""), bucket, key, owner, contentType, userMetadata, Instant.now(),
                    checksumAlgorithm, checksumType);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO os_upload (upload_id, bucket, object_key, owner, content_type, user_metadata,"
                    + " created_at, checksum_algorithm, checksum_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, u.uploadId());
                s.setString(2, bucket);
                s.setString(3, key);
                s.setString(4, owner);
                s.setString(5, contentType);
                s.setString(6, userMetadata);
                s.setTimestamp(7, Timestamp.from(u.createdAt()));
                s.setString(8, checksumAlgorithm);
                s.setString(9, checksumType);
                s.executeUpdate();
            }
            return u;
        }
    }

    @Transactional
    public Upload upload(String bucket, String key, String uploadId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return upload(c, bucket, key, uploadId, false);
        }
    }

    private static Upload upload(Connection c, String bucket, String key, String uploadId, boolean lock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + UPLOAD_COLUMNS + " FROM os_upload WHERE upload_id = ?" + (lock ? " FOR UPDATE" : ""))) {
            s.setString(1, uploadId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next() || !r.getString(2).equals(bucket) || !r.getString(3).equals(key)) throw S3Exception.noSuchUpload(uploadId);
                return upload(r);
            }
        }
    }

    @Transactional
    public List<Upload> uploads(String bucket) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + UPLOAD_COLUMNS + " FROM os_upload WHERE bucket = ? ORDER BY object_key, created_at")) {
            s.setString(1, bucket);
            List<Upload> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) out.add(upload(r));
            }
            return out;
        }
    }

    private static final String UPLOAD_COLUMNS = "upload_id, bucket, object_key, owner, content_type, user_metadata, created_at, checksum_algorithm,"
            + " checksum_type";

    private static Upload upload(ResultSet r) throws SQLException {
        return new Upload(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6),
                r.getTimestamp(7).toInstant(), r.getString(8), r.getString(9));
    }

    /** Records an uploaded part (its blocks already on the nodes); a part uploaded again replaces the earlier one. */
    @Transactional
    public Part commitPart(String bucket, String key, String uploadId, int partNumber, String dataId, long size, String etag,
            StoredChecksum checksum, List<Block> blocks) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            upload(c, bucket, key, uploadId, true);
            String oldData = null;
            try (PreparedStatement s = c.prepareStatement("SELECT data_id FROM os_part WHERE upload_id = ? AND part_number = ?")) {
                s.setString(1, uploadId);
                s.setInt(2, partNumber);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) oldData = r.getString(1);
                }
            }
            if (oldData != null) {
                update(c, "DELETE FROM os_block WHERE data_id = ?", oldData);
                try (PreparedStatement s = c.prepareStatement("DELETE FROM os_part WHERE upload_id = ? AND part_number = ?")) {
                    s.setString(1, uploadId);
                    s.setInt(2, partNumber);
                    s.executeUpdate();
                }
            }
            Part p = new Part(uploadId, partNumber, dataId, size, etag, Instant.now(), checksum);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO os_part (upload_id, part_number, data_id, size, etag, created_at, checksum)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, uploadId);
                s.setInt(2, partNumber);
                s.setString(3, dataId);
                s.setLong(4, size);
                s.setString(5, etag);
                s.setTimestamp(6, Timestamp.from(p.createdAt()));
                s.setString(7, StoredChecksum.column(checksum));
                s.executeUpdate();
            }
            insertBlocks(c, blocks);
            update(c, "DELETE FROM os_pending_data WHERE data_id = ?", dataId);
            return p;
        }
    }

    @Transactional
    public List<Part> parts(String bucket, String key, String uploadId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            upload(c, bucket, key, uploadId, false);
            return parts(c, uploadId);
        }
    }

    private static List<Part> parts(Connection c, String uploadId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT upload_id, part_number, data_id, size, etag, created_at, checksum FROM os_part WHERE upload_id = ?"
                + " ORDER BY part_number")) {
            s.setString(1, uploadId);
            List<Part> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Part(r.getString(1), r.getInt(2), r.getString(3), r.getLong(4), r.getString(5), r.getTimestamp(6).toInstant(),
                            StoredChecksum.ofColumn(r.getString(7))));
                }
            }
            return out;
        }
    }

    /** A part the client names in CompleteMultipartUpload, with the checksum it gives for it (null when none). */
    public record CompletedPart(int partNumber, String etag, StoredChecksum checksum) {}

    public static final long MIN_PART_SIZE = 5L << 20;

    /**
     * Completes a multipart upload: checks the listed parts (InvalidPart, InvalidPartOrder,
     * EntityTooSmall), moves their blocks under one new data id in order, drops unlisted parts'
     * blocks, and commits the object with S3's multipart ETag: md5 of the parts' binary md5s, "-N".
     * A checksum the client gives for a part must be the one the part was uploaded with (InvalidPart);
     * the object's checksum is {@link FlexibleChecksum#ofParts} of the listed parts.
     */
    @Transactional
    public ObjectVersion completeUpload(String bucket, String key, String uploadId, List<CompletedPart> listed) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Upload u = upload(c, bucket, key, uploadId, true);
            Bucket b = bucket(c, bucket, false).orElseThrow(() -> S3Exception.noSuchBucket(bucket));
            if (listed.isEmpty()) {
                throw new S3Exception("MalformedXML", 400, "You must specify at least one part");
            }
            java.util.Map<Integer, Part> stored = new java.util.HashMap<>();
            for (Part p : parts(c, uploadId)) stored.put(p.partNumber(), p);
            MessageDigest md5 = md5();
            List<Part> inOrder = new ArrayList<>();
            long size = 0;
            int previous = 0;
            String dataId = UUID.randomUUID().toString().replace("-", "");
            for (int i = 0; i < listed.size(); i++) {
                CompletedPart cp = listed.get(i);
                if (cp.partNumber() <= previous) {
                    throw new S3Exception("InvalidPartOrder", 400, "The list of parts was not in ascending order.");
                }
                previous = cp.partNumber();
                Part p = stored.get(cp.partNumber());
                if (p == null || !p.etag().equals(unquote(cp.etag()))) {
                    throw new S3Exception("InvalidPart", 400, "One or more of the specified parts could not be found or its entity tag did not match: part "
                            + cp.partNumber());
                }
                if (cp.checksum() != null && !cp.checksum().equals(p.checksum())) {
                    throw new S3Exception("InvalidPart", 400, "The " + cp.checksum().xmlElement() + " given for part " + cp.partNumber()
                            + " is not the checksum it was uploaded with" + (p.checksum() == null ? " (it was uploaded without one)" : ""));
                }
                inOrder.add(p);
                if (i < listed.size() - 1 && p.size() < MIN_PART_SIZE) {
                    throw new S3Exception("EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed object size: part " + cp.partNumber());
                }
                md5.update(HexFormat.of().parseHex(p.etag()));
                size += p.size();
                // the part's blocks become the object's, in part order
                try (PreparedStatement s = c.prepareStatement("UPDATE os_block SET data_id = ?, seq = ? + seq WHERE data_id = ?")) {
                    s.setString(1, dataId);
                    s.setInt(2, cp.partNumber() * 100_000);
                    s.setString(3, p.dataId());
                    s.executeUpdate();
                }
                stored.remove(cp.partNumber());
            }
            for (Part unlisted : stored.values()) {
                update(c, "DELETE FROM os_block WHERE data_id = ?", unlisted.dataId());
            }
            update(c, "DELETE FROM os_part WHERE upload_id = ?", uploadId);
            update(c, "DELETE FROM os_upload WHERE upload_id = ?", uploadId);
            String etag = HexFormat.of().formatHex(md5.digest()) + "-" + listed.size();
            StoredChecksum checksum = FlexibleChecksum.ofParts(u.checksumAlgorithm(), u.checksumType(), inOrder);
            return insertVersion(c, b, key, false, dataId, size, etag, u.contentType(), u.userMetadata(), checksum);
        }
    }

    @Transactional
    public void abortUpload(String bucket, String key, String uploadId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            upload(c, bucket, key, uploadId, true);
            for (Part p : parts(c, uploadId)) update(c, "DELETE FROM os_block WHERE data_id = ?", p.dataId());
            update(c, "DELETE FROM os_part WHERE upload_id = ?", uploadId);
            update(c, "DELETE FROM os_upload WHERE upload_id = ?", uploadId);
        }
    }

    private static String unquote(String etag) {
        if (etag == null) return "";
        String e = etag.trim();
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- access keys -------------------------------------------------------------------------------

    @Transactional
    public AccessKey createAccessKey(String owner, boolean staff) throws SQLException {
        return insertAccessKey(newKeyId(), newSecret(), owner, staff);
    }

    @Transactional
    public int liveAccessKeys(String owner) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM os_access_key WHERE owner = ? AND revoked_at IS NULL")) {
            s.setString(1, owner);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    /** Dev only: a fixed key pair, created once. */
    @Transactional
    public void ensureAccessKey(String accessKeyId, String secret, String owner, boolean staff) throws SQLException {
        if (accessKey(accessKeyId).isEmpty()) insertAccessKey(accessKeyId, secret, owner, staff);
    }

    private AccessKey insertAccessKey(String id, String secret, String owner, boolean staff) throws SQLException {
        AccessKey k = new AccessKey(id, secret, owner, staff, Instant.now(), null);
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO os_access_key (access_key_id, secret, owner, staff, created_at) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, secret);
            s.setString(3, owner);
            s.setBoolean(4, staff);
            s.setTimestamp(5, Timestamp.from(k.createdAt()));
            s.executeUpdate();
        }
        return k;
    }

    public Optional<AccessKey> accessKey(String accessKeyId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT access_key_id, secret, owner, staff, created_at, revoked_at FROM os_access_key WHERE access_key_id = ?")) {
            s.setString(1, accessKeyId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) return Optional.empty();
                Timestamp revoked = r.getTimestamp(6);
                return Optional.of(new AccessKey(r.getString(1), r.getString(2), r.getString(3), r.getBoolean(4),
                        r.getTimestamp(5).toInstant(), revoked == null ? null : revoked.toInstant()));
            }
        }
    }

    /** Revokes a key of the owner (staff may revoke any); false when there is no such live key. */
    @Transactional
    public boolean revokeAccessKey(String accessKeyId, String owner) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE os_access_key SET revoked_at = ? WHERE access_key_id = ? AND revoked_at IS NULL"
                     + (owner == null ? "" : " AND owner = ?"))) {
            s.setTimestamp(1, Timestamp.from(Instant.now()));
            s.setString(2, accessKeyId);
            if (owner != null) s.setString(3, owner);
            return s.executeUpdate() == 1;
        }
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private static String newKeyId() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder b = new StringBuilder("RKIA");
        for (int i = 0; i < 16; i++) b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        return b.toString();
    }

    private static String newSecret() {
        byte[] bytes = new byte[30];
        RANDOM.nextBytes(bytes);
        return java.util.Base64.getEncoder().encodeToString(bytes).replace('+', 'x').replace('/', 'y');
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static boolean exists(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            s.setMaxRows(1);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    private static int update(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) s.setString(i + 1, args[i]);
            return s.executeUpdate();
        }
    }
}
