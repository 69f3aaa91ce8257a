-- SPDX-License-Identifier: EUPL-1.2
-- The tables of the central infrastructure on PostgreSQL: the same as SQLite's
-- migrations 0001 to 0005 lead to (see migrations/sqlite), in PostgreSQL's types.
-- Integers are BIGINT throughout (sqlx's Any driver reads them as i64 on both).

CREATE TABLE municipalities (
    ars             TEXT PRIMARY KEY CHECK (length(ars) = 12),
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL,
    parent_ars      TEXT REFERENCES municipalities (ars),
    theme           TEXT NOT NULL DEFAULT '{}',  -- JSON
    allowed_origins TEXT NOT NULL DEFAULT '[]',  -- JSON
    seeded_from     TEXT NOT NULL DEFAULT 'catalogue'
                    CHECK (seeded_from IN ('catalogue', 'extra'))
);

CREATE TABLE authorities (
    id                 TEXT PRIMARY KEY,
    name_de            TEXT NOT NULL,
    name_en            TEXT NOT NULL,
    address            TEXT NOT NULL,
    email              TEXT NOT NULL,
    phone              TEXT NOT NULL,
    street             TEXT NOT NULL DEFAULT '',
    postcode           TEXT NOT NULL DEFAULT '',
    city               TEXT NOT NULL DEFAULT '',
    website            TEXT,
    -- Public encryption key (JWK, RSA-OAEP-256); the private key never enters the database.
    public_jwk         TEXT,
    -- SHA-256 (hex) of the bearer token of the authority's inbox.
    inbox_token_sha256 TEXT
);

CREATE TABLE form_definitions (
    id         TEXT NOT NULL,
    version    BIGINT NOT NULL,
    definition TEXT NOT NULL,
    etag       TEXT NOT NULL,
    PRIMARY KEY (id, version)
);

CREATE TABLE services (
    leika              TEXT PRIMARY KEY CHECK (length(leika) = 14),
    name_de            TEXT NOT NULL,
    name_en            TEXT NOT NULL,
    summary_de         TEXT NOT NULL,
    summary_en         TEXT NOT NULL,
    description_de     TEXT NOT NULL,
    description_en     TEXT NOT NULL,
    fees_de            TEXT NOT NULL,
    fees_en            TEXT NOT NULL,
    processing_time_de TEXT NOT NULL,
    processing_time_en TEXT NOT NULL,
    documents_de       TEXT NOT NULL, -- JSON array of strings
    documents_en       TEXT NOT NULL, -- JSON array of strings
    legal_basis_de     TEXT NOT NULL,
    legal_basis_en     TEXT NOT NULL,
    form_id            TEXT,
    external_url       TEXT,
    search             TEXT NOT NULL,
    popular            BIGINT NOT NULL DEFAULT 0,
    routing            TEXT NOT NULL DEFAULT 'fixed',
    provider_id        TEXT REFERENCES authorities (id)
);

CREATE TABLE municipality_services (
    ars      TEXT NOT NULL REFERENCES municipalities (ars),
    leika    TEXT NOT NULL REFERENCES services (leika),
    position BIGINT NOT NULL,
    PRIMARY KEY (ars, leika)
);

CREATE TABLE responsibilities (
    leika        TEXT NOT NULL REFERENCES services (leika),
    ars          TEXT NOT NULL CHECK (length(ars) = 12),
    authority_id TEXT NOT NULL REFERENCES authorities (id),
    PRIMARY KEY (leika, ars)
);

CREATE TABLE topics (
    id       TEXT PRIMARY KEY,
    kind     TEXT NOT NULL CHECK (kind IN ('category', 'life_situation')),
    name_de  TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    position BIGINT NOT NULL
);

CREATE TABLE service_topics (
    leika    TEXT NOT NULL REFERENCES services (leika),
    topic_id TEXT NOT NULL REFERENCES topics (id),
    PRIMARY KEY (leika, topic_id)
);

CREATE TABLE places (
    name     TEXT NOT NULL,
    postcode TEXT NOT NULL,
    ars      TEXT NOT NULL CHECK (length(ars) = 12),
    search   TEXT NOT NULL,
    PRIMARY KEY (postcode, name)
);

CREATE TABLE submissions (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference          TEXT NOT NULL CONSTRAINT submissions_reference_key UNIQUE,
    idempotency_key    TEXT NOT NULL CONSTRAINT submissions_idempotency_key_key UNIQUE,
    body_sha256        TEXT NOT NULL,
    service_leika      TEXT NOT NULL REFERENCES services (leika),
    form_id            TEXT NOT NULL,
    form_version       BIGINT NOT NULL,
    ars                TEXT,
    authority_id       TEXT REFERENCES authorities (id),
    encrypted_data     TEXT NOT NULL,
    status             TEXT NOT NULL DEFAULT 'received',
    status_token       TEXT NOT NULL,
    response           TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    attachments        TEXT NOT NULL DEFAULT '[]',
    encrypted_metadata TEXT NOT NULL DEFAULT '',
    kid                TEXT NOT NULL DEFAULT '',
    decided_at         TEXT,
    decision_reason    TEXT,
    fetched_at         TEXT
);
CREATE INDEX submissions_by_authority ON submissions (authority_id, created_at);

CREATE TABLE attachments (
    submission_id BIGINT NOT NULL REFERENCES submissions (id),
    attachment_id TEXT NOT NULL,
    media_type    TEXT NOT NULL,
    size          BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    content       BYTEA NOT NULL,
    uploaded_at   TEXT NOT NULL,
    PRIMARY KEY (submission_id, attachment_id)
);

CREATE TABLE authority_keys (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    authority_id TEXT NOT NULL REFERENCES authorities (id),
    kid          TEXT NOT NULL UNIQUE,
    jwk          TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX authority_keys_by_authority ON authority_keys (authority_id, id);

CREATE TABLE rate_limit_windows (
    client       TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    count        BIGINT NOT NULL,
    PRIMARY KEY (client, window_start)
);
CREATE INDEX submissions_by_status ON submissions (status, created_at);
