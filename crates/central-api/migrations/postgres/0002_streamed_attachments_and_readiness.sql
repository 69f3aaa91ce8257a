-- SPDX-License-Identifier: EUPL-1.2
-- Uploads streamed into the database in chunks, and the readiness probe's write (as
-- SQLite's migration 0006).

CREATE TABLE attachment_chunks (
    upload_id  TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    bytes      BYTEA NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (upload_id, seq)
);

ALTER TABLE attachments ADD COLUMN upload_id TEXT;
INSERT INTO attachment_chunks (upload_id, seq, bytes, created_at)
    SELECT 'migrated-' || submission_id || '-' || attachment_id, 0, content, uploaded_at
    FROM attachments;
UPDATE attachments SET upload_id = 'migrated-' || submission_id || '-' || attachment_id,
                       content = '\x'::bytea;

CREATE TABLE readiness (
    instance   TEXT PRIMARY KEY,
    checked_at TEXT NOT NULL
);
