-- The platform's Idempotency-Key mechanism replays the first answer's Location header too.
ALTER TABLE idempotency_record ADD COLUMN response_location VARCHAR(2000);
