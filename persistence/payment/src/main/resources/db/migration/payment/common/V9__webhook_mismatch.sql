-- Signed PSP successes whose amount, currency or token did not match the payment order (issue 11):
-- they are answered 422 and not applied; each is kept here, one row per PSP event, until staff
-- reconcile it with the PSP (reconciled_at set).
CREATE TABLE payment_webhook_mismatch (
    event_id         VARCHAR(200)  NOT NULL,
    payment_order_id VARCHAR(100)  NOT NULL,
    mismatch         VARCHAR(1000) NOT NULL,
    recorded_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    reconciled_at    TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT pk_payment_webhook_mismatch PRIMARY KEY (event_id)
);
CREATE INDEX ix_payment_webhook_mismatch_order ON payment_webhook_mismatch (payment_order_id);
