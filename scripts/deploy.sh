#!/usr/bin/env bash
# Uploads and instantiates the release bundle (target/ink/ddc_bucket.contract) on a chain with
# pallet-contracts, with cargo-contract underneath, and prints the contract's address and code
# hash. Builds the bundle first if it is missing.
#
#   scripts/deploy.sh [--url ws://127.0.0.1:9944] [--suri //Alice] [--value 0]
#
# The constructor is `new()`; a fresh salt each run lets the same code be instantiated again.
# Output ends with two lines meant for scripts: `contract: ADDRESS` and `code hash: 0x...`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" >/dev/null

URL="ws://127.0.0.1:9944"
SURI="//Alice"
VALUE="0"
while [ $# -gt 0 ]; do
  case "$1" in
    --url) URL="$2"; shift 2 ;;
    --suri) SURI="$2"; shift 2 ;;
    --value) VALUE="$2"; shift 2 ;;
    *) echo "usage: $0 [--url ws://HOST:PORT] [--suri SECRET_URI] [--value AMOUNT]" >&2; exit 2 ;;
  esac
done

BUNDLE="$ROOT/target/ink/ddc_bucket.contract"
[ -f "$BUNDLE" ] || "$ROOT/scripts/build.sh" >&2

SALT="$(printf '0x%016x' "$(date +%s%N)")"
echo "==> cargo contract instantiate $BUNDLE --url $URL --suri $SURI (salt $SALT)" >&2
OUT="$(cargo contract instantiate "$BUNDLE" --constructor new --value "$VALUE" \
  --url "$URL" --suri "$SURI" --salt "$SALT" --execute --skip-confirm --output-json)"

# cargo-contract prints the code hash only when this call uploaded the code; the bundle's
# metadata always holds it (source.hash = blake2-256 of the Wasm).
field() { grep -oE "\"$1\": *\"[^\"]+\"" | head -1 | sed -E 's/.*: *"([^"]+)"/\1/'; }
ADDRESS="$(printf '%s' "$OUT" | field contract)"
CODE_HASH="$(field hash < "$ROOT/target/ink/ddc_bucket.json")"
if [ -z "$ADDRESS" ]; then
  echo "$OUT" >&2
  echo "instantiate printed no contract address" >&2
  exit 1
fi
echo "contract: $ADDRESS"
echo "code hash: $CODE_HASH"
