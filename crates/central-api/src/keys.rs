// SPDX-License-Identifier: EUPL-1.2
//! Demo encryption keys of the authorities: one RSA key pair per authority, generated on
//! first start. The private key stays in a folder outside the repository (PKCS#8 PEM,
//! mode 0600); only the public key, as a JWK for RSA-OAEP-256, goes into the database.

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
};

use tokio::sync::OnceCell;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rsa::{
    RsaPrivateKey, RsaPublicKey,
    pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding},
    traits::PublicKeyParts,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::store::Store;

/// Size of generated keys.
pub const KEY_BITS: usize = 2048;

/// Error while loading or generating a key.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("key file {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("key file {path} is not a PKCS#8 RSA private key")]
    Decode { path: PathBuf },
    #[error("key generation failed: {0}")]
    Generate(String),
}

/// The authorities' keys. The key file `<authority>.pem` is loaded (or generated) once
/// per process; the public keys live in the database's `authority_keys`, newest = current,
/// so a key rotated by `central-api rotate-key` shows at once in a running server.
#[derive(Debug)]
pub struct KeyStore {
    dir: PathBuf,
    cells: Mutex<HashMap<String, Arc<OnceCell<()>>>>,
}

impl KeyStore {
    pub fn new(dir: PathBuf) -> Self {
        KeyStore {
            dir,
            cells: Mutex::new(HashMap::new()),
        }
    }

    /// The folder of the private keys.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Makes sure the authority has a key: its first key file is loaded (generated if
    /// missing) and its public key recorded.
    async fn ensure(&self, store: &Store, authority_id: &str) -> Result<(), String> {
        let cell = {
            let mut cells = self.cells.lock().unwrap_or_else(|e| e.into_inner());
            cells.entry(authority_id.to_owned()).or_default().clone()
        };
        cell.get_or_try_init(|| async {
            let dir = self.dir.clone();
            let id = authority_id.to_owned();
            let key = tokio::task::spawn_blocking(move || load_or_generate(&dir, &id))
                .await
                .map_err(|e| e.to_string())?
                .map_err(|e| e.to_string())?;
            store
                .keys()
                .record(authority_id, &public_jwk(&key.to_public_key()))
                .await
                .map_err(|e| e.to_string())
        })
        .await?;
        Ok(())
    }

    /// The current public JWK of an authority (the newest of its keys).
    pub async fn public_jwk(&self, store: &Store, authority_id: &str) -> Result<Value, String> {
        let mut keys = self.public_jwks(store, authority_id).await?;
        keys.truncate(1);
        keys.pop()
            .ok_or_else(|| format!("authority {authority_id} has no key"))
    }

    /// All public JWKs of an authority, the current one first.
    pub async fn public_jwks(
        &self,
        store: &Store,
        authority_id: &str,
    ) -> Result<Vec<Value>, String> {
        self.ensure(store, authority_id).await?;
        store
            .keys()
            .public_jwks(authority_id)
            .await
            .map_err(|e| e.to_string())
    }

    /// Loads or generates every authority's key in the background, one after the other,
    /// so the server starts at once and routing rarely waits.
    pub fn prepare_all(self: Arc<Self>, store: Store) {
        tokio::spawn(async move {
            let ids = match store.keys().authority_ids().await {
                Ok(ids) => ids,
                Err(err) => {
                    tracing::warn!(error = %err, "cannot list authorities for their keys");
                    return;
                }
            };
            for id in ids {
                if let Err(err) = self.ensure(&store, &id).await {
                    tracing::error!(authority = %id, error = %err, "no encryption key");
                }
            }
        });
    }
}

/// Key rotation: a new key pair for the authority, written to `<dir>/<authority>.<kid>.pem`
/// and recorded as its current key; older keys stay and still decrypt. Returns the new
/// public JWK.
pub async fn rotate(store: &Store, dir: &Path, authority_id: &str) -> Result<Value, String> {
    let known = store
        .keys()
        .authority_exists(authority_id)
        .await
        .map_err(|e| e.to_string())?;
    if !known {
        return Err(format!("there is no authority {authority_id}"));
    }
    // The first key first, so it stays listed as the older one.
    let first = {
        let (dir, id) = (dir.to_owned(), authority_id.to_owned());
        tokio::task::spawn_blocking(move || load_or_generate(&dir, &id))
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| e.to_string())?
    };
    store
        .keys()
        .record(authority_id, &public_jwk(&first.to_public_key()))
        .await
        .map_err(|e| e.to_string())?;
    let (dir, id) = (dir.to_owned(), authority_id.to_owned());
    let jwk = tokio::task::spawn_blocking(move || -> Result<Value, KeyError> {
        let key = RsaPrivateKey::new(&mut rand::rngs::OsRng, KEY_BITS)
            .map_err(|e| KeyError::Generate(e.to_string()))?;
        let jwk = public_jwk(&key.to_public_key());
        let kid = jwk["kid"].as_str().unwrap_or_default();
        let path = dir.join(format!("{id}.{kid}.pem"));
        let pem = key
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|e| KeyError::Generate(e.to_string()))?;
        std::fs::create_dir_all(&dir)
            .and_then(|()| write_private(&path, pem.as_bytes()))
            .map_err(|source| KeyError::Io { path, source })?;
        Ok(jwk)
    })
    .await
    .map_err(|e| e.to_string())?
    .map_err(|e| e.to_string())?;
    store
        .keys()
        .record(authority_id, &jwk)
        .await
        .map_err(|e| e.to_string())?;
    Ok(jwk)
}

