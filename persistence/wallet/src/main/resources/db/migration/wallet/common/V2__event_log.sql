-- One wallet partition's event-sourced log (chapter 12). Every partition database holds the same
-- tables; accounts are spread over the partitions by a hash of their id.
--
-- The command list: every command the partition's single writer accepted for validation, in the
-- order it validated them (seq), durable before anyone is answered.
CREATE TABLE wallet_command (
    seq          BIGINT        NOT NULL,
    command_key  VARCHAR(200)  NOT NULL,
    body         VARCHAR(1000) NOT NULL,
    received_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_wallet_command PRIMARY KEY (seq)
);

-- The event list: what the state machine emitted for each command, in order. Balances are state
-- derived from these rows only (balance_after is the state machine's running balance, kept so a
-- balance as of any event or instant is one indexed read; the rebuild check recomputes it).
CREATE TABLE wallet_event (
    seq           BIGINT        NOT NULL,
    command_seq   BIGINT        NOT NULL,
    command_key   VARCHAR(200)  NOT NULL,
    fingerprint   VARCHAR(64)   NOT NULL,
    type          VARCHAR(20)   NOT NULL,
    tx_id         VARCHAR(100)  NOT NULL,
    account_id    VARCHAR(64),
    amount        NUMERIC(19, 4),
    currency      CHAR(3),
    balance_after NUMERIC(19, 4),
    detail        VARCHAR(200),
    created_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_wallet_event PRIMARY KEY (seq)
);
CREATE INDEX ix_wallet_event_account ON wallet_event (account_id, seq);

-- Snapshots of the whole partition state after event seq: periodic, at 00:00 UTC, and on demand.
CREATE TABLE wallet_snapshot (
    seq       BIGINT       NOT NULL,
    taken_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    reason    VARCHAR(20)  NOT NULL,
    state     TEXT         NOT NULL,
    CONSTRAINT pk_wallet_snapshot PRIMARY KEY (seq)
);
