// SPDX-License-Identifier: EUPL-1.2
//! Deleting what the relay must not keep: submissions the authority has decided, after a
//! deadline; submissions it never fetched, after a longer one; drafts never finalized;
//! and passed rate-limit windows. Each deletion is one transaction of idempotent
//! statements, so several instances may run it at the same time.

use super::{Store, StoreError, Tx};

impl Store {
    pub fn retention(&self) -> Retention<'_> {
        Retention { store: self }
    }
}

pub struct Retention<'a> {
    store: &'a Store,
}

/// Which submissions to delete; times as stored ([`super::time_text`]).
#[derive(Debug, Clone)]
pub struct Cutoffs {
    /// Decided (accepted or rejected) before this.
    pub decided_before: String,
    /// Received (finalized) before this and never fetched by the authority.
    pub unfetched_received_before: String,
    /// Drafts created before this.
    pub drafts_created_before: String,
    /// Pieces of uploads begun before this that never became an attachment (the upload
    /// failed, or its instance died).
    pub uploads_begun_before: String,
}

/// What one run deleted.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Deleted {
    pub submissions: u64,
    pub attachments: u64,
}

/// The submissions due for deletion ($1, $2, $3: the cutoffs of [`Cutoffs`]).
const DUE: &str = "SELECT id FROM submissions
     WHERE (status IN ('accepted', 'rejected') AND decided_at < $1)
        OR (status = 'received' AND fetched_at IS NULL AND created_at < $2)
        OR (status = 'draft' AND created_at < $3)";

/// Runs `sql`, which names [`DUE`] (its parameters $1 to $3), with the cutoffs bound;
/// how many rows it changed.
async fn due(tx: &mut Tx, sql: &str, cutoffs: &Cutoffs) -> Result<u64, StoreError> {
    Ok(sqlx::query(sql)
        .bind(&cutoffs.decided_before)
        .bind(&cutoffs.unfetched_received_before)
        .bind(&cutoffs.drafts_created_before)
        .execute(&mut **tx)
        .await?
        .rows_affected())
}

impl Retention<'_> {
    /// Deletes the submissions due by `cutoffs` with their attachments.
    pub async fn delete_due(&self, cutoffs: &Cutoffs) -> Result<Deleted, StoreError> {
        let mut tx = self.store.begin().await?;
        due(
            &mut tx,
            &format!(
                "DELETE FROM attachment_chunks WHERE upload_id IN
                 (SELECT upload_id FROM attachments WHERE submission_id IN ({DUE}))"
            ),
            cutoffs,
        )
        .await?;
        sqlx::query(
            "DELETE FROM attachment_chunks WHERE created_at < $1
               AND upload_id NOT IN (SELECT upload_id FROM attachments WHERE upload_id IS NOT NULL)",
        )
        .bind(&cutoffs.uploads_begun_before)
        .execute(&mut *tx)
        .await?;
        // Instances write their readiness at every probe; one not heard of for as long
        // as an upload may take is gone.
        sqlx::query("DELETE FROM readiness WHERE checked_at < $1")
            .bind(&cutoffs.uploads_begun_before)
            .execute(&mut *tx)
            .await?;
        due(
            &mut tx,
            &format!(
                "DELETE FROM case_events WHERE submission_uuid IN
                 (SELECT submission_uuid FROM submissions WHERE id IN ({DUE}))"
            ),
            cutoffs,
        )
        .await?;
        // Access tokens past their end are of no use to anybody.
        sqlx::query("DELETE FROM oauth_tokens WHERE expires_at < $1")
            .bind(super::now_text())
            .execute(&mut *tx)
            .await?;
        due(
            &mut tx,
            &format!("DELETE FROM status_tokens WHERE submission_id IN ({DUE})"),
            cutoffs,
        )
        .await?;
        let attachments = due(
            &mut tx,
            &format!("DELETE FROM attachments WHERE submission_id IN ({DUE})"),
            cutoffs,
        )
        .await?;
        // The same condition again rather than the ids: an attachment uploaded between
        // the two statements to a draft that is due would otherwise keep it alive with a
        // dangling row; a submission that became due in between goes in the next run.
        let submissions = due(
            &mut tx,
            &format!(
                "DELETE FROM submissions WHERE id IN ({DUE})
               AND id NOT IN (SELECT submission_id FROM attachments)
               AND id NOT IN (SELECT submission_id FROM status_tokens)"
            ),
            cutoffs,
        )
        .await?;
        tx.commit().await?;
        Ok(Deleted {
            submissions,
            attachments,
        })
    }
}
