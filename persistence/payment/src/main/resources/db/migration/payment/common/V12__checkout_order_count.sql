-- Issue 15: how many orders a checkout was created with (it never changes). The success
-- transaction of a checkout's only order marks the checkout done without reading its orders
-- again. 0 means unknown: the orders are read as before.
ALTER TABLE payment_event ADD COLUMN order_count INTEGER DEFAULT 0 NOT NULL;
UPDATE payment_event SET order_count = (SELECT COUNT(*) FROM payment_order o WHERE o.checkout_id = payment_event.checkout_id);
