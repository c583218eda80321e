//! Cluster messages: create, reserve_resource, replace_node, distribute_revenues,
//! change_params, get, list.

use super::*;
use ddc_bucket::cash::Cash;
use ddc_bucket::cluster::entity::{Cluster, ClusterStatus};
use ddc_bucket::error::Error;
use ddc_bucket::events::*;
use ddc_bucket::limits::{MAX_VNODES, PARAMS_MAX_LEN};
use ddc_bucket::perm::entity::Permission;
use ddc_bucket::types::{Balance, ClusterId, NodeId, MS_PER_MONTH, TOKEN};

#[test]
fn cluster_create_works() {
    let mut w = World::new();
    trust(&mut w, alice(), django());
    trust(&mut w, bob(), django());
    let n1 = node(&mut w, alice(), 10 * TOKEN, 100);
    let n2 = node(&mut w, bob(), 7 * TOKEN, 100);
    let id = w
        .call(django(), 0, |d, c, _, e| {
            d.cluster_create(c, 3, vec![n1, n2], "{\"engine\":1}".into(), e)
        })
        .unwrap();
    assert_eq!(id, 1);
    w.assert_events(vec![ClusterCreated {
        cluster_id: 1,
        manager: django(),
        cluster_params: "{\"engine\":1}".into(),
    }
    .into()]);
    assert_eq!(
        w.ddc.cluster_get(1),
        Ok(ClusterStatus {
            cluster_id: 1,
            cluster: Cluster {
                manager_id: django(),
                vnodes: vec![n1, n2, n1],
                resource_per_vnode: 0,
                resource_used: 0,
                revenues: Cash { value: 0 },
                total_rent: 27 * TOKEN,
            },
            params: "{\"engine\":1}".into(),
        })
    );
    // Nothing is reserved at creation.
    assert_eq!((free(&w, n1), free(&w, n2)), (100, 100));
    // No account is created for the manager.
    assert_eq!(w.ddc.account_get(django()), Err(Error::AccountDoesNotExist));
    // Duplicate node ids are allowed; exactly MAX_VNODES vnodes and node ids too.
    let id2 = w
        .call(django(), 0, |d, c, _, e| {
            d.cluster_create(
                c,
                MAX_VNODES,
                vec![n1; MAX_VNODES as usize],
                text(PARAMS_MAX_LEN),
                e,
            )
        })
        .unwrap();
    let c2 = w.ddc.cluster_get(id2).unwrap();
    assert_eq!(c2.cluster.vnodes, vec![n1; MAX_VNODES as usize]);
    assert_eq!(c2.cluster.total_rent, 300 * 10 * TOKEN);
    assert_eq!(c2.params, text(PARAMS_MAX_LEN));
    w.assert_conserved();
}

#[test]
fn cluster_create_validation_errors() {
    let mut w = World::new();
    trust(&mut w, alice(), django());
    let n1 = node(&mut w, alice(), 10 * TOKEN, 100);
    let e_ = |w: &mut World, err: Error, vnodes: u32, nodes: Vec<NodeId>, params: Params| {
        w.expect_err(django(), TOKEN, err, |d, c, _, e| {
            d.cluster_create(c, vnodes, nodes, params, e)
        });
    };
    e_(&mut w, Error::NoVNodes, 0, vec![n1], "{}".into());
    e_(
        &mut w,
        Error::TooManyVNodes,
        MAX_VNODES + 1,
        vec![n1],
        "{}".into(),
    );
    e_(
        &mut w,
        Error::TooManyVNodes,
        u32::MAX,
        vec![n1],
        "{}".into(),
    );
    e_(&mut w, Error::NoNodes, 3, vec![], "{}".into());
    e_(
        &mut w,
        Error::TooManyNodes,
        3,
        vec![n1; MAX_VNODES as usize + 1],
        "{}".into(),
    );
    e_(
        &mut w,
        Error::ParamsTooBig,
        3,
        vec![n1],
        text(PARAMS_MAX_LEN + 1),
    );
    e_(&mut w, Error::NodeDoesNotExist, 3, vec![n1, 0], "{}".into());
    e_(
        &mut w,
        Error::NodeDoesNotExist,
        3,
        vec![n1 + 1],
        "{}".into(),
    );
    e_(
        &mut w,
        Error::NodeDoesNotExist,
        3,
        vec![u32::MAX],
        "{}".into(),
    );
    assert_eq!(w.ddc.cluster_list(1, 10, None).unwrap(), (vec![], 1));
}