/// The authority's private key named `kid`, from `dir`: its first key `<authority>.pem`
/// or a rotated one `<authority>.<kid>.pem`.
pub fn private_key(dir: &Path, authority_id: &str, kid: &str) -> Result<RsaPrivateKey, String> {
    // The kid comes from a JWE header: it names a file only if it looks like a thumbprint.
    let is_thumbprint = kid.len() == 43
        && kid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !is_thumbprint {
        return Err(format!("{kid:?} is not a key id of this system"));
    }
    let mut candidates = vec![dir.join(format!("{authority_id}.{kid}.pem"))];
    candidates.push(dir.join(format!("{authority_id}.pem")));
    for path in candidates {
        let pem = match std::fs::read_to_string(&path) {
            Ok(pem) => pem,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
            Err(err) => return Err(format!("{}: {err}", path.display())),
        };
        let key = RsaPrivateKey::from_pkcs8_pem(&pem)
            .map_err(|_| format!("{} is not a PKCS#8 RSA private key", path.display()))?;
        if public_jwk(&key.to_public_key())["kid"] == kid {
            return Ok(key);
        }
    }
    Err(format!(
        "no private key {kid} of {authority_id} in {}",
        dir.display()
    ))
}

/// The private key of `authority_id` from `dir`, generated and written there if missing.
pub fn load_or_generate(dir: &Path, authority_id: &str) -> Result<RsaPrivateKey, KeyError> {
    let path = dir.join(format!("{authority_id}.pem"));
    let io = |source| KeyError::Io {
        path: path.clone(),
        source,
    };
    match std::fs::read_to_string(&path) {
        Ok(pem) => {
            return RsaPrivateKey::from_pkcs8_pem(&pem)
                .map_err(|_| KeyError::Decode { path: path.clone() });
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => return Err(io(err)),
    }
    std::fs::create_dir_all(dir).map_err(io)?;
    let key = RsaPrivateKey::new(&mut rand::rngs::OsRng, KEY_BITS)
        .map_err(|e| KeyError::Generate(e.to_string()))?;
    let pem = key
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| KeyError::Generate(e.to_string()))?;
    // Write to a temporary file and rename, so a reader never sees half a key.
    let tmp = dir.join(format!(".{authority_id}.{}.tmp", rand::random::<u64>()));
    write_private(&tmp, pem.as_bytes()).map_err(io)?;
    // A hard link never replaces an existing file: if another process was quicker, its
    // key stays and is the one used.
    let linked = std::fs::hard_link(&tmp, &path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => {}
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(err) => return Err(io(err)),
    }
    let pem = std::fs::read_to_string(&path).map_err(io)?;
    RsaPrivateKey::from_pkcs8_pem(&pem).map_err(|_| KeyError::Decode { path })
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// The public key as a JWK for RSA-OAEP-256 encryption, with its RFC 7638 thumbprint as
/// `kid`.
pub fn public_jwk(key: &RsaPublicKey) -> Value {
    let n = URL_SAFE_NO_PAD.encode(key.n().to_bytes_be());
    let e = URL_SAFE_NO_PAD.encode(key.e().to_bytes_be());
    let kid = thumbprint(&n, &e);
    json!({
        "kty": "RSA",
        "kid": kid,
        "alg": "RSA-OAEP-256",
        "use": "enc",
        "key_ops": ["wrapKey"],
        "n": n,
        "e": e,
    })
}

/// RFC 7638 JWK thumbprint (SHA-256, base64url) of an RSA key.
pub fn thumbprint(n: &str, e: &str) -> String {
    let canonical = format!(r#"{{"e":"{e}","kty":"RSA","n":"{n}"}}"#);
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_key_is_kept_and_reloaded() {
        let dir = tempfile::tempdir().unwrap();
        let started = std::time::Instant::now();
        let first = load_or_generate(dir.path(), "test-authority").unwrap();
        eprintln!("keygen took {:?}", started.elapsed());
        let again = load_or_generate(dir.path(), "test-authority").unwrap();
        assert_eq!(first, again);
        let jwk = public_jwk(&first.to_public_key());
        assert_eq!(jwk["alg"], "RSA-OAEP-256");
        assert_eq!(jwk["e"], "AQAB");
        assert_eq!(jwk["kid"].as_str().unwrap().len(), 43);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("test-authority.pem"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn thumbprint_matches_rfc7638_example() {
        // RFC 7638, section 3.1.
        let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        assert_eq!(
            thumbprint(n, "AQAB"),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
    }
}
