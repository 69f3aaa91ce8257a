-- SPDX-License-Identifier: EUPL-1.2
-- End-to-end encryption (issue #8): the API stores what the browser encrypted for the
-- competent authority and nothing it could read.

-- Every public key of every authority; the newest (highest id) is the current one that
-- routing names, older ones stay listed so the authority can still decrypt with them.
CREATE TABLE authority_keys (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    authority_id TEXT NOT NULL REFERENCES authorities (id),
    kid          TEXT NOT NULL UNIQUE,
    jwk          TEXT NOT NULL, -- public JWK, RSA-OAEP-256
    created_at   TEXT NOT NULL
);
CREATE INDEX authority_keys_by_authority ON authority_keys (authority_id, id);

-- Submissions stored before this migration held plaintext answers: they are removed, so
-- the relay holds ciphertext only.
DELETE FROM attachments;
DELETE FROM submissions;

-- `answers` becomes the JWE of the answers; the metadata (with the SHA-512 of the data
-- and of each attachment) is a JWE too; `kid` names the key they were encrypted with.
ALTER TABLE submissions RENAME COLUMN answers TO encrypted_data;
ALTER TABLE submissions ADD COLUMN encrypted_metadata TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN kid TEXT NOT NULL DEFAULT '';
-- The authority's decision: status 'accepted' or 'rejected', when, and an optional
-- reason shown to the citizen.
ALTER TABLE submissions ADD COLUMN decided_at TEXT;
ALTER TABLE submissions ADD COLUMN decision_reason TEXT;
