// SPDX-License-Identifier: EUPL-1.2
//! The authorities' public encryption keys: FIT-Connect's rules for them, their status
//! (current, decrypt-only, revoked) and validity, and the operator's commands that
//! register, rotate and revoke them. Nothing here makes, reads or needs a private key:
//! the authority makes its key pair on its own side ([`crate::custody`]) and hands in
//! only the public JWK. The serving path asks [`current`] and gets a key or a
//! [`KeyProblem`] that names the authority, never a key made up on the spot.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rsa::{BigUint, RsaPublicKey, traits::PublicKeyParts};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::store::{Store, StoreError, keys::Added, time_of, time_text};

/// Size of the authorities' RSA keys (FIT-Connect: 4096 bit, after BSI TR-02102-1).
pub const KEY_BITS: usize = 4096;
/// The key wrapping algorithm of FIT-Connect's encryption keys.
pub const ALG: &str = "RSA-OAEP-256";
/// Default validity of a registered key, in days.
pub const DEFAULT_VALID_DAYS: u32 = 730;

/// The status of a registered key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyStatus {
    /// New submissions are encrypted for it (at most one per authority).
    Current,
    /// Rotated out: no new submissions; the authority still decrypts older ones.
    DecryptOnly,
    /// Withdrawn: no new submissions.
    Revoked,
}

impl KeyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyStatus::Current => "current",
            KeyStatus::DecryptOnly => "decrypt-only",
            KeyStatus::Revoked => "revoked",
        }
    }

    pub fn parse(text: &str) -> Option<KeyStatus> {
        match text {
            "current" => Some(KeyStatus::Current),
            "decrypt-only" => Some(KeyStatus::DecryptOnly),
            "revoked" => Some(KeyStatus::Revoked),
            _ => None,
        }
    }
}

/// Whether `kid` may name a key here: 8 to 64 characters of `A-Z a-z 0-9 - _` (the
/// length FIT-Connect's JWK schemas allow; the characters let it name a file and stand
/// in a JWE header unescaped).
pub fn is_valid_kid(kid: &str) -> bool {
    (8..=64).contains(&kid.len())
        && kid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether `id` may name an authority in a file name: 1 to 64 of `A-Z a-z 0-9 - _`.
pub fn is_valid_authority_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Checks a public JWK against FIT-Connect's rules for encryption keys: `kty` RSA,
/// 4096 bit, `e` AQAB, `alg` RSA-OAEP-256, `use` enc, `key_ops` `["wrapKey"]`, a `kid`,
/// no private parts, and, if given, a certificate chain (`x5c`) whose first certificate
/// holds this very key (see [`x5c_problems`]). Returns the key, its kid and the JWK
/// reduced to exactly these members (what is stored and published), or every rule it
/// breaks, each precisely.
pub fn check_encryption_jwk(jwk: &Value) -> Result<(RsaPublicKey, String, Value), Vec<String>> {
    check_jwk(jwk, Purpose::Encryption)
}

/// Checks a public JWK against FIT-Connect's rules for signature keys (with which the
/// relay checks the authority's accept and reject events): as [`check_encryption_jwk`],
/// but `alg` PS512, `use` sig and `key_ops` `["verify"]`.
pub fn check_signature_jwk(jwk: &Value) -> Result<(RsaPublicKey, String, Value), Vec<String>> {
    check_jwk(jwk, Purpose::Signature)
}

/// What a key is for: FIT-Connect's two kinds of keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Encryption,
    Signature,
}

impl Purpose {
    /// `(alg, use, key_op)` of such a key.
    fn members(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Purpose::Encryption => (ALG, "enc", "wrapKey"),
            Purpose::Signature => (crate::destination::SIGNATURE_ALG, "sig", "verify"),
        }
    }
}

