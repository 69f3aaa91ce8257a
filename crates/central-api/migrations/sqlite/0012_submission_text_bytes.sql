-- SPDX-License-Identifier: EUPL-1.2
-- The bytes of a submission's encrypted data and metadata, kept as a number so that the
-- relay's storage quota sums numbers instead of reading every stored text (as
-- attachments.size does for files). JWEs in compact serialization are ASCII.
ALTER TABLE submissions ADD COLUMN text_bytes BIGINT NOT NULL DEFAULT 0;
UPDATE submissions SET text_bytes = length(encrypted_data) + length(encrypted_metadata);
