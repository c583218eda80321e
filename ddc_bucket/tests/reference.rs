//! Upstream's reference numbers (docs/upstream.md §6.7, §7, §10) on the domain logic.

mod common;
use common::*;
use ddc_bucket::events::*;
use ddc_bucket::perm::entity::Permission;
use ddc_bucket::types::{Balance, ClusterId, TOKEN};

#[test]
fn cluster_create_works() {
    let mut w = World::new();
    let (cluster, nodes) = reference_cluster(&mut w);
    assert_eq!(nodes, vec![1, 2, 3]);
    for &n in &nodes {
        let s = w.ddc.node_get(n).unwrap();
        assert_eq!(s.node.free_resource, 80);
        assert_eq!(s.params, "{\"url\":\"https://n\"}");
    }
    let c = w.ddc.cluster_get(cluster).unwrap();
    assert_eq!(c.cluster_id, 1);
    assert_eq!(c.cluster.manager_id, django());
    assert_eq!(c.cluster.vnodes, vec![1, 2, 3, 1, 2, 3]);
    assert_eq!(c.cluster.resource_per_vnode, 10);
    assert_eq!(c.cluster.resource_used, 0);
    assert_eq!(c.cluster.revenues.value, 0);
    assert_eq!(c.cluster.total_rent, 60 * TOKEN);
    assert_eq!(c.params, "{}");
    assert_eq!(
        w.last_events(),
        &[Event::from(ClusterReserveResource {
            cluster_id: 1,
            resource: 10
        })]
    );
    w.assert_conserved();
}

#[test]
fn bucket_create_works_and_rent_covered_until() {
    let mut w = World::new();
    let (cluster, _) = reference_cluster(&mut w);
    let bucket = reference_bucket(&mut w, cluster);
    assert_eq!(bucket, 1);
    let s = w.ddc.bucket_get(bucket).unwrap();
    assert_eq!(s.bucket.owner_id, django());
    assert_eq!(s.bucket.cluster_id, cluster);
    assert_eq!(s.bucket.resource_reserved, 1);
    assert_eq!(s.params, "{}");
    assert_eq!(s.writer_ids, vec![django()]);
    assert_eq!(s.rent_covered_until_ms, 446_400_000);
    assert_eq!(
        w.last_events(),
        &[Event::from(BucketAllocated {
            bucket_id: bucket,
            cluster_id: cluster,
            resource: 1
        })]
    );
    w.assert_conserved();
}

/// Upstream's reference bucket, after `before` (a rate or fee change), settled by eve at
/// t = 5 ms: the settlement moves `value` from django's deposit to the cluster's revenues, as
/// its event says. Returns the world and the cluster.
fn settled_at_5ms(before: impl FnOnce(&mut World), value: Balance) -> (World, ClusterId) {
    settled_at_5ms_at_rate(before, value, TOKEN)
}

fn settled_at_5ms_at_rate(
    before: impl FnOnce(&mut World),
    value: Balance,
    usd_per_cere: Balance,
) -> (World, ClusterId) {
    let mut w = World::new();
    let (cluster, _) = reference_cluster(&mut w);
    let bucket = reference_bucket(&mut w, cluster);
    before(&mut w);
    w.now = 5;
    w.expect_ok(
        eve(),
        0,
        vec![Event::from(BucketSettlePayment {
            bucket_id: bucket,
            cluster_id: cluster,
            value,
            // 5 ms of 60 USD a month, in rate-ms.
            usd_rate_ms: 60 * TOKEN * 5,
            usd_per_cere,
        })],
        |d, c, _, e| d.bucket_settle_payment(c, bucket, e),
    );
    assert_eq!(
        w.ddc.account_get(django()).unwrap().deposit.value,
        10 * TOKEN - value
    );
    // The network fee is taken at settlement (into the contract-wide network fees); the
    // cluster keeps the rest.
    let network_fee = w.ddc.undistributed_network_fees();
    assert_eq!(
        w.ddc.cluster_get(cluster).unwrap().cluster.revenues.value,
        value - network_fee
    );
    w.assert_conserved();
    (w, cluster)
}

