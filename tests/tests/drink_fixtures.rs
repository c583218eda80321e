//! Records bytes the real contract produced — every message's call data, the return values of
//! the views (`BucketStatus`, `ClusterStatus`, `NodeStatus`, `Account`, …) and every event it can
//! emit — into `target/fixtures/ddc_bucket.json`, with the values the contract crate's own types
//! decode them to. The polkadot.js test (`tests/js/`) decodes the same bytes with `Abi` and must
//! find the same values; it encodes the same calls and must produce the same bytes.
//!
//! JSON conventions of `expected` and `args`: integers as decimal strings, account ids as 0x hex,
//! structs as objects keyed by field name, enums as `"Variant"` or `{"Variant": value}`,
//! `Option::None` as null.

use ddc_bucket::account::entity::Account;
use ddc_bucket::bucket::entity::BucketStatus;
use ddc_bucket::cluster::entity::ClusterStatus;
use ddc_bucket::error::Error;
use ddc_bucket::events::Event;
use ddc_bucket::fee::entity::FeeConfig;
use ddc_bucket::node::entity::NodeStatus;
use ddc_bucket::perm::entity::Permission;
use ddc_bucket::types::{AccountId, TOKEN};
use ddc_tests::{ink_id, Chain, Outcome, RawArgs};
use drink::AccountId32;
use ink::scale::{Decode, Encode};
use serde_json::{json, Value};
use std::collections::BTreeSet;

fn hex(bytes: &[u8]) -> String {
    let mut s = String::from("0x");
    for b in bytes {
        s += &format!("{b:02x}");
    }
    s
}

fn acc(a: &AccountId) -> Value {
    json!(hex(AsRef::<[u8; 32]>::as_ref(a)))
}

fn n(v: impl ToString) -> Value {
    json!(v.to_string())
}

fn perm(p: &Permission) -> Value {
    match p {
        Permission::ManagerTrustedBy(a) => json!({ "ManagerTrustedBy": acc(a) }),
        Permission::SetExchangeRate => json!("SetExchangeRate"),
        Permission::SuperAdmin => json!("SuperAdmin"),
    }
}

fn fee(f: &FeeConfig) -> Value {
    json!({
        "network_fee_bp": n(f.network_fee_bp),
        "network_fee_destination": acc(&f.network_fee_destination),
        "cluster_management_fee_bp": n(f.cluster_management_fee_bp),
    })
}

fn bucket_status(b: &BucketStatus) -> Value {
    json!({
        "bucket_id": n(b.bucket_id),
        "bucket": {
            "owner_id": acc(&b.bucket.owner_id),
            "cluster_id": n(b.bucket.cluster_id),
            "resource_reserved": n(b.bucket.resource_reserved),
        },
        "params": b.params.as_str(),
        "writer_ids": b.writer_ids.iter().map(acc).collect::<Vec<_>>(),
        "rent_covered_until_ms": n(b.rent_covered_until_ms),
    })
}

fn cluster_status(c: &ClusterStatus) -> Value {
    json!({
        "cluster_id": n(c.cluster_id),
        "cluster": {
            "manager_id": acc(&c.cluster.manager_id),
            "vnodes": c.cluster.vnodes.iter().map(n).collect::<Vec<_>>(),
            "resource_per_vnode": n(c.cluster.resource_per_vnode),
            "resource_used": n(c.cluster.resource_used),
            "revenues": { "value": n(c.cluster.revenues.value) },
            "total_rent": n(c.cluster.total_rent),
        },
        "params": c.params.as_str(),
    })
}

fn node_status(s: &NodeStatus) -> Value {
    json!({
        "node_id": n(s.node_id),
        "node": {
            "provider_id": acc(&s.node.provider_id),
            "rent_per_month": n(s.node.rent_per_month),
            "free_resource": n(s.node.free_resource),
        },
        "params": s.params.as_str(),
    })
}

fn account(a: &Account) -> Value {
    json!({
        "deposit": { "value": n(a.deposit.value) },
        "payable_schedule": {
            "rate": n(a.payable_schedule.rate),
            "offset": n(a.payable_schedule.offset),
            "arrears": n(a.payable_schedule.arrears),
        },
        "settlement_carry": n(a.settlement_carry),
    })
}