#[test]
fn cluster_create_needs_trust() {
    let mut w = World::new();
    trust(&mut w, alice(), django());
    let n1 = node(&mut w, alice(), 10 * TOKEN, 100);
    let n2 = node(&mut w, bob(), 10 * TOKEN, 100);
    // bob does not trust django.
    w.expect_err(
        django(),
        0,
        Error::ClusterManagerIsNotTrusted,
        |d, c, _, e| d.cluster_create(c, 2, vec![n1, n2], "{}".into(), e),
    );
    // alice trusts django, not eve.
    w.expect_err(eve(), 0, Error::ClusterManagerIsNotTrusted, |d, c, _, e| {
        d.cluster_create(c, 2, vec![n1], "{}".into(), e)
    });
    // Trust, then revoked trust.
    trust(&mut w, bob(), django());
    cluster(&mut w, django(), 2, vec![n1, n2]);
    distrust(&mut w, bob(), django());
    w.expect_err(
        django(),
        0,
        Error::ClusterManagerIsNotTrusted,
        |d, c, _, e| d.cluster_create(c, 2, vec![n1, n2], "{}".into(), e),
    );
    // Trust is per manager and per provider: bob trusting eve does not help django.
    trust(&mut w, bob(), eve());
    w.expect_err(
        django(),
        0,
        Error::ClusterManagerIsNotTrusted,
        |d, c, _, e| d.cluster_create(c, 1, vec![n2], "{}".into(), e),
    );
}

#[test]
fn cluster_create_super_admin_bypasses_trust() {
    let mut w = World::new();
    let n1 = node(&mut w, alice(), 10 * TOKEN, 100);
    assert!(w
        .ddc
        .has_permission(admin(), Permission::ManagerTrustedBy(alice())));
    let id = cluster(&mut w, admin(), 2, vec![n1]);
    assert_eq!(w.ddc.cluster_get(id).unwrap().cluster.manager_id, admin());
    // A SuperAdmin granted later bypasses it too.
    w.expect_err(eve(), 0, Error::ClusterManagerIsNotTrusted, |d, c, _, e| {
        d.cluster_create(c, 1, vec![n1], "{}".into(), e)
    });
    grant(&mut w, eve(), Permission::SuperAdmin);
    cluster(&mut w, eve(), 1, vec![n1]);
}

#[test]
fn cluster_create_overflowing_rent_is_a_typed_error() {
    let mut w = World::new();
    trust(&mut w, alice(), django());
    let n = node(&mut w, alice(), Balance::MAX, u32::MAX);
    cluster(&mut w, django(), 1, vec![n]);
    w.expect_err(django(), 0, Error::Overflow, |d, c, _, e| {
        d.cluster_create(c, 2, vec![n], "{}".into(), e)
    });
}

/// alice's and bob's nodes (capacity 100, rents `rents`), both trusting django, and django's
/// cluster of `vnodes` over them. Returns (cluster, alice's node, bob's node).
fn cluster_over_two(
    w: &mut World,
    vnodes: u32,
    rents: [Balance; 2],
) -> (ClusterId, NodeId, NodeId) {
    trust(w, alice(), django());
    trust(w, bob(), django());
    let n1 = node(w, alice(), rents[0], 100);
    let n2 = node(w, bob(), rents[1], 100);
    (cluster(w, django(), vnodes, vec![n1, n2]), n1, n2)
}

#[test]
fn cluster_reserve_resource_works() {
    let mut w = World::new();
    // n1 hosts 2 vnodes, n2 one.
    let (cl, n1, n2) = cluster_over_two(&mut w, 3, [10 * TOKEN, 10 * TOKEN]);
    reserve(&mut w, cl, 10);
    assert_eq!(
        w.ddc.cluster_get(cl).unwrap().cluster.resource_per_vnode,
        10
    );
    assert_eq!((free(&w, n1), free(&w, n2)), (80, 90));
    // The event carries the increment.
    reserve(&mut w, cl, 5);
    assert_eq!(
        w.ddc.cluster_get(cl).unwrap().cluster.resource_per_vnode,
        15
    );
    assert_eq!((free(&w, n1), free(&w, n2)), (70, 85));
    // Reserving 0 is accepted.
    reserve(&mut w, cl, 0);
    assert_eq!((free(&w, n1), free(&w, n2)), (70, 85));
    // Exactly what n1 has left (2 × 35 = 70) is fine.
    reserve(&mut w, cl, 35);
    assert_eq!((free(&w, n1), free(&w, n2)), (0, 50));
}

