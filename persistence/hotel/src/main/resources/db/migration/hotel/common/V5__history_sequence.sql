-- Issue 15: history ids from a sequence that Hibernate draws 50 at a time, instead of an identity
-- column, so history rows join the flush's JDBC batches instead of being inserted at once and
-- alone. Existing rows keep their ids; the sequence starts above the largest (vendor migration
-- V5_1). No column default: every id comes through Hibernate's pool.
ALTER TABLE reservation_history ALTER COLUMN history_id DROP IDENTITY;
CREATE SEQUENCE reservation_history_seq START WITH 50 INCREMENT BY 50;
