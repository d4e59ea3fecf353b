-- Issue 15: history ids from a sequence that Hibernate draws 50 at a time, instead of an identity
-- column. An identity value exists only after the INSERT, so every history row was inserted at
-- once and alone; with the sequence, rows join the flush's JDBC batches. Existing rows keep their
-- ids; the sequence starts above the largest (vendor migration V11_1). No column default: every
-- id comes through Hibernate's pool (a plain nextval would hand out the top of a block some
-- server is still using).
ALTER TABLE payment_order_history ALTER COLUMN id DROP IDENTITY;
CREATE SEQUENCE payment_order_history_seq START WITH 50 INCREMENT BY 50;
