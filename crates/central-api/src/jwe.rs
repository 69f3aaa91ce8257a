// SPDX-License-Identifier: EUPL-1.2
//! JWE in compact serialization with `alg` RSA-OAEP-256 and `enc` A256GCM (RFC 7516,
//! RFC 7518), as FIT-Connect uses it: the portal encrypts in the browser with WebCrypto,
//! the API only looks at the protected header ([`envelope`]), and the authority decrypts
//! ([`decrypt`]). [`encrypt`] is for tests, the load benchmark and tools.
//!
//! A JWE compressed with `zip` DEF (RFC 7516 4.1.3; FIT-Connect's Python SDK always sets
//! it) is accepted: the relay cannot tell, and the authority inflates it after decrypting,
//! to at most the bytes its caller allows for that part. A protected header with `crit` is refused: this
//! system understands no extension, and RFC 7516 4.1.13 makes such a JWE invalid.

use aes_gcm::{
    Aes256Gcm, KeyInit, Nonce,
    aead::{Aead, Payload},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::{RngCore, rngs::OsRng};
use rsa::{Oaep, RsaPrivateKey, RsaPublicKey};
use serde_json::{Value, json};
use sha2::{Digest, Sha256, Sha512};
use std::io::Read;

pub const ALG: &str = "RSA-OAEP-256";
pub const ENC: &str = "A256GCM";
/// Media type of a JWE in compact serialization (RFC 7516, section 9.2).
pub const MEDIA_TYPE: &str = "application/jose";
/// The one compression RFC 7516 defines (raw DEFLATE, RFC 1951).
pub const ZIP: &str = "DEF";

/// Why a text is not a JWE this system accepts, or does not decrypt.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JweError {
    #[error("not a JWE in compact serialization (five base64url parts)")]
    Shape,
    #[error("the protected header is not a JSON object")]
    Header,
    #[error("the protected header must have alg RSA-OAEP-256, enc A256GCM and a kid")]
    Algorithm,
    #[error("the protected header's zip must be DEF, the one compression defined for JWE")]
    Compression,
    #[error(
        "the protected header names critical extensions (crit), which this system does not support"
    )]
    Critical,
    /// One error for a content key that does not unwrap and for a ciphertext that is not
    /// authentic (RFC 7516 11.5): the reason reaches the sender in a rejection, and telling
    /// the two apart would answer, for every file a sender uploads, whether a chosen
    /// RSA ciphertext unwraps.
    #[error("it does not decrypt with this key (encrypted for another key, or changed in transit)")]
    Undecryptable,
    #[error("it inflates to more than the {0} bytes this part may have")]
    TooLarge(u64),
    #[error("its compressed content is not valid DEFLATE")]
    Inflate,
}

/// What the API may see of a JWE: its protected header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    pub kid: String,
    /// `cty`, if given.
    pub content_type: Option<String>,
    /// Compressed (`zip` DEF) before it was encrypted.
    pub compressed: bool,
    /// The encrypted key's length (base64url text).
    pub encrypted_key_len: usize,
}

impl Envelope {
    /// Whether the encrypted key is as long as one for a destination's key gives: a key
    /// of another length was not made with it, and no subscriber could decrypt it.
    pub fn fits_destination_key(&self) -> bool {
        self.encrypted_key_len == ENCRYPTED_KEY_LEN
    }
}

/// Checks the form of a compact JWE without decrypting it: five base64url parts, a
/// protected header with `alg` RSA-OAEP-256, `enc` A256GCM and a `kid`, no `zip` but DEF,
/// no `crit`, a 96-bit IV, a 128-bit tag and a non-empty encrypted key.
pub fn envelope(jwe: &str) -> Result<Envelope, JweError> {
    let mut reader = EnvelopeReader::default();
    reader.push(jwe.as_bytes())?;
    reader.finish()
}

/// The encrypted key's length (base64url text) for a destination's key: RSA-OAEP gives as
/// many bytes as the modulus has, and every destination's key has
/// [`crate::keys::KEY_BITS`] ([`Envelope::fits_destination_key`]).
pub const ENCRYPTED_KEY_LEN: usize = (crate::keys::KEY_BITS / 8 * 4).div_ceil(3);

