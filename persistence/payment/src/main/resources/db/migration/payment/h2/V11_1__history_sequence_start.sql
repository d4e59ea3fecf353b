-- The first block Hibernate draws (next value - 49 .. next value) lies above every existing id.
ALTER SEQUENCE payment_order_history_seq RESTART WITH (SELECT COALESCE(MAX(id), 0) + 50 FROM payment_order_history);