fn check_jwk(jwk: &Value, purpose: Purpose) -> Result<(RsaPublicKey, String, Value), Vec<String>> {
    let (alg, key_use, key_op) = purpose.members();
    let Some(object) = jwk.as_object() else {
        return Err(vec!["the key is not a JSON object (a JWK)".into()]);
    };
    let text = |name: &str| object.get(name).and_then(Value::as_str);
    let mut problems = Vec::new();
    let private: Vec<&str> = ["d", "p", "q", "dp", "dq", "qi", "oth"]
        .into_iter()
        .filter(|m| object.contains_key(*m))
        .collect();
    if !private.is_empty() {
        problems.push(format!(
            "the JWK holds private key parts ({}): register the public key only, the private key stays with the authority",
            private.join(", ")
        ));
    }
    if text("kty") != Some("RSA") {
        problems.push(format!(
            "\"kty\" must be \"RSA\", not {}",
            shown(object.get("kty"))
        ));
    }
    let kid = text("kid").unwrap_or_default();
    if object.get("kid").is_none() {
        problems.push("the key has no \"kid\" (key id)".into());
    } else if !is_valid_kid(kid) {
        problems.push(format!(
            "\"kid\" must be 8 to 64 characters of A-Z, a-z, 0-9, - and _, not {}",
            shown(object.get("kid"))
        ));
    }
    if text("alg") != Some(alg) {
        problems.push(format!(
            "\"alg\" must be \"{alg}\", not {}",
            shown(object.get("alg"))
        ));
    }
    // `key_ops` says what the key is for (FIT-Connect requires it); `use` says the same
    // and RFC 7517 4.3 advises against giving both, so a key without it is taken.
    if object.get("use").is_some() && text("use") != Some(key_use) {
        let kind = match purpose {
            Purpose::Encryption => "an encryption key",
            Purpose::Signature => "a signature key",
        };
        problems.push(format!(
            "\"use\", if given, must be \"{key_use}\" ({kind}), not {}",
            shown(object.get("use"))
        ));
    }
    if object.get("key_ops") != Some(&json!([key_op])) {
        problems.push(format!(
            "\"key_ops\" must be [\"{key_op}\"], not {}",
            shown(object.get("key_ops"))
        ));
    }
    let number = |name: &str| {
        text(name)
            .and_then(|t| URL_SAFE_NO_PAD.decode(t).ok())
            .filter(|bytes| !bytes.is_empty())
            .map(|bytes| BigUint::from_bytes_be(&bytes))
    };
    let (n, e) = (number("n"), number("e"));
    if n.is_none() {
        problems.push("\"n\" (the modulus) is missing or not base64url".into());
    }
    if text("e") != Some("AQAB") {
        problems.push(format!(
            "\"e\" must be \"AQAB\" (65537), not {}",
            shown(object.get("e"))
        ));
    }
    let key = match (n, e) {
        (Some(n), Some(e)) => {
            let bits = n.bits();
            if bits != KEY_BITS {
                problems.push(format!(
                    "the key has {bits} bits; FIT-Connect requires RSA keys of {KEY_BITS} bits"
                ));
            }
            RsaPublicKey::new_with_max_size(n, e, 8192).ok()
        }
        _ => None,
    };
    if let Some(x5c) = object.get("x5c") {
        problems.extend(x5c_problems(x5c, key.as_ref()));
    }
    match key {
        Some(key) if problems.is_empty() => {
            let mut reduced = jwk_with_kid(&key, kid, purpose);
            if let Some(x5c) = object.get("x5c") {
                reduced["x5c"] = x5c.clone();
            }
            Ok((key, kid.to_owned(), reduced))
        }
        Some(_) => Err(problems),
        None => {
            if problems.is_empty() {
                problems.push("\"n\" and \"e\" are not an RSA public key".into());
            }
            Err(problems)
        }
    }
}

/// Most certificates an `x5c` chain may hold, and the largest one (DER bytes).
const MAX_CHAIN: usize = 10;
const MAX_CERTIFICATE_BYTES: usize = 16 * 1024;

/// What is wrong with a JWK's certificate chain (`x5c`, RFC 7517 4.7): 1 to
/// [`MAX_CHAIN`] certificates, each base64 (not base64url) DER, the first holding the
/// key the JWK describes. FIT-Connect requires the chain to lead to the administration's
/// PKI (V-PKI); its root is not here, so that is left to the clients that encrypt, as
/// FITKO's SDKs do. An authority that has such a certificate can now publish it.
fn x5c_problems(x5c: &Value, key: Option<&RsaPublicKey>) -> Vec<String> {
    use rsa::pkcs8::DecodePublicKey;
    use x509_cert::der::Encode;
    let Some(chain) = x5c
        .as_array()
        .filter(|chain| (1..=MAX_CHAIN).contains(&chain.len()))
    else {
        return vec![format!(
            "\"x5c\" must be a list of 1 to {MAX_CHAIN} certificates, not {}",
            shown(Some(x5c))
        )];
    };
    let mut problems = Vec::new();
    for (i, certificate) in chain.iter().enumerate() {
        let Some(parsed) = certificate_of(certificate) else {
            problems.push(format!(
                "\"x5c\"[{i}] is not an X.509 certificate in base64 DER of at most {MAX_CERTIFICATE_BYTES} bytes"
            ));
            continue;
        };
        if i == 0
            && let Some(key) = key
        {
            let held = parsed
                .tbs_certificate
                .subject_public_key_info
                .to_der()
                .ok()
                .and_then(|spki| RsaPublicKey::from_public_key_der(&spki).ok());
            match held {
                Some(held) if held == *key => {}
                Some(_) => problems.push(
                    "\"x5c\"[0], the certificate of the key, holds another key than \"n\" and \"e\""
                        .into(),
                ),
                None => problems.push(
                    "\"x5c\"[0], the certificate of the key, holds no RSA key (rsaEncryption) that can be read"
                        .into(),
                ),
            }
        }
    }
    problems
}