#[test]
fn bucket_pays_cluster() {
    settled_at_5ms(|_| {}, 1120);
}

#[test]
fn bucket_pays_cluster_at_new_rate() {
    let rate = |w: &mut World| {
        w.call(admin(), 0, |d, c, _, e| {
            d.account_set_usd_per_cere(c, 2 * TOKEN, e)
        })
        .unwrap();
    };
    settled_at_5ms_at_rate(rate, 560, 2 * TOKEN);
}

#[test]
fn cluster_pays_providers() {
    let (mut w, cluster) = settled_at_5ms(reference_fees, 1120);
    let before: Vec<_> = [zero(), django(), alice(), bob(), charlie()]
        .map(|a| w.bank.wallet(a))
        .into();
    w.call(eve(), 0, |d, _, p, e| {
        d.cluster_distribute_revenues(cluster, &mut { p }, e)
    })
    .unwrap();
    let after: Vec<_> = [zero(), django(), alice(), bob(), charlie()]
        .map(|a| w.bank.wallet(a))
        .into();
    let gained: Vec<_> = after.iter().zip(&before).map(|(a, b)| a - b).collect();
    // network fee 11, management fee 22, 181 per vnode = 362 per provider, 1 left.
    assert_eq!(gained, vec![11, 22, 362, 362, 362]);
    assert_eq!(
        w.ddc.cluster_get(cluster).unwrap().cluster.revenues.value,
        1
    );
    assert_eq!(
        w.last_events(),
        &[
            Event::from(ClusterDistributeFees {
                cluster_id: cluster,
                network_fee: 11,
                network_fee_destination: zero(),
                cluster_management_fee: 22,
                manager_id: django(),
            }),
            ClusterDistributeRevenues {
                cluster_id: cluster,
                provider_id: alice(),
                value: 362
            }
            .into(),
            ClusterDistributeRevenues {
                cluster_id: cluster,
                provider_id: bob(),
                value: 362
            }
            .into(),
            ClusterDistributeRevenues {
                cluster_id: cluster,
                provider_id: charlie(),
                value: 362
            }
            .into(),
        ]
    );
    assert_eq!(w.bank.transfers.len(), 5, "one transfer per recipient");
    w.assert_conserved();
}

#[test]
fn cluster_replace_node_works() {
    let mut w = World::new();
    let (cluster, nodes) = reference_cluster(&mut w);
    w.expect_ok(
        django(),
        0,
        vec![Event::from(ClusterNodeReplaced {
            cluster_id: cluster,
            node_id: nodes[2],
            vnode_index: 1,
        })],
        |d, c, p, e| d.cluster_replace_node(c, cluster, 1, nodes[2], &mut { p }, e),
    );
    let c = w.ddc.cluster_get(cluster).unwrap();
    assert_eq!(c.cluster.vnodes, vec![1, 3, 3, 1, 2, 3]);
    let free: Vec<_> = nodes
        .iter()
        .map(|&n| w.ddc.node_get(n).unwrap().node.free_resource)
        .collect();
    assert_eq!(free, vec![80, 90, 70]);
    assert_eq!(c.cluster.total_rent, 60 * TOKEN);
}

#[test]
fn cluster_reserve_works() {
    let mut w = World::new();
    let (cluster, nodes) = reference_cluster(&mut w);
    w.expect_ok(
        django(),
        0,
        vec![Event::from(ClusterReserveResource {
            cluster_id: cluster,
            resource: 5,
        })],
        |d, c, _, e| d.cluster_reserve_resource(c, cluster, 5, e),
    );
    assert_eq!(
        w.ddc
            .cluster_get(cluster)
            .unwrap()
            .cluster
            .resource_per_vnode,
        15
    );
    for &n in &nodes {
        assert_eq!(w.ddc.node_get(n).unwrap().node.free_resource, 70);
    }
}

