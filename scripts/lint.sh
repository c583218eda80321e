#!/usr/bin/env bash
# The lint gate: formatting, and clippy on the contract's non-test code with the lints that
# would let a message trap or wrap denied. Fails on any warning.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

echo "==> cargo fmt --check"
cargo fmt --all -- --check

# `--lib` without `--tests`: `#[cfg(test)]` modules and the tests/ folders are not linted.
echo "==> cargo clippy (contract code, no-trap lints denied)"
cargo clippy -p ddc_bucket --lib --no-deps -- \
  -D warnings \
  -D clippy::unwrap_used \
  -D clippy::expect_used \
  -D clippy::panic \
  -D clippy::unreachable \
  -D clippy::todo \
  -D clippy::unimplemented \
  -D clippy::indexing_slicing \
  -D clippy::arithmetic_side_effects \
  -D clippy::integer_division \
  -D clippy::cast_possible_truncation \
  -D clippy::cast_possible_wrap \
  -D clippy::cast_sign_loss

# clippy has no lint for a runtime `assert!`, and lib.rs allows `clippy::panic` for ink!'s
# generated dispatch code (see the comment there): no panicking macro may be written in the
# contract's sources. Compile-time assertions (`const _: () = assert!(..)`) are allowed.
echo "==> no panicking macro in contract sources"
bad=$(find ddc_bucket -name '*.rs' \
        ! -name '*_tests.rs' ! -name 'contract_tests.rs' ! -path 'ddc_bucket/tests/*' \
        -exec awk '
          /^const _/ { in_const = 1 }
          !in_const && !/^[ \t]*\/\// && /(panic|unreachable|todo|unimplemented|(debug_)?assert(_eq|_ne)?)!/ {
            print FILENAME ":" FNR ": " $0
          }
          in_const && /;[ \t]*$/ { in_const = 0 }
        ' {} +)
if [ -n "$bad" ]; then
  echo "$bad"
  echo "panicking macro in contract code" >&2
  exit 1
fi
echo "lint gate: passed"
