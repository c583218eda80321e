#!/usr/bin/env bash
# Builds the release contract with cargo-contract and prints its artifacts and wasm size.
# The artifacts are copied to target/ink/ in the repo whatever CARGO_TARGET_DIR is.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

# cargo-contract gets a target dir of its own: with INK_STATIC_BUFFER_SIZE set and no metadata
# of an earlier build in its target dir (a fresh cache), it runs `cargo clean` on that whole
# dir, which would wipe every test build sharing it.
CONTRACT_TARGET_DIR="${CONTRACT_TARGET_DIR:-$(dirname "$CARGO_TARGET_DIR")/contract-target}"
mkdir -p "$CONTRACT_TARGET_DIR"
echo "==> cargo contract build --release (target dir $CONTRACT_TARGET_DIR)"
CARGO_TARGET_DIR="$CONTRACT_TARGET_DIR" cargo contract build --release --manifest-path ddc_bucket/Cargo.toml

OUT="$CONTRACT_TARGET_DIR/ink/ddc_bucket"
mkdir -p "$ROOT/target/ink"
if [ "$(cd "$OUT" && pwd)" != "$(cd "$ROOT/target/ink" && pwd)" ]; then
  cp "$OUT"/ddc_bucket.{contract,wasm,json} "$ROOT/target/ink/"
fi
# The wasm before wasm-opt, the only one with a name section: the benchmark reads where the
# bytes go from it (tests/src/size.rs).
cp "$OUT/wasm32-unknown-unknown/release/ddc_bucket.wasm" "$ROOT/target/ink/ddc_bucket.names.wasm"
echo "==> Artifacts"
for f in "$ROOT"/target/ink/ddc_bucket.{contract,wasm,json,names.wasm}; do
  printf '  %-60s %8d bytes\n' "${f#$ROOT/}" "$(stat -c %s "$f")"
done
echo "wasm size: $(stat -c %s "$ROOT/target/ink/ddc_bucket.wasm") bytes"
