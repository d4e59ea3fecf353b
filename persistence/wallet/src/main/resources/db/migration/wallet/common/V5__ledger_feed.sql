-- How far the ledger feed got in this partition's event list: each money event of a transfer is
-- posted to the double-entry ledger once, in the same XA transaction that moves this position.
INSERT INTO wallet_projection (name, position) VALUES ('ledger', 0);
