// SPDX-License-Identifier: EUPL-1.2
//! End-to-end encryption in the browser, with the browser's WebCrypto (no cryptography
//! written here): JWE in compact serialization with `alg` RSA-OAEP-256 and `enc`
//! A256GCM for the competent authority's key (RFC 7516, as FIT-Connect uses it), and the
//! SHA-512 that FIT-Connect's metadata carries. Only the authority can read the result;
//! the central API relays it. Before that, [`verify_ps512`] checks the Land's signature of
//! the authority's key (RSASSA-PSS with SHA-512, as FIT-Connect signs).

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

/// WebCrypto is missing (an insecure context) or refused the key or the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CryptoError;

impl From<JsValue> for CryptoError {
    fn from(_: JsValue) -> Self {
        CryptoError
    }
}

/// The public key of the authority, named by its `kid` (routing's `encryptionKid`).
#[derive(Clone)]
pub struct RecipientKey {
    kid: String,
    key: CryptoKey,
}

fn subtle() -> Result<SubtleCrypto, CryptoError> {
    Ok(web_sys::window().ok_or(CryptoError)?.crypto()?.subtle())
}

/// A JS object of `members`, for WebCrypto's parameters and the JWK.
fn object(members: &[(&str, &JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in members {
        let _ = Reflect::set(&object, &(*key).into(), value);
    }
    object
}

async fn run(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, CryptoError> {
    Ok(JsFuture::from(promise?).await?)
}

fn bytes(buffer: &JsValue) -> Vec<u8> {
    Uint8Array::new(buffer).to_vec()
}

/// Imports the authority's RSA public key from the modulus `n` and exponent `e` of its
/// JWK (base64url, as routing gives them), for RSA-OAEP-256 key wrapping.
pub async fn import_key(n: &str, e: &str, kid: &str) -> Result<RecipientKey, CryptoError> {
    // The kid goes into the JWE header as it is: a thumbprint, base64url.
    if !kid
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(CryptoError);
    }
    let jwk = object(&[
        ("kty", &"RSA".into()),
        ("alg", &"RSA-OAEP-256".into()),
        ("n", &n.into()),
        ("e", &e.into()),
    ]);
    let usages = Array::of1(&"wrapKey".into());
    let algorithm = object(&[("name", &"RSA-OAEP".into()), ("hash", &"SHA-256".into())]);
    let key = run(subtle()?.import_key_with_object("jwk", &jwk, &algorithm, false, &usages))
        .await?
        .dyn_into()?;
    Ok(RecipientKey {
        kid: kid.to_owned(),
        key,
    })
}

/// Encrypts `plaintext` for the authority: a fresh AES-256 content key (AES-GCM, random
/// 96-bit IV, the encoded protected header as additional data), wrapped with RSA-OAEP
/// (SHA-256). `content_type` becomes the header's `cty`.
pub async fn encrypt(
    recipient: &RecipientKey,
    plaintext: &[u8],
    content_type: Option<&str>,
) -> Result<String, CryptoError> {
    let subtle = subtle()?;
    // The kid is a base64url thumbprint and `cty` a media type: nothing to escape.
    let mut header = String::from(r#"{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":""#);
    header.push_str(&recipient.kid);
    if let Some(cty) = content_type {
        header.push_str(r#"","cty":""#);
        header.push_str(cty);
    }
    header.push_str("\"}");
    let header = base64url(header.as_bytes());

    let usages = Array::of1(&"encrypt".into());
    let aes = object(&[("name", &"AES-GCM".into()), ("length", &256.into())]);
    let cek: CryptoKey = run(subtle.generate_key_with_object(&aes, true, &usages))
        .await?
        .dyn_into()?;
    let wrapped =
        run(subtle.wrap_key_with_str("raw", &cek, &recipient.key.clone(), "RSA-OAEP")).await?;

    let mut iv = [0u8; 12];
    web_sys::window()
        .ok_or(CryptoError)?
        .crypto()?
        .get_random_values_with_u8_array(&mut iv)?;
    let gcm = object(&[
        ("name", &"AES-GCM".into()),
        ("iv", &Uint8Array::from(&iv[..]).into()),
        (
            "additionalData",
            &Uint8Array::from(header.as_bytes()).into(),
        ),
        ("tagLength", &128.into()),
    ]);
    let mut sealed =
        bytes(&run(subtle.encrypt_with_object_and_u8_array(&gcm, &cek, plaintext)).await?);
    // WebCrypto appends the 16-byte tag to the ciphertext; JWE keeps them apart.
    let tag = sealed.split_off(sealed.len().saturating_sub(16));

    let mut jwe = header;
    for part in [&bytes(&wrapped)[..], &iv, &sealed, &tag] {
        jwe.push('.');
        jwe.push_str(&base64url(part));
    }
    Ok(jwe)
}

/// Checks an RSASSA-PSS signature with SHA-512 and a 64-byte salt (JWS `PS512`) of
/// `input` by the RSA key of modulus `n` and exponent `e` (base64url, as in a JWK):
/// `Ok(true)` if it is valid.
pub async fn verify_ps512(
    n: &str,
    e: &str,
    input: &[u8],
    signature: &[u8],
) -> Result<bool, CryptoError> {
    let subtle = subtle()?;
    let jwk = object(&[
        ("kty", &"RSA".into()),
        ("alg", &"PS512".into()),
        ("n", &n.into()),
        ("e", &e.into()),
    ]);
    let usages = Array::of1(&"verify".into());
    let algorithm = object(&[("name", &"RSA-PSS".into()), ("hash", &"SHA-512".into())]);
    let key: CryptoKey =
        run(subtle.import_key_with_object("jwk", &jwk, &algorithm, false, &usages))
            .await?
            .dyn_into()?;
    let params = object(&[("name", &"RSA-PSS".into()), ("saltLength", &64.into())]);
    let valid =
        run(subtle.verify_with_object_and_u8_array_and_u8_array(&params, &key, signature, input))
            .await?;
    Ok(valid.as_bool() == Some(true))
}

/// Lower-case hex SHA-512 of `data`, as FIT-Connect's metadata `hash.content`.
pub async fn sha512_hex(data: &[u8]) -> Result<String, CryptoError> {
    let digest = bytes(&run(subtle()?.digest_with_str_and_u8_array("SHA-512", data)).await?);
    const HEX: &[u8; 16] = b"0123456789abcdef";
    Ok(digest
        .iter()
        .flat_map(|b| {
            [
                HEX[usize::from(b >> 4)] as char,
                HEX[usize::from(b & 15)] as char,
            ]
        })
        .collect())
}

/// Base64url without padding (RFC 4648, section 5), as JWE uses it.
pub fn base64url(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// The bytes of base64url text without padding; `None` if it is not.
pub fn from_base64url(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'-' => Some(62),
        b'_' => Some(63),
        _ => None,
    };
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= u32::from(value(c)?) << (18 - 6 * i);
        }
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::{base64url, from_base64url};

    #[test]
    fn base64url_decodes_what_it_encodes() {
        for input in ["", "f", "fo", "foo", "foob", "fooba", "foobar"] {
            assert_eq!(
                from_base64url(&base64url(input.as_bytes())).as_deref(),
                Some(input.as_bytes())
            );
        }
        assert_eq!(from_base64url("-_-_"), Some(vec![0xfb, 0xff, 0xbf]));
        assert_eq!(from_base64url("Zm9v="), None);
        assert_eq!(from_base64url("Z"), None);
        assert_eq!(from_base64url("Zm+v"), None);
    }

    #[test]
    fn base64url_matches_rfc4648_vectors() {
        // RFC 4648, section 10, without padding; and the URL-safe characters.
        for (input, expected) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64url(input.as_bytes()), expected);
        }
        assert_eq!(base64url(&[0xfb, 0xff, 0xbf]), "-_-_");
    }
}
