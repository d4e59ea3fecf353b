-- PostgreSQL only: a business event is posted once, and the check runs at commit, i.e. at
-- PREPARE under XA. Two writers racing to post the same (kind, reference) cannot both commit: the
-- second fails while preparing, and its whole distributed transaction (payment status, wallet,
-- event) rolls back with it.
ALTER TABLE journal_transaction DROP CONSTRAINT uq_journal_transaction_reference;
ALTER TABLE journal_transaction
    ADD CONSTRAINT uq_journal_transaction_reference UNIQUE (kind, reference) DEFERRABLE INITIALLY DEFERRED;
