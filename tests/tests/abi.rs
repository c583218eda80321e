//! The built contract's ABI (target/ink/ddc_bucket.json) keeps upstream v0.5's: every message
//! with the same selector, mutability, payability and argument order (docs/upstream.md
//! Appendix A), `Error` variants in upstream's order, and the upstream events' leading fields.

use serde_json::Value;

fn metadata() -> Value {
    let path = ddc_tests::artifact("ddc_bucket.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run scripts/build.sh first", path.display()));
    serde_json::from_str(&text).expect("metadata is JSON")
}

/// (name, selector, mutates, payable, argument labels) from docs/upstream.md Appendix A.
const UPSTREAM: &[(&str, &str, bool, bool, &[&str])] = &[
    (
        "bucket_create",
        "0x0aeb2379",
        true,
        true,
        &["bucket_params", "cluster_id"],
    ),
    (
        "bucket_alloc_into_cluster",
        "0x4c482d19",
        true,
        false,
        &["bucket_id", "resource"],
    ),
    (
        "bucket_settle_payment",
        "0x15974555",
        true,
        false,
        &["bucket_id"],
    ),
    (
        "bucket_change_params",
        "0x9f2d075b",
        true,
        true,
        &["bucket_id", "params"],
    ),
    ("bucket_get", "0x3802cb77", false, false, &["bucket_id"]),
    (
        "bucket_list",
        "0x417ab584",
        false,
        false,
        &["offset", "limit", "filter_owner_id"],
    ),
    (
        "cluster_create",
        "0x4c0f21f6",
        true,
        true,
        &["_unused", "vnode_count", "node_ids", "cluster_params"],
    ),
    (
        "cluster_reserve_resource",
        "0xb5e38125",
        true,
        false,
        &["cluster_id", "amount"],
    ),
    (
        "cluster_replace_node",
        "0x48194ab1",
        true,
        false,
        &["cluster_id", "vnode_i", "new_node_id"],
    ),
    (
        "cluster_distribute_revenues",
        "0xe71e66fc",
        true,
        false,
        &["cluster_id"],
    ),
    (
        "cluster_change_params",
        "0x1207912c",
        true,
        true,
        &["cluster_id", "params"],
    ),
    ("cluster_get", "0xe75411f5", false, false, &["cluster_id"]),
    (
        "cluster_list",
        "0xd9db9d44",
        false,
        false,
        &["offset", "limit", "filter_manager_id"],
    ),
    ("node_trust_manager", "0x6fd54a01", true, true, &["manager"]),
    (
        "node_distrust_manager",
        "0x40912279",
        true,
        false,
        &["manager"],
    ),
    (
        "node_create",
        "0xb77ac1bb",
        true,
        true,
        &["rent_per_month", "node_params", "capacity"],
    ),
    (
        "node_change_params",
        "0x258ccb2a",
        true,
        true,
        &["node_id", "params"],
    ),
    ("node_get", "0x847f3997", false, false, &["node_id"]),
    (
        "node_list",
        "0x423286d6",
        false,
        false,
        &["offset", "limit", "filter_provider_id"],
    ),
    ("account_deposit", "0xc311af62", true, true, &[]),
    ("account_get", "0x1d4220fa", false, false, &["account_id"]),
    ("account_get_usd_per_cere", "0xe4a4652a", false, false, &[]),
    (
        "account_set_usd_per_cere",
        "0x48d45ee8",
        true,
        false,
        &["usd_per_cere"],
    ),
    (
        "has_permission",
        "0xe0942492",
        false,
        false,
        &["grantee", "permission"],
    ),
    (
        "admin_grant_permission",
        "0xbe41ea55",
        true,
        true,
        &["grantee", "permission"],
    ),
    (
        "admin_revoke_permission",
        "0x6b150666",
        true,
        false,
        &["grantee", "permission"],
    ),
    ("admin_withdraw", "0x2f6e0868", true, false, &["amount"]),
    (
        "admin_set_fee_config",
        "0x00d441e7",
        true,
        false,
        &["config"],
    ),
];

fn labels(args: &Value) -> Vec<String> {
    args.as_array()
        .unwrap()
        .iter()
        .map(|a| a["label"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn constructor_new_keeps_its_selector() {
    let m = metadata();
    let ctors = m["spec"]["constructors"].as_array().unwrap();
    let new = ctors
        .iter()
        .find(|c| c["label"] == "new")
        .expect("constructor new");
    assert_eq!(new["selector"], "0x9bae9d5e");
    assert!(labels(&new["args"]).is_empty());
}

#[test]
fn every_upstream_message_keeps_selector_mutability_payability_and_arguments() {
    let m = metadata();
    let messages = m["spec"]["messages"].as_array().unwrap();
    for (name, selector, mutates, payable, args) in UPSTREAM {
        let msg = messages
            .iter()
            .find(|x| x["label"] == *name)
            .unwrap_or_else(|| panic!("message {name} missing"));
        assert_eq!(msg["selector"], *selector, "{name} selector");
        assert_eq!(msg["mutates"], *mutates, "{name} mutates");
        assert_eq!(msg["payable"], *payable, "{name} payable");
        assert_eq!(labels(&msg["args"]), *args, "{name} arguments");
    }
    let withdraw = messages
        .iter()
        .find(|x| x["label"] == "account_withdraw")
        .expect("account_withdraw");
    assert_eq!(withdraw["payable"], false);
    // Added here: account_withdraw, and the payers' messages; bucket_set_resource_cap keeps
    // upstream v0.6's name, arguments and selector (docs/upstream.md §12.1).
    const ADDED: &[&str] = &[
        "account_withdraw",
        "bucket_set_resource_cap",
        "bucket_release_resource",
        "bucket_close",
        "bucket_expire",
        "bucket_get_grace_period",
        "admin_set_grace_period",
    ];
    for name in ADDED {
        assert!(
            messages.iter().any(|x| x["label"] == *name),
            "message {name} missing"
        );
    }
    let cap = messages
        .iter()
        .find(|x| x["label"] == "bucket_set_resource_cap")
        .expect("bucket_set_resource_cap");
    assert_eq!(cap["selector"], "0x85010c6d");
    assert_eq!(labels(&cap["args"]), ["bucket_id", "new_resource_cap"]);
    assert_eq!(
        messages.len(),
        UPSTREAM.len() + ADDED.len(),
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
