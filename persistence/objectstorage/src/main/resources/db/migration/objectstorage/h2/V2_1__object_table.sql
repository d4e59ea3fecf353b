-- The object table (dev, H2): the same columns as PostgreSQL's, unsharded (H2 has no partitions).
CREATE SEQUENCE os_version_seq;
CREATE TABLE os_object (
    bucket        VARCHAR(63)   NOT NULL,
    object_key    VARCHAR(1024) NOT NULL,
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
);
CREATE INDEX ix_os_object_data ON os_object (data_id);
