-- SPDX-License-Identifier: EUPL-1.2
-- Catalogue, routing, form definitions and submissions of the central infrastructure.

CREATE TABLE municipalities (
    ars        TEXT PRIMARY KEY CHECK (length(ars) = 12),
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    parent_ars TEXT REFERENCES municipalities (ars)
);

CREATE TABLE authorities (
    id       TEXT PRIMARY KEY,
    name_de  TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    address  TEXT NOT NULL,
    email    TEXT NOT NULL,
    phone    TEXT NOT NULL
);

CREATE TABLE form_definitions (
    id         TEXT NOT NULL,
    version    INTEGER NOT NULL,
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
    -- The form applied with (its newest stored version is offered); NULL for services
    -- that link out to an external online service.
    form_id            TEXT,
    external_url       TEXT,
    -- Folded (lower case, ä -> ae, ß -> ss, ...) names, summaries and keywords of both
    -- languages, computed in Rust; searched with instr().
    search             TEXT NOT NULL
);

-- Which services a municipality's portal offers, in display order.
CREATE TABLE municipality_services (
    ars      TEXT NOT NULL REFERENCES municipalities (ars),
    leika    TEXT NOT NULL REFERENCES services (leika),
    position INTEGER NOT NULL,
    PRIMARY KEY (ars, leika)
);

-- Routing: (LeiKa key, ARS of an area) -> competent authority. The most specific area
-- wins (Gemeinde, then Kreis, then Land).
CREATE TABLE responsibilities (
    leika        TEXT NOT NULL REFERENCES services (leika),
    ars          TEXT NOT NULL CHECK (length(ars) = 12),
    authority_id TEXT NOT NULL REFERENCES authorities (id),
    PRIMARY KEY (leika, ars)
);

CREATE TABLE submissions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    reference       TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    body_sha256     TEXT NOT NULL,
    service_leika   TEXT NOT NULL REFERENCES services (leika),
    form_id         TEXT NOT NULL,
    form_version    INTEGER NOT NULL,
    ars             TEXT,
    authority_id    TEXT REFERENCES authorities (id),
    answers         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'received',
    status_token    TEXT NOT NULL,
    response        TEXT NOT NULL, -- the 201 body, returned again on an idempotent retry
    created_at      TEXT NOT NULL
);
