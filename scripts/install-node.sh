#!/usr/bin/env bash
# Installs substrate-contracts-node 0.42.0 (crate `contracts-node`), the real chain the node test
# suite runs against. It is a LONG build: about an hour on 2 cores, ~170 MB binary. Idempotent:
# does nothing if the binary is already installed. Never run implicitly (not by CI).
set -euo pipefail
VERSION="0.42.0"
if command -v substrate-contracts-node >/dev/null && substrate-contracts-node --version 2>/dev/null | grep -q "$VERSION"; then
  echo "substrate-contracts-node $VERSION already installed: $(command -v substrate-contracts-node)"
  exit 0
fi
echo "==> Installing substrate-contracts-node $VERSION: about an hour on 2 cores."

# Native build dependencies (Debian).
missing=()
for pkg in clang libclang-dev protobuf-compiler; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -q && apt-get install -y -q "${missing[@]}"
fi

# The node builds with the same pinned toolchain as the contract (Rust 1.86 + wasm32).
rustup toolchain install 1.86 --profile minimal -c rust-src -t wasm32-unknown-unknown

# The node's runtime is compiled to Wasm in a separate cargo project that ignores the packaged
# Cargo.lock unless WASM_BUILD_WORKSPACE_HINT points at the unpacked crate (which holds it);
# without the lock it resolves crates that do not build on 1.86. Let cargo unpack the crate,
# then build with the hint.
src_dir() { ls -d "$HOME"/.cargo/registry/src/*/contracts-node-"$VERSION" 2>/dev/null | head -1; }
if [ -z "$(src_dir)" ]; then
  echo "==> Fetching the contracts-node $VERSION sources"
  cargo +1.86 install contracts-node --version "$VERSION" --locked --root "$(mktemp -d)" >/dev/null 2>&1 &
  fetcher=$!
  for _ in $(seq 600); do
    [ -n "$(src_dir)" ] && [ -f "$(src_dir)/Cargo.lock" ] && break
    sleep 1
  done
  kill "$fetcher" 2>/dev/null || true
  wait "$fetcher" 2>/dev/null || true
fi
[ -n "$(src_dir)" ] || { echo "could not unpack contracts-node $VERSION" >&2; exit 1; }

# A persistent target dir lets an interrupted build resume where it stopped.
TARGET="${NODE_TARGET_DIR:-$HOME/.cache/ddc_bucket/node-target}"
WASM_BUILD_WORKSPACE_HINT="$(src_dir)" cargo +1.86 install contracts-node --version "$VERSION" \
  --locked --target-dir "$TARGET"
echo "==> Installed: $(command -v substrate-contracts-node)"
