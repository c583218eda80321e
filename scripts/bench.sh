#!/usr/bin/env bash
# The benchmark: gas (ref_time, proof_size) and storage deposit of every message, measured from
# the call records of the release contract on pallet-contracts in-process (drink); the hot path
# at N = 1, 100 and 10,000 existing buckets/accounts/nodes; lists; clusters of 1..300 vnodes;
# wasm size. Writes docs/benchmarks.md and prints the same table, which says which targets hold.
# BENCH_LEVELS=1,100 makes a quicker run (the committed file comes from the full one).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

"$ROOT/scripts/build.sh"

echo "==> Benchmark (drink, pallet-contracts in-process)"
start=$(date +%s)
BENCH_OUT="$ROOT/docs/benchmarks.md" \
  cargo test -p ddc_tests --test bench -- --ignored --nocapture --exact benchmark
echo "==> docs/benchmarks.md written ($(( $(date +%s) - start )) s)"
