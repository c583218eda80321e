#!/usr/bin/env bash
# The real-chain paths end to end against a local substrate-contracts-node (install it with
# scripts/install-node.sh; never run by CI): starts `substrate-contracts-node --dev` on PORT
# (default 19944, so as not to clash with a node already on 9944), then
#   1. scripts/run.sh --url ... --suri //Alice   deploys with cargo-contract and plays the story;
#   2. tests/js/bucket-status.mjs on its buckets: photos (1), handed over and closed, must exit 1;
#      chat (2), which covers the grace period, must exit 0; a missing bucket must exit 2;
#   3. the polkadot.js test with DDC_NODE_URL (after recording this build's fixture on drink): deploys with polkadot.js, bucket_create (its
#      deposit sent along, before allocating), bucket_get, a settlement after real seconds, a
#      writer granted and revoked, each submitted with its dry run's estimate;
#   4. scripts/cargo-contract-walkthrough.sh: plain cargo-contract, `-x` with its own estimate
#      (no --gas) from deploy (deposit, then allocate) to a settlement after real seconds,
#      distribution, a writer, a change of owner and withdrawal.
# Stops the node on exit.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

NODE_BIN="${CONTRACTS_NODE:-substrate-contracts-node}"
command -v "$NODE_BIN" >/dev/null || { echo "$NODE_BIN not found: run scripts/install-node.sh" >&2; exit 1; }
PORT="${PORT:-19944}"
URL="ws://127.0.0.1:$PORT"
WORK="$(mktemp -d)"

"$NODE_BIN" --dev --tmp --rpc-port "$PORT" >"$WORK/node.log" 2>&1 &
NODE_PID=$!
trap 'kill "$NODE_PID" 2>/dev/null || true; wait "$NODE_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
echo "==> substrate-contracts-node --dev on $URL (pid $NODE_PID)"
for _ in $(seq 120); do
  if curl -sf -H 'Content-Type: application/json' \
      -d '{"id":1,"jsonrpc":"2.0","method":"system_health","params":[]}' "http://127.0.0.1:$PORT" >/dev/null; then
    break
  fi
  kill -0 "$NODE_PID" 2>/dev/null || { cat "$WORK/node.log" >&2; exit 1; }
  sleep 1
done

"$ROOT/scripts/run.sh" --url "$URL" --suri //Alice | tee "$WORK/story.txt"
ADDRESS="$(grep -m1 '^contract: ' "$WORK/story.txt" | cut -d' ' -f2)"
[ -n "$ADDRESS" ] || { echo "no contract address in the story's output" >&2; exit 1; }

failed=0
expect() {
  local want="$1"; shift
  set +e
  node "$ROOT/tests/js/bucket-status.mjs" --url "$URL" --contract "$ADDRESS" "$@"
  local got=$?
  set -e
  if [ "$got" = "$want" ]; then echo "  ok: bucket-status $* exited $got"; else echo "  FAILED: bucket-status $* exited $got, expected $want"; failed=1; fi
}
echo "==> bucket-status.mjs on the story's buckets"
# Bucket 1 (photos) changed hands and was closed: covered only until its close. Bucket 2
# (chat) covers the grace period, which outlasts the story's seconds on a real chain.
expect 1 --bucket 1
expect 0 --bucket 2
expect 2 --bucket 99

echo "==> the fixture of this build (recorded on drink), which the polkadot.js test reads"
cargo test -p ddc_tests --test drink_fixtures -- --quiet || failed=1

echo "==> polkadot.js test against the node"
DDC_NODE_URL="$URL" node --test --test-reporter=spec "$ROOT/tests/js/polkadot.test.mjs" || failed=1

echo "==> cargo-contract walk-through (no --gas anywhere)"
"$ROOT/scripts/cargo-contract-walkthrough.sh" "$URL" || failed=1

[ "$failed" = 0 ] && echo "real node: all checks passed" || { echo "real node: some checks FAILED"; exit 1; }