/// An event's name and fields.
fn event(e: &Event) -> (&'static str, Value) {
    match e {
        Event::BucketCreated(e) => (
            "BucketCreated",
            json!({"bucket_id": n(e.bucket_id), "owner_id": acc(&e.owner_id)}),
        ),
        Event::BucketAllocated(e) => (
            "BucketAllocated",
            json!({"bucket_id": n(e.bucket_id), "cluster_id": n(e.cluster_id), "resource": n(e.resource)}),
        ),
        Event::BucketSettlePayment(e) => (
            "BucketSettlePayment",
            json!({
                "bucket_id": n(e.bucket_id),
                "cluster_id": n(e.cluster_id),
                "value": n(e.value),
                "usd_rate_ms": n(e.usd_rate_ms),
                "usd_per_cere": n(e.usd_per_cere),
            }),
        ),
        Event::BucketResourceCapSet(e) => (
            "BucketResourceCapSet",
            json!({"bucket_id": n(e.bucket_id), "resource_cap": n(e.resource_cap), "price_cap": n(e.price_cap)}),
        ),
        Event::BucketReleased(e) => (
            "BucketReleased",
            json!({"bucket_id": n(e.bucket_id), "cluster_id": n(e.cluster_id), "resource": n(e.resource), "rate": n(e.rate)}),
        ),
        Event::BucketClosed(e) => (
            "BucketClosed",
            json!({"bucket_id": n(e.bucket_id), "cluster_id": n(e.cluster_id), "expired": e.expired, "arrears": n(e.arrears)}),
        ),
        Event::GracePeriodSet(e) => (
            "GracePeriodSet",
            json!({"grace_period_ms": n(e.grace_period_ms)}),
        ),
        Event::BucketOwnerOffered(e) => (
            "BucketOwnerOffered",
            json!({"bucket_id": n(e.bucket_id), "owner_id": acc(&e.owner_id)}),
        ),
        Event::BucketOwnerChanged(e) => (
            "BucketOwnerChanged",
            json!({
                "bucket_id": n(e.bucket_id),
                "owner_id": acc(&e.owner_id),
                "previous_owner_id": acc(&e.previous_owner_id),
            }),
        ),
        Event::BucketWriterPermSet(e) => (
            "BucketWriterPermSet",
            json!({"bucket_id": n(e.bucket_id), "writer": acc(&e.writer), "granted": e.granted}),
        ),
        Event::BucketParamsSet(e) => (
            "BucketParamsSet",
            json!({"bucket_id": n(e.bucket_id), "params": e.params.as_str()}),
        ),
        Event::ClusterCreated(e) => (
            "ClusterCreated",
            json!({"cluster_id": n(e.cluster_id), "manager": acc(&e.manager), "cluster_params": e.cluster_params.as_str()}),
        ),
        Event::ClusterNodeReplaced(e) => (
            "ClusterNodeReplaced",
            json!({"cluster_id": n(e.cluster_id), "node_id": n(e.node_id), "vnode_index": n(e.vnode_index)}),
        ),
        Event::ClusterReserveResource(e) => (
            "ClusterReserveResource",
            json!({"cluster_id": n(e.cluster_id), "resource": n(e.resource)}),
        ),
        Event::ClusterDistributeRevenues(e) => (
            "ClusterDistributeRevenues",
            json!({"cluster_id": n(e.cluster_id), "provider_id": acc(&e.provider_id), "value": n(e.value)}),
        ),
        Event::ClusterDistributeFees(e) => (
            "ClusterDistributeFees",
            json!({
                "cluster_id": n(e.cluster_id),
                "network_fee": n(e.network_fee),
                "network_fee_destination": acc(&e.network_fee_destination),
                "cluster_management_fee": n(e.cluster_management_fee),
                "manager_id": acc(&e.manager_id),
            }),
        ),
        Event::ClusterParamsSet(e) => (
            "ClusterParamsSet",
            json!({"cluster_id": n(e.cluster_id), "params": e.params.as_str()}),
        ),
        Event::NodeCreated(e) => (
            "NodeCreated",
            json!({
                "node_id": n(e.node_id),
                "provider_id": acc(&e.provider_id),
                "rent_per_month": n(e.rent_per_month),
                "node_params": e.node_params.as_str(),
            }),
        ),
        Event::NodeParamsSet(e) => (
            "NodeParamsSet",
            json!({"node_id": n(e.node_id), "params": e.params.as_str()}),
        ),
        Event::Deposit(e) => (
            "Deposit",
            json!({"account_id": acc(&e.account_id), "value": n(e.value)}),
        ),
        Event::Withdraw(e) => (
            "Withdraw",
            json!({"account_id": acc(&e.account_id), "value": n(e.value)}),
        ),
        Event::GrantPermission(e) => (
            "GrantPermission",
            json!({"account_id": acc(&e.account_id), "permission": perm(&e.permission)}),
        ),
        Event::RevokePermission(e) => (
            "RevokePermission",
            json!({"account_id": acc(&e.account_id), "permission": perm(&e.permission)}),
        ),
        Event::ExchangeRateSet(e) => (
            "ExchangeRateSet",
            json!({"usd_per_cere": n(e.usd_per_cere)}),
        ),
        Event::FeeConfigSet(e) => (
            "FeeConfigSet",
            json!({
                "network_fee_bp": n(e.network_fee_bp),
                "network_fee_destination": acc(&e.network_fee_destination),
                "cluster_management_fee_bp": n(e.cluster_management_fee_bp),
            }),
        ),
        Event::AdminWithdraw(e) => (
            "AdminWithdraw",
            json!({"admin_id": acc(&e.admin_id), "value": n(e.value)}),
        ),
        Event::ClusterResourceSet(e) => (
            "ClusterResourceSet",
            json!({"cluster_id": n(e.cluster_id), "resource_per_vnode": n(e.resource_per_vnode)}),
        ),
        Event::ClusterNodeAdded(e) => (
            "ClusterNodeAdded",
            json!({"cluster_id": n(e.cluster_id), "node_id": n(e.node_id), "vnode_count": n(e.vnode_count)}),
        ),
        Event::ClusterNodeRemoved(e) => (
            "ClusterNodeRemoved",
            json!({"cluster_id": n(e.cluster_id), "node_id": n(e.node_id)}),
        ),
        Event::ClusterRemoved(e) => ("ClusterRemoved", json!({"cluster_id": n(e.cluster_id)})),
        Event::NodeCapacitySet(e) => (
            "NodeCapacitySet",
            json!({"node_id": n(e.node_id), "capacity": n(e.capacity)}),
        ),
        Event::NodeRentSet(e) => (
            "NodeRentSet",
            json!({"node_id": n(e.node_id), "rent_per_month": n(e.rent_per_month)}),
        ),
        Event::NodeRemoved(e) => ("NodeRemoved", json!({"node_id": n(e.node_id)})),
        Event::NetworkFeesPaid(e) => (
            "NetworkFeesPaid",
            json!({"destination": acc(&e.destination), "value": n(e.value)}),
        ),
    }
}

