#!/usr/bin/env bash
# The main job: installs what is missing (pinned Rust, cargo-contract), builds the release
# contract, deploys it on an embedded chain (pallet-contracts in-process, drink; no node needed)
# and plays a DDC story on it, printing the network, the accounts and every money flow, and
# writing the network as a Mermaid diagram to target/ddc-network.mmd.
#
#   scripts/run.sh                                   # the embedded chain
#   scripts/run.sh --url ws://127.0.0.1:9944 --suri //Alice [--contract ADDRESS]
#                                                    # a real chain (substrate-contracts-node):
#     deployed with cargo-contract (scripts/deploy.sh), called through polkadot.js
#     (tests/js/chain-bridge.mjs), real time passing (seconds): the admin sets the shortest
#     grace period (1 h), which deposits must cover, so there the chat app does not run short
#     and the expiry step is skipped
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

"$ROOT/scripts/build.sh"

if [[ " $* " == *" --url "* ]]; then
  command -v npm >/dev/null || { echo "node and npm are required for --url" >&2; exit 1; }
  echo "==> npm ci (tests/js: @polkadot/api, the real-chain transport)"
  (cd "$ROOT/tests/js" && npm ci --no-audit --no-fund)
fi

echo "==> cargo run --bin ddc-story $*"
cargo run -p ddc_tests --bin ddc-story -- "$@"
