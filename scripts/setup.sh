#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
#
# Installs everything building, running and testing the project needs, idempotently.
# Both README commands call it first. Quick (a few seconds) when everything is present.
#
# The WASM toolchain: the standard path is rustup's wasm32-unknown-unknown target. Where
# rustup cannot provide it (machines without access to rustup's servers), it falls back
# to Debian's Rust (rustc-web, 1.96) compiling std itself (build-std), as described in
# docs/TOOLCHAIN.md. The choice is written to target/toolchain.env, which the other
# scripts source; `with_wasm_env CMD` runs CMD with the variables the fallback needs.
#
# Set BP_WASM_TOOLCHAIN=debian to force the fallback, =rustup to forbid it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=versions.env
source scripts/versions.env

say() { echo "setup: $*" >&2; }
die() {
  echo "setup: ERROR: $*" >&2
  exit 1
}

# Where cargo keeps its tools and crates: CARGO_HOME if set (a fresh-machine check runs
# with an empty one), else ~/.cargo.
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$CARGO_BIN:$PATH"

# --- apt (Debian/Ubuntu) ------------------------------------------------------------
APT_UPDATED=0
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
apt_install() {
  local missing=()
  for p in "$@"; do have_pkg "$p" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || return 1
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || return 1
    sudo="sudo"
  fi
  say "installing Debian packages: ${missing[*]}"
  if [ $APT_UPDATED -eq 0 ]; then
    $sudo apt-get update -qq >&2 || return 1
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2 || return 1
}

# --- Rust ---------------------------------------------------------------------------
command -v cargo >/dev/null || die "cargo is missing: install Rust with rustup (https://rustup.rs)."
command -v rustup >/dev/null || die "rustup is missing: install Rust with rustup (https://rustup.rs)."
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt >&2 ||
  die "rustup could not add clippy and rustfmt."

# The WASM is built with one pinned compiler (WASM_RUST_TOOLCHAIN): its size depends on
# the compiler version, and the size guard must measure the same thing everywhere. It
# needs the wasm32 target, the standard library's sources (release builds compile std
# themselves, see docs/TOOLCHAIN.md) and clippy.
wasm_toolchain_ready() {
  local t=$WASM_RUST_TOOLCHAIN
  rustup toolchain list 2>/dev/null | grep -q "^$t" &&
    rustup target list --installed --toolchain "$t" 2>/dev/null | grep -q '^wasm32-unknown-unknown$' &&
    rustup component list --installed --toolchain "$t" 2>/dev/null | grep -q '^rust-src' &&
    rustup component list --installed --toolchain "$t" 2>/dev/null | grep -q '^clippy'
}
wasm_mode="${BP_WASM_TOOLCHAIN:-}"
if [ -z "$wasm_mode" ] || [ "$wasm_mode" = rustup ]; then
  if wasm_toolchain_ready; then
    wasm_mode=rustup
  elif say "installing Rust $WASM_RUST_TOOLCHAIN for wasm32 with rustup" &&
    timeout 600 rustup toolchain install "$WASM_RUST_TOOLCHAIN" --profile minimal \
      --target wasm32-unknown-unknown --component rust-src,clippy >&2 && wasm_toolchain_ready; then
    wasm_mode=rustup
  elif [ "$wasm_mode" = rustup ]; then
    die "rustup could not install Rust $WASM_RUST_TOOLCHAIN with the wasm32 target (BP_WASM_TOOLCHAIN=rustup forbids the fallback)."
  else
    say "rustup cannot provide Rust $WASM_RUST_TOOLCHAIN for wasm32 here: falling back to Debian's Rust with build-std"
    wasm_mode=debian
  fi
fi
if [ "$wasm_mode" = debian ]; then
  # shellcheck disable=SC2086
  apt_install $DEBIAN_RUST_PACKAGES ||
    die "the wasm32 target is missing and Debian's Rust could not be installed ($DEBIAN_RUST_PACKAGES)."
  rustup toolchain list | grep -q '^debian' || rustup toolchain link debian /usr >&2
fi