#[test]
fn cluster_reserve_resource_errors() {
    let (mut w, cluster, nodes, _) = setup();
    for bad in [0, cluster + 1, u32::MAX] {
        w.expect_err(django(), 0, Error::ClusterDoesNotExist, |d, c, _, e| {
            d.cluster_reserve_resource(c, bad, 1, e)
        });
    }
    for stranger in [alice(), eve()] {
        w.expect_err(
            stranger,
            0,
            Error::UnauthorizedClusterManager,
            |d, c, _, e| d.cluster_reserve_resource(c, cluster, 1, e),
        );
    }
    // The SuperAdmin is not the manager.
    w.expect_err(
        admin(),
        0,
        Error::UnauthorizedClusterManager,
        |d, c, _, e| d.cluster_reserve_resource(c, cluster, 1, e),
    );
    // Each node hosts 2 vnodes and has 80 free: 41 per vnode needs 82.
    w.expect_err(django(), 0, Error::InsufficientResources, |d, c, _, e| {
        d.cluster_reserve_resource(c, cluster, 41, e)
    });
    // 10 are reserved per vnode already: 10 + u32::MAX does not fit.
    w.expect_err(django(), 0, Error::Overflow, |d, c, _, e| {
        d.cluster_reserve_resource(c, cluster, u32::MAX, e)
    });
    reserve(&mut w, cluster, 30);
    assert_eq!(
        nodes.iter().map(|&n| free(&w, n)).collect::<Vec<_>>(),
        vec![20, 20, 20]
    );
    w.expect_err(django(), 0, Error::InsufficientResources, |d, c, _, e| {
        d.cluster_reserve_resource(c, cluster, 11, e)
    });
    // Only the last node is short: nothing is reserved on the others either (the snapshot
    // that expect_err compares holds every node's free resource).
    trust(&mut w, eve(), django());
    let roomy = node(&mut w, eve(), TOKEN, 100);
    let tight = node(&mut w, eve(), TOKEN, 15);
    let cl = cluster_of(&mut w, vec![roomy, tight]);
    w.expect_err(django(), 0, Error::InsufficientResources, |d, c, _, e| {
        d.cluster_reserve_resource(c, cl, 16, e)
    });
    assert_eq!((free(&w, roomy), free(&w, tight)), (100, 15));
    // On a fresh cluster, u32::MAX per vnode is simply more than the nodes have.
    w.expect_err(django(), 0, Error::InsufficientResources, |d, c, _, e| {
        d.cluster_reserve_resource(c, cl, u32::MAX, e)
    });
}

fn cluster_of(w: &mut World, nodes: Vec<NodeId>) -> ClusterId {
    let n = nodes.len() as u32;
    cluster(w, django(), n, nodes)
}

#[test]
fn cluster_reserve_resource_overflow_is_a_typed_error() {
    let mut w = World::new();
    trust(&mut w, alice(), django());
    let n = node(&mut w, alice(), TOKEN, u32::MAX);
    let cl = cluster(&mut w, django(), 1, vec![n]);
    reserve(&mut w, cl, u32::MAX);
    assert_eq!(free(&w, n), 0);
    w.expect_err(django(), 0, Error::Overflow, |d, c, _, e| {
        d.cluster_reserve_resource(c, cl, 1, e)
    });
}

