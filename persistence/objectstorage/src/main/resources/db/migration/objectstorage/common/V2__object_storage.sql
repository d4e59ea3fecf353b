-- Object storage's metadata (chapter 9: the metadata service's tables). The object table itself
-- is created per engine (V2_1): on PostgreSQL it is sharded by hash(bucket, object_key).

-- Buckets: owner, versioning (OFF, ENABLED, SUSPENDED), public-read flag, storage class.
CREATE TABLE os_bucket (
    name          VARCHAR(63)  NOT NULL,
    owner         VARCHAR(100) NOT NULL,
    created_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    versioning    VARCHAR(10)  NOT NULL,
    public_read   BOOLEAN      NOT NULL,
    storage_class VARCHAR(20)  NOT NULL,
    CONSTRAINT pk_os_bucket PRIMARY KEY (name),
    CONSTRAINT ck_os_bucket_versioning CHECK (versioning IN ('OFF', 'ENABLED', 'SUSPENDED')),
    CONSTRAINT ck_os_bucket_class CHECK (storage_class IN ('REPLICATED', 'ERASURE_CODED'))
);
CREATE INDEX ix_os_bucket_owner ON os_bucket (owner);

-- Where the bytes are: one row per block of an object version or of an upload part (data_id).
-- layout R3 = the block on each node of `nodes`; RS4_2 = shard i on the i-th node of `nodes`.
-- length = the block's data bytes; crc = CRC32C of the block (R3) for the end-to-end check.
CREATE TABLE os_block (
    data_id   VARCHAR(40)  NOT NULL,
    seq       INTEGER      NOT NULL,
    block_id  VARCHAR(100) NOT NULL,
    length    INTEGER      NOT NULL,
    crc       INTEGER      NOT NULL,
    layout    VARCHAR(10)  NOT NULL,
    nodes     VARCHAR(400) NOT NULL,
    CONSTRAINT pk_os_block PRIMARY KEY (data_id, seq)
);
CREATE UNIQUE INDEX ux_os_block_id ON os_block (block_id);

-- Record intent, call, complete: a data_id is recorded here (its own short transaction) before any
-- byte goes to a data node, and removed in the transaction that commits the metadata pointing at
-- it. Garbage collection deletes the blocks of intents older than its grace period.
CREATE TABLE os_pending_data (
    data_id    VARCHAR(40) NOT NULL,
    created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_os_pending_data PRIMARY KEY (data_id)
);

-- Multipart uploads in progress, and their parts.
CREATE TABLE os_upload (
    upload_id     VARCHAR(40)   NOT NULL,
    bucket        VARCHAR(63)   NOT NULL,
    object_key    VARCHAR(1024) NOT NULL,
    owner         VARCHAR(100)  NOT NULL,
    content_type  VARCHAR(255),
    user_metadata VARCHAR(8000),
    created_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_os_upload PRIMARY KEY (upload_id)
);
CREATE INDEX ix_os_upload_bucket ON os_upload (bucket, object_key);

CREATE TABLE os_part (
    upload_id   VARCHAR(40) NOT NULL,
    part_number INTEGER     NOT NULL,
    data_id     VARCHAR(40) NOT NULL,
    size        BIGINT      NOT NULL,
    etag        VARCHAR(80) NOT NULL,
    created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_os_part PRIMARY KEY (upload_id, part_number)
);

-- S3 access keys, per Reckon user (staff: the user had the staff role when the key was made,
-- so the key sees every bucket). The secret is kept because SigV4 verification recomputes the
-- HMAC with it (as AWS does); revoked keys stay for the audit trail.
CREATE TABLE os_access_key (
    access_key_id VARCHAR(40)  NOT NULL,
    secret        VARCHAR(80)  NOT NULL,
    owner         VARCHAR(100) NOT NULL,
    staff         BOOLEAN      NOT NULL,
    created_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    revoked_at    TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT pk_os_access_key PRIMARY KEY (access_key_id)
);
CREATE INDEX ix_os_access_key_owner ON os_access_key (owner);
