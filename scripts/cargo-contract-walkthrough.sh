#!/usr/bin/env bash
# A DDC walk-through with plain cargo-contract on a live chain, every call submitted with
# cargo-contract's own gas estimate (`-x`, no --gas, no --proof-size): deploy, providers register
# nodes, a manager builds a cluster, an app deposits, creates a bucket and allocates (in that
# order: an allocation must be covered for the grace period, 7 days by default), real seconds
# pass, anyone settles, anyone distributes, the app grants a writer and hands the bucket to a
# keeper who accepts it with a deposit of its own, the app withdraws. Any call that fails
# (e.g. Contracts::OutOfGas because the dry run's estimate did not suffice) stops it with exit 1.
#
#   scripts/cargo-contract-walkthrough.sh ws://127.0.0.1:9944
#
# Uses the dev accounts //Alice (admin), //Bob and //Charlie (providers), //Dave (manager),
# //Eve (app), //Ferdie (keeper). scripts/real-node.sh runs it against a local node.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

URL="${1:?usage: $0 ws://HOST:PORT}"
BUNDLE="$ROOT/target/ink/ddc_bucket.contract"
[ -f "$BUNDLE" ] || "$ROOT/scripts/build.sh"

BOB=5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty
CHARLIE=5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y
DAVE=5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy
FERDIE=5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL

echo "==> cargo contract instantiate (gas from cargo-contract's own dry run)"
DDC="$(cargo contract instantiate "$BUNDLE" --constructor new --suri //Alice --url "$URL" \
  --salt "0x$(printf '%016x' "$(date +%s%N)")" -x -y --output-json | sed -n 's/.*"contract": *"\([^"]*\)".*/\1/p' | head -1)"
[ -n "$DDC" ] || { echo "instantiate printed no contract address" >&2; exit 1; }
echo "contract: $DDC"

# One submitted call: cargo-contract dry-runs it, then submits with exactly that estimate.
step() {
  local suri="$1" message="$2"; shift 2
  echo "==> $suri $message $*"
  local out
  if ! out="$(cargo contract call "$BUNDLE" --contract "$DDC" --url "$URL" --suri "$suri" \
      --message "$message" -x -y "$@" 2>&1)"; then
    echo "$out" >&2
    echo "FAILED: $message with cargo-contract's own estimate" >&2
    exit 1
  fi
  if grep -q -e "OutOfGas" -e "ExtrinsicFailed" -e "ContractReverted" <<<"$out"; then
    echo "$out" >&2
    echo "FAILED: $message" >&2
    exit 1
  fi
  grep -E "^ +(Event|  [a-z_]+:)" <<<"$out" | sed 's/^/    /' || true
}

step //Bob node_trust_manager --args "$DAVE"
step //Charlie node_trust_manager --args "$DAVE"
step //Bob node_create --args 100_000_000_000 '"{\"url\":\"https://bob.example\"}"' 100
step //Charlie node_create --args 100_000_000_000 '"{\"url\":\"https://charlie.example\"}"' 100
step //Dave cluster_create --args "$DAVE" 4 '[1,2]' '"{}"'
step //Dave cluster_reserve_resource --args 1 10
# 20 CERE cover 15 days of the bucket's rent (40 USD a month at 1 USD per CERE): deposit first.
step //Eve account_deposit --value 200_000_000_000
step //Eve bucket_create --args '"{}"' 1
step //Eve bucket_alloc_into_cluster --args 1 1
echo "==> waiting 6 s of real time (rent accrues)"
sleep 6
step //Ferdie bucket_settle_payment --args 1
step //Ferdie cluster_distribute_revenues --args 1
step //Eve bucket_set_writer_perm --args 1 "$BOB"
step //Eve bucket_change_owner --args 1 "$FERDIE"
step //Ferdie bucket_change_owner --args 1 "$FERDIE" --value 200_000_000_000
step //Eve account_withdraw --args 1_000_000_000
echo "cargo-contract walk-through: every call succeeded with its own dry-run estimate"