#[test]
fn cluster_replace_node_works() {
    let (mut w, cluster, nodes, _) = setup();
    trust(&mut w, eve(), django());
    let dear = node(&mut w, eve(), 20 * TOKEN, 100);
    let replaced = || {
        let replaced = ClusterNodeReplaced {
            cluster_id: cluster,
            node_id: dear,
            vnode_index: 4,
        };
        vec![Event::from(replaced)]
    };
    w.expect_ok(django(), 0, replaced(), |d, c, p, e| {
        d.cluster_replace_node(c, cluster, 4, dear, &mut { p }, e)
    });
    let c = w.ddc.cluster_get(cluster).unwrap();
    assert_eq!(c.cluster.vnodes, vec![1, 2, 3, 1, dear, 3]);
    // The old node got its reservation back, the new one gave it.
    assert_eq!(
        [nodes[0], nodes[1], nodes[2], dear].map(|n| free(&w, n)),
        [80, 90, 80, 90]
    );
    // The vnode keeps its price (10 USD, its first node's rent): what buckets pay and
    // total_rent do not change, whatever the new node's rent.
    assert_eq!(c.cluster.total_rent, 60 * TOKEN);
    // Replacing a vnode with its current node changes nothing but emits the event.
    w.expect_unchanged(django(), 0, replaced(), |d, c, p, e| {
        d.cluster_replace_node(c, cluster, 4, dear, &mut { p }, e)
    });
    w.assert_conserved();
}

#[test]
fn cluster_replace_node_errors() {
    let (mut w, cluster, nodes, _) = setup();
    for bad in [0, cluster + 1, u32::MAX] {
        w.expect_err(django(), 0, Error::ClusterDoesNotExist, |d, c, p, e| {
            d.cluster_replace_node(c, bad, 0, nodes[0], &mut { p }, e)
        });
    }
    for stranger in [alice(), admin()] {
        w.expect_err(
            stranger,
            0,
            Error::UnauthorizedClusterManager,
            |d, c, p, e| d.cluster_replace_node(c, cluster, 0, nodes[1], &mut { p }, e),
        );
    }
    for vnode in [6, u32::MAX] {
        w.expect_err(django(), 0, Error::VNodeDoesNotExist, |d, c, p, e| {
            d.cluster_replace_node(c, cluster, vnode, nodes[1], &mut { p }, e)
        });
    }
    for bad in [0, 99, u32::MAX] {
        w.expect_err(django(), 0, Error::NodeDoesNotExist, |d, c, p, e| {
            d.cluster_replace_node(c, cluster, 0, bad, &mut { p }, e)
        });
    }
    // eve's node: eve does not trust django.
    let eves = node(&mut w, eve(), 10 * TOKEN, 100);
    w.expect_err(
        django(),
        0,
        Error::ClusterManagerIsNotTrusted,
        |d, c, p, e| d.cluster_replace_node(c, cluster, 0, eves, &mut { p }, e),
    );
    // Trust, then revoked trust (upstream's only_trusted_manager test).
    distrust(&mut w, charlie(), django());
    w.expect_err(
        django(),
        0,
        Error::ClusterManagerIsNotTrusted,
        |d, c, p, e| d.cluster_replace_node(c, cluster, 1, nodes[2], &mut { p }, e),
    );
    // Revoking trust does not evict: charlie's node still hosts its vnodes.
    assert_eq!(
        w.ddc.cluster_get(cluster).unwrap().cluster.vnodes,
        vec![1, 2, 3, 1, 2, 3]
    );
    // A trusted node without room for resource_per_vnode (10).
    trust(&mut w, eve(), django());
    let small = node(&mut w, eve(), 10 * TOKEN, 9);
    w.expect_err(django(), 0, Error::InsufficientResources, |d, c, p, e| {
        d.cluster_replace_node(c, cluster, 0, small, &mut { p }, e)
    });
    // alice's node hosts 2 vnodes and has 80 left: 4 more vnodes of 10 each leave 40.
    for vnode in [1, 2, 4, 5] {
        w.call(django(), 0, |d, c, p, e| {
            d.cluster_replace_node(c, cluster, vnode, nodes[0], &mut { p }, e)
        })
        .unwrap();
    }
    assert_eq!(free(&w, nodes[0]), 40);
}

#[test]
fn cluster_replace_node_super_admin_bypasses_trust() {
    let mut w = World::new();
    let n1 = node(&mut w, alice(), 10 * TOKEN, 100);
    let n2 = node(&mut w, bob(), 10 * TOKEN, 100);
    let cl = cluster(&mut w, admin(), 2, vec![n1]);
    w.call(admin(), 0, |d, c, p, e| {
        d.cluster_replace_node(c, cl, 1, n2, &mut { p }, e)
    })
    .unwrap();
    assert_eq!(w.ddc.cluster_get(cl).unwrap().cluster.vnodes, vec![n1, n2]);
}

