-- PostgreSQL only: the inbox key is checked at commit, i.e. at PREPARE under XA. A duplicate
-- delivery that raced another consumer then aborts the whole distributed transaction before any
-- resource commits, instead of failing half-way through the consumer's work.
ALTER TABLE processed_message DROP CONSTRAINT pk_processed_message;
ALTER TABLE processed_message
    ADD CONSTRAINT pk_processed_message PRIMARY KEY (consumer, message_id) DEFERRABLE INITIALLY DEFERRED;
