#!/usr/bin/env bash
# Runs every test: the lint gate (fmt, clippy), the contract's unit, property and off-chain tests,
# the release build, the integration tests on the built artifacts (ABI selectors, drink), the
# polkadot.js tests (tests/js) on the metadata and on the bytes the drink suite recorded, and the
# real-node suite when substrate-contracts-node is installed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

# Every cargo test's output is kept to print one total at the end.
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT

# Formatting and clippy with the no-trap lints denied on contract code (fails on any warning).
"$ROOT/scripts/lint.sh"

echo "==> Contract tests (unit, property, off-chain #[ink::test])"
# --nocapture: the model-based run prints its totals (sequences, calls, checks, failures).
cargo test -p ddc_bucket -- --nocapture 2>&1 | tee -a "$LOG"

"$ROOT/scripts/build.sh"

echo "==> Integration tests on the built contract"
# --nocapture: the suites print their gas table and case counts into the log.
cargo test -p ddc_tests -- --nocapture 2>&1 | tee -a "$LOG"

echo "==> polkadot.js tests (tests/js: npm ci, node --test)"
command -v npm >/dev/null || { echo "node and npm are required (tests/js)" >&2; exit 1; }
(cd "$ROOT/tests/js" && npm ci --no-audit --no-fund)
# With DDC_NODE_URL set (a running substrate-contracts-node) it also deploys and calls there.
node --test --test-reporter=tap "$ROOT/tests/js/polkadot.test.mjs" 2>&1 | tee -a "$LOG"

echo "==> Real-node tests (ink_e2e on substrate-contracts-node)"
NODE_BIN="${CONTRACTS_NODE:-substrate-contracts-node}"
if command -v "$NODE_BIN" >/dev/null; then
  export CONTRACTS_NODE="$(command -v "$NODE_BIN")"
  cargo test -p ddc_tests --features e2e-tests --test node_e2e -- --nocapture 2>&1 | tee -a "$LOG"
else
  echo "node tests skipped: substrate-contracts-node not found (set CONTRACTS_NODE or run scripts/install-node.sh)"
fi

passed=$(grep -oE 'test result: [a-zA-Z]+\. [0-9]+ passed' "$LOG" | awk '{s+=$4} END {print s+0}')
failed=$(grep -oE '[0-9]+ failed;' "$LOG" | awk '{s+=$1} END {print s+0}')
# node --test (TAP) ends with `# pass N`, `# fail N`.
passed=$((passed + $(grep -E '^# pass [0-9]+' "$LOG" | awk '{s+=$3} END {print s+0}')))
failed=$((failed + $(grep -E '^# fail [0-9]+' "$LOG" | awk '{s+=$3} END {print s+0}')))
echo
echo "tests: $passed passed, $failed failed"
