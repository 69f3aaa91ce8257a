// SPDX-License-Identifier: EUPL-1.2
//! The Land's signing key, held offline (`central-api land keygen`, `central-api land
//! sign`): it signs every authority's destination parameters ([`crate::destination`])
//! so that the portal can tell the authorities' real keys from keys put into a routing
//! answer by whoever runs or breaks into the relay. `serve` never holds it.
//!
//! Files in the Land's folder: `land.pem` (the private key, PKCS#8 PEM, mode 0600) and
//! `land-public.jwk.json` (the public JWK, `alg` PS512, `use` sig, `key_ops`
//! `["verify"]`), which the portal is built with.

use std::path::Path;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rsa::{
    RsaPrivateKey, RsaPublicKey,
    pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding},
    pss::BlindedSigningKey,
    signature::{RandomizedSigner, SignatureEncoding},
};
use serde_json::Value;
use sha2::Sha512;

use crate::{
    custody, destination,
    keys::{self, KEY_BITS},
    store::Store,
};

/// File of the Land's private signing key in its folder.
pub const PRIVATE_KEY_FILE: &str = "land.pem";
/// File of the Land's public key (JWK) in its folder.
pub const PUBLIC_KEY_FILE: &str = "land-public.jwk.json";

/// The Land's public key as a JWK for PS512 signatures, kid = RFC 7638 thumbprint.
pub fn signing_jwk(key: &RsaPublicKey) -> Value {
    keys::signature_jwk(key)
}

/// Makes the Land's RSA-4096 signing key in `out` (refused if one is there); returns
/// its public JWK, also written beside it.
pub fn keygen(out: &Path) -> Result<Value, String> {
    let key = RsaPrivateKey::new(&mut rand::rngs::OsRng, KEY_BITS)
        .map_err(|e| format!("key generation failed: {e}"))?;
    store(out, &key)
}

/// Writes `key` as the Land's key into `out` (see [`keygen`]).
pub fn store(out: &Path, key: &RsaPrivateKey) -> Result<Value, String> {
    custody::create_private_dir(out)?;
    let private = out.join(PRIVATE_KEY_FILE);
    let pem = key
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| format!("cannot encode the key: {e}"))?;
    custody::write_private(&private, pem.as_bytes()).map_err(|e| {
        format!(
            "{}: {e} (the Land has a signing key already?)",
            private.display()
        )
    })?;
    let jwk = signing_jwk(&key.to_public_key());
    let public = out.join(PUBLIC_KEY_FILE);
    std::fs::write(&public, format!("{jwk}\n"))
        .map_err(|e| format!("{}: {e}", public.display()))?;
    Ok(jwk)
}

/// The Land's private signing key from its PEM file.
pub fn load(path: &Path) -> Result<RsaPrivateKey, String> {
    let pem = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    RsaPrivateKey::from_pkcs8_pem(&pem)
        .map_err(|_| format!("{} is not a PKCS#8 RSA private key", path.display()))
}

/// A detached JWS in compact serialization (`header..signature`), PS512, over `payload`.
pub fn sign_detached(key: &RsaPrivateKey, payload: &str) -> String {
    let kid = signing_jwk(&key.to_public_key())["kid"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let header = destination::protected_header(&kid);
    let input = format!("{header}.{}", URL_SAFE_NO_PAD.encode(payload));
    // PSS with SHA-512: the salt is as long as the digest (64 bytes).
    let signature = BlindedSigningKey::<Sha512>::new(key.clone())
        .sign_with_rng(&mut rand::rngs::OsRng, input.as_bytes());
    format!("{header}..{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
}

/// What [`sign_all`] did for one authority: the kid it signed, or why it could not.
pub type Signed = (String, Result<String, String>);

/// Signs every authority's current parameters and stores the signatures; an authority
/// without a valid current key is left unsigned and named.
pub async fn sign_all(store: &Store, key: &RsaPrivateKey) -> Result<Vec<Signed>, String> {
    let authorities = store
        .keys()
        .authority_ids()
        .await
        .map_err(|e| e.to_string())?;
    let mut done = Vec::new();
    for authority in authorities {
        let parameters = match destination::parameters(store, &authority).await {
            Ok(parameters) => parameters,
            Err(problem) => {
                done.push((authority, Err(problem.to_string())));
                continue;
            }
        };
        let payload = parameters.canonical();
        let jws = sign_detached(key, &payload);
        store
            .keys()
            .store_signature(&authority, &payload, &jws)
            .await
            .map_err(|e| e.to_string())?;
        done.push((authority, Ok(parameters.encryption_kid)));
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_detached_signature_verifies_and_fails_for_another_payload() {
        // PS512 needs at least 1040 bits (digest, salt and two bytes); the Land's is 4096.
        let key = RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).expect("key");
        let jws = sign_detached(&key, r#"{"a":1}"#);
        assert_eq!(jws.split('.').nth(1), Some(""), "detached: {jws}");
        let kid = destination::verify(&jws, r#"{"a":1}"#, &key.to_public_key()).expect("verifies");
        assert_eq!(kid, signing_jwk(&key.to_public_key())["kid"]);
        assert!(destination::verify(&jws, r#"{"a":2}"#, &key.to_public_key()).is_err());
    }
}
