// SPDX-License-Identifier: EUPL-1.2
//! Security headers, and the Content-Security-Policy with hashes of the portal's inline
//! scripts (trunk writes inline `<script type="module">` blocks into `index.html`), and
//! comparing secrets.

use base64::{Engine, engine::general_purpose::STANDARD};
use sha2::{Digest, Sha256};

/// The Content-Security-Policy allowing exactly the given inline-script hashes
/// (`sha256-...` sources, without quotes), framing by the same origin only.
pub fn content_security_policy(script_hashes: &[String]) -> String {
    policy(&Policy {
        script_hashes,
        api_origin: None,
        connect_origins: &[],
        frame_ancestors: &[],
    })
}

/// What varies between the policies the server sends.
#[derive(Debug, Clone, Copy, Default)]
pub struct Policy<'a> {
    /// `sha256-...` of the inline scripts, without quotes.
    pub script_hashes: &'a [String],
    /// The API's origin when it is not the portal's (`--api-url`): added to `connect-src`
    /// and `img-src` (logos).
    pub api_origin: Option<&'a str>,
    /// Further origins the portal talks to: the FIT-Connect services it is pointed at
    /// (`serve --submission-api`, `--routing-api`, `--sender-token-url`).
    pub connect_origins: &'a [String],
    /// Origins besides `'self'` that may frame the page (checked origins only: they go
    /// into the header as they are).
    pub frame_ancestors: &'a [&'a str],
}

/// The policy: no inline code but the hashed scripts, no `unsafe-eval`, only the portal's
/// own origin (and the API's) for everything.
pub fn policy(policy: &Policy) -> String {
    let mut script_src = String::from("'self' 'wasm-unsafe-eval'");
    for hash in policy.script_hashes {
        script_src.push_str(" '");
        script_src.push_str(hash);
        script_src.push('\'');
    }
    let api = policy
        .api_origin
        .map(|origin| format!(" {origin}"))
        .unwrap_or_default();
    let mut connect = api.clone();
    for origin in policy.connect_origins {
        if !connect.split(' ').any(|o| o == origin) {
            connect.push(' ');
            connect.push_str(origin);
        }
    }
    let mut ancestors = String::from("'self'");
    for origin in policy.frame_ancestors {
        ancestors.push(' ');
        ancestors.push_str(origin);
    }
    format!(
        "default-src 'self'; script-src {script_src}; style-src 'self'; img-src 'self' data:{api}; \
         font-src 'self'; connect-src 'self'{connect}; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors {ancestors}"
    )
}

/// `sha256-<base64>` of the exact text of every inline `<script>` (one without a `src`
/// attribute) in `html`, in document order, without duplicates.
pub fn inline_script_hashes(
    html: &str,
) -> Result<Vec<String>, crate::portal::index_html::IndexError> {
    let mut hashes: Vec<String> = Vec::new();
    for content in crate::portal::index_html::inline_scripts(html)? {
        let hash = format!(
            "sha256-{}",
            STANDARD.encode(Sha256::digest(content.as_bytes()))
        );
        if !hashes.contains(&hash) {
            hashes.push(hash);
        }
    }
    Ok(hashes)
}

/// Whether two secrets (tokens, their hashes) are equal, in a time that depends on their
/// length only, so that a timing does not tell how much of a guess was right.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_eq_compares() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }

    fn sha(text: &str) -> String {
        format!(
            "sha256-{}",
            STANDARD.encode(Sha256::digest(text.as_bytes()))
        )
    }

    const TRUNK_LIKE: &str = r#"<!DOCTYPE html><html><head>
<link rel="modulepreload" href="/portal-abc.js" crossorigin="anonymous">
<script type="module">
import init, * as bindings from '/portal-abc.js';
const wasm = await init({ module_or_path: '/portal-abc_bg.wasm' });
window.wasmBindings = bindings;
</script>
<script src="/external.js"></script>
<SCRIPT data-src="x" TYPE="module">console.log("a > b");</SCRIPT>
<script type="module" src='/other.js' defer></script>
</head><body><script>"<script>"</script></body></html>"#;

    #[test]
    fn hashes_exact_text_of_inline_scripts_only() {
        let expected = vec![
            sha(
                "\nimport init, * as bindings from '/portal-abc.js';\nconst wasm = await init({ module_or_path: '/portal-abc_bg.wasm' });\nwindow.wasmBindings = bindings;\n",
            ),
            sha("console.log(\"a > b\");"),
            sha("\"<script>\""),
        ];
        assert_eq!(inline_script_hashes(TRUNK_LIKE).expect("HTML"), expected);
    }

    #[test]
    fn known_hash_of_a_sample_script() {
        // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            inline_script_hashes("<script>alert(1)</script>").expect("HTML"),
            vec!["sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=".to_owned()]
        );
    }

    #[test]
    fn duplicate_scripts_are_hashed_once() {
        assert_eq!(
            inline_script_hashes("<script>x</script><script>x</script>")
                .expect("HTML")
                .len(),
            1
        );
    }

    #[test]
    fn policy_lists_hashes_and_never_unsafe_inline() {
        let csp = content_security_policy(&["sha256-abc=".to_owned()]);
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc=';"));
        assert!(csp.contains("frame-ancestors 'self'"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(!csp.contains("'unsafe-eval'"));
    }

    #[test]
    fn api_origin_and_frame_ancestors_extend_the_policy() {
        let hashes = ["sha256-abc=".to_owned()];
        let csp = policy(&Policy {
            script_hashes: &hashes,
            api_origin: Some("https://api.example"),
            connect_origins: &[],
            frame_ancestors: &["https://www.heide.de", "http://127.0.0.1:9000"],
        });
        assert!(
            csp.contains("img-src 'self' data: https://api.example;"),
            "{csp}"
        );
        assert!(
            csp.contains("connect-src 'self' https://api.example;"),
            "{csp}"
        );
        assert!(
            csp.ends_with("frame-ancestors 'self' https://www.heide.de http://127.0.0.1:9000"),
            "{csp}"
        );
        assert_eq!(
            content_security_policy(&hashes),
            policy(&Policy {
                script_hashes: &hashes,
                ..Policy::default()
            })
        );
    }
}
