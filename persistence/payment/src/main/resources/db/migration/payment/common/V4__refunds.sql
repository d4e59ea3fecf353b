-- Refunds of captured payment orders, full or partial, never above what was captured (the order
-- row's check constraint on refunded_amount enforces that too). refund_id is the PSP's
-- idempotency key for the refund.
CREATE TABLE payment_refund (
    refund_id        VARCHAR(100)   NOT NULL,
    payment_order_id VARCHAR(100)   NOT NULL,
    amount           NUMERIC(19, 4) NOT NULL,
    currency         VARCHAR(3)     NOT NULL,
    psp_reference    VARCHAR(200),
    requested_by     VARCHAR(100)   NOT NULL,
    created_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_payment_refund PRIMARY KEY (refund_id),
    CONSTRAINT fk_payment_refund_order FOREIGN KEY (payment_order_id) REFERENCES payment_order (payment_order_id),
    CONSTRAINT ck_payment_refund_amount CHECK (amount > 0)
);
CREATE INDEX ix_payment_refund_order ON payment_refund (payment_order_id);