struct Recorder {
    c: Chain,
    calls: Vec<Value>,
    events: Vec<Value>,
    returns: Vec<Value>,
}

impl Recorder {
    /// Makes a call that must succeed; records its call data, JSON args and events.
    fn tx<T: Decode>(
        &mut self,
        caller: &AccountId32,
        message: &str,
        args: impl Encode,
        json_args: Value,
        value: u128,
    ) -> T {
        let encoded = args.encode();
        let out = self
            .c
            .tx::<T>(caller, message, RawArgs(encoded.clone()), value)
            .unwrap_or_else(|e| panic!("{message}: {e:?}"));
        let selector = self.c.selector(message).expect("selector");
        self.calls.push(json!({
            "message": message,
            "args": json_args,
            "data": hex(&[&selector[..], &encoded[..]].concat()),
        }));
        self.record_events();
        out
    }

    fn record_events(&mut self) {
        let last = self.c.last().clone();
        assert_eq!(last.events.len(), last.raw_events.len());
        for (e, (topics, data)) in last.events.iter().zip(&last.raw_events) {
            let (name, fields) = event(e);
            self.events.push(json!({
                "name": name,
                "message": last.message,
                "topics": topics.iter().map(|t| hex(t)).collect::<Vec<_>>(),
                "data": hex(data),
                "expected": fields,
            }));
        }
    }