# --- crates: the project's, and those std is built from ---------------------------------
# Trunk builds offline (Trunk.toml: offline = true) and release builds compile std from the
# toolchain's library sources (build-std), whose own dependencies (dlmalloc,
# rustc-demangle, ...) come from the crate registry as well. On a machine whose registry
# is empty nothing would have fetched them ("no matching package named `dlmalloc` found
# ... offline mode"), so fetch both here: offline first, which is quick when everything is
# present, and from the registry only when something is missing.
if [ "$wasm_mode" = debian ]; then wasm_cargo=(env RUSTUP_TOOLCHAIN=debian); else wasm_cargo=(env RUSTUP_TOOLCHAIN="$WASM_RUST_TOOLCHAIN"); fi
std_manifest="$("${wasm_cargo[@]}" rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"
[ -f "$std_manifest" ] || die "the standard library's sources are missing ($std_manifest): install rust-src."
fetch_crates() { # cargo fetch arguments
  "${wasm_cargo[@]}" RUSTC_BOOTSTRAP=1 cargo fetch --offline "$@" >/dev/null 2>&1 && return 0
  say "fetching crates ($*)"
  "${wasm_cargo[@]}" RUSTC_BOOTSTRAP=1 cargo fetch "$@" >&2
}
fetch_crates --manifest-path Cargo.toml || die "cargo fetch of the project's crates failed."
fetch_crates --manifest-path "$std_manifest" || die "cargo fetch of the standard library's crates failed ($std_manifest)."

# --- system tools: browser for the end-to-end tests, brotli, sqlite3, node -------------
chromium_path="${CHROMIUM_PATH:-}"
if [ -z "$chromium_path" ]; then
  # shellcheck disable=SC2086
  apt_install $DEBIAN_SYSTEM_PACKAGES ||
    say "could not install via apt: $DEBIAN_SYSTEM_PACKAGES (continuing with what is present)"
  for c in /usr/bin/chromium /usr/bin/chromium-browser; do
    [ -x "$c" ] && chromium_path="$c" && break
  done
fi
[ -n "$chromium_path" ] ||
  say "no Chromium found: set CHROMIUM_PATH, or the end-to-end tests use Playwright's own browser (npx playwright install chromium)"
if ! command -v node >/dev/null; then
  # shellcheck disable=SC2086
  apt_install $DEBIAN_NODE_PACKAGES || true
fi
command -v node >/dev/null || die "Node.js (>= 18) and npm are missing: install them (Debian: apt-get install nodejs npm)."
command -v npm >/dev/null || die "npm is missing: install it (Debian: apt-get install npm)."
# shellcheck disable=SC2086
apt_install $DEBIAN_PDF_PACKAGES || true
command -v pdftotext >/dev/null || die "pdftotext is missing (Debian: apt-get install poppler-utils); the end-to-end tests read the PDF receipt with it."
command -v sqlite3 >/dev/null || die "the sqlite3 command is missing (Debian: apt-get install sqlite3); the end-to-end tests read the database with it."
command -v brotli >/dev/null || say "brotli is missing: the size check reports gzip only"
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  # shellcheck disable=SC2086
  apt_install $DEBIAN_POSTGRES_PACKAGES ||
    die "PostgreSQL's server is missing (Debian: apt-get install postgresql); the API's tests run on it too."
fi

# --- cargo tools, pinned -------------------------------------------------------------
cargo_tool() { # binary version crate [extra cargo install args]
  local bin=$1 version=$2 crate=$3
  shift 3
  if command -v "$bin" >/dev/null && "$bin" --version 2>/dev/null | grep -q " $version\b"; then
    return 0
  fi
  say "installing $crate $version with cargo (one time, takes minutes)"
  cargo install "$crate" --version "$version" "$@" >&2 || die "cargo install $crate $version failed."
}
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)
[ -n "$WASM_BINDGEN_VERSION" ] || die "cannot read the wasm-bindgen version from Cargo.lock."
cargo_tool trunk "$TRUNK_VERSION" trunk --locked
# Without --locked: one of its locked dependencies is no longer in the index.
cargo_tool wasm-bindgen "$WASM_BINDGEN_VERSION" wasm-bindgen-cli
cargo_tool twiggy "$TWIGGY_VERSION" twiggy --locked
# wasm-split-cli has no --version: cargo's own record of what it installed tells. Without
# that record (a binary copied in, another version) it is installed over (--force).
installed_tools=$(cargo install --list 2>/dev/null || true)
if ! command -v wasm-split-cli >/dev/null ||
  ! grep -q "^wasm_split_cli_support v$WASM_SPLIT_CLI_VERSION:" <<<"$installed_tools"; then
  say "installing wasm_split_cli_support $WASM_SPLIT_CLI_VERSION with cargo (one time, takes minutes)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_CLI_VERSION" --features build-binary --locked --force >&2 ||
    die "cargo install wasm_split_cli_support $WASM_SPLIT_CLI_VERSION failed."
fi

# --- npm packages: Playwright, axe-core, binaryen (wasm-opt) ----------------------------
# By the lock file's content, not its time stamp: a checkout or merge may leave it older
# than the installed packages while it names others.
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.bp-lock-sha256 2>/dev/null)" != "$lock_sum" ]; then
  say "installing npm packages (npm ci)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >&2 || die "npm ci failed."
  echo "$lock_sum" > node_modules/.bp-lock-sha256
