-- Who holds an IN_PROGRESS claim: "<node>/<run>", the server's transaction node identifier and a
-- random id of the server run. A claim held by an earlier run of this node, or by this run for a
-- request that is no longer executing (its work failed and the release could not reach the
-- database), is abandoned and taken over at once instead of answering 409 until locked_until.
-- NULL for claims made before this column existed: they wait for locked_until as before.
ALTER TABLE idempotency_record ADD COLUMN claimed_by VARCHAR(200);
