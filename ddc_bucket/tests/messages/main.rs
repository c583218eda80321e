//! Every domain message: its success path (resulting state and the exact events) and every
//! error it can return, each through `expect_err`, which also proves that state is unchanged.
//! One file per domain, as in the contract; `entities` holds the table-driven tests that ask
//! the same of buckets, clusters and nodes.

#[path = "../common/mod.rs"]
mod common;

mod account;
mod bucket;
mod cluster;
mod entities;
mod fee;
mod ledger;
mod node;
mod perm;

use common::*;
use ddc_bucket::account::entity::Account;
use ddc_bucket::cash::Cash;
use ddc_bucket::events::ClusterReserveResource;
use ddc_bucket::perm::entity::Permission;
use ddc_bucket::schedule::Schedule;
use ddc_bucket::types::{AccountId, Balance, BucketId, ClusterId, NodeId, Params, TOKEN};

fn text(len: usize) -> Params {
    "x".repeat(len).into()
}

/// The reference cluster (django manages nodes 1..=3 of alice, bob, charlie; 6 vnodes, 10
/// reserved) and django's reference bucket (resource 1, 10 TOKEN deposit), at time 0.
fn setup() -> (World, ClusterId, Vec<NodeId>, BucketId) {
    let mut w = World::new();
    let (cluster, nodes) = reference_cluster(&mut w);
    let bucket = reference_bucket(&mut w, cluster);
    (w, cluster, nodes, bucket)
}

fn trust(w: &mut World, provider: AccountId, manager: AccountId) {
    w.call(provider, 0, |d, c, _, e| {
        d.node_trust_manager(c, manager, e)
    })
    .unwrap();
}

fn distrust(w: &mut World, provider: AccountId, manager: AccountId) {
    w.call(provider, 0, |d, c, _, e| {
        d.node_distrust_manager(c, manager, e)
    })
    .unwrap();
}

/// The SuperAdmin grants `permission` to `grantee`.
fn grant(w: &mut World, grantee: AccountId, permission: Permission) {
    w.call(admin(), 0, |d, c, _, e| {
        d.admin_grant_permission(c, grantee, permission, e)
    })
    .unwrap();
}

/// The SuperAdmin revokes `permission` from `grantee`.
fn revoke(w: &mut World, grantee: AccountId, permission: Permission) {
    w.call(admin(), 0, |d, c, _, e| {
        d.admin_revoke_permission(c, grantee, permission, e)
    })
    .unwrap();
}

fn node(w: &mut World, provider: AccountId, rent: Balance, capacity: u32) -> NodeId {
    w.call(provider, 0, |d, c, _, e| {
        d.node_create(c, rent, "{}".into(), capacity, e)
    })
    .unwrap()
}

fn cluster(w: &mut World, manager: AccountId, vnodes: u32, nodes: Vec<NodeId>) -> ClusterId {
    w.call(manager, 0, |d, c, _, e| {
        d.cluster_create(c, vnodes, nodes, "{}".into(), e)
    })
    .unwrap()
}

/// django, the manager, reserves `resource` more per vnode of `cluster`.
fn reserve(w: &mut World, cluster: ClusterId, resource: u32) {
    let reserved = ClusterReserveResource {
        cluster_id: cluster,
        resource,
    };
    w.expect_ok(django(), 0, vec![reserved.into()], |d, c, _, e| {
        d.cluster_reserve_resource(c, cluster, resource, e)
    });
}

fn bucket(w: &mut World, owner: AccountId, cluster: ClusterId) -> BucketId {
    w.call(owner, 0, |d, c, _, e| {
        d.bucket_create(c, "{}".into(), cluster, e)
    })
    .unwrap()
}

fn account(deposit: Balance, rate: Balance, offset: Balance, carry: Balance) -> Account {
    Account {
        deposit: Cash { value: deposit },
        payable_schedule: Schedule {
            rate,
            offset,
            arrears: 0,
        },
        settlement_carry: carry,
    }
}

fn free(w: &World, node_id: NodeId) -> u32 {
    w.ddc.node_get(node_id).unwrap().node.free_resource
}

/// A payable message credited `value` to `who`: the deposit grew, the wallet shrank and the
/// contract holds it, all accounted for.
fn assert_credited(w: &World, who: AccountId, deposit_before: Balance, value: Balance) {
    assert_eq!(
        w.ddc.account_get(who).unwrap().deposit.value,
        deposit_before + value
    );
    assert_eq!(w.bank.wallet(who), 1000 * TOKEN - value);
    w.assert_conserved();
}
