#!/usr/bin/env bash
# Installs what building and testing ddc_bucket needs, when missing: the pinned Rust toolchain
# (rust-toolchain.toml: 1.86 + rust-src, clippy, rustfmt, wasm32) and cargo-contract 5.0.3.
# Idempotent; sourced by the other scripts. Sets CARGO_TARGET_DIR to a persistent cache.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# A build cache outside the clone keeps fresh clones (and CI) from rebuilding every crate.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ddc_bucket/target}"
mkdir -p "$CARGO_TARGET_DIR"
# ink!'s static buffer must hold a full list page (see ddc_bucket/limits.rs). cargo-contract
# builds in its own workspace, where .cargo/config.toml's [env] does not apply, so export it.
export INK_STATIC_BUFFER_SIZE=65536

if ! command -v rustup >/dev/null; then
  echo "rustup is required (https://rustup.rs)" >&2
  exit 1
fi
# RUSTUP_AUTO_INSTALL=0 on these machines: install the pinned toolchain explicitly.
echo "==> Rust toolchain (rust-toolchain.toml)"
rustup toolchain install

CARGO_CONTRACT_VERSION="5.0.3"
if ! cargo contract --version 2>/dev/null | grep -q "$CARGO_CONTRACT_VERSION"; then
  echo "==> Installing cargo-contract $CARGO_CONTRACT_VERSION (about 15 minutes the first time)"
  # Outside the repo, so it builds with the machine's default toolchain, not the pinned one, and
  # with CARGO_TARGET_DIR unset (cargo >= 1.9x refuses an empty value) so that cargo install uses
  # its own temporary target directory rather than the project's cache.
  (cd "$HOME" && env -u CARGO_TARGET_DIR cargo install cargo-contract --version "$CARGO_CONTRACT_VERSION" --locked)
fi
