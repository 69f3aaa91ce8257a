// SPDX-License-Identifier: EUPL-1.2
//! The ceiling on the portal's sender tokens in all (`--max-portal-sender-tokens`),
//! against the real server on a loopback port, on SQLite or, with `BP_TEST_POSTGRES`,
//! PostgreSQL: many networks together cannot make the relay store tokens without end,
//! and the tokens handed out before the ceiling stay valid; at the ceiling, the largest
//! holder (a flood) pays with its oldest tokens, and citizens of other networks are
//! served.

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

#[tokio::test]
async fn at_the_ceiling_the_largest_holder_pays_and_citizens_of_other_networks_are_served() {
    let server = in_process(|_, config| {
        config.limits.max_portal_sender_tokens = 6;
        config.trusted_proxies =
            TrustedProxies::parse(&["127.0.0.1".into()]).expect("trusted proxy");
    })
    .await;
    let store = central_api::store::Store::connect(&server.database)
        .await
        .expect("store");
    let http = reqwest::Client::new();
    let ask = |network: &'static str| {
        let request = http
            .post(format!("{}/api/sender-token", server.base))
            .header("X-Forwarded-For", network);
        async move { request.send().await.expect("POST") }
    };
    let token_of = |answer: reqwest::Response| async move {
        assert_eq!(answer.status(), StatusCode::OK);
        json_of(answer).await["access_token"]
            .as_str()
            .expect("token")
            .to_owned()
    };
    let valid = |token: &str| {
        let store = &store;
        let token = token.to_owned();
        async move { store.oauth().token(&token).await.expect("lookup").is_some() }
    };

    // One home line's /56 floods from five of its /64s: one holder, five tokens.
    let mut flood = Vec::new();
    for network in [
        "2001:db8:1:200::1",
        "2001:db8:1:201::1",
        "2001:db8:1:2a0::1",
        "2001:db8:1:2fe::1",
        "2001:db8:1:2ff::1",
    ] {
        flood.push(token_of(ask(network).await).await);
    }
    // A citizen fills the ceiling.
    let citizen = token_of(ask("198.51.100.1").await).await;

    // The flood asks again, from yet another of its /64s: refused.
    let refused = ask("2001:db8:1:2c3::1").await;
    assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(refused.headers().contains_key("retry-after"));

    // A citizen of another network is served at the ceiling, and so is the first one
    // again: the flood's oldest tokens make room.
    let other = token_of(ask("2001:db8:2:100::1").await).await;
    let again = token_of(ask("198.51.100.1").await).await;
    // Its oldest: those of its first second (times are stored to the second), two of them.
    let mut dropped = Vec::new();
    for token in &flood {
        if !valid(token).await {
            dropped.push(token.clone());
        }
    }
    assert_eq!(dropped.len(), 2, "two of the flood's tokens made room");
    for token in [&citizen, &other, &again] {
        assert!(valid(token).await, "the citizens' tokens stay valid");
    }
    // The flood still holds the most: still refused.
    assert_eq!(
        ask("2001:db8:1:200::2").await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    // A citizen goes on sending; the flood's dropped token is refused like any unknown.
    let api = Api::new(&server.base);
    let sent = api
        .create_ok(
            &other,
            &Application::gewerbe(valid_answers()),
            Some("ceiling-fair-0001"),
        )
        .await;
    assert!(!sent.submission_id.is_empty());
    let refused = api
        .create(
            &dropped[0],
            &Application::gewerbe(valid_answers()).create_body(),
            Some("ceiling-fair-0002"),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_64s_of_one_ipv6_56_share_one_rate_of_sender_tokens() {
    let server = in_process(|_, config| {
        // Two sender tokens a minute per network.
        config.limits.submissions_per_minute = 1;
        config.trusted_proxies =
            TrustedProxies::parse(&["127.0.0.1".into()]).expect("trusted proxy");
    })
    .await;
    let http = reqwest::Client::new();
    let ask = |network: &'static str| {
        let request = http
            .post(format!("{}/api/sender-token", server.base))
            .header("X-Forwarded-For", network);
        async move { request.send().await.expect("POST").status() }
    };
    assert_eq!(ask("2001:db8:1:200::1").await, StatusCode::OK);
    assert_eq!(ask("2001:db8:1:201::1").await, StatusCode::OK);
    assert_eq!(
        ask("2001:db8:1:2ff::1").await,
        StatusCode::TOO_MANY_REQUESTS,
        "another /64 of the same /56 is the same network"
    );
    assert_eq!(
        ask("2001:db8:1:300::1").await,
        StatusCode::OK,
        "the next /56 is another"
    );
    assert_eq!(ask("198.51.100.1").await, StatusCode::OK);
}
