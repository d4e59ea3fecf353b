-- The double-entry journal. A journal transaction is a set of entries (postings) whose amounts
-- sum to zero per currency: debits positive, credits negative. Transactions are appended in one
-- global sequence and hash-chained (hash = SHA-256 over the previous hash and the transaction),
-- so a changed or removed row is detectable. Nothing here is ever updated or deleted: a mistake
-- is corrected by a reversing transaction.
CREATE TABLE ledger_account (
    id         VARCHAR(200) NOT NULL,
    type       VARCHAR(20)  NOT NULL,
    currency   VARCHAR(3)     NOT NULL,
    created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_ledger_account PRIMARY KEY (id),
    CONSTRAINT ck_ledger_account_type CHECK (type IN ('ASSET', 'LIABILITY', 'REVENUE', 'EXPENSE'))
);

CREATE TABLE journal_transaction (
    id            VARCHAR(36)  NOT NULL,
    sequence_no   BIGINT       NOT NULL,
    kind          VARCHAR(50)  NOT NULL,
    reference     VARCHAR(200) NOT NULL,
    occurred_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    previous_hash VARCHAR(64)     NOT NULL,
    hash          VARCHAR(64)     NOT NULL,
    CONSTRAINT pk_journal_transaction PRIMARY KEY (id),
    CONSTRAINT uq_journal_transaction_sequence UNIQUE (sequence_no),
    -- a business event is posted once: (kind, reference) is the ledger's idempotency key
    CONSTRAINT uq_journal_transaction_reference UNIQUE (kind, reference)
);

CREATE TABLE journal_entry (
    transaction_id VARCHAR(36)    NOT NULL,
    line_no        INTEGER        NOT NULL,
    account_id     VARCHAR(200)   NOT NULL,
    amount         NUMERIC(19, 4) NOT NULL,
    currency       VARCHAR(3)       NOT NULL,
    CONSTRAINT pk_journal_entry PRIMARY KEY (transaction_id, line_no),
    CONSTRAINT fk_journal_entry_transaction FOREIGN KEY (transaction_id) REFERENCES journal_transaction (id),
    CONSTRAINT fk_journal_entry_account FOREIGN KEY (account_id) REFERENCES ledger_account (id),
    CONSTRAINT ck_journal_entry_amount CHECK (amount <> 0)
);
CREATE INDEX ix_journal_entry_account ON journal_entry (account_id, transaction_id);

-- The head of the chain: one row, locked by every posting, so sequence and hash chain are total.
CREATE TABLE journal_head (
    id          INTEGER  NOT NULL,
    sequence_no BIGINT   NOT NULL,
    hash        VARCHAR(64) NOT NULL,
    CONSTRAINT pk_journal_head PRIMARY KEY (id),
    CONSTRAINT ck_journal_head_single CHECK (id = 1)
);
INSERT INTO journal_head (id, sequence_no, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Balances are a projection of the journal, kept in the posting's transaction for fast reads;
-- GET /v1/ledger/verify recomputes them from the entries.
CREATE TABLE account_balance (
    account_id    VARCHAR(200)   NOT NULL,
    balance       NUMERIC(19, 4) NOT NULL,
    last_sequence BIGINT         NOT NULL,
    CONSTRAINT pk_account_balance PRIMARY KEY (account_id),
    CONSTRAINT fk_account_balance_account FOREIGN KEY (account_id) REFERENCES ledger_account (id)
);