/// One entry of an `x5c` chain as the certificate it holds: base64 (not base64url) DER of
/// at most [`MAX_CERTIFICATE_BYTES`], or `None`.
fn certificate_of(entry: &Value) -> Option<x509_cert::Certificate> {
    use base64::engine::general_purpose::STANDARD;
    use x509_cert::der::Decode;
    entry
        .as_str()
        .filter(|text| text.len() <= MAX_CERTIFICATE_BYTES.div_ceil(3) * 4)
        .and_then(|text| STANDARD.decode(text).ok())
        .filter(|der| der.len() <= MAX_CERTIFICATE_BYTES)
        .and_then(|der| x509_cert::Certificate::from_der(&der).ok())
}

/// A member's value as shown in a message (absent: "nothing").
fn shown(value: Option<&Value>) -> String {
    match value {
        None => "nothing".into(),
        Some(value) => crate::shorten::to_chars(&value.to_string(), 40),
    }
}

/// The public key as a FIT-Connect encryption JWK with its RFC 7638 thumbprint as kid.
pub fn encryption_jwk(key: &RsaPublicKey) -> Value {
    let n = URL_SAFE_NO_PAD.encode(key.n().to_bytes_be());
    let e = URL_SAFE_NO_PAD.encode(key.e().to_bytes_be());
    jwk_with_kid(key, &thumbprint(&n, &e), Purpose::Encryption)
}

/// The public key as a FIT-Connect signature JWK (PS512) with its thumbprint as kid.
pub fn signature_jwk(key: &RsaPublicKey) -> Value {
    let n = URL_SAFE_NO_PAD.encode(key.n().to_bytes_be());
    let e = URL_SAFE_NO_PAD.encode(key.e().to_bytes_be());
    jwk_with_kid(key, &thumbprint(&n, &e), Purpose::Signature)
}

fn jwk_with_kid(key: &RsaPublicKey, kid: &str, purpose: Purpose) -> Value {
    let (alg, key_use, key_op) = purpose.members();
    json!({
        "kty": "RSA",
        "kid": kid,
        "alg": alg,
        "use": key_use,
        "key_ops": [key_op],
        "n": URL_SAFE_NO_PAD.encode(key.n().to_bytes_be()),
        "e": URL_SAFE_NO_PAD.encode(key.e().to_bytes_be()),
    })
}

/// RFC 7638 JWK thumbprint (SHA-256, base64url) of an RSA key.
pub fn thumbprint(n: &str, e: &str) -> String {
    let canonical = format!(r#"{{"e":"{e}","kty":"RSA","n":"{n}"}}"#);
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}

/// The authority's current key, valid now.
#[derive(Debug, Clone)]
pub struct CurrentKey {
    pub kid: String,
    /// The public JWK as published (the members of [`check_encryption_jwk`]).
    pub jwk: Value,
    /// End of validity.
    pub not_after: time::OffsetDateTime,
}

/// Why an authority has no key to encrypt for: every variant names the authority.
#[derive(Debug, thiserror::Error)]
pub enum KeyProblem {
    #[error(
        "authority {authority} has no current encryption key (its key pair is made by the authority and registered with `central-api authority register`)"
    )]
    NoKey { authority: String },
    #[error("the encryption key {kid} of authority {authority} expired on {not_after}")]
    Expired {
        authority: String,
        kid: String,
        not_after: String,
    },
    #[error("the encryption key {kid} of authority {authority} is invalid: {why}")]
    Invalid {
        authority: String,
        kid: String,
        why: String,
    },
    #[error("{0}")]
    Store(#[from] StoreError),
}