/// Longest protected header accepted (base64url text).
const MAX_HEADER_LEN: usize = 8 * 1024;

/// [`envelope`] for a JWE that arrives in pieces (an upload streamed to storage): the
/// same checks, holding only the protected header, never the whole text.
#[derive(Debug, Default)]
pub struct EnvelopeReader {
    /// Index of the part being read (0 = protected header … 4 = tag).
    part: usize,
    /// Lengths of the parts read so far.
    lengths: [usize; 5],
    /// The protected header's text.
    header: Vec<u8>,
}

impl EnvelopeReader {
    /// Reads the next piece of the JWE text.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), JweError> {
        for &b in bytes {
            if b == b'.' {
                self.part += 1;
                if self.part > 4 {
                    return Err(JweError::Shape);
                }
            } else if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
                self.lengths[self.part] += 1;
                if self.part == 0 {
                    if self.header.len() >= MAX_HEADER_LEN {
                        return Err(JweError::Header);
                    }
                    self.header.push(b);
                }
            } else {
                return Err(JweError::Shape);
            }
        }
        Ok(())
    }

    /// The envelope, once the whole text was read.
    pub fn finish(self) -> Result<Envelope, JweError> {
        let [header, key, iv, _ciphertext, tag] = self.lengths;
        if self.part != 4 || header == 0 || key == 0 || iv != 16 || tag != 22 {
            return Err(JweError::Shape);
        }
        let mut envelope = protected_header(&self.header)?;
        envelope.encrypted_key_len = key;
        Ok(envelope)
    }
}

/// Checks the protected header (base64url text) and gives the envelope.
fn protected_header(encoded: &[u8]) -> Result<Envelope, JweError> {
    let header: Value = URL_SAFE_NO_PAD
        .decode(encoded)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .filter(Value::is_object)
        .ok_or(JweError::Header)?;
    let compressed = match header.get("zip") {
        None => false,
        Some(zip) if zip == ZIP => true,
        Some(_) => return Err(JweError::Compression),
    };
    if header.get("crit").is_some() {
        return Err(JweError::Critical);
    }
    let kid = header["kid"].as_str().filter(|kid| !kid.is_empty());
    match (header["alg"].as_str(), header["enc"].as_str(), kid) {
        (Some(ALG), Some(ENC), Some(kid)) => Ok(Envelope {
            kid: kid.to_owned(),
            content_type: header["cty"].as_str().map(str::to_owned),
            compressed,
            encrypted_key_len: 0,
        }),
        _ => Err(JweError::Algorithm),
    }
}

/// Decrypts a compact JWE with the recipient's private key, and inflates it if it was
/// compressed, to at most `max_inflated` bytes: a few hundred bytes of DEFLATE can stand
/// for gigabytes, so whoever decrypts bounds each part (a text that is not compressed is
/// as long as its ciphertext, which the relay bounds).
pub fn decrypt(jwe: &str, key: &RsaPrivateKey, max_inflated: u64) -> Result<Vec<u8>, JweError> {
    let envelope = envelope(jwe)?;
    let parts: Vec<&str> = jwe.split('.').collect();
    let decode = |part: &str| URL_SAFE_NO_PAD.decode(part).map_err(|_| JweError::Shape);
    let encrypted_key = decode(parts[1])?;
    let iv = decode(parts[2])?;
    let mut ciphertext = decode(parts[3])?;
    ciphertext.extend_from_slice(&decode(parts[4])?);
    // Blinded, so that the private operation's time does not follow the ciphertext (the
    // Marvin attack on RSA decryption, RUSTSEC-2023-0071). A content key that does not unwrap, or is not
    // 256 bits, is replaced by a random one (RFC 7516 11.5): the failure then shows where
    // a changed ciphertext's does, at the tag, in about the same time.
    let cek = key
        .decrypt_blinded(&mut OsRng, Oaep::new::<Sha256>(), &encrypted_key)
        .ok()
        .filter(|cek| cek.len() == 32)
        .unwrap_or_else(|| {
            let mut random = vec![0u8; 32];
            OsRng.fill_bytes(&mut random);
            random
        });
    let cipher = Aes256Gcm::new_from_slice(&cek).map_err(|_| JweError::Undecryptable)?;
    let plaintext = cipher
        .decrypt(
            Nonce::from_slice(&iv),
            Payload {
                msg: &ciphertext,
                // The additional authenticated data is the encoded protected header.
                aad: parts[0].as_bytes(),
            },
        )
        .map_err(|_| JweError::Undecryptable)?;
    if envelope.compressed {
        inflate(&plaintext, max_inflated)
    } else {
        Ok(plaintext)
    }
}

