-- SPDX-License-Identifier: EUPL-1.2
-- Uploads streamed into the database in chunks, so that no instance holds a whole file in
-- memory (issue #15), and the readiness probe's write.

-- An upload's bytes in order. Chunks are written as they arrive under the upload's own
-- id; the upload becomes the attachment's content only when it is complete and checked
-- (attachments.upload_id), in a short transaction that also checks the submission is
-- still a draft. Chunks of an upload that never completed are deleted by the retention
-- job.
CREATE TABLE attachment_chunks (
    upload_id  TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    bytes      BLOB NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (upload_id, seq)
);

ALTER TABLE attachments ADD COLUMN upload_id TEXT;
-- Uploads stored whole before this migration become one chunk each.
INSERT INTO attachment_chunks (upload_id, seq, bytes, created_at)
    SELECT 'migrated-' || submission_id || '-' || attachment_id, 0, content, uploaded_at
    FROM attachments;
UPDATE attachments SET upload_id = 'migrated-' || submission_id || '-' || attachment_id,
                       content = x'';

-- Each instance's last successful write (GET /api/ready).
CREATE TABLE readiness (
    instance   TEXT PRIMARY KEY,
    checked_at TEXT NOT NULL
);
