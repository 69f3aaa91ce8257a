// SPDX-License-Identifier: EUPL-1.2
//! Embeds every demo form definition (`demo/forms/*.json`) into the binary, so the server
//! runs from any working directory, and makes Cargo rebuild when a file is added there.

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=demo/forms");
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let forms_dir = Path::new(&manifest_dir).join("demo").join("forms");
    let mut files: Vec<_> = fs::read_dir(&forms_dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut code = String::from(
        "/// Demo form definitions: (file name, JSON text).\npub static DEMO_FORMS: &[(&str, &str)] = &[\n",
    );
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("demo_forms.rs");
    fs::write(out, code).expect("write demo_forms.rs");
}
