// SPDX-License-Identifier: EUPL-1.2
//! The `central-api` binary: `serve --port 0` prints the real address and answers.

use std::{
    io::{BufRead, BufReader},
    process::{Command, Stdio},
};

#[tokio::test]
async fn serve_on_port_zero_prints_the_real_address() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_central-api"))
        .args(["serve", "--port", "0", "--db"])
        .arg(dir.path().join("portal.sqlite"))
        .arg("--static-dir")
        .arg(dir.path().join("no-dist"))
        .current_dir(dir.path())
        .env_remove("PORT")
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn central-api");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read line");
    let url = line
        .trim()
        .strip_prefix("Bürgerportal running at ")
        .expect("start line")
        .to_owned();
    assert!(
        url.starts_with("http://127.0.0.1:") && !url.ends_with(":0/"),
        "{url}"
    );

    let health = reqwest::get(format!("{url}api/health")).await;
    let _ = child.kill();
    let _ = child.wait();
    let health = health.expect("GET health");
    assert_eq!(health.status(), reqwest::StatusCode::OK);
    assert!(dir.path().join("portal.sqlite").exists());
}
