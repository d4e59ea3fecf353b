-- Issue 11, item 5: a refund is an intent, committed before the PSP is asked, then completed (the
-- payment_refund row, the order's status and the ledger reversal, in one XA transaction) by the
-- request that asked, or, if that one never committed, by the refund sweep, which asks the PSP
-- again by refund_id (the PSP's idempotency key) once due_at has passed (a payment.refunded
-- webhook makes the order's open intents due at once). Completion is keyed by refund_id, so a
-- refund is recorded exactly once whoever completes it.
CREATE TABLE payment_refund_intent (
    refund_id        VARCHAR(100)   NOT NULL,
    payment_order_id VARCHAR(100)   NOT NULL,
    amount           NUMERIC(19, 4) NOT NULL,
    currency         VARCHAR(3)     NOT NULL,
    requested_by     VARCHAR(100)   NOT NULL,
    status           VARCHAR(20)    NOT NULL,
    created_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    due_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    closed_at        TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT pk_payment_refund_intent PRIMARY KEY (refund_id),
    CONSTRAINT fk_payment_refund_intent_order FOREIGN KEY (payment_order_id) REFERENCES payment_order (payment_order_id),
    CONSTRAINT ck_payment_refund_intent_status CHECK (status IN ('REQUESTED', 'COMPLETED', 'FAILED'))
);
CREATE INDEX ix_payment_refund_intent_due ON payment_refund_intent (status, due_at);
CREATE INDEX ix_payment_refund_intent_order ON payment_refund_intent (payment_order_id);
