// SPDX-License-Identifier: EUPL-1.2
//! The event log of each case (FIT-Connect, issue #16): the Security Event Tokens the
//! relay and the authorities signed, in the order they were recorded.

use super::{Store, StoreError, Tx, now_text, submissions::CaseEvent};

impl Store {
    /// The cases' event logs.
    pub fn case_events(&self) -> CaseEvents<'_> {
        CaseEvents { store: self }
    }
}

/// Access to `case_events` (see [`Store::case_events`]).
pub struct CaseEvents<'a> {
    store: &'a Store,
}

/// Records one event (inside the transaction that changes the submission with it).
pub async fn add(tx: &mut Tx, event: &CaseEvent<'_>) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO case_events (case_id, submission_uuid, event, token, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(event.case_id)
    .bind(event.submission_uuid)
    .bind(event.name)
    .bind(event.token)
    .bind(now_text())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl CaseEvents<'_> {
    /// Records one event on its own.
    pub async fn record(&self, event: &CaseEvent<'_>) -> Result<(), StoreError> {
        let mut tx = self.store.begin().await?;
        add(&mut tx, event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The signed events of a case, oldest first.
    pub async fn of_case(&self, case_id: &str) -> Result<Vec<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT token FROM case_events WHERE case_id = $1 ORDER BY id")
                .bind(case_id)
                .fetch_all(self.store.db())
                .await?,
        )
    }
}
