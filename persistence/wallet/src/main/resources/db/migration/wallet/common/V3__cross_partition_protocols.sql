-- Where a transfer across partitions stands, kept in the database of the partition that is
-- debited (the chapter's choice), so a coordinator that stops half-way is resumed from here.
--
-- TC/C: the chapter's phase status table. Choice 1: the Try debits the from account (try_from);
-- the to side's Try is a no-op (try_to DONE at once); Confirm credits the to account, Cancel gives
-- the Try's money back. out_of_order: the Cancel reached the from partition before its Try.
CREATE TABLE tcc_phase (
    transaction_id      VARCHAR(100)   NOT NULL,
    from_account        VARCHAR(64)    NOT NULL,
    to_account          VARCHAR(64)    NOT NULL,
    amount              NUMERIC(19, 4) NOT NULL,
    currency            CHAR(3)        NOT NULL,
    try_from            VARCHAR(12)    NOT NULL,
    try_to              VARCHAR(12)    NOT NULL,
    second_phase        VARCHAR(10),
    second_phase_status VARCHAR(12),
    out_of_order        BOOLEAN        NOT NULL,
    created_at          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_tcc_phase PRIMARY KEY (transaction_id)
);

-- Saga: a linear orchestration, debit first, then credit; compensated in reverse order (the
-- debit is given back) when the credit cannot be made.
CREATE TABLE saga_transfer (
    transaction_id VARCHAR(100)   NOT NULL,
    from_account   VARCHAR(64)    NOT NULL,
    to_account     VARCHAR(64)    NOT NULL,
    amount         NUMERIC(19, 4) NOT NULL,
    currency       CHAR(3)        NOT NULL,
    step           VARCHAR(20)    NOT NULL,
    created_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_saga_transfer PRIMARY KEY (transaction_id)
);
