//! The built contract's ABI (target/ink/ddc_bucket.json) keeps upstream v0.5's: every message
//! with the same selector, mutability, payability and argument order (docs/upstream.md
//! Appendix A, as tests/abi-upstream.json holds it), `Error` variants in upstream's order, and
//! the upstream events' leading fields.

use serde_json::Value;
use std::path::PathBuf;

fn read_json(path: PathBuf, hint: &str) -> Value {
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}{hint}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn metadata() -> Value {
    read_json(
        ddc_tests::artifact("ddc_bucket.json"),
        "; run scripts/build.sh first",
    )
}

/// Upstream's ABI, shared with tests/js/polkadot.test.mjs: `constructors`, `messages` (upstream's,
/// with selector, mutability, payability and argument labels) and `added` (the messages
/// upstream v0.5 does not have; `upstream_mutates` where a later upstream declared otherwise).
fn upstream() -> Value {
    read_json(ddc_tests::repo_root().join("tests/abi-upstream.json"), "")
}

fn labels(args: &Value) -> Vec<String> {
    args.as_array()
        .unwrap()
        .iter()
        .map(|a| a["label"].as_str().unwrap().to_string())
        .collect()
}

/// The argument labels of an entry of tests/abi-upstream.json (`[label, type]` pairs).
fn upstream_labels(args: &Value) -> Vec<String> {
    args.as_array()
        .unwrap()
        .iter()
        .map(|a| a[0].as_str().unwrap().to_string())
        .collect()
}

/// The entry labelled `label` in a metadata section.
fn find<'a>(section: &'a [Value], label: &Value, what: &str) -> &'a Value {
    section
        .iter()
        .find(|x| x["label"] == *label)
        .unwrap_or_else(|| panic!("{what} {label} missing"))
}

#[test]
fn constructor_new_keeps_its_selector() {
    let m = metadata();
    let ctors = m["spec"]["constructors"].as_array().unwrap();
    for upstream in upstream()["constructors"].as_array().unwrap() {
        let ctor = find(ctors, &upstream["label"], "constructor");
        assert_eq!(ctor["selector"], upstream["selector"]);
        assert_eq!(labels(&ctor["args"]), upstream_labels(&upstream["args"]));
    }
}

#[test]
fn every_upstream_message_keeps_selector_mutability_payability_and_arguments() {
    let m = metadata();
    let messages = m["spec"]["messages"].as_array().unwrap();
    let upstream = upstream();
    let (ours, added) = (
        upstream["messages"].as_array().unwrap(),
        upstream["added"].as_array().unwrap(),
    );
    for up in ours {
        let name = &up["label"];
        let msg = find(messages, name, "message");
        assert_eq!(msg["selector"], up["selector"], "{name} selector");
        assert_eq!(msg["mutates"], up["mutates"], "{name} mutates");
        assert_eq!(msg["payable"], up["payable"], "{name} payable");
        assert_eq!(
            labels(&msg["args"]),
            upstream_labels(&up["args"]),
            "{name} arguments"
        );
    }
    for new in added {
        let name = &new["label"];
        let msg = find(messages, name, "message");
        assert_eq!(msg["payable"], new["payable"], "{name} payable");
        assert_eq!(msg["mutates"], new["mutates"], "{name} mutates");
        // Where upstream declared another mutability, the table says so, and it does differ.
        if !new["upstream_mutates"].is_null() {
            assert_ne!(
                new["upstream_mutates"], new["mutates"],
                "{name}: upstream_mutates only where it differs"
            );
        }
        // A later upstream version's name keeps its selector; the arguments are ours (the
        // table's), and upstream's where they are the same.
        if !new["selector"].is_null() {
            assert_eq!(msg["selector"], new["selector"], "{name} selector");
            assert_eq!(
                labels(&msg["args"]),
                upstream_labels(&new["args"]),
                "{name} arguments"
            );
        }
        // Where upstream's arguments under that name differ, the table says so, and they do.
        if !new["upstream_args"].is_null() {
            assert!(
                !new["selector"].is_null(),
                "{name}: upstream_args with upstream's selector"
            );
            assert_ne!(
                upstream_labels(&new["upstream_args"]),
                labels(&msg["args"]),
                "{name}: upstream_args only where they differ"
            );
        }
    }
    // Every message of the build is in the table: upstream v0.5's 28 and the 18 added
    // (payers in control, owner change and writers, nodes and clusters that change and leave).
    assert_eq!((ours.len(), added.len()), (28, 18), "the table");
    assert_eq!(
        messages.len(),
        ours.len() + added.len(),
        "upstream's messages plus the added ones"
    );
}

