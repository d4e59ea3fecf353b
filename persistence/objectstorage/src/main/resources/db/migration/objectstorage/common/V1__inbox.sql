-- The inbox of idempotent consumers: a message applied to this database is recorded here in the
-- same transaction as its effect, so a redelivery is recognised and skipped.
CREATE TABLE processed_message (
    consumer     VARCHAR(100) NOT NULL,
    message_id   VARCHAR(200) NOT NULL,
    processed_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_processed_message PRIMARY KEY (consumer, message_id)
);
