-- Issue 12: a reservation may be paid from one of its guest's wallets instead of by card. Null for
-- a card payment (the payment context's checkout); the wallet account otherwise.
ALTER TABLE reservation ADD COLUMN wallet_account VARCHAR(64);