/// Raw DEFLATE (RFC 1951), as `zip` DEF compresses, to at most `limit` bytes.
fn inflate(compressed: &[u8], limit: u64) -> Result<Vec<u8>, JweError> {
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(compressed)
        .take(limit.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|_| JweError::Inflate)?;
    if out.len() as u64 > limit {
        return Err(JweError::TooLarge(limit));
    }
    Ok(out)
}

/// Encrypts `plaintext` for the holder of `key` (named `kid`), as the portal does.
pub fn encrypt(
    plaintext: &[u8],
    key: &RsaPublicKey,
    kid: &str,
    content_type: Option<&str>,
) -> String {
    let mut header = json!({ "alg": ALG, "enc": ENC, "kid": kid });
    if let Some(cty) = content_type {
        header["cty"] = cty.into();
    }
    seal(&URL_SAFE_NO_PAD.encode(header.to_string()), plaintext, key)
}

/// `plaintext` encrypted for `key` under the encoded protected `header`, which is the
/// additional authenticated data: the JWE's compact serialization.
fn seal(header: &str, plaintext: &[u8], key: &RsaPublicKey) -> String {
    let mut cek = [0u8; 32];
    let mut iv = [0u8; 12];
    OsRng.fill_bytes(&mut cek);
    OsRng.fill_bytes(&mut iv);
    let encrypted_key = key
        .encrypt(&mut OsRng, Oaep::new::<Sha256>(), &cek)
        .expect("a 32-byte key fits any RSA-2048 or larger key");
    let cipher = Aes256Gcm::new_from_slice(&cek).expect("32-byte key");
    let mut sealed = cipher
        .encrypt(
            Nonce::from_slice(&iv),
            Payload {
                msg: plaintext,
                aad: header.as_bytes(),
            },
        )
        .expect("AES-GCM encrypts any length used here");
    let tag = sealed.split_off(sealed.len() - 16);
    format!(
        "{header}.{}.{}.{}.{}",
        URL_SAFE_NO_PAD.encode(encrypted_key),
        URL_SAFE_NO_PAD.encode(iv),
        URL_SAFE_NO_PAD.encode(sealed),
        URL_SAFE_NO_PAD.encode(tag)
    )
}

/// The RSA public key of a JWK (`kty` RSA, `n`, `e`), as routing publishes it.
pub fn public_key_from_jwk(jwk: &Value) -> Option<RsaPublicKey> {
    let part = |name: &str| {
        URL_SAFE_NO_PAD
            .decode(jwk[name].as_str()?)
            .ok()
            .map(|bytes| rsa::BigUint::from_bytes_be(&bytes))
    };
    if jwk["kty"] != "RSA" {
        return None;
    }
    RsaPublicKey::new(part("n")?, part("e")?).ok()
}