impl KeyProblem {
    /// The authority it is about, if it is about one.
    pub fn authority(&self) -> Option<&str> {
        match self {
            KeyProblem::NoKey { authority }
            | KeyProblem::Expired { authority, .. }
            | KeyProblem::Invalid { authority, .. } => Some(authority),
            KeyProblem::Store(_) => None,
        }
    }
}

/// The authority's current key if it has one that is valid now and keeps the rules.
pub async fn current(store: &Store, authority: &str) -> Result<CurrentKey, KeyProblem> {
    let keys = store.keys().of(authority).await?;
    let Some(row) = keys
        .into_iter()
        .find(|k| k.status == KeyStatus::Current.as_str())
    else {
        return Err(KeyProblem::NoKey {
            authority: authority.to_owned(),
        });
    };
    let invalid = |why: String| KeyProblem::Invalid {
        authority: authority.to_owned(),
        kid: row.kid.clone(),
        why,
    };
    let not_after = time_of(&row.not_after)
        .ok_or_else(|| invalid(format!("its validity {:?} is not a time", row.not_after)))?;
    if not_after <= time::OffsetDateTime::now_utc() {
        return Err(KeyProblem::Expired {
            authority: authority.to_owned(),
            kid: row.kid,
            not_after: row.not_after,
        });
    }
    let (_, kid, jwk) = check_encryption_jwk(&row.jwk).map_err(|p| invalid(p.join("; ")))?;
    if kid != row.kid {
        return Err(invalid(format!("it is stored under the kid {}", row.kid)));
    }
    Ok(CurrentKey {
        kid,
        jwk,
        not_after,
    })
}

/// What [`register`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Registered {
    /// The key is the authority's current key now.
    Added { kid: String, not_after: String },
    /// The key was its current key already: nothing changed.
    AlreadyCurrent { kid: String },
    /// The key was its current key already, now with another certificate chain (`x5c`):
    /// the Land must sign its parameters again (`central-api land sign`).
    CertificateReplaced { kid: String },
}

/// The operator registers an authority's first public key (or its next one after the
/// current key was revoked): it must keep FIT-Connect's rules ([`check_encryption_jwk`])
/// and becomes the current key, valid for `valid_days`. An authority with another
/// current key is refused (that is [`rotate`]); registering its current key again
/// changes nothing, or only its certificate chain (`x5c`, added or renewed), and a
/// different key under the current key's kid is refused.
pub async fn register(
    store: &Store,
    authority: &str,
    jwk: &Value,
    valid_days: u32,
) -> Result<Registered, String> {
    let (_, kid, jwk) = checked(store, authority, jwk).await?;
    let existing = store
        .keys()
        .of(authority)
        .await
        .map_err(|e| e.to_string())?;
    if let Some(current) = existing
        .iter()
        .find(|k| k.status == KeyStatus::Current.as_str())
    {
        if current.kid == kid {
            if current.jwk == jwk {
                return Ok(Registered::AlreadyCurrent { kid });
            }
            let without_chain = |jwk: &Value| {
                let mut jwk = jwk.clone();
                if let Some(members) = jwk.as_object_mut() {
                    members.remove("x5c");
                }
                jwk
            };
            if without_chain(&current.jwk) != without_chain(&jwk) {
                return Err(format!(
                    "the kid {kid} names authority {authority}'s current key, which is another key: give the new key its own kid and use `central-api authority rotate`"
                ));
            }
            let until = time_of(&current.not_after).ok_or_else(|| {
                format!(
                    "the current key's validity {:?} is not a time",
                    current.not_after
                )
            })?;
            certificate_covers(&jwk, until)?;
            store
                .keys()
                .replace_current_jwk(authority, &kid, &jwk)
                .await
                .map_err(|e| e.to_string())?;
            return Ok(Registered::CertificateReplaced { kid });
        }
        return Err(format!(
            "authority {authority} has the current key {}; replace it with `central-api authority rotate`",
            current.kid
        ));
    }
    let not_after = add(store, authority, &kid, &jwk, valid_days).await?;
    Ok(Registered::Added { kid, not_after })
}