/// The type named `path` in the metadata's type registry.
fn named_type<'a>(m: &'a Value, path: &[&str]) -> &'a Value {
    m["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["type"])
        .find(|t| {
            let p: Vec<&str> = t["path"]
                .as_array()
                .map(|p| p.iter().filter_map(|s| s.as_str()).collect())
                .unwrap_or_default();
            p.ends_with(path)
        })
        .unwrap_or_else(|| panic!("type {path:?} missing"))
}

#[test]
fn error_keeps_upstream_variants_first_in_order() {
    let m = metadata();
    let error = named_type(&m, &["error", "Error"]);
    let variants: Vec<(u64, String)> = error["def"]["variant"]["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["index"].as_u64().unwrap(),
                v["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let upstream = [
        "BucketDoesNotExist",
        "ClusterDoesNotExist",
        "TooManyVNodes",
        "ParamsTooBig",
        "VNodeDoesNotExist",
        "BucketClusterAlreadyConnected",
        "BucketClusterNotSetup",
        "NodeDoesNotExist",
        "FlowDoesNotExist",
        "AccountDoesNotExist",
        "ParamsDoesNotExist",
        "UnauthorizedProvider",
        "UnauthorizedOwner",
        "UnauthorizedClusterManager",
        "ClusterManagerIsNotTrusted",
        "TransferFailed",
        "InsufficientBalance",
        "InsufficientResources",
        "Unauthorized",
    ];
    for (i, name) in upstream.iter().enumerate() {
        assert_eq!(variants[i], (i as u64, name.to_string()));
    }
}

#[test]
fn permission_keeps_upstream_variants_in_order() {
    let m = metadata();
    let perm = named_type(&m, &["entity", "Permission"]);
    let names: Vec<&str> = perm["def"]["variant"]["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ManagerTrustedBy", "SetExchangeRate", "SuperAdmin"]);
}

#[test]
fn upstream_events_keep_their_leading_fields() {
    let m = metadata();
    let events = m["spec"]["events"].as_array().unwrap();
    let upstream: &[(&str, &[&str])] = &[
        ("BucketCreated", &["bucket_id", "owner_id"]),
        ("BucketAllocated", &["bucket_id", "cluster_id", "resource"]),
        ("BucketSettlePayment", &["bucket_id", "cluster_id"]),
        (
            "ClusterCreated",
            &["cluster_id", "manager", "cluster_params"],
        ),
        (
            "ClusterNodeReplaced",
            &["cluster_id", "node_id", "vnode_index"],
        ),
        ("ClusterReserveResource", &["cluster_id", "resource"]),
        ("ClusterDistributeRevenues", &["cluster_id", "provider_id"]),
        (
            "NodeCreated",
            &["node_id", "provider_id", "rent_per_month", "node_params"],
        ),
        ("Deposit", &["account_id", "value"]),
        ("GrantPermission", &["account_id", "permission"]),
        ("RevokePermission", &["account_id", "permission"]),
    ];
    for (name, fields) in upstream {
        let ev = events
            .iter()
            .find(|e| e["label"] == *name)
            .unwrap_or_else(|| panic!("event {name} missing"));
        let got = labels(&ev["args"]);
        assert_eq!(&got[..fields.len()], *fields, "{name} leading fields");
        // The ids that upstream indexed are topics here too.
        for arg in ev["args"].as_array().unwrap().iter().take(2) {
            if [
                "bucket_id",
                "cluster_id",
                "node_id",
                "account_id",
                "owner_id",
                "manager",
                "provider_id",
            ]
            .contains(&arg["label"].as_str().unwrap())
            {
                assert_eq!(arg["indexed"], true, "{name}.{} indexed", arg["label"]);
            }
        }
    }
}
