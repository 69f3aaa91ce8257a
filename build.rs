// SPDX-License-Identifier: EUPL-1.2
//! Builds the Land's public signing key into the portal (issue #15): the portal checks
//! the Land's signature of every routing answer against it before it encrypts anything,
//! so the key must come with the portal's own files, never from the API it checks.
//!
//! The key is the JWK file named by `BP_LAND_PUBLIC_KEY`, else `data/land/land-public.jwk.json`
//! (written by `central-api land keygen --out data/land`; the scripts make it before
//! they build the portal). Without one the portal builds, and refuses to submit.

use std::path::PathBuf;

fn main() {
    // The split build (feature `split`, src/later_pages.rs) needs the linker's relocations
    // in the WASM: scripts/split-wasm.mjs moves code between modules by them.
    if std::env::var_os("CARGO_FEATURE_SPLIT").is_some()
        && std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32")
    {
        println!("cargo:rustc-link-arg-bin=buergerportal=--emit-relocs");
    }
    println!("cargo:rerun-if-env-changed=BP_LAND_PUBLIC_KEY");
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let path = std::env::var_os("BP_LAND_PUBLIC_KEY")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("data/land/land-public.jwk.json"));
    println!("cargo:rerun-if-changed={}", path.display());
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!(
            "cargo:warning=no Land key at {} (central-api land keygen): this portal will refuse to submit",
            path.display()
        );
        return;
    };
    // Read here, so that the portal carries the three values and no JSON parsing for them.
    let jwk: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()));
    let member = |name: &str| {
        jwk[name]
            .as_str()
            .filter(|v| {
                v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            })
            .unwrap_or_else(|| panic!("{}: no base64url `{name}`", path.display()))
            .to_owned()
    };
    assert!(
        jwk["kty"] == "RSA" && jwk["alg"] == "PS512",
        "{}: not the Land's RSA signing key (PS512)",
        path.display()
    );
    for name in ["kid", "n", "e"] {
        println!(
            "cargo:rustc-env=BP_LAND_{}={}",
            name.to_ascii_uppercase(),
            member(name)
        );
    }
}
