#!/usr/bin/env bash
# Runs every test: formatting, the contract's unit, property and off-chain tests, the release
# build, and the integration tests on the built artifacts (ABI selectors).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

echo "==> cargo fmt --check"
cargo fmt --all -- --check

echo "==> Contract tests (unit, property, off-chain #[ink::test])"
cargo test -p ddc_bucket

"$ROOT/scripts/build.sh"

echo "==> Integration tests on the built contract"
cargo test -p ddc_tests
