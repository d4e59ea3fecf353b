-- The platform's Idempotency-Key store, in the object-storage database (every context database carries it; access-key creation could opt in).
CREATE TABLE idempotency_record (
    principal         VARCHAR(100)  NOT NULL,
    idem_key          VARCHAR(255)  NOT NULL,
    request_hash      VARCHAR(64)   NOT NULL,
    state             VARCHAR(20)   NOT NULL,
    response_status   INTEGER,
    response_body     VARCHAR(1000000),
    response_location VARCHAR(2000),
    created_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    locked_until      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    claimed_by        VARCHAR(200),
    CONSTRAINT pk_idempotency_record PRIMARY KEY (principal, idem_key),
    CONSTRAINT ck_idempotency_record_state CHECK (state IN ('IN_PROGRESS', 'COMPLETED'))
);
CREATE INDEX ix_idempotency_record_expiry ON idempotency_record (expires_at);
