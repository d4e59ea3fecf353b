-- The first block Hibernate draws (next value - 49 .. next value) lies above every existing id.
ALTER SEQUENCE reservation_history_seq RESTART WITH (SELECT COALESCE(MAX(history_id), 0) + 50 FROM reservation_history);
