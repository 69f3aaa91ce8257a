// SPDX-License-Identifier: EUPL-1.2
//! Security Event Tokens (RFC 8417) as FIT-Connect's event log holds them: a JWS in
//! compact serialization, header `{"typ": "secevent+jwt", "alg": "PS512", "kid"}`, claims
//! `$schema`, `jti`, `iss`, `iat`, `sub` (`submission:<id>`), `txn` (`case:<id>`) and
//! `events` with exactly one event.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rsa::{
    RsaPrivateKey, RsaPublicKey,
    pss::{BlindedSigningKey, Signature, VerifyingKey},
    signature::{RandomizedSigner, SignatureEncoding, Verifier},
};
use serde_json::{Value, json};
use sha2::Sha512;

/// Prefix of the event names.
pub const EVENTS: &str = "https://schema.fitko.de/fit-connect/events/";
pub const CREATE: &str = "https://schema.fitko.de/fit-connect/events/create-submission";
pub const SUBMIT: &str = "https://schema.fitko.de/fit-connect/events/submit-submission";
pub const ACCEPT: &str = "https://schema.fitko.de/fit-connect/events/accept-submission";
pub const REJECT: &str = "https://schema.fitko.de/fit-connect/events/reject-submission";
/// The schema of the claims.
pub const PAYLOAD_SCHEMA: &str =
    "https://schema.fitko.de/fit-connect/set-payload/1.0.0/set-payload.schema.json";
/// Longest event token accepted.
pub const MAX_LEN: usize = 64 * 1024;

/// Why a text is not an event token this relay accepts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetError {
    #[error("not a JWS in compact serialization (three base64url parts)")]
    Shape,
    #[error("the header must have typ secevent+jwt, alg PS512 and a kid")]
    Header,
    #[error("the header names critical extensions (crit), which this system does not support")]
    Critical,
    #[error("the signature does not match the key {0}")]
    Signature(String),
    #[error("the claims are not a JSON object")]
    Claims,
}

/// The claims of a new event about `submission_id` in `case_id`.
pub fn claims(
    issuer: &str,
    submission_id: &str,
    case_id: &str,
    event: &str,
    payload: Value,
) -> Value {
    json!({
        "$schema": PAYLOAD_SCHEMA,
        "jti": super::new_uuid(),
        "iss": issuer,
        "iat": time::OffsetDateTime::now_utc().unix_timestamp(),
        "sub": format!("submission:{submission_id}"),
        "txn": format!("case:{case_id}"),
        "events": {event: payload},
    })
}

/// Signs `claims` with `key` (named `kid`).
pub fn sign(key: &RsaPrivateKey, kid: &str, claims: &Value) -> String {
    let header = URL_SAFE_NO_PAD
        .encode(json!({"typ": "secevent+jwt", "alg": "PS512", "kid": kid}).to_string());
    let input = format!("{header}.{}", URL_SAFE_NO_PAD.encode(claims.to_string()));
    let signature = BlindedSigningKey::<Sha512>::new(key.clone())
        .sign_with_rng(&mut rand::rngs::OsRng, input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
}

/// The `kid` of a token's header, after checking its form (not its signature). `typ` is
/// a media type, so `application/secevent+jwt` and any case say the same (RFC 7515
/// 4.1.9). A token with `crit` is invalid to a recipient that understands none of its
/// extensions (RFC 7515 4.1.11), as this one does.
pub fn kid(token: &str) -> Result<String, SetError> {
    let header = part(token, 0)?;
    let typ = header["typ"]
        .as_str()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let typ = typ.strip_prefix("application/").unwrap_or(&typ);
    if typ != "secevent+jwt" || header["alg"] != "PS512" {
        return Err(SetError::Header);
    }
    if header.get("crit").is_some() {
        return Err(SetError::Critical);
    }
    header["kid"]
        .as_str()
        .filter(|kid| !kid.is_empty())
        .map(str::to_owned)
        .ok_or(SetError::Header)
}

/// The claims of `token` if `key` signed it.
pub fn verify(token: &str, key: &RsaPublicKey) -> Result<Value, SetError> {
    let kid = kid(token)?;
    let (input, signature) = token.rsplit_once('.').ok_or(SetError::Shape)?;
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .ok()
        .and_then(|bytes| Signature::try_from(bytes.as_slice()).ok())
        .ok_or(SetError::Shape)?;
    VerifyingKey::<Sha512>::new(key.clone())
        .verify(input.as_bytes(), &signature)
        .map_err(|_| SetError::Signature(kid))?;
    let claims = part(token, 1)?;
    if claims.is_object() {
        Ok(claims)
    } else {
        Err(SetError::Claims)
    }
}

/// Part `n` (0: header, 1: claims) of a compact JWS, decoded as JSON.
fn part(token: &str, n: usize) -> Result<Value, SetError> {
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 || token.len() > MAX_LEN {
        return Err(SetError::Shape);
    }
    URL_SAFE_NO_PAD
        .decode(parts[n])
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or(if n == 0 {
            SetError::Header
        } else {
            SetError::Claims
        })
}

/// The one event of `claims`: its name and payload.
pub fn event(claims: &Value) -> Option<(&str, &Value)> {
    let events = claims["events"].as_object()?;
    if events.len() != 1 {
        return None;
    }
    events
        .iter()
        .next()
        .map(|(name, payload)| (name.as_str(), payload))
}

/// The authentication tag of a compact JWE: its fifth part.
pub fn auth_tag(jwe: &str) -> &str {
    jwe.rsplit('.').next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_event_verifies_and_a_changed_one_does_not() {
        let key = RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).unwrap();
        let claims = claims("relay", "s-1", "c-1", SUBMIT, json!({}));
        let token = sign(&key, "k1", &claims);
        assert_eq!(kid(&token).unwrap(), "k1");
        let checked = verify(&token, &key.to_public_key()).unwrap();
        assert_eq!(checked["sub"], "submission:s-1");
        assert_eq!(checked["txn"], "case:c-1");
        assert_eq!(event(&checked).unwrap().0, SUBMIT);
        let other = RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).unwrap();
        let forged = sign(&other, "k1", &claims);
        assert_eq!(
            verify(&forged, &key.to_public_key()),
            Err(SetError::Signature("k1".into()))
        );
        assert_eq!(kid("a.b"), Err(SetError::Shape));
    }

    /// A token with `header` (JSON) and any claims and signature: `kid` reads the header.
    fn with_header(header: &str) -> String {
        format!("{}.e30.c2ln", URL_SAFE_NO_PAD.encode(header))
    }

    #[test]
    fn typ_is_read_as_a_media_type_and_crit_is_refused() {
        for typ in ["secevent+jwt", "application/secevent+jwt", "SecEvent+JWT"] {
            let header = format!(r#"{{"typ":"{typ}","alg":"PS512","kid":"k1"}}"#);
            assert_eq!(kid(&with_header(&header)).unwrap(), "k1", "{typ}");
        }
        for header in [
            r#"{"typ":"jwt","alg":"PS512","kid":"k1"}"#,
            r#"{"typ":"text/secevent+jwt","alg":"PS512","kid":"k1"}"#,
            r#"{"typ":"secevent+jwt","alg":"RS512","kid":"k1"}"#,
        ] {
            assert_eq!(kid(&with_header(header)), Err(SetError::Header), "{header}");
        }
        assert_eq!(
            kid(&with_header(
                r#"{"typ":"secevent+jwt","alg":"PS512","kid":"k1","crit":["x-unknown"],"x-unknown":1}"#
            )),
            Err(SetError::Critical)
        );
    }
}
