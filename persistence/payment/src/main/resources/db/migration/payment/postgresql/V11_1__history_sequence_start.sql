-- The first block Hibernate draws (nextval - 49 .. nextval) lies above every existing id.
SELECT setval('payment_order_history_seq', (SELECT COALESCE(MAX(id), 0) + 50 FROM payment_order_history), false);
