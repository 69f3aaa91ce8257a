-- SPDX-License-Identifier: EUPL-1.2
-- Themes and embedding origins, categories and life situations, places, routing keys,
-- inbox tokens and attachments.

ALTER TABLE municipalities ADD COLUMN theme TEXT NOT NULL DEFAULT '{}';          -- JSON
ALTER TABLE municipalities ADD COLUMN allowed_origins TEXT NOT NULL DEFAULT '[]'; -- JSON

ALTER TABLE authorities ADD COLUMN street TEXT NOT NULL DEFAULT '';
ALTER TABLE authorities ADD COLUMN postcode TEXT NOT NULL DEFAULT '';
ALTER TABLE authorities ADD COLUMN city TEXT NOT NULL DEFAULT '';
ALTER TABLE authorities ADD COLUMN website TEXT;
-- Public encryption key (JWK, RSA-OAEP-256); the private key never enters the database.
ALTER TABLE authorities ADD COLUMN public_jwk TEXT;
-- SHA-256 (hex) of the bearer token of the authority's inbox.
ALTER TABLE authorities ADD COLUMN inbox_token_sha256 TEXT;

ALTER TABLE services ADD COLUMN popular INTEGER NOT NULL DEFAULT 0;
-- 'place_required': the competent authority depends on a place (ARS); 'fixed': one
-- authority for the whole Land.
ALTER TABLE services ADD COLUMN routing TEXT NOT NULL DEFAULT 'fixed';
-- The body that offers the service online, if not the municipality itself (EA.SH).
ALTER TABLE services ADD COLUMN provider_id TEXT REFERENCES authorities (id);

-- Categories and life situations (kind 'category' or 'life_situation').
CREATE TABLE topics (
    id       TEXT PRIMARY KEY,
    kind     TEXT NOT NULL CHECK (kind IN ('category', 'life_situation')),
    name_de  TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE service_topics (
    leika    TEXT NOT NULL REFERENCES services (leika),
    topic_id TEXT NOT NULL REFERENCES topics (id),
    PRIMARY KEY (leika, topic_id)
);

-- Place names and postcodes that resolve to an ARS.
CREATE TABLE places (
    name     TEXT NOT NULL,
    postcode TEXT NOT NULL,
    ars      TEXT NOT NULL CHECK (length(ars) = 12),
    search   TEXT NOT NULL,
    PRIMARY KEY (postcode, name)
);

-- Attachments announced with a submission: [{id, name, media_type, size}].
ALTER TABLE submissions ADD COLUMN attachments TEXT NOT NULL DEFAULT '[]';

CREATE TABLE attachments (
    submission_id INTEGER NOT NULL REFERENCES submissions (id),
    attachment_id TEXT NOT NULL,
    media_type    TEXT NOT NULL,
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    content       BLOB NOT NULL,
    uploaded_at   TEXT NOT NULL,
    PRIMARY KEY (submission_id, attachment_id)
);

CREATE INDEX submissions_by_authority ON submissions (authority_id, created_at);
