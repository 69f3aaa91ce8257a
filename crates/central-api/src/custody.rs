// SPDX-License-Identifier: EUPL-1.2
//! The authority's own key custody (`central-api authority keygen`, `central-api
//! inbox`): its RSA key pairs are made and kept in a folder of the authority's, which
//! the relay (`serve`) never reads. Each key pair is two files named by the authority
//! and the key id:
//!
//! - `<authority>.<kid>.pem`: the private key, PKCS#8 PEM, mode 0600 (folder 0700);
//! - `<authority>.<kid>.jwk.json`: the public JWK, to hand to the operator, who
//!   registers it (`central-api authority register`).
//!
//! Only the authority's side and the tests call this module.

use std::path::{Path, PathBuf};

use rsa::{
    RsaPrivateKey,
    pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding},
};
use serde_json::Value;

use crate::keys::{self, KEY_BITS};

/// A key pair made by [`generate`].
#[derive(Debug)]
pub struct Generated {
    pub kid: String,
    /// The public JWK (FIT-Connect's encryption key members).
    pub jwk: Value,
    pub private_key_file: PathBuf,
    pub public_key_file: PathBuf,
}

/// Makes a new RSA-4096 key pair for `authority` in `out` (created 0700 if missing):
/// the private key file (0600, never replaced) and the public JWK beside it.
pub fn generate(authority: &str, out: &Path) -> Result<Generated, String> {
    let key = RsaPrivateKey::new(&mut rand::rngs::OsRng, KEY_BITS)
        .map_err(|e| format!("key generation failed: {e}"))?;
    store(authority, out, &key)
}

/// Writes `key` as a key pair of `authority` into `out` (see [`generate`]).
pub fn store(authority: &str, out: &Path, key: &RsaPrivateKey) -> Result<Generated, String> {
    store_for(authority, out, key, keys::Purpose::Encryption)
}

/// Makes a new RSA-4096 signature key pair for `authority` in `out`, with which its
/// inbox signs accept and reject events: `<authority>.<kid>.signing.pem` and
/// `<authority>.<kid>.signing.jwk.json`.
pub fn generate_signing(authority: &str, out: &Path) -> Result<Generated, String> {
    let key = RsaPrivateKey::new(&mut rand::rngs::OsRng, KEY_BITS)
        .map_err(|e| format!("key generation failed: {e}"))?;
    store_for(authority, out, &key, keys::Purpose::Signature)
}

/// Suffix of a signature key's files before `.pem` and `.jwk.json`.
const SIGNING: &str = ".signing";

/// Writes `key` as a key pair of `authority` for `purpose` into `out`.
pub fn store_for(
    authority: &str,
    out: &Path,
    key: &RsaPrivateKey,
    purpose: keys::Purpose,
) -> Result<Generated, String> {
    if !keys::is_valid_authority_id(authority) {
        return Err(format!("{authority:?} is not an authority id"));
    }
    let (jwk, suffix) = match purpose {
        keys::Purpose::Encryption => (keys::encryption_jwk(&key.to_public_key()), ""),
        keys::Purpose::Signature => (keys::signature_jwk(&key.to_public_key()), SIGNING),
    };
    let kid = jwk["kid"].as_str().unwrap_or_default().to_owned();
    create_private_dir(out)?;
    let private_key_file = out.join(format!("{authority}.{kid}{suffix}.pem"));
    let public_key_file = out.join(format!("{authority}.{kid}{suffix}.jwk.json"));
    let pem = key
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| format!("cannot encode the private key: {e}"))?;
    write_private(&private_key_file, pem.as_bytes())
        .map_err(|e| format!("{}: {e}", private_key_file.display()))?;
    let mut public = serde_json::to_string_pretty(&jwk).unwrap_or_default();
    public.push('\n');
    std::fs::write(&public_key_file, public)
        .map_err(|e| format!("{}: {e}", public_key_file.display()))?;
    Ok(Generated {
        kid,
        jwk,
        private_key_file,
        public_key_file,
    })
}

/// Creates `dir` (and its parents) if missing; a folder this creates is readable by its
/// owner only.
pub fn create_private_dir(dir: &Path) -> Result<(), String> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(|e| format!("cannot create {}: {e}", dir.display()))
}

/// Writes a new file readable by its owner only; an existing file is never replaced,
/// and no reader ever sees half of it (written beside it, then linked into place).
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".{}.tmp", rand::random::<u64>()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let written = options.open(&tmp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    // A hard link never replaces an existing file.
    let linked = written.and_then(|()| std::fs::hard_link(&tmp, path));
    let _ = std::fs::remove_file(&tmp);
    linked
}

