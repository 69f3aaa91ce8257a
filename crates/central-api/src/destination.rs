// SPDX-License-Identifier: EUPL-1.2
//! A destination's parameters as the Land signs them, and the signature's check.
//!
//! What is signed (the payload) is the canonical JSON (object members sorted by name, no
//! whitespace; FIT-Connect's rule for `destinationParametersSignature`) of
//!
//! ```json
//! {"destinationId": "<destination UUID>", "encryptionKid": "<current kid>",
//!  "publicKeys": {"keys": [<the current key's JWK>]},
//!  "services": ["<LeiKa key>", ...], "validUntil": <Unix seconds>}
//! ```
//!
//! where `services` are the LeiKa keys the authority is responsible for (anywhere) and
//! `validUntil` is the end of the key's validity. Routing sends these members in
//! `routes[].destinationId` and `routes[].destinationParameters`, and the signature, a
//! detached JWS in compact serialization (RFC 7515, appendix F: `header..signature`,
//! `alg` PS512, `kid` the Land's key), in `routes[].destinationParametersSignature`.
//! The portal rebuilds the payload from those members and checks the signature against
//! the Land's public key it was built with.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rsa::{
    RsaPublicKey,
    pss::{Signature, VerifyingKey},
    signature::Verifier,
};
use serde_json::{Value, json};
use sha2::Sha512;

use crate::{
    keys::{self, KeyProblem},
    routes::submissions::write_canonical,
    store::Store,
};

/// The JWS algorithm of the Land's signatures: RSASSA-PSS with SHA-512 (and MGF1 with
/// SHA-512, salt of 64 bytes), as FIT-Connect signs.
pub const SIGNATURE_ALG: &str = "PS512";

/// What the Land signs of a destination.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameters {
    pub destination_id: String,
    pub encryption_kid: String,
    /// The current key's JWK, the only key new submissions may be encrypted for.
    pub public_keys: Vec<Value>,
    pub services: Vec<String>,
    /// End of the key's validity, Unix seconds.
    pub valid_until: i64,
}

impl Parameters {
    /// The payload as a JSON value.
    pub fn payload(&self) -> Value {
        json!({
            "destinationId": self.destination_id,
            "encryptionKid": self.encryption_kid,
            "publicKeys": {"keys": self.public_keys},
            "services": self.services,
            "validUntil": self.valid_until,
        })
    }

    /// The payload as signed: canonical JSON.
    pub fn canonical(&self) -> String {
        canonical_json(&self.payload())
    }
}

/// JSON text with object members sorted by name at every level and no whitespace.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

/// The authority's parameters now: its current key (valid, keeping the rules) and its
/// services; a [`KeyProblem`] naming the authority if it has no such key.
pub async fn parameters(store: &Store, authority: &str) -> Result<Parameters, KeyProblem> {
    let key = keys::current(store, authority).await?;
    let services = store.keys().services_of(authority).await?;
    Ok(Parameters {
        destination_id: crate::store::authorities::destination_id_of(authority),
        encryption_kid: key.kid,
        public_keys: vec![key.jwk],
        services,
        valid_until: key.not_after.unix_timestamp(),
    })
}

/// The protected header of a detached JWS, for the signer (see `crate::land`).
pub fn protected_header(kid: &str) -> String {
    URL_SAFE_NO_PAD.encode(json!({"alg": SIGNATURE_ALG, "kid": kid}).to_string())
}

/// Checks a detached compact JWS (`header..signature`) over `payload` with `key`:
/// `alg` must be PS512. Returns the header's `kid`.
pub fn verify(jws: &str, payload: &str, key: &RsaPublicKey) -> Result<String, String> {
    let parts: Vec<&str> = jws.split('.').collect();
    let [header, "", signature] = parts[..] else {
        return Err("not a detached JWS in compact serialization (header..signature)".into());
    };
    let decoded: Value = URL_SAFE_NO_PAD
        .decode(header)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or("the protected header is not base64url JSON")?;
    if decoded["alg"] != SIGNATURE_ALG {
        return Err(format!(
            "the algorithm is {}, not {SIGNATURE_ALG}",
            decoded["alg"]
        ));
    }
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .ok()
        .and_then(|bytes| Signature::try_from(bytes.as_slice()).ok())
        .ok_or("the signature is not base64url")?;
    let input = format!("{header}.{}", URL_SAFE_NO_PAD.encode(payload));
    VerifyingKey::<Sha512>::new(key.clone())
        .verify(input.as_bytes(), &signature)
        .map_err(|_| "the signature does not match".to_owned())?;
    Ok(decoded["kid"].as_str().unwrap_or_default().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_members_and_has_no_whitespace() {
        let parameters = Parameters {
            destination_id: "stadt-heide-ordnung".into(),
            encryption_kid: "kid-0000001".into(),
            public_keys: vec![json!({"n": "x", "e": "AQAB", "kty": "RSA"})],
            services: vec!["99050012104000".into()],
            valid_until: 1_800_000_000,
        };
        assert_eq!(
            parameters.canonical(),
            r#"{"destinationId":"stadt-heide-ordnung","encryptionKid":"kid-0000001","publicKeys":{"keys":[{"e":"AQAB","kty":"RSA","n":"x"}]},"services":["99050012104000"],"validUntil":1800000000}"#
        );
    }
}
