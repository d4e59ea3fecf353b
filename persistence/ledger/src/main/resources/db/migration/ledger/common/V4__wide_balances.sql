-- Issue 11, item 9: a balance sums many amounts, each capped at 10^9 (Money.MAX_AMOUNT) in a
-- NUMERIC(19, 4) column; NUMERIC(19, 4) balances overflowed after two orders of 10^15. At
-- NUMERIC(38, 4) a balance holds 10^25 maximum orders. (SET DATA TYPE: both PostgreSQL and H2.)
ALTER TABLE account_balance ALTER COLUMN balance SET DATA TYPE NUMERIC(38, 4);