/// Why the authority's private key could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum PrivateKeyError {
    /// The kid cannot name a key of this system (it came from a JWE header).
    #[error("{0:?} is not a key id of this system")]
    BadKid(String),
    /// The authority's folder has no key of this name.
    #[error("no private key {kid} of {authority} in {dir}")]
    Missing {
        authority: String,
        kid: String,
        dir: String,
    },
    #[error("{0}")]
    Unreadable(String),
}

/// The authority's private key `kid` from its folder `dir`.
pub fn private_key(
    dir: &Path,
    authority: &str,
    kid: &str,
) -> Result<RsaPrivateKey, PrivateKeyError> {
    if !keys::is_valid_kid(kid) {
        return Err(PrivateKeyError::BadKid(kid.to_owned()));
    }
    if !keys::is_valid_authority_id(authority) {
        return Err(PrivateKeyError::Unreadable(format!(
            "{authority:?} is not an authority id"
        )));
    }
    let path = dir.join(format!("{authority}.{kid}.pem"));
    let pem = match std::fs::read_to_string(&path) {
        Ok(pem) => pem,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Err(PrivateKeyError::Missing {
                authority: authority.to_owned(),
                kid: kid.to_owned(),
                dir: dir.display().to_string(),
            });
        }
        Err(err) => {
            return Err(PrivateKeyError::Unreadable(format!(
                "{}: {err}",
                path.display()
            )));
        }
    };
    RsaPrivateKey::from_pkcs8_pem(&pem).map_err(|_| {
        PrivateKeyError::Unreadable(format!(
            "{} is not a PKCS#8 RSA private key",
            path.display()
        ))
    })
}

/// The authority's newest signature key in its folder `dir`, with its kid.
pub fn signing_key(
    dir: &Path,
    authority: &str,
) -> Result<(String, RsaPrivateKey), PrivateKeyError> {
    let prefix = format!("{authority}.");
    let suffix = format!("{SIGNING}.pem");
    let entries = std::fs::read_dir(dir)
        .map_err(|e| PrivateKeyError::Unreadable(format!("{}: {e}", dir.display())))?;
    let newest = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let kid = name
                .strip_prefix(&prefix)?
                .strip_suffix(&suffix)?
                .to_owned();
            let modified = entry.metadata().and_then(|m| m.modified()).ok()?;
            keys::is_valid_kid(&kid).then_some((modified, kid, entry.path()))
        })
        .max();
    let Some((_, kid, path)) = newest else {
        return Err(PrivateKeyError::Missing {
            authority: authority.to_owned(),
            kid: "(a signature key, `authority keygen --signing`)".into(),
            dir: dir.display().to_string(),
        });
    };
    let pem = std::fs::read_to_string(&path)
        .map_err(|e| PrivateKeyError::Unreadable(format!("{}: {e}", path.display())))?;
    let key = RsaPrivateKey::from_pkcs8_pem(&pem).map_err(|_| {
        PrivateKeyError::Unreadable(format!(
            "{} is not a PKCS#8 RSA private key",
            path.display()
        ))
    })?;
    Ok((kid, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_key_pair_is_private_and_named_by_its_kid() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("authority-keys");
        // A small key: this test is about the files, not the size (see the CLI tests).
        let key = RsaPrivateKey::new(&mut rand::rngs::OsRng, 1024).expect("key");
        let made = store("stadt-heide-ordnung", &out, &key).expect("stored");
        assert_eq!(made.jwk["kid"], made.kid.as_str());
        assert_eq!(made.jwk["key_ops"], serde_json::json!(["wrapKey"]));
        let loaded = private_key(&out, "stadt-heide-ordnung", &made.kid).expect("loaded");
        assert_eq!(loaded, key);
        assert!(matches!(
            private_key(&out, "stadt-heide-ordnung", "AAAAAAAAAAAA"),
            Err(PrivateKeyError::Missing { .. })
        ));
        assert!(matches!(
            private_key(&out, "stadt-heide-ordnung", "../x"),
            Err(PrivateKeyError::BadKid(_))
        ));
        // Never replaced.
        assert!(store("stadt-heide-ordnung", &out, &key).is_err());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode(&made.private_key_file), 0o600);
            assert_eq!(mode(&out), 0o700);
        }
    }
}
