-- SPDX-License-Identifier: EUPL-1.2
-- Legal and accessibility pages per municipality (issue #18): Impressum,
-- Datenschutzerklärung, Erklärung zur Barrierefreiheit and its Leichte Sprache version,
-- as JSON (`legal::Legal`); NULL: the nearest ancestor's documents apply.
ALTER TABLE municipalities ADD COLUMN legal TEXT;

-- The authorities' opening hours, shown with their contact on service pages (issue #18).
ALTER TABLE authorities ADD COLUMN opening_hours_de TEXT;
ALTER TABLE authorities ADD COLUMN opening_hours_en TEXT;
