-- The first block Hibernate draws (nextval - 49 .. nextval) lies above every existing id.
SELECT setval('reservation_history_seq', (SELECT COALESCE(MAX(history_id), 0) + 50 FROM reservation_history), false);
