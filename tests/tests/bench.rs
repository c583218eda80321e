//! The benchmark (`scripts/bench.sh` runs `benchmark`, ignored by default) and the regression
//! test that keeps the hot path within 10 % of the committed baseline
//! (`tests/bench-baseline.json`). All figures come from real calls on pallet-contracts (drink).

use ddc_tests::bench::*;
use ddc_tests::{artifact, size, CallRecord};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

fn wasm_bytes() -> u64 {
    std::fs::metadata(artifact("ddc_bucket.wasm"))
        .expect("run scripts/build.sh first")
        .len()
}

/// The full benchmark: every message, the hot path at N = 1, 100, 10,000 (`BENCH_LEVELS`
/// overrides, e.g. `1,100`), lists, and clusters of 1, 10, 100, 300 vnodes. Prints the
/// Markdown report and writes it to `BENCH_OUT` if set, then lists the targets that do not hold.
#[test]
#[ignore = "the benchmark: run by scripts/bench.sh"]
fn benchmark() {
    let levels: Vec<u32> = std::env::var("BENCH_LEVELS")
        .unwrap_or_else(|_| "1,100,10000".into())
        .split(',')
        .map(|n| n.trim().parse().expect("BENCH_LEVELS: numbers"))
        .collect();
    let t = Instant::now();
    let every = every_message();
    eprintln!("every message: {:.1?}", t.elapsed());
    let t = Instant::now();
    let scale = scale(&levels, |n| {
        eprintln!("  {n} bulk users after {:.1?}", t.elapsed())
    });
    eprintln!("scale: {:.1?}", t.elapsed());
    let t = Instant::now();
    let vnodes = vnodes(&[1, 10, 100, 300]);
    eprintln!("vnodes: {:.1?}", t.elapsed());
    let report = Report {
        wasm_bytes: wasm_bytes(),
        max_extrinsic: max_extrinsic_ref_time(),
        every,
        scale,
        vnodes,
    };
    let (mut md, failed) = report.markdown();
    md.push_str(&size_report().markdown(report.wasm_bytes, 25));
    println!("\n{md}");
    if let Ok(path) = std::env::var("BENCH_OUT") {
        std::fs::write(&path, &md).expect("write the report");
        eprintln!("written to {path}");
    }
    // The report says which targets hold; the gate against regressions is
    // `hot_path_does_not_regress`, so a target that does not hold (and is explained in the
    // report) does not fail the run.
    if failed.is_empty() {
        eprintln!("targets: all hold");
    } else {
        eprintln!("targets that do not hold (see the report): {failed:?}");
    }
}

fn baseline_path() -> PathBuf {
    ddc_tests::repo_root().join("tests/bench-baseline.json")
}

/// The hot path once, as the benchmark's first level measures it (N = 1).
fn hot_path_now() -> Vec<(String, CallRecord)> {
    let (mut c, cluster) = fresh();
    add_users(&mut c, cluster, 0, 1);
    probe_round(&mut c, cluster, 1, T0 + 10 * DAY)
}

/// Fails if a hot-path message's `ref_time`, or its ratio to the baseline getter, grew by more
/// than 10 % over `tests/bench-baseline.json`. `BENCH_UPDATE_BASELINE=1` rewrites the file
/// (commit it deliberately, with the reason).
#[test]
fn hot_path_does_not_regress() {
    let now = hot_path_now();
    let base_now = now
        .iter()
        .find(|(m, _)| m == BASELINE)
        .map(|(_, r)| r.ref_time)
        .expect("baseline");
    if std::env::var("BENCH_UPDATE_BASELINE").is_ok() {
        let ref_time: BTreeMap<&str, u64> =
            now.iter().map(|(m, r)| (m.as_str(), r.ref_time)).collect();
        let json = serde_json::json!({
            "about": "ref_time of the hot-path messages on drink 0.18 (N = 1); checked by tests/tests/bench.rs (hot_path_does_not_regress), which fails on > 10 % growth of a ref_time or of its ratio to the baseline. Rewrite with BENCH_UPDATE_BASELINE=1.",
            "baseline": BASELINE,
            "ref_time": ref_time,
        });
        std::fs::write(
            baseline_path(),
            serde_json::to_string_pretty(&json).expect("json") + "\n",
        )
        .expect("write the baseline");
        eprintln!("baseline rewritten: {}", baseline_path().display());
    }
    let committed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(baseline_path()).expect("tests/bench-baseline.json"),
    )
    .expect("baseline JSON");
    let old = |m: &str| {
        committed["ref_time"][m]
            .as_u64()
            .unwrap_or_else(|| panic!("no baseline for {m}"))
    };
    let base_old = old(BASELINE);
    let mut failed = vec![];
    println!(
        "| message | baseline file | now | change | × baseline now |\n|---|---:|---:|---:|---:|"
    );
    for (m, r) in &now {
        let was = old(m);
        let change = r.ref_time as f64 / was as f64 - 1.0;
        let ratio_now = r.ref_time as f64 / base_now as f64;
        let ratio_was = was as f64 / base_old as f64;
        println!(
            "| {m} | {was} | {} | {:+.2} % | {ratio_now:.3} |",
            r.ref_time,
            change * 100.0
        );
        if change > 0.10 {
            failed.push(format!(
                "{m}: ref_time {was} -> {} ({:+.1} %)",
                r.ref_time,
                change * 100.0
            ));
        }
        if ratio_now > ratio_was * 1.10 {
            failed.push(format!("{m}: ratio {ratio_was:.3} -> {ratio_now:.3}"));
        }
    }
    assert!(
        failed.is_empty(),
        "hot path regressed by more than 10 % over tests/bench-baseline.json: {failed:#?}"
    );
}

/// Where the wasm's bytes go (tests/src/size.rs), from the pre-opt wasm `scripts/build.sh`
/// leaves beside the release one.
fn size_report() -> size::SizeReport {
    let wasm = std::fs::read(artifact("ddc_bucket.names.wasm"))
        .expect("target/ink/ddc_bucket.names.wasm: run scripts/build.sh first");
    let metadata = std::fs::read_to_string(artifact("ddc_bucket.json"))
        .expect("target/ink/ddc_bucket.json: run scripts/build.sh first");
    let messages = size::message_labels(&metadata).expect("the metadata's messages");
    size::analyse(&wasm, &messages).expect("a wasm with a name section")
}

/// The release wasm stays within the size issue's budget, 52 KiB ([`size::HARD_LIMIT_BYTES`]:
/// every byte is loaded, and paid for, on every call). The benchmark also reports the 48 KiB
/// target. Prints the bytes per message group, so that growth shows where it happens.
#[test]
fn release_wasm_is_at_most_52_kib() {
    let bytes = wasm_bytes();
    println!(
        "release wasm: {bytes} bytes; {} bytes left in the 52 KiB budget",
        size::HARD_LIMIT_BYTES.saturating_sub(bytes)
    );
    if artifact("ddc_bucket.names.wasm").exists() {
        let sizes = size_report();
        println!("code bytes before wasm-opt, per message group (see docs/benchmarks.md):");
        for (row, group_bytes) in &sizes.rows {
            println!("  {group_bytes:>7}  {row}");
        }
        println!("  {:>7}  all code", sizes.code_bytes);
    }
    assert!(
        bytes <= size::HARD_LIMIT_BYTES,
        "release wasm is {bytes} bytes > 52 KiB ({} bytes)",
        size::HARD_LIMIT_BYTES
    );
}
