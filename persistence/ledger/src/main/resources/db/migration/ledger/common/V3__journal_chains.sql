-- Sixteen hash chains instead of one (measured: the single journal_head row, locked through
-- two-phase commit by every posting, was the pay-in bottleneck). A business event goes to the
-- chain its (kind, reference) hashes to; each chain has its own head, sequence and hash chain,
-- and GET /v1/ledger/verify checks every chain. Existing transactions are chain 1, unchanged.
-- account_balance is sharded the same way (one row per account and chain, the balance being
-- their sum), so the clearing account psp-receivable is no longer one hot row either.
ALTER TABLE journal_head DROP CONSTRAINT ck_journal_head_single;
ALTER TABLE journal_head ADD CONSTRAINT ck_journal_head_chain CHECK (id BETWEEN 1 AND 16);
INSERT INTO journal_head (id, sequence_no, hash) VALUES
    (2, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
    (3, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
    (4, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
    (5, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
    (6, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
    (7, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
    (8, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
    (9, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
    (10, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
    (11, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
    (12, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
    (13, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
    (14, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
    (15, 0, '0000000000000000000000000000000000000000000000000000000000000000'),
    (16, 0, '0000000000000000000000000000000000000000000000000000000000000000');

ALTER TABLE journal_transaction ADD COLUMN chain INTEGER DEFAULT 1 NOT NULL;
ALTER TABLE journal_transaction DROP CONSTRAINT uq_journal_transaction_sequence;
ALTER TABLE journal_transaction ADD CONSTRAINT uq_journal_transaction_chain_sequence UNIQUE (chain, sequence_no);

-- (H2 lets the foreign key use the primary key's index, so the key goes first and comes back last)
ALTER TABLE account_balance ADD COLUMN shard INTEGER DEFAULT 1 NOT NULL;
ALTER TABLE account_balance DROP CONSTRAINT fk_account_balance_account;
ALTER TABLE account_balance DROP CONSTRAINT pk_account_balance;
ALTER TABLE account_balance ADD CONSTRAINT pk_account_balance PRIMARY KEY (account_id, shard);
ALTER TABLE account_balance
    ADD CONSTRAINT fk_account_balance_account FOREIGN KEY (account_id) REFERENCES ledger_account (id);