#[test]
fn cluster_distribute_revenues_works() {
    let (mut w, cluster, _, b) = setup();
    w.now = 5;
    w.call(eve(), 0, |d, c, _, e| d.bucket_settle_payment(c, b, e))
        .unwrap();
    w.call(eve(), 0, |d, _, p, e| {
        d.cluster_distribute_revenues(cluster, &mut { p }, e)
    })
    .unwrap();
    // No fees: 1120 over 6 equal vnodes, two per provider: floor(1120 × 2 / 6) = 373 each,
    // 1 left.
    w.assert_events(vec![
        ClusterDistributeRevenues {
            cluster_id: cluster,
            provider_id: alice(),
            value: 373,
        }
        .into(),
        ClusterDistributeRevenues {
            cluster_id: cluster,
            provider_id: bob(),
            value: 373,
        }
        .into(),
        ClusterDistributeRevenues {
            cluster_id: cluster,
            provider_id: charlie(),
            value: 373,
        }
        .into(),
    ]);
    assert_eq!(
        w.bank.transfers,
        vec![(alice(), 373), (bob(), 373), (charlie(), 373)]
    );
    assert_eq!(
        w.ddc.cluster_get(cluster).unwrap().cluster.revenues.value,
        1
    );
    w.assert_conserved();
    // Nothing (more) to distribute: zero-value events, no transfers.
    w.bank.transfers.clear();
    w.call(eve(), 0, |d, _, p, e| {
        d.cluster_distribute_revenues(cluster, &mut { p }, e)
    })
    .unwrap();
    assert!(w.bank.transfers.is_empty());
    assert_eq!(w.last_events().len(), 3);
    assert!(w.last_events().iter().all(|e| matches!(
        e,
        Event::ClusterDistributeRevenues(ClusterDistributeRevenues { value: 0, .. })
    )));
    assert_eq!(
        w.ddc.cluster_get(cluster).unwrap().cluster.revenues.value,
        1
    );
    w.assert_conserved();
}

#[test]
fn cluster_distribute_revenues_follows_rents() {
    let mut w = World::new();
    let (cl, _cheap, _dear) = cluster_over_two(&mut w, 2, [10 * TOKEN, 30 * TOKEN]);
    reserve(&mut w, cl, 10);
    let b = bucket(&mut w, eve(), cl);
    w.call(eve(), 10 * TOKEN, |d, c, _, e| d.account_deposit(c, e))
        .unwrap();
    w.call(eve(), 0, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, b, 1, e)
    })
    .unwrap();
    w.now = 1_000;
    w.call(eve(), 0, |d, c, _, e| d.bucket_settle_payment(c, b, e))
        .unwrap();
    // 40 TOKEN/month for 1000 ms.
    let r = 40 * TOKEN * 1_000 / MS_PER_MONTH;
    assert_eq!(w.ddc.cluster_get(cl).unwrap().cluster.revenues.value, r);
    w.call(eve(), 0, |d, _, p, e| {
        d.cluster_distribute_revenues(cl, &mut { p }, e)
    })
    .unwrap();
    let (a, bb) = (r * 10 / 40, r * 30 / 40);
    w.assert_events(vec![
        ClusterDistributeRevenues {
            cluster_id: cl,
            provider_id: alice(),
            value: a,
        }
        .into(),
        ClusterDistributeRevenues {
            cluster_id: cl,
            provider_id: bob(),
            value: bb,
        }
        .into(),
    ]);
    assert_eq!(
        w.ddc.cluster_get(cl).unwrap().cluster.revenues.value,
        r - a - bb
    );
    w.assert_conserved();
}

#[test]
fn cluster_distribute_revenues_errors() {
    let (mut w, cluster, _, _) = setup();
    for bad in [0, cluster + 1, u32::MAX] {
        w.expect_err(eve(), 0, Error::ClusterDoesNotExist, |d, _, p, e| {
            d.cluster_distribute_revenues(bad, &mut { p }, e)
        });
    }
}