/// The operator registers one of an authority's public signature keys (FIT-Connect's
/// rules, [`check_signature_jwk`]), with which the relay checks the accept and reject
/// events the authority signs. Returns its kid and whether it was new.
pub async fn register_signing(
    store: &Store,
    authority: &str,
    jwk: &Value,
) -> Result<(String, bool), String> {
    let (_, kid, jwk) = check_signature_jwk(jwk)
        .map_err(|problems| format!("the signature key is refused: {}", problems.join("; ")))?;
    require_authority(store, authority).await?;
    let added = store
        .signing_keys()
        .add_authority_key(authority, &kid, &jwk)
        .await
        .map_err(|e| e.to_string())?;
    Ok((kid, added == crate::store::signing_keys::AddedKey::Added))
}

/// Key rotation: `jwk` becomes the authority's current key, its current key so far
/// becomes decrypt-only (no new submissions; the authority still decrypts those sent
/// for it). Returns the new kid and the old one.
pub async fn rotate(
    store: &Store,
    authority: &str,
    jwk: &Value,
    valid_days: u32,
) -> Result<(String, Option<String>), String> {
    let (_, kid, jwk) = checked(store, authority, jwk).await?;
    let old = store
        .keys()
        .of(authority)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .find(|k| k.status == KeyStatus::Current.as_str())
        .map(|k| k.kid);
    add(store, authority, &kid, &jwk, valid_days).await?;
    Ok((kid, old))
}

/// Revokes the authority's key `kid`: no new submission is accepted for it. Revoking
/// the current key leaves the authority without one until another is registered.
pub async fn revoke(store: &Store, authority: &str, kid: &str) -> Result<(), String> {
    let changed = store
        .keys()
        .set_status(authority, kid, KeyStatus::Revoked.as_str())
        .await
        .map_err(|e| e.to_string())?;
    if changed {
        Ok(())
    } else {
        Err(format!("authority {authority} has no key {kid}"))
    }
}

/// `Ok` if authority `authority` is stored; else the message the operator's commands
/// print.
pub async fn require_authority(store: &Store, authority: &str) -> Result<(), String> {
    let known = store
        .keys()
        .authority_exists(authority)
        .await
        .map_err(|e| e.to_string())?;
    if known {
        Ok(())
    } else {
        Err(format!("there is no authority {authority}"))
    }
}

/// Whether the certificate of a JWK with `x5c` is valid now and until the key's validity
/// ends (`until`): checked when a key or its chain is registered, never when it is read,
/// so that routing does not stop the moment a certificate expires (the key's own
/// validity, which cannot outlast it, ends first).
fn certificate_covers(jwk: &Value, until: time::OffsetDateTime) -> Result<(), String> {
    let Some(first) = jwk.get("x5c").map(|x5c| &x5c[0]) else {
        return Ok(());
    };
    let certificate = certificate_of(first).ok_or("\"x5c\"[0] is not an X.509 certificate")?;
    let validity = &certificate.tbs_certificate.validity;
    let at = |time: x509_cert::time::Time| {
        i64::try_from(time.to_unix_duration().as_secs())
            .ok()
            .and_then(|secs| time::OffsetDateTime::from_unix_timestamp(secs).ok())
    };
    let (Some(from), Some(to)) = (at(validity.not_before), at(validity.not_after)) else {
        return Err("the certificate's validity cannot be read".into());
    };
    let now = time::OffsetDateTime::now_utc();
    if now < from || to <= now {
        return Err(format!(
            "the certificate in \"x5c\" is valid from {} to {}, not now",
            time_text(from),
            time_text(to)
        ));
    }
    if to < until {
        return Err(format!(
            "the certificate in \"x5c\" expires on {}, before the key's validity would end ({}): give the key no more days than its certificate has (--valid-days {})",
            time_text(to),
            time_text(until),
            (to - now).whole_days()
        ));
    }
    Ok(())
}

async fn checked(
    store: &Store,
    authority: &str,
    jwk: &Value,
) -> Result<(RsaPublicKey, String, Value), String> {
    require_authority(store, authority).await?;
    check_encryption_jwk(jwk).map_err(|problems| {
        format!(
            "the key does not keep FIT-Connect's rules for encryption keys: {}",
            problems.join("; ")
        )
    })
}

