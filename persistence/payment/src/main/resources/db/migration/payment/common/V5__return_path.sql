-- Where the PSP's hosted page sends the buyer back to, as a path on Reckon's public URL. Set by
-- the bounded context that created the checkout (hotel reservations return to their confirmation
-- page); NULL means the generic checkout page.
ALTER TABLE payment_event ADD COLUMN return_path VARCHAR(300);
