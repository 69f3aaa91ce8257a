-- SPDX-License-Identifier: EUPL-1.2
-- Embedding (issue #6): municipalities added or changed by `central-api seed --extra DIR`
-- (DIR/municipalities.json) are marked, so the demo data that every start of `serve`
-- upserts again does not undo them (e.g. a test host page's origin allowed for Heide).
ALTER TABLE municipalities ADD COLUMN seeded_from TEXT NOT NULL DEFAULT 'catalogue'
    CHECK (seeded_from IN ('catalogue', 'extra'));
