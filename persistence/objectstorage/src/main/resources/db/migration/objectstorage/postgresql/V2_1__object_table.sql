-- The object table, sharded as chapter 9 shards it: by hash(bucket_name, object_name). Here the
-- shards are PostgreSQL hash partitions of one table (8 of them); the database routes each row
-- and each key lookup to its shard. Listing a bucket reads every shard (ordered by key through
-- the primary key's index in each). One row per version; version_id 'null' is the version of an
-- unversioned (or suspended) bucket, as S3 names it; seq orders a key's versions. Keys sort
-- in binary (UTF-8) order, as S3 lists them: COLLATE "C" whatever the database's locale.
CREATE SEQUENCE os_version_seq;
CREATE TABLE os_object (
    bucket        VARCHAR(63)   NOT NULL,
    object_key    VARCHAR(1024) COLLATE "C" NOT NULL,
    version_id    VARCHAR(40)   NOT NULL,
    seq           BIGINT        NOT NULL,
    is_latest     BOOLEAN       NOT NULL,
    delete_marker BOOLEAN       NOT NULL,
    data_id       VARCHAR(40),
    size          BIGINT        NOT NULL,
    etag          VARCHAR(80),
    content_type  VARCHAR(255),
    user_metadata VARCHAR(8000),
    created_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_os_object PRIMARY KEY (bucket, object_key, version_id)
) PARTITION BY HASH (bucket, object_key);
CREATE TABLE os_object_s0 PARTITION OF os_object FOR VALUES WITH (MODULUS 8, REMAINDER 0);
CREATE TABLE os_object_s1 PARTITION OF os_object FOR VALUES WITH (MODULUS 8, REMAINDER 1);
CREATE TABLE os_object_s2 PARTITION OF os_object FOR VALUES WITH (MODULUS 8, REMAINDER 2);
CREATE TABLE os_object_s3 PARTITION OF os_object FOR VALUES WITH (MODULUS 8, REMAINDER 3);
CREATE TABLE os_object_s4 PARTITION OF os_object FOR VALUES WITH (MODULUS 8, REMAINDER 4);
CREATE TABLE os_object_s5 PARTITION OF os_object FOR VALUES WITH (MODULUS 8, REMAINDER 5);
CREATE TABLE os_object_s6 PARTITION OF os_object FOR VALUES WITH (MODULUS 8, REMAINDER 6);
CREATE TABLE os_object_s7 PARTITION OF os_object FOR VALUES WITH (MODULUS 8, REMAINDER 7);
CREATE INDEX ix_os_object_data ON os_object (data_id);
