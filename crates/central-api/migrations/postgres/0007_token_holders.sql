-- SPDX-License-Identifier: EUPL-1.2
-- Who holds an access token within its client: '' for a registered client (its tokens
-- are its own), the requesting network for the portal's sender, whose tokens go to
-- many citizens. The quota of tokens counts per holder, so that one network asking for
-- token after token drops only its own oldest, never a citizen's in the middle of
-- sending.
ALTER TABLE oauth_tokens ADD COLUMN holder TEXT NOT NULL DEFAULT '';
CREATE INDEX oauth_tokens_by_holder ON oauth_tokens (client_id, holder, expires_at);