/// docs/upstream.md §7, test_network: 6 storage nodes and a gateway; 12 vnodes; reservations
/// 5 + 10; node 1 replaced by the "max free, last wins" rule.
#[test]
fn storage_network_capacity_numbers() {
    let mut w = World::new();
    let providers = [alice(), bob(), charlie(), eve(), admin(), zero()];
    for p in providers {
        w.call(p, 0, |d, c, _, e| d.node_trust_manager(c, django(), e))
            .unwrap();
    }
    let mut ids = vec![];
    for (i, p) in providers.iter().enumerate() {
        let url = format!("{{\"url\":\"https://storage-{i}\"}}");
        ids.push(
            w.call(*p, 0, |d, c, _, e| {
                d.node_create(c, 10 * TOKEN, url.into(), 100, e)
            })
            .unwrap(),
        );
    }
    let gateway = w
        .call(alice(), 0, |d, c, _, e| {
            d.node_create(c, 10 * TOKEN, "{}".into(), 100, e)
        })
        .unwrap();
    assert_eq!(ids, vec![1, 2, 3, 4, 5, 6]);
    assert_eq!(gateway, 7);
    let storage = w
        .call(django(), 0, |d, c, _, e| {
            d.cluster_create(c, 12, ids.clone(), "{}".into(), e)
        })
        .unwrap();
    let gw = w
        .call(django(), 0, |d, c, _, e| {
            d.cluster_create(c, 1, vec![gateway], "{}".into(), e)
        })
        .unwrap();
    for cl in [storage, gw] {
        for amount in [5, 10] {
            w.call(django(), 0, |d, c, _, e| {
                d.cluster_reserve_resource(c, cl, amount, e)
            })
            .unwrap();
        }
    }
    assert_eq!(
        w.ddc.cluster_get(storage).unwrap().cluster.vnodes,
        vec![1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6]
    );
    // Replace node 1 wherever it hosts a vnode, by the node with most free resource (last wins).
    for vnode in [0u32, 6] {
        let (nodes, _) = w.ddc.node_list(1, 6, None).unwrap();
        let best = nodes
            .iter()
            .filter(|n| n.node_id != 1)
            .fold(
                None::<&ddc_bucket::node::entity::NodeStatus>,
                |best, n| match best {
                    Some(b) if b.node.free_resource > n.node.free_resource => Some(b),
                    _ => Some(n),
                },
            )
            .unwrap()
            .node_id;
        w.call(django(), 0, |d, c, p, e| {
            d.cluster_replace_node(c, storage, vnode, best, &mut { p }, e)
        })
        .unwrap();
    }
    assert_eq!(
        w.ddc.cluster_get(storage).unwrap().cluster.vnodes,
        vec![6, 2, 3, 4, 5, 6, 5, 2, 3, 4, 5, 6]
    );
    let (nodes, _) = w.ddc.node_list(1, 7, None).unwrap();
    let free: Vec<_> = nodes.iter().map(|n| n.node.free_resource).collect();
    assert_eq!(free, vec![100, 70, 70, 70, 55, 55, 85]);
}

#[test]
fn admin_has_every_permission() {
    let w = World::new();
    assert!(w.ddc.has_permission(admin(), Permission::SuperAdmin));
    assert!(w.ddc.has_permission(admin(), Permission::SetExchangeRate));
    assert!(w
        .ddc
        .has_permission(admin(), Permission::ManagerTrustedBy(bob())));
    assert!(!w.ddc.has_permission(bob(), Permission::SuperAdmin));
    assert!(!w.ddc.has_permission(bob(), Permission::SetExchangeRate));
    assert_eq!(w.ddc.account_get_usd_per_cere(), TOKEN);
}
