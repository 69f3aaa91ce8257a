-- SPDX-License-Identifier: EUPL-1.2
-- FIT-Connect (issue #16): the Submission API's destinations, OAuth clients, the event
-- log of each case, the authorities' signature keys and the relay's own signing key.

-- A destination's id is a UUID (FIT-Connect's destinationId); the authority keeps its
-- slug as the primary key. Filled for every authority at start (store/authorities.rs).
ALTER TABLE authorities ADD COLUMN destination_id TEXT;
CREATE UNIQUE INDEX authorities_by_destination ON authorities (destination_id);

-- A submission's FIT-Connect ids: submissionId and caseId (UUIDs), the serviceType's
-- name as the sender gave it, and when it was submitted (PUT /v1/submissions/{id}).
ALTER TABLE submissions ADD COLUMN submission_uuid TEXT;
ALTER TABLE submissions ADD COLUMN case_id TEXT;
ALTER TABLE submissions ADD COLUMN service_type_name TEXT;
ALTER TABLE submissions ADD COLUMN sender_client TEXT;
ALTER TABLE submissions ADD COLUMN submitted_at TEXT;
CREATE UNIQUE INDEX submissions_by_uuid ON submissions (submission_uuid);
CREATE INDEX submissions_by_case ON submissions (case_id);

-- OAuth 2.0 clients (client credentials): senders may send to every destination,
-- subscribers receive for the destinations in their scopes. Secrets are kept as their
-- SHA-256 only (they are 256-bit random strings, so a plain hash is enough).
CREATE TABLE oauth_clients (
    client_id     TEXT PRIMARY KEY,
    secret_sha256 TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('sender', 'subscriber')),
    scopes        TEXT NOT NULL,
    name          TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

-- Access tokens handed out, as their SHA-256, with their scopes and end.
CREATE TABLE oauth_tokens (
    token_sha256 TEXT PRIMARY KEY,
    client_id    TEXT NOT NULL REFERENCES oauth_clients (client_id),
    scopes       TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX oauth_tokens_by_expiry ON oauth_tokens (expires_at);

-- The event log of each case: Security Event Tokens (signed JWT) in order.
CREATE TABLE case_events (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id         TEXT NOT NULL,
    submission_uuid TEXT NOT NULL,
    event           TEXT NOT NULL,
    token           TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX case_events_by_case ON case_events (case_id, id);

-- The authorities' public signature keys (PS512), with which their accept and reject
-- events are checked. The private halves stay with the authorities.
CREATE TABLE authority_signing_keys (
    kid          TEXT PRIMARY KEY,
    authority_id TEXT NOT NULL REFERENCES authorities (id),
    jwk          TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'current',
    created_at   TEXT NOT NULL
);
CREATE INDEX authority_signing_keys_by_authority ON authority_signing_keys (authority_id);

-- The relay's own key for the events it signs (create-submission, submit-submission). It signs, it does
-- not decrypt: no application can be read with it.
CREATE TABLE relay_signing_keys (
    kid        TEXT PRIMARY KEY,
    pkcs8_pem  TEXT NOT NULL,
    jwk        TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- The authentication tag of each attachment's JWE (its fifth part), which the accept
-- and submit events name.
ALTER TABLE attachments ADD COLUMN auth_tag TEXT;
