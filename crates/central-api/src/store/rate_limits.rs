// SPDX-License-Identifier: EUPL-1.2
//! Rate-limit counters, kept in the database so that a limit holds across every API
//! instance behind a load balancer: one row per client and minute.

use super::{Store, StoreError};

impl Store {
    pub fn rate_limits(&self) -> RateLimits<'_> {
        RateLimits { store: self }
    }
}

pub struct RateLimits<'a> {
    store: &'a Store,
}

impl RateLimits<'_> {
    /// Counts one request of `client` in the window that starts at `window_start` (Unix
    /// seconds) and returns the window's count, this request included. One statement, so
    /// concurrent requests on several instances are all counted.
    pub async fn count(&self, client: &str, window_start: i64) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "INSERT INTO rate_limit_windows (client, window_start, count) VALUES ($1, $2, 1)
             ON CONFLICT (client, window_start)
             DO UPDATE SET count = rate_limit_windows.count + 1
             RETURNING count",
        )
        .bind(client)
        .bind(window_start)
        .fetch_one(self.store.db())
        .await?)
    }

    /// Adds `amount` to each of `counts`' keys in the window that starts at `window_start`,
    /// unless that takes one above its limit: then nothing is added and the first such
    /// key's index is returned. One transaction, so that neither a refusal nor a database
    /// error part-way leaves some keys counted (a refused upload stores nothing and should
    /// use no quota). Callers list the keys in one order, so that two transactions on the
    /// same keys cannot wait for each other.
    pub async fn add_within(
        &self,
        counts: &[(&str, i64)],
        window_start: i64,
        amount: i64,
    ) -> Result<Option<usize>, StoreError> {
        if counts.is_empty() {
            // (Every quota off: no write lock taken for nothing.)
            return Ok(None);
        }
        let mut tx = self.store.begin().await?;
        for (index, &(key, limit)) in counts.iter().enumerate() {
            let total: i64 = sqlx::query_scalar(
                "INSERT INTO rate_limit_windows (client, window_start, count) VALUES ($1, $2, $3)
                 ON CONFLICT (client, window_start)
                 DO UPDATE SET count = rate_limit_windows.count + excluded.count
                 RETURNING count",
            )
            .bind(key)
            .bind(window_start)
            .bind(amount)
            .fetch_one(&mut *tx)
            .await?;
            if total > limit {
                tx.rollback().await?;
                return Ok(Some(index));
            }
        }
        tx.commit().await?;
        Ok(None)
    }

    /// Deletes the windows that started before `window_start`; returns how many.
    pub async fn forget_before(&self, window_start: i64) -> Result<u64, StoreError> {
        Ok(
            sqlx::query("DELETE FROM rate_limit_windows WHERE window_start < $1")
                .bind(window_start)
                .execute(self.store.db())
                .await?
                .rows_affected(),
        )
    }
}
