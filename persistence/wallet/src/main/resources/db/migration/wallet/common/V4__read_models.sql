-- CQRS read models of one partition, fed from its published event list by the partition's
-- projector (never written by the commands' side): the balance view that lists a customer's
-- accounts, the transaction history, and how far the projector got.
CREATE TABLE wallet_balance_view (
    account_id  VARCHAR(64)    NOT NULL,
    owner       VARCHAR(100)   NOT NULL,
    currency    CHAR(3)        NOT NULL,
    balance     NUMERIC(19, 4) NOT NULL,
    last_event  BIGINT         NOT NULL,
    updated_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_wallet_balance_view PRIMARY KEY (account_id)
);
CREATE INDEX ix_wallet_balance_view_owner ON wallet_balance_view (owner);

CREATE TABLE wallet_history_view (
    event_seq     BIGINT         NOT NULL,
    account_id    VARCHAR(64)    NOT NULL,
    tx_id         VARCHAR(100)   NOT NULL,
    type          VARCHAR(20)    NOT NULL,
    purpose       VARCHAR(20)    NOT NULL,
    amount        NUMERIC(19, 4) NOT NULL,
    currency      CHAR(3)        NOT NULL,
    balance_after NUMERIC(19, 4) NOT NULL,
    at            TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_wallet_history_view PRIMARY KEY (event_seq)
);
CREATE INDEX ix_wallet_history_view_account ON wallet_history_view (account_id, event_seq);

CREATE TABLE wallet_projection (
    name      VARCHAR(50) NOT NULL,
    position  BIGINT      NOT NULL,
    CONSTRAINT pk_wallet_projection PRIMARY KEY (name)
);
INSERT INTO wallet_projection (name, position) VALUES ('read-models', 0);
