//! Integration tests of the built `ddc_bucket` contract (`target/ink/`). Build it first with
//! `scripts/build.sh`.

use std::path::PathBuf;

/// `target/ink/<name>` in the repository.
pub fn artifact(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../target/ink")
        .join(name)
}
