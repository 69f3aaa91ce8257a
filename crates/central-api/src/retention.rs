// SPDX-License-Identifier: EUPL-1.2
//! How long the relay keeps what it holds, and the periodic job that deletes the rest.
//!
//! The relay only passes applications on: once the authority has fetched and decided a
//! submission, its ciphertext has no use here; one the authority never fetches must not
//! wait forever either; a draft whose files never all arrived is abandoned. Every API
//! instance runs the job (the deletions are idempotent, see [`crate::store::retention`]),
//! so nothing depends on one particular instance being up.

use std::time::Duration;

use time::OffsetDateTime;

use crate::store::{
    Store, StoreError,
    retention::{Cutoffs, Deleted},
    time_text,
};

/// The deadlines (`central-api serve --retention-…`; see the README's "Retention").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retention {
    /// A decided (accepted or rejected) submission is deleted this long after the decision.
    pub after_decision: Duration,
    /// A received submission the authority never fetched is deleted this long after it
    /// arrived.
    pub unfetched: Duration,
    /// A draft (announced attachments not all uploaded and finalized) is deleted this long
    /// after it was created.
    pub drafts: Duration,
    /// How often the job runs.
    pub interval: Duration,
}

const DAY: Duration = Duration::from_secs(24 * 60 * 60);

/// An upload still unfinished after this is dead (uploads have a deadline far shorter:
/// a minute plus the file at 16 KiB/s, at most about 15 minutes for the largest).
const STALE_UPLOAD: Duration = Duration::from_secs(60 * 60);

impl Default for Retention {
    fn default() -> Self {
        Retention {
            after_decision: 7 * DAY,
            unfetched: 30 * DAY,
            drafts: Duration::from_secs(6 * 60 * 60),
            interval: Duration::from_secs(10 * 60),
        }
    }
}

impl Retention {
    /// The cutoffs at `now`.
    pub fn cutoffs(&self, now: OffsetDateTime) -> Cutoffs {
        Cutoffs {
            decided_before: time_text(now - self.after_decision),
            unfetched_received_before: time_text(now - self.unfetched),
            drafts_created_before: time_text(now - self.drafts),
            uploads_begun_before: time_text(now - STALE_UPLOAD),
        }
    }

    /// One run at `now`: deletes what is due and the rate-limit windows that have passed.
    pub async fn run_once(
        &self,
        store: &Store,
        now: OffsetDateTime,
    ) -> Result<Deleted, StoreError> {
        let deleted = store.retention().delete_due(&self.cutoffs(now)).await?;
        store
            .rate_limits()
            .forget_before(crate::limits::expired_windows_before())
            .await?;
        Ok(deleted)
    }

    /// Runs [`Retention::run_once`] every `interval` until the process ends; errors are
    /// logged and the next run tries again.
    pub fn spawn(self, store: Store) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(self.interval);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                match self.run_once(&store, OffsetDateTime::now_utc()).await {
                    Ok(deleted) if deleted != Deleted::default() => tracing::info!(
                        submissions = deleted.submissions,
                        attachments = deleted.attachments,
                        "retention: deleted"
                    ),
                    Ok(_) => {}
                    Err(err) => tracing::warn!(error = %err, "retention: run failed"),
                }
            }
        })
    }
}