fi
[ -x node_modules/.bin/wasm-opt ] || die "node_modules/.bin/wasm-opt is missing (npm package binaryen)."

# --- Schemathesis: an independent API tester (PyPI), in a venv of its own -------------
# Debian's python3 with its venv module; the venv lives under target/ (a `cargo clean`
# removes it, the next setup makes it again).
st_venv="$ROOT/target/tools/schemathesis"
if [ "$("$st_venv/bin/st" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -1)" != "$SCHEMATHESIS_VERSION" ]; then
  apt_install $DEBIAN_PYTHON_PACKAGES || say "could not install via apt: $DEBIAN_PYTHON_PACKAGES"
  python=/usr/bin/python3
  [ -x "$python" ] || python=$(command -v python3 || true)
  [ -n "$python" ] || die "python3 is missing (Debian: apt-get install python3 python3-venv); the API conformance test needs it."
  say "installing schemathesis $SCHEMATHESIS_VERSION into $st_venv (one time)"
  rm -rf "$st_venv"
  "$python" -m venv "$st_venv" >&2 || die "python3 -m venv failed (Debian: apt-get install python3-venv)."
  "$st_venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" >&2 ||
    die "pip could not install schemathesis $SCHEMATHESIS_VERSION."
fi

# --- FIT-Connect interoperability clients (PyPI), in a venv of their own ----------------
# scripts/interop.sh runs a Python sender and subscriber against the relay. Their packages
# are pinned in interop/fit_connect/requirements.txt; the venv is made again when that
# file changes (by its content, as with the npm lock file above).
interop_venv="$ROOT/target/tools/interop"
interop_sum=$(sha256sum interop/fit_connect/requirements.txt | cut -d' ' -f1)
if [ "$(cat "$interop_venv/.bp-requirements-sha256" 2>/dev/null)" != "$interop_sum" ] || [ ! -x "$interop_venv/bin/python" ]; then
  apt_install $DEBIAN_PYTHON_PACKAGES || say "could not install via apt: $DEBIAN_PYTHON_PACKAGES"
  python=/usr/bin/python3
  [ -x "$python" ] || python=$(command -v python3 || true)
  [ -n "$python" ] || die "python3 is missing (Debian: apt-get install python3 python3-venv); the interoperability test needs it."
  say "installing the FIT-Connect interoperability clients' packages into $interop_venv (one time)"
  rm -rf "$interop_venv"
  "$python" -m venv "$interop_venv" >&2 || die "python3 -m venv failed (Debian: apt-get install python3-venv)."
  "$interop_venv/bin/pip" install --quiet --disable-pip-version-check -r interop/fit_connect/requirements.txt >&2 ||
    die "pip could not install interop/fit_connect/requirements.txt."
  echo "$interop_sum" >"$interop_venv/.bp-requirements-sha256"
fi

# --- the environment the other scripts use --------------------------------------------
mkdir -p target
{
  echo "# written by scripts/setup.sh: source it, then run wasm commands as: with_wasm_env CMD"
  echo "export PATH=\"$ROOT/node_modules/.bin:$CARGO_BIN:\$PATH\""
  echo "export TRUNK_SKIP_VERSION_CHECK=true"
  echo "export TRUNK_TOOLS_WASM_BINDGEN=$WASM_BINDGEN_VERSION"
  echo "export TRUNK_TOOLS_WASM_OPT=$WASM_OPT_VERSION"
  echo "export BP_WASM_MODE=$wasm_mode"
  [ -n "$chromium_path" ] && echo "export CHROMIUM_PATH=$chromium_path"
  if [ "$wasm_mode" = debian ]; then
    echo 'with_wasm_env() { RUSTUP_TOOLCHAIN=debian RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort "$@"; }'
  else
    echo "with_wasm_env() { RUSTUP_TOOLCHAIN=$WASM_RUST_TOOLCHAIN \"\$@\"; }"
  fi
  # The release bundle: std rebuilt for size, panics as bare traps without messages or
  # locations, Leptos components type-erased. Only the wasm32 target sees these flags.
  echo "with_wasm_release_env() { with_wasm_env env RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort CARGO_UNSTABLE_BUILD_STD_FEATURES=\"$WASM_RELEASE_STD_FEATURES\" CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS=\"$WASM_RELEASE_RUSTFLAGS\" \"\$@\"; }"
} >target/toolchain.env
say "ready (wasm toolchain: $wasm_mode $WASM_RUST_TOOLCHAIN, trunk $TRUNK_VERSION, wasm-bindgen $WASM_BINDGEN_VERSION)"