/// Hex SHA-512, as FIT-Connect's metadata carries it (`hash: {type: "sha512", content}`).
pub fn sha512_hex(bytes: &[u8]) -> String {
    Sha512::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Largest JWE text for an attachment of `plaintext_bytes`: base64url of the ciphertext
/// plus room for header, encrypted key (RSA up to 8192 bits), IV and tag.
pub fn max_encrypted_len(plaintext_bytes: u64) -> u64 {
    plaintext_bytes.div_ceil(3) * 4 + 4096
}

/// The FIT-Connect-style metadata document for data and attachments, as the portal
/// writes it: `contentStructure.data.hash` and `contentStructure.attachments[].hash` are
/// SHA-512 of the plaintext.
pub fn metadata(
    leika: &str,
    schema_uri: &str,
    data: &[u8],
    attachments: &[(&str, &str, &str, &[u8])],
) -> Value {
    json!({
        "$schema": "https://schema.fitko.de/fit-connect/metadata/1.0.0/metadata.schema.json",
        "contentStructure": {
            "data": {
                "submissionSchema": { "schemaUri": schema_uri, "mimeType": "application/json" },
                "hash": { "type": "sha512", "content": sha512_hex(data) }
            },
            "attachments": attachments.iter().map(|(id, name, media_type, content)| json!({
                "attachmentId": id,
                "filename": name,
                "mimeType": media_type,
                "purpose": "attachment",
                "hash": { "type": "sha512", "content": sha512_hex(content) }
            })).collect::<Vec<_>>()
        },
        "publicServiceType": { "identifier": format!("urn:de:fim:leika:leistung:{leika}") }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the tests let a part inflate to.
    const LIMIT: u64 = 1024 * 1024;

    #[test]
    fn the_streamed_check_agrees_with_the_whole_one_piece_by_piece() {
        let key = rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, 1024).expect("key");
        let jwe = encrypt(b"%PDF-1.7 a file", &key.to_public_key(), "kid-1", None);
        let broken = [
            jwe.clone(),
            format!("{jwe}."),
            jwe.replacen('.', "", 1),
            jwe.replacen('.', ".!", 1),
            format!("x{jwe}"),
            String::new(),
            "a.b.c.d.e".into(),
        ];
        for text in &broken {
            for piece in [1, 3, 7, 64, 4096] {
                let mut reader = EnvelopeReader::default();
                let streamed = text
                    .as_bytes()
                    .chunks(piece)
                    .try_for_each(|chunk| reader.push(chunk))
                    .and_then(|()| reader.finish());
                assert_eq!(streamed, envelope(text), "{text:.40} in pieces of {piece}");
            }
        }
        assert_eq!(envelope(&jwe).expect("valid").kid, "kid-1");
    }

    /// A 2048-bit key, made for each test (quick: the rsa crate is optimised in the dev
    /// profile); the JWE format does not depend on the size.
    fn key() -> RsaPrivateKey {
        RsaPrivateKey::new(&mut OsRng, 2048).unwrap()
    }

    #[test]
    fn round_trip_and_envelope() {
        let key = key();
        let jwe = encrypt(
            "Bäckerei".as_bytes(),
            &key.to_public_key(),
            "kid-1",
            Some("application/json"),
        );
        assert_eq!(
            envelope(&jwe).unwrap(),
            Envelope {
                kid: "kid-1".into(),
                content_type: Some("application/json".into()),
                compressed: false,
                // A 2048-bit key's 256 bytes: not a destination's.
                encrypted_key_len: 342,
            }
        );
        assert!(!envelope(&jwe).unwrap().fits_destination_key());
        assert_eq!(decrypt(&jwe, &key, LIMIT).unwrap(), "Bäckerei".as_bytes());
    }

    #[test]
    fn changed_ciphertext_or_header_is_refused() {
        let key = key();
        let jwe = encrypt(b"secret answers", &key.to_public_key(), "k", None);
        // `jwe` with one bit of part `n` flipped.
        let flipped = |n: usize| {
            let mut parts: Vec<String> = jwe.split('.').map(str::to_owned).collect();
            let mut bytes = URL_SAFE_NO_PAD.decode(&parts[n]).unwrap();
            bytes[7] ^= 1;
            parts[n] = URL_SAFE_NO_PAD.encode(bytes);
            parts.join(".")
        };
        assert_eq!(
            decrypt(&flipped(3), &key, LIMIT),
            Err(JweError::Undecryptable)
        );
        // Another header with the same ciphertext: the AAD no longer matches.
        let other = URL_SAFE_NO_PAD.encode(r#"{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"x"}"#);
        let mut parts: Vec<&str> = jwe.split('.').collect();
        parts[0] = &other;
        assert_eq!(
            decrypt(&parts.join("."), &key, LIMIT),
            Err(JweError::Undecryptable)
        );
        // A content key that does not unwrap fails the same way, not earlier.
        assert_eq!(
            decrypt(&flipped(1), &key, LIMIT),
            Err(JweError::Undecryptable)
        );
        // As does a text for another key.
        let other = encrypt(b"secret answers", &self::key().to_public_key(), "k", None);
        assert_eq!(decrypt(&other, &key, LIMIT), Err(JweError::Undecryptable));
    }

    /// A JWE as a sender that compresses writes it (`zip` DEF: raw DEFLATE of the
    /// plaintext, then encrypted with the header that says so as AAD).
    fn compressed(plaintext: &[u8], key: &RsaPublicKey, extra: &str) -> String {
        use flate2::{Compression, write::DeflateEncoder};
        use std::io::Write;
        let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
        encoder.write_all(plaintext).unwrap();
        let deflated = encoder.finish().unwrap();
        let header = URL_SAFE_NO_PAD.encode(format!(
            r#"{{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"k","zip":"DEF"{extra}}}"#
        ));
        seal(&header, &deflated, key)
    }

    #[test]
    fn a_compressed_jwe_is_inflated_and_a_bomb_is_refused() {
        let key = key();
        let answers = r#"{"trade_name":"Bäckerei Hansen"}"#.repeat(50);
        let jwe = compressed(answers.as_bytes(), &key.to_public_key(), "");
        assert!(envelope(&jwe).unwrap().compressed);
        assert_eq!(decrypt(&jwe, &key, LIMIT).unwrap(), answers.as_bytes());
        // 64 MiB of zeros deflate to about 64 KiB; they are not inflated past the limit.
        let bomb = vec![0u8; 64 * 1024 * 1024];
        let jwe = compressed(&bomb, &key.to_public_key(), "");
        assert!(jwe.len() < 128 * 1024, "{}", jwe.len());
        assert_eq!(decrypt(&jwe, &key, LIMIT), Err(JweError::TooLarge(LIMIT)));
        // Exactly the limit is taken.
        let jwe = compressed(&vec![b'a'; LIMIT as usize], &key.to_public_key(), "");
        assert_eq!(decrypt(&jwe, &key, LIMIT).unwrap().len() as u64, LIMIT);
        let jwe = compressed(b"{}", &key.to_public_key(), r#","crit":["x"],"x":1"#);
        assert_eq!(decrypt(&jwe, &key, LIMIT), Err(JweError::Critical));
    }

    #[test]
    fn envelope_refuses_other_algorithms_and_shapes() {
        let header = |h: &str| {
            format!(
                "{}.a.AAAAAAAAAAAAAAAA.b.AAAAAAAAAAAAAAAAAAAAAA",
                URL_SAFE_NO_PAD.encode(h)
            )
        };
        assert!(
            envelope(&header(
                r#"{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"k"}"#
            ))
            .is_ok()
        );
        assert_eq!(
            envelope(&header(r#"{"alg":"RSA1_5","enc":"A256GCM","kid":"k"}"#)),
            Err(JweError::Algorithm)
        );
        assert_eq!(
            envelope(&header(r#"{"alg":"RSA-OAEP-256","enc":"A256GCM"}"#)),
            Err(JweError::Algorithm)
        );
        assert!(
            envelope(&header(
                r#"{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"k","zip":"DEF"}"#
            ))
            .is_ok_and(|e| e.compressed)
        );
        assert_eq!(
            envelope(&header(
                r#"{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"k","zip":"GZIP"}"#
            )),
            Err(JweError::Compression)
        );
        assert_eq!(
            envelope(&header(
                r#"{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"k","crit":["exp"],"exp":1}"#
            )),
            Err(JweError::Critical)
        );
        assert_eq!(envelope("{\"trade_name\":1}"), Err(JweError::Shape));
        assert_eq!(envelope("a.b.c.d.e"), Err(JweError::Shape));
    }
}
