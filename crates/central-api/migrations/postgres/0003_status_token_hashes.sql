-- SPDX-License-Identifier: EUPL-1.2
-- Status tokens stored as their SHA-256 only (as SQLite's migration 0007).
CREATE TABLE status_tokens (
    submission_id BIGINT NOT NULL REFERENCES submissions (id),
    sha256        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (submission_id, sha256)
);
