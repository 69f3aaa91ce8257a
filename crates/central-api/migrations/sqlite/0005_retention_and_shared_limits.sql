-- SPDX-License-Identifier: EUPL-1.2
-- Several API instances and retention (issue #17).

-- When the authority first fetched the submission (its inbox, or `central-api inbox`):
-- submissions never fetched are deleted after their own deadline.
ALTER TABLE submissions ADD COLUMN fetched_at TEXT;
CREATE INDEX submissions_by_status ON submissions (status, created_at);

-- Rate limits counted in the database, so that they hold across instances: requests of
-- one client (an address, or an IPv6 /64) in the minute starting at window_start (Unix
-- seconds). Windows older than the current one are deleted as they pass.
CREATE TABLE rate_limit_windows (
    client       TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    count        INTEGER NOT NULL,
    PRIMARY KEY (client, window_start)
);