async fn add(
    store: &Store,
    authority: &str,
    kid: &str,
    jwk: &Value,
    valid_days: u32,
) -> Result<String, String> {
    if valid_days == 0 {
        return Err("a key must be valid for at least one day".into());
    }
    let until = time::OffsetDateTime::now_utc() + time::Duration::days(i64::from(valid_days));
    certificate_covers(jwk, until)?;
    let not_after = time_text(until);
    match store
        .keys()
        .add_current(authority, kid, jwk, &not_after)
        .await
        .map_err(|e| e.to_string())?
    {
        Added::Added => Ok(not_after),
        Added::KidTaken => {
            let row = store.keys().by_kid(kid).await.map_err(|e| e.to_string())?;
            Err(match row {
                Some(row) => format!(
                    "the key {kid} is registered already (authority {}, {})",
                    row.authority_id, row.status
                ),
                None => format!("the key {kid} is registered already"),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thumbprint_matches_rfc7638_example() {
        // RFC 7638, section 3.1.
        let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        assert_eq!(
            thumbprint(n, "AQAB"),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
    }

    /// `tests/common/x5c.json`: a 4096-bit public key, a self-signed certificate for it
    /// and one for another key.
    fn x5c_fixture() -> Value {
        serde_json::from_str(include_str!("../tests/common/x5c.json")).expect("fixture")
    }

    #[test]
    fn a_certificate_chain_is_kept_when_its_first_certificate_holds_the_key() {
        let fixture = x5c_fixture();
        let mut jwk = fixture["jwk"].clone();
        let (_, _, plain) = check_encryption_jwk(&jwk).expect("taken");
        assert!(plain.get("x5c").is_none());
        jwk["x5c"] = json!([fixture["certificate"]]);
        let (_, kid, stored) = check_encryption_jwk(&jwk).expect("taken");
        assert_eq!(kid, fixture["jwk"]["kid"]);
        assert_eq!(stored["x5c"], jwk["x5c"]);
        // What is stored is checked again when it is read: the same.
        assert_eq!(check_encryption_jwk(&stored).expect("taken").2, stored);

        let refused = |x5c: Value| {
            let mut jwk = fixture["jwk"].clone();
            jwk["x5c"] = x5c;
            check_encryption_jwk(&jwk).expect_err("refused")
        };
        assert_eq!(
            refused(json!([fixture["other_certificate"]])),
            ["\"x5c\"[0], the certificate of the key, holds another key than \"n\" and \"e\""]
        );
        let url_safe = fixture["certificate"]
            .as_str()
            .expect("text")
            .replace('+', "-")
            .replace('/', "_");
        assert!(
            refused(json!([url_safe]))[0].starts_with("\"x5c\"[0] is not an X.509 certificate")
        );
        assert!(
            refused(json!([fixture["certificate"], "AAAA"]))[0].starts_with("\"x5c\"[1] is not")
        );
        assert!(refused(json!([]))[0].starts_with("\"x5c\" must be a list of 1 to 10"));
        let eleven: Vec<Value> = (0..11).map(|_| fixture["certificate"].clone()).collect();
        assert!(refused(json!(eleven))[0].starts_with("\"x5c\" must be a list of 1 to 10"));
        let oversized = "A".repeat(MAX_CERTIFICATE_BYTES.div_ceil(3) * 4 + 4);
        assert!(refused(json!([oversized]))[0].starts_with("\"x5c\"[0] is not an X.509"));
        assert!(refused(json!(fixture["certificate"]))[0].starts_with("\"x5c\" must be a list"));
    }

    #[test]
    fn the_rules_name_every_member_that_breaks_them() {
        // The RFC 7638 example key: 2048 bits, no kid, no alg, use or key_ops (`use` may
        // be left out: key_ops says the same).
        let jwk = json!({"kty": "RSA", "e": "AQAB", "d": "x",
            "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"});
        let problems = check_encryption_jwk(&jwk).expect_err("refused");
        assert_eq!(
            problems,
            [
                "the JWK holds private key parts (d): register the public key only, the private key stays with the authority",
                "the key has no \"kid\" (key id)",
                "\"alg\" must be \"RSA-OAEP-256\", not nothing",
                "\"key_ops\" must be [\"wrapKey\"], not nothing",
                "the key has 2048 bits; FIT-Connect requires RSA keys of 4096 bits",
            ]
        );
        // A `use` that contradicts key_ops is still named.
        let mut signing_use = jwk.clone();
        signing_use["use"] = json!("sig");
        let problems = check_encryption_jwk(&signing_use).expect_err("refused");
        assert!(
            problems.contains(
                &"\"use\", if given, must be \"enc\" (an encryption key), not \"sig\"".to_owned()
            ),
            "{problems:?}"
        );
        assert!(is_valid_kid("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"));
        assert!(!is_valid_kid("short"));
        assert!(!is_valid_kid("../../etc/passwd-xx"));
    }
}