    /// Reads a view; records its call data, raw output and the value it decodes to.
    fn view<T: Decode>(
        &mut self,
        message: &str,
        args: impl Encode,
        json_args: Value,
        type_name: &str,
        expected: impl Fn(&T) -> Value,
    ) -> T {
        let encoded = args.encode();
        let output = self.c.query_raw(message, RawArgs(encoded.clone()));
        let value = <Result<T, ink::LangError>>::decode(&mut &output[..])
            .expect("output")
            .expect("no LangError");
        let selector = self.c.selector(message).expect("selector");
        self.calls.push(json!({
            "message": message,
            "args": json_args,
            "data": hex(&[&selector[..], &encoded[..]].concat()),
        }));
        self.returns.push(json!({
            "message": message,
            "type": type_name,
            "output": hex(&output),
            "expected": expected(&value),
        }));
        value
    }
}

fn who(n: u8) -> AccountId32 {
    AccountId32::new([n; 32])
}

#[test]
fn record_real_bytes_for_polkadot_js() {
    let (admin, manager, p1, p2, app, oracle, treasury) =
        (who(1), who(2), who(3), who(4), who(5), who(6), who(7));
    let id = |a: &AccountId32| ink_id(a);
    let mut r = Recorder {
        c: Chain::deploy(&admin, 0),
        calls: vec![],
        events: vec![],
        returns: vec![],
    };
    r.record_events(); // the constructor's GrantPermission(SuperAdmin)
    r.c.set_time(1_767_225_600_000);
    for a in [&manager, &p1, &p2, &app, &oracle] {
        r.c.mint(a, 1000 * TOKEN);
    }

    // Providers, nodes, a cluster.
    let mut nodes = vec![];
    for (i, p) in [&p1, &p2].into_iter().enumerate() {
        r.tx::<()>(
            p,
            "node_trust_manager",
            id(&manager),
            json!([acc(&id(&manager))]),
            0,
        );
        let params = format!("{{\"url\":\"https://node-{i}.ddc.example\"}}");
        let node: u32 = r.tx(
            p,
            "node_create",
            (10 * TOKEN, params.clone(), 100u32),
            json!([n(10 * TOKEN), params, "100"]),
            0,
        );
        nodes.push(node);
    }
    let params = String::from("{\"url\":\"https://node-0.ddc.example\",\"v\":2}");
    r.tx::<()>(
        &p1,
        "node_change_params",
        (nodes[0], params.clone()),
        json!([n(nodes[0]), params]),
        0,
    );
    let cparams = String::from("{\"replication\":2}");
    let cluster: u32 = r.tx(
        &manager,
        "cluster_create",
        (id(&manager), 4u32, nodes.clone(), cparams.clone()),
        json!([
            acc(&id(&manager)),
            "4",
            nodes.iter().map(n).collect::<Vec<_>>(),
            cparams
        ]),
        0,
    );
    r.tx::<()>(
        &manager,
        "cluster_reserve_resource",
        (cluster, 10u32),
        json!([n(cluster), "10"]),
        0,
    );
    let cparams = String::from("{\"replication\":3}");
    r.tx::<()>(
        &manager,
        "cluster_change_params",
        (cluster, cparams.clone()),
        json!([n(cluster), cparams]),
        0,
    );
    r.tx::<()>(
        &manager,
        "cluster_replace_node",
        (cluster, 1u32, nodes[0]),
        json!([n(cluster), "1", n(nodes[0])]),
        0,
    );

    // An app with a bucket and a deposit.
    let bparams = String::from("{\"name\":\"photos\"}");
    let bucket: u32 = r.tx(
        &app,
        "bucket_create",
        (bparams.clone(), cluster),
        json!([bparams, n(cluster)]),
        5 * TOKEN,
    );
    // Deposit first: an allocation must be covered for the grace period (7 days by default),
    // and so must what stays after a withdrawal.
    r.tx::<()>(&app, "account_deposit", (), json!([]), 60 * TOKEN);
    r.tx::<()>(
        &app,
        "bucket_alloc_into_cluster",
        (bucket, 2u32),
        json!([n(bucket), "2"]),
        0,
    );
    let bparams = String::from("{\"name\":\"photos\",\"v\":2}");
    r.tx::<()>(
        &app,
        "bucket_change_params",
        (bucket, bparams.clone()),
        json!([n(bucket), bparams]),
        0,
    );
    // Writers: two granted, one revoked.
    for writer in [&p1, &treasury] {
        r.tx::<()>(
            &app,
            "bucket_set_writer_perm",
            (bucket, id(writer)),
            json!([n(bucket), acc(&id(writer))]),
            0,
        );
    }
    r.tx::<()>(
        &app,
        "bucket_revoke_writer_perm",
        (bucket, id(&p1)),
        json!([n(bucket), acc(&id(&p1))]),
        0,
    );

    // Governance.
    r.tx::<()>(
        &admin,
        "admin_grant_permission",
        (id(&oracle), Permission::SetExchangeRate),
        json!([acc(&id(&oracle)), "SetExchangeRate"]),
        0,
    );
    r.tx::<()>(
        &oracle,
        "account_set_usd_per_cere",
        TOKEN / 2,
        json!([n(TOKEN / 2)]),
        0,
    );
    let fees = FeeConfig {
        network_fee_bp: 100,
        network_fee_destination: id(&treasury),
        cluster_management_fee_bp: 250,
    };
    r.tx::<()>(&admin, "admin_set_fee_config", fees, json!([fee(&fees)]), 0);

    // Time passes; settlement and distribution.
    r.c.set_time(1_767_225_600_000 + 3 * 86_400_000);
    r.tx::<()>(
        &admin,
        "bucket_settle_payment",
        bucket,
        json!([n(bucket)]),
        0,
    );
    r.tx::<()>(
        &admin,
        "cluster_distribute_revenues",
        cluster,
        json!([n(cluster)]),
        0,
    );
    r.tx::<()>(&app, "account_withdraw", TOKEN, json!([n(TOKEN)]), 0);
    r.tx::<()>(
        &admin,
        "admin_revoke_permission",
        (id(&oracle), Permission::SetExchangeRate),
        json!([acc(&id(&oracle)), "SetExchangeRate"]),
        0,
    );
    r.tx::<()>(
        &p2,
        "node_distrust_manager",
        id(&manager),
        json!([acc(&id(&manager))]),
        0,
    );
    // A surplus the admin may take: value sent to the contract outside any deposit.
    let contract = r.c.contract.clone();
    r.c.mint(&contract, 3 * TOKEN);
    r.tx::<()>(&admin, "admin_withdraw", TOKEN, json!([n(TOKEN)]), 0);
    // A one-day grace period; a second bucket, with value for its rent: consent, release,
    // close.
    r.tx::<()>(
        &admin,
        "admin_set_grace_period",
        86_400_000u64,
        json!([n(86_400_000u64)]),
        0,
    );
    let second: u32 = r.tx(
        &app,
        "bucket_create",
        (bparams.clone(), cluster),
        json!([bparams, n(cluster)]),
        20 * TOKEN,
    );
    r.tx::<()>(
        &app,
        "bucket_alloc_into_cluster",
        (second, 1u32),
        json!([n(second), n(1u32)]),
        0,
    );
    r.tx::<()>(
        &app,
        "bucket_set_resource_cap",
        (second, 3u32),
        json!([n(second), n(3u32)]),
        0,
    );
    r.tx::<()>(
        &app,
        "bucket_release_resource",
        (second, 1u32),
        json!([n(second), n(1u32)]),
        0,
    );
    r.tx::<()>(&app, "bucket_close", second, json!([n(second)]), 0);
    // A third bucket changes hands: offered, then accepted with value.
    let heir = who(41);
    r.c.mint(&heir, 100 * TOKEN);
    let gift: u32 = r.tx(
        &app,
        "bucket_create",
        (bparams.clone(), cluster),
        json!([bparams, n(cluster)]),
        0,
    );
    for (caller, value) in [(&app, 0), (&heir, TOKEN)] {
        r.tx::<()>(
            caller,
            "bucket_change_owner",
            (gift, id(&heir)),
            json!([n(gift), acc(&id(&heir))]),
            value,
        );
    }
    // A payer who deposited little more than the grace period's rent (3 TOKEN: 1.16 days of
    // 40 USD a month at 0.5 USD per CERE), expired once that ran out and the grace passed.
    let squatter = who(40);
    r.c.mint(&squatter, 100 * TOKEN);
    let squat: u32 = r.tx(
        &squatter,
        "bucket_create",
        (bparams.clone(), cluster),
        json!([bparams, n(cluster)]),
        3 * TOKEN,
    );
    r.tx::<()>(
        &squatter,
        "bucket_alloc_into_cluster",
        (squat, 1u32),
        json!([n(squat), n(1u32)]),
        0,
    );
    r.c.set_time(1_767_225_600_000 + 6 * 86_400_000);
    r.tx::<()>(&admin, "bucket_expire", squat, json!([n(squat)]), 0);
    // The expiry's settlement took a network fee: a new fee config pays the pool to the old
    // destination first (NetworkFeesPaid), within the 10 % cap.
    let fees = FeeConfig {
        network_fee_bp: 400,
        network_fee_destination: id(&treasury),
        cluster_management_fee_bp: 600,
    };
    r.tx::<()>(&admin, "admin_set_fee_config", fees, json!([fee(&fees)]), 0);

    // Nodes and clusters change and leave: a spare node, resized and repriced, joins and leaves
    // a second cluster, which is then removed, and the node with it.
    let spare: u32 = r.tx(
        &p1,
        "node_create",
        (5 * TOKEN, String::from("{}"), 50u32),
        json!([n(5 * TOKEN), "{}", "50"]),
        0,
    );
    r.tx::<()>(
        &p1,
        "node_change_capacity",
        (spare, 60u32),
        json!([n(spare), "60"]),
        0,
    );
    r.tx::<()>(
        &p1,
        "node_change_rent",
        (spare, 7 * TOKEN),
        json!([n(spare), n(7 * TOKEN)]),
        0,
    );
    let cparams = String::from("{\"replication\":1}");
    let other: u32 = r.tx(
        &manager,
        "cluster_create",
        (id(&manager), 2u32, vec![nodes[0]], cparams.clone()),
        json!([acc(&id(&manager)), "2", [n(nodes[0])], cparams]),
        0,
    );
    r.tx::<()>(
        &manager,
        "cluster_set_resource_per_v_node",
        (other, 5u32),
        json!([n(other), "5"]),
        0,
    );
    r.tx::<()>(
        &manager,
        "cluster_add_node",
        (other, spare, 1u32),
        json!([n(other), n(spare), "1"]),
        0,
    );
    r.tx::<()>(
        &manager,
        "cluster_remove_node",
        (other, spare),
        json!([n(other), n(spare)]),
        0,
    );
    r.tx::<()>(&manager, "cluster_remove", other, json!([n(other)]), 0);
    r.tx::<()>(&p1, "node_remove", spare, json!([n(spare)]), 0);

    // Views.
    let b = r.view::<Result<BucketStatus, Error>>(
        "bucket_get",
        bucket,
        json!([n(bucket)]),
        "BucketStatus",
        |v| bucket_status(v.as_ref().expect("bucket")),
    );
    // The owner first, then the writers (what tests/js/bucket-status.mjs prints).
    assert_eq!(b.expect("bucket").writer_ids, vec![id(&app), id(&treasury)]);
    r.view::<(Vec<BucketStatus>, u32)>(
        "bucket_list",
        (1u32, 20u32, Some(id(&app))),
        json!(["1", "20", acc(&id(&app))]),
        "(Vec<BucketStatus>, u32)",
        |(page, max)| json!([page.iter().map(bucket_status).collect::<Vec<_>>(), n(max)]),
    );
    let found = r.view::<Result<ClusterStatus, Error>>(
        "cluster_get",
        cluster,
        json!([n(cluster)]),
        "ClusterStatus",
        |v| cluster_status(v.as_ref().expect("cluster")),
    );
    assert!(found.is_ok());
    r.view::<(Vec<ClusterStatus>, u32)>(
        "cluster_list",
        (1u32, 20u32, None::<AccountId>),
        json!(["1", "20", null]),
        "(Vec<ClusterStatus>, u32)",
        |(page, max)| json!([page.iter().map(cluster_status).collect::<Vec<_>>(), n(max)]),
    );
    let found = r.view::<Result<NodeStatus, Error>>(
        "node_get",
        nodes[0],
        json!([n(nodes[0])]),
        "NodeStatus",
        |v| node_status(v.as_ref().expect("node")),
    );
    assert!(found.is_ok());
    r.view::<(Vec<NodeStatus>, u32)>(
        "node_list",
        (1u32, 20u32, Some(id(&p2))),
        json!(["1", "20", acc(&id(&p2))]),
        "(Vec<NodeStatus>, u32)",
        |(page, max)| json!([page.iter().map(node_status).collect::<Vec<_>>(), n(max)]),
    );
    let found = r.view::<Result<Account, Error>>(
        "account_get",
        id(&app),
        json!([acc(&id(&app))]),
        "Account",
        |v| account(v.as_ref().expect("account")),
    );
    assert!(found.is_ok());
    r.view::<u128>("account_get_usd_per_cere", (), json!([]), "Balance", |v| {
        n(v)
    });
    r.view::<u64>("bucket_get_grace_period", (), json!([]), "u64", |v| n(v));
    let writers = r.view::<Result<Vec<AccountId>, Error>>(
        "get_bucket_writers",
        bucket,
        json!([n(bucket)]),
        "Vec<AccountId>",
        |v| {
            json!(v
                .as_ref()
                .expect("writers")
                .iter()
                .map(acc)
                .collect::<Vec<_>>())
        },
    );
    assert_eq!(writers, Ok(vec![id(&treasury)]));
    r.view::<bool>(
        "has_permission",
        (id(&manager), Permission::ManagerTrustedBy(id(&p1))),
        json!([acc(&id(&manager)), {"ManagerTrustedBy": acc(&id(&p1))}]),
        "bool",
        |v| json!(v),
    );
    // An error, as the contract returns it.
    let missing =
        r.view::<Result<BucketStatus, Error>>("bucket_get", 99u32, json!(["99"]), "Error", |v| {
            json!(format!("{:?}", v.as_ref().expect_err("no bucket 99")))
        });
    assert_eq!(missing, Err(Error::BucketDoesNotExist));
    // A revert's output too: alloc beyond the reserve.
    let data = (bucket, 1000u32).encode();
    let out =
        r.c.call(&app, "bucket_alloc_into_cluster", RawArgs(data), 0);
    let Outcome::Reverted(output) = out else {
        panic!("expected a revert: {out:?}")
    };
    r.returns.push(json!({
        "message": "bucket_alloc_into_cluster",
        "type": "Error",
        "output": hex(&output),
        "expected": json!("InsufficientResources"),
    }));

    // Every event type and every message is covered.
    let names: BTreeSet<&str> = r
        .events
        .iter()
        .map(|e| e["name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        names.len(),
        Event::signature_topics().len(),
        "every event: {names:?}"
    );
    let metadata: Value = serde_json::from_str(
        &std::fs::read_to_string(ddc_tests::artifact("ddc_bucket.json")).expect("metadata"),
    )
    .expect("json");
    let called: BTreeSet<&str> = r
        .calls
        .iter()
        .map(|c| c["message"].as_str().expect("message"))
        .collect();
    for m in metadata["spec"]["messages"].as_array().expect("messages") {
        let label = m["label"].as_str().expect("label");
        assert!(called.contains(label), "{label} was not called");
    }

    let fixture = json!({
        "generated_by": "tests/tests/drink_fixtures.rs on the release contract in pallet-contracts (drink)",
        "contract_code_hash": metadata["source"]["hash"],
        "calls": r.calls,
        "returns": r.returns,
        "events": r.events,
    });
    // Resolved at run time (the clone this test runs in), never where the binary was built.
    let path = ddc_tests::repo_root().join("target/fixtures/ddc_bucket.json");
    std::fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
    std::fs::write(&path, serde_json::to_string_pretty(&fixture).expect("json"))
        .expect("write fixture");
    println!(
        "fixture: {} calls, {} return values, {} events ({} types) -> {}",
        r.calls.len(),
        r.returns.len(),
        r.events.len(),
        names.len(),
        path.display()
    );
}
