-- S3's additional checksums, kept (issue 13): the one an object was uploaded with comes back on GET
-- and HEAD when the client asks (x-amz-checksum-mode: ENABLED). Stored as "algorithm:value", the
-- value base64 as the header carries it; a multipart object's COMPOSITE checksum ends in "-N".
-- A multipart upload may name its algorithm and checksum type when it is created; each part keeps
-- the checksum it was uploaded with, which CompleteMultipartUpload checks and combines.
ALTER TABLE os_object ADD COLUMN checksum VARCHAR(120);
ALTER TABLE os_part ADD COLUMN checksum VARCHAR(120);
ALTER TABLE os_upload ADD COLUMN checksum_algorithm VARCHAR(16);
ALTER TABLE os_upload ADD COLUMN checksum_type VARCHAR(16);
