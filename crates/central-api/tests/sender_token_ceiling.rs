// SPDX-License-Identifier: EUPL-1.2
//! The ceiling on the portal's sender tokens in all (`--max-portal-sender-tokens`),
//! against the real server on a loopback port, on SQLite or, with `BP_TEST_POSTGRES`,
//! PostgreSQL: many networks together cannot make the relay store tokens without end,
//! and the tokens handed out before the ceiling stay valid.

mod common;

use central_api::{fit_connect::oauth::PORTAL_CLIENT, limits::TrustedProxies};
use common::*;
use reqwest::StatusCode;

#[tokio::test]
async fn beyond_the_ceiling_new_sender_tokens_wait_and_those_handed_out_stay_valid() {
    let server = in_process(|_, config| {
        config.limits.max_portal_sender_tokens = 3;
        // The test speaks for several networks through the loopback "proxy".
        config.trusted_proxies =
            TrustedProxies::parse(&["127.0.0.1".into()]).expect("trusted proxy");
    })
    .await;
    // Expired tokens are no longer counted (the retention job deletes them later).
    let store = central_api::store::Store::connect(&server.database)
        .await
        .expect("store");
    for n in 0..5 {
        store
            .oauth()
            .add_token(
                &format!("expired-token-{n}"),
                PORTAL_CLIENT,
                "192.0.2.1",
                "send:region:DE",
                "2000-01-01T00:00:00Z",
                1_000,
            )
            .await
            .expect("an expired token");
    }
    let http = reqwest::Client::new();
    let ask = |network: &'static str| {
        let request = http
            .post(format!("{}/api/sender-token", server.base))
            .header("X-Forwarded-For", network);
        async move { request.send().await.expect("POST") }
    };

    let mut tokens = Vec::new();
    for network in ["198.51.100.1", "198.51.100.2", "2001:db8:1:2::1"] {
        let answer = ask(network).await;
        assert_eq!(answer.status(), StatusCode::OK, "{network}");
        let body = json_of(answer).await;
        tokens.push(body["access_token"].as_str().expect("token").to_owned());
    }

    // A fourth network: the ceiling is reached, come back when the first token ends.
    let refused = ask("203.0.113.9").await;
    assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(content_type(&refused), "application/problem+json");
    let retry_after: i64 = refused
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in seconds");
    assert!(
        (1_700..=1_800).contains(&retry_after),
        "the first token ends in about half an hour: {retry_after}"
    );
    let problem = json_of(refused).await;
    assert_eq!(problem["status"], 503);
    assert_eq!(problem["type"], "urn:buergerportal:problem:unavailable");
    // A network that already holds a token is refused as well: the ceiling counts all.
    assert_eq!(
        ask("198.51.100.1").await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );

    // A citizen who got a token before goes on sending.
    let api = Api::new(&server.base);
    let sent = api
        .create_ok(
            &tokens[0],
            &Application::gewerbe(valid_answers()),
            Some("ceiling-draft-0001"),
        )
        .await;
    assert!(!sent.submission_id.is_empty());
    for token in &tokens {
        assert!(
            store.oauth().token(token).await.expect("lookup").is_some(),
            "a token handed out stays valid"
        );
    }
}
