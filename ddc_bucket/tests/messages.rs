//! Every domain message: its success path (resulting state and the exact events) and every
//! error it can return, each through `expect_err`, which also proves that state is unchanged.

mod common;
use common::*;
use ddc_bucket::account::entity::Account;
use ddc_bucket::bucket::entity::{BucketInStatus, BucketStatus};
use ddc_bucket::cash::Cash;
use ddc_bucket::cluster::entity::{Cluster, ClusterStatus};
use ddc_bucket::currency::MAX_USD_PER_CERE;
use ddc_bucket::error::Error;
use ddc_bucket::events::*;
use ddc_bucket::fee::entity::FeeConfig;
use ddc_bucket::limits::{LIST_LIMIT_MAX, MAX_VNODES, PARAMS_MAX_LEN};
use ddc_bucket::node::entity::{Node, NodeStatus};
use ddc_bucket::perm::entity::Permission;
use ddc_bucket::schedule::Schedule;
use ddc_bucket::types::{Balance, BucketId, ClusterId, NodeId, MS_PER_MONTH, TOKEN};

// ------------------------------------------------------------------------------------ helpers

fn text(len: usize) -> String {
    "x".repeat(len)
}

/// The reference cluster (django manages nodes 1..=3 of alice, bob, charlie; 6 vnodes, 10
/// reserved) and django's reference bucket (resource 1, 10 TOKEN deposit), at time 0.
fn setup() -> (World, ClusterId, Vec<NodeId>, BucketId) {
    let mut w = World::new();
    let (cluster, nodes) = reference_cluster(&mut w);
    let bucket = reference_bucket(&mut w, cluster);
    (w, cluster, nodes, bucket)
}

fn trust(
    w: &mut World,
    provider: ddc_bucket::types::AccountId,
    manager: ddc_bucket::types::AccountId,
) {
    w.call(provider, 0, |d, c, _, e| {
        d.node_trust_manager(c, manager, e)
    })
    .unwrap();
}

fn distrust(
    w: &mut World,
    provider: ddc_bucket::types::AccountId,
    manager: ddc_bucket::types::AccountId,
) {
    w.call(provider, 0, |d, c, _, e| {
        d.node_distrust_manager(c, manager, e)
    })
    .unwrap();
}

fn node(
    w: &mut World,
    provider: ddc_bucket::types::AccountId,
    rent: Balance,
    capacity: u32,
) -> NodeId {
    w.call(provider, 0, |d, c, _, e| {
        d.node_create(c, rent, "{}".into(), capacity, e)
    })
    .unwrap()
}

fn cluster(
    w: &mut World,
    manager: ddc_bucket::types::AccountId,
    vnodes: u32,
    nodes: Vec<NodeId>,
) -> ClusterId {
    w.call(manager, 0, |d, c, _, e| {
        d.cluster_create(c, vnodes, nodes, "{}".into(), e)
    })
    .unwrap()
}

fn bucket(w: &mut World, owner: ddc_bucket::types::AccountId, cluster: ClusterId) -> BucketId {
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
fn assert_credited(
    w: &World,
    who: ddc_bucket::types::AccountId,
    deposit_before: Balance,
    value: Balance,
) {
    assert_eq!(
        w.ddc.account_get(who).unwrap().deposit.value,
        deposit_before + value
    );
    assert_eq!(w.bank.wallet(who), 1000 * TOKEN - value);
    w.assert_conserved();
}

// ------------------------------------------------------------------------------------ buckets

#[test]
fn bucket_create_works() {
    let mut w = World::new();
    let (cluster, _) = reference_cluster(&mut w);
    assert_eq!(w.ddc.account_get(eve()), Err(Error::AccountDoesNotExist));
    let id = w
        .call(eve(), 0, |d, c, _, e| {
            d.bucket_create(c, "{\"replication\":3}".into(), cluster, e)
        })
        .unwrap();
    assert_eq!(id, 1);
    w.assert_events(vec![BucketCreated {
        bucket_id: 1,
        owner_id: eve(),
    }
    .into()]);
    assert_eq!(
        w.ddc.bucket_get(1),
        Ok(BucketStatus {
            bucket_id: 1,
            bucket: BucketInStatus {
                owner_id: eve(),
                cluster_id: cluster,
                resource_reserved: 0,
            },
            params: "{\"replication\":3}".into(),
            writer_ids: vec![eve()],
            rent_covered_until_ms: u64::MAX,
        })
    );
    // The owner pays: its account exists from now on, empty.
    assert_eq!(w.ddc.account_get(eve()), Ok(account(0, 0, 0, 0)));
    // Ids are dense from 1.
    assert_eq!(bucket(&mut w, alice(), cluster), 2);
    assert_eq!(w.ddc.bucket_list(0, 10, None).unwrap().1, 3);
    w.assert_conserved();
}

#[test]
fn bucket_create_credits_value() {
    let mut w = World::new();
    let (cluster, _) = reference_cluster(&mut w);
    let id = w
        .call(eve(), 5 * TOKEN, |d, c, _, e| {
            d.bucket_create(c, "{}".into(), cluster, e)
        })
        .unwrap();
    w.assert_events(vec![
        BucketCreated {
            bucket_id: id,
            owner_id: eve(),
        }
        .into(),
        Deposit {
            account_id: eve(),
            value: 5 * TOKEN,
        }
        .into(),
    ]);
    assert_credited(&w, eve(), 0, 5 * TOKEN);
    assert_eq!(w.bank.contract, 5 * TOKEN);
    assert_eq!(w.ddc.total_owed(), 5 * TOKEN);
}

#[test]
fn bucket_create_params_limit() {
    let mut w = World::new();
    let (cluster, _) = reference_cluster(&mut w);
    let id = w
        .call(eve(), 0, |d, c, _, e| {
            d.bucket_create(c, text(PARAMS_MAX_LEN), cluster, e)
        })
        .unwrap();
    assert_eq!(w.ddc.bucket_get(id).unwrap().params, text(PARAMS_MAX_LEN));
    w.expect_err(eve(), 3 * TOKEN, Error::ParamsTooBig, |d, c, _, e| {
        d.bucket_create(c, text(PARAMS_MAX_LEN + 1), cluster, e)
    });
}

#[test]
fn bucket_create_needs_an_existing_cluster() {
    let mut w = World::new();
    let (cluster, _) = reference_cluster(&mut w);
    for bad in [0, cluster + 1, u32::MAX] {
        // No account is created for the would-be owner either.
        w.expect_err(eve(), TOKEN, Error::ClusterDoesNotExist, |d, c, _, e| {
            d.bucket_create(c, "{}".into(), bad, e)
        });
    }
    assert_eq!(w.ddc.account_get(eve()), Err(Error::AccountDoesNotExist));
}

#[test]
fn bucket_alloc_by_owner_starts_the_flow() {
    let mut w = World::new();
    let (cluster, _) = reference_cluster(&mut w);
    let b = bucket(&mut w, eve(), cluster);
    w.now = 1_000_000;
    w.call(eve(), 0, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, b, 3, e)
    })
    .unwrap();
    w.assert_events(vec![BucketAllocated {
        bucket_id: b,
        cluster_id: cluster,
        resource: 3,
    }
    .into()]);
    let s = w.ddc.bucket_get(b).unwrap();
    assert_eq!(s.bucket.resource_reserved, 3);
    assert_eq!(w.ddc.cluster_get(cluster).unwrap().cluster.resource_used, 3);
    // rate = total_rent × resource, started now.
    let rate = 60 * TOKEN * 3;
    // The offset is what accrued before the start, exactly: rate × ms (docs/payment-math.md).
    let offset = rate * 1_000_000;
    assert_eq!(w.ddc.account_get(eve()), Ok(account(0, rate, offset, 0)));
    // No deposit: covered until the allocation time only.
    assert_eq!(s.rent_covered_until_ms, 1_000_000);
    assert!(s.rent_covered_until_ms <= w.now);
    // Allocating 0 is accepted and changes nothing but emits the event.
    let before = w.snapshot();
    w.call(eve(), 0, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, b, 0, e)
    })
    .unwrap();
    w.assert_events(vec![BucketAllocated {
        bucket_id: b,
        cluster_id: cluster,
        resource: 0,
    }
    .into()]);
    assert_eq!(w.snapshot(), before);
    w.assert_conserved();
}

#[test]
fn bucket_alloc_by_manager_charges_the_owner() {
    let mut w = World::new();
    let (cluster, _) = reference_cluster(&mut w);
    let b = bucket(&mut w, eve(), cluster);
    // Not without the owner's consent (docs/security.md: the drain attack).
    w.expect_err(django(), 0, Error::AllowanceExceeded, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, b, 2, e)
    });
    w.call(eve(), 0, |d, c, _, e| d.bucket_set_resource_cap(c, b, 2, e))
        .unwrap();
    w.call(django(), 0, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, b, 2, e)
    })
    .unwrap();
    w.assert_events(vec![BucketAllocated {
        bucket_id: b,
        cluster_id: cluster,
        resource: 2,
    }
    .into()]);
    assert_eq!(w.ddc.account_get(eve()), Ok(account(0, 120 * TOKEN, 0, 0)));
    assert_eq!(w.ddc.account_get(django()), Err(Error::AccountDoesNotExist));
}

#[test]
fn bucket_alloc_errors() {
    let (mut w, cluster, _, b) = setup();
    for bad in [0, b + 1, u32::MAX] {
        w.expect_err(django(), 0, Error::BucketDoesNotExist, |d, c, _, e| {
            d.bucket_alloc_into_cluster(c, bad, 1, e)
        });
    }
    // Neither the owner (django) nor the manager (django): the owner check reports it.
    for stranger in [bob(), alice(), admin()] {
        w.expect_err(stranger, 0, Error::UnauthorizedOwner, |d, c, _, e| {
            d.bucket_alloc_into_cluster(c, b, 1, e)
        });
    }
    // 1 of 10 per vnode is used: 10 more is beyond the reservation, 9 fits exactly.
    w.expect_err(django(), 0, Error::InsufficientResources, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, b, 10, e)
    });
    w.expect_err(django(), 0, Error::InsufficientResources, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, b, u32::MAX, e)
    });
    w.call(django(), 0, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, b, 9, e)
    })
    .unwrap();
    assert_eq!(
        w.ddc.cluster_get(cluster).unwrap().cluster.resource_used,
        10
    );
    w.expect_err(django(), 0, Error::InsufficientResources, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, b, 1, e)
    });
    w.assert_conserved();
}

#[test]
fn bucket_alloc_overflowing_rent_is_a_typed_error() {
    let mut w = World::new();
    trust(&mut w, alice(), django());
    let n = node(&mut w, alice(), Balance::MAX, 10);
    let cl = cluster(&mut w, django(), 1, vec![n]);
    w.call(django(), 0, |d, c, _, e| {
        d.cluster_reserve_resource(c, cl, 5, e)
    })
    .unwrap();
    let b = bucket(&mut w, django(), cl);
    // total_rent × 2 does not fit in u128.
    w.expect_err(django(), 0, Error::Overflow, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, b, 2, e)
    });
    // The rate alone fits, but its accrual since time 0 does not.
    w.now = u64::MAX;
    w.expect_err(django(), 0, Error::Overflow, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, b, 1, e)
    });
}

#[test]
fn bucket_settle_payment_works() {
    let (mut w, cluster, _, b) = setup();
    w.now = 5;
    // Anyone may settle.
    w.call(eve(), 0, |d, c, _, e| d.bucket_settle_payment(c, b, e))
        .unwrap();
    w.assert_events(vec![BucketSettlePayment {
        bucket_id: b,
        cluster_id: cluster,
        value: 1120,
    }
    .into()]);
    assert_eq!(
        w.ddc.account_get(django()),
        // The whole accrual (1120.07 USD units, in rate-ms) leaves the flow; the 0.07 not
        // charged is carried (rate-ms × TOKEN) to the next settlement.
        Ok(account(
            10 * TOKEN - 1120,
            60 * TOKEN,
            60 * TOKEN * 5,
            60 * TOKEN * 5 * TOKEN - 1120 * MS_PER_MONTH * TOKEN
        ))
    );
    assert_eq!(
        w.ddc.cluster_get(cluster).unwrap().cluster.revenues,
        Cash { value: 1120 }
    );
    // At 1:1, settling leaves rent_covered_until unchanged.
    assert_eq!(
        w.ddc.bucket_get(b).unwrap().rent_covered_until_ms,
        446_400_000
    );
    w.assert_conserved();
    // Settling again at the same time moves nothing, but still reports it.
    let before = w.snapshot();
    w.call(bob(), 0, |d, c, _, e| d.bucket_settle_payment(c, b, e))
        .unwrap();
    w.assert_events(vec![BucketSettlePayment {
        bucket_id: b,
        cluster_id: cluster,
        value: 0,
    }
    .into()]);
    assert_eq!(w.snapshot(), before);
}

#[test]
fn bucket_settle_payment_of_a_bucket_without_resources() {
    let mut w = World::new();
    let (cluster, _) = reference_cluster(&mut w);
    let b = bucket(&mut w, eve(), cluster);
    w.now = 10 * MS_PER_MONTH as u64;
    let before = w.snapshot();
    w.call(eve(), 0, |d, c, _, e| d.bucket_settle_payment(c, b, e))
        .unwrap();
    w.assert_events(vec![BucketSettlePayment {
        bucket_id: b,
        cluster_id: cluster,
        value: 0,
    }
    .into()]);
    assert_eq!(w.snapshot(), before);
}

#[test]
fn bucket_settle_payment_errors() {
    let (mut w, _, _, b) = setup();
    w.now = 5;
    for bad in [0, b + 1, u32::MAX] {
        w.expect_err(eve(), 0, Error::BucketDoesNotExist, |d, c, _, e| {
            d.bucket_settle_payment(c, bad, e)
        });
    }
    // A rent of u128::MAX: the rate would pass the bound that keeps every owed amount within
    // u128 at any timestamp, so the allocation is refused with a typed error, and settlement
    // never overflows.
    let mut w = World::new();
    trust(&mut w, alice(), django());
    let n = node(&mut w, alice(), Balance::MAX, 10);
    let cl = cluster(&mut w, django(), 1, vec![n]);
    w.call(django(), 0, |d, c, _, e| {
        d.cluster_reserve_resource(c, cl, 5, e)
    })
    .unwrap();
    let b = bucket(&mut w, django(), cl);
    w.expect_err(django(), 0, Error::Overflow, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, b, 1, e)
    });
    w.call(django(), TOKEN, |d, c, _, e| d.account_deposit(c, e))
        .unwrap();
    w.now = u64::MAX;
    w.call(eve(), 0, |d, c, _, e| d.bucket_settle_payment(c, b, e))
        .unwrap();
}

#[test]
fn bucket_change_params_works() {
    let (mut w, _, _, b) = setup();
    w.call(django(), 0, |d, c, _, e| {
        d.bucket_change_params(c, b, "{\"replication\":2}".into(), e)
    })
    .unwrap();
    w.assert_events(vec![BucketParamsSet {
        bucket_id: b,
        params: "{\"replication\":2}".into(),
    }
    .into()]);
    assert_eq!(w.ddc.bucket_get(b).unwrap().params, "{\"replication\":2}");
    // Exactly the limit is fine, with value credited.
    w.call(django(), 2 * TOKEN, |d, c, _, e| {
        d.bucket_change_params(c, b, text(PARAMS_MAX_LEN), e)
    })
    .unwrap();
    w.assert_events(vec![
        BucketParamsSet {
            bucket_id: b,
            params: text(PARAMS_MAX_LEN),
        }
        .into(),
        Deposit {
            account_id: django(),
            value: 2 * TOKEN,
        }
        .into(),
    ]);
    assert_eq!(w.ddc.bucket_get(b).unwrap().params, text(PARAMS_MAX_LEN));
    assert_eq!(
        w.ddc.account_get(django()).unwrap().deposit.value,
        12 * TOKEN
    );
    assert_eq!(w.bank.wallet(django()), 988 * TOKEN);
    w.assert_conserved();
}

#[test]
fn bucket_change_params_errors() {
    let (mut w, cluster, _, b) = setup();
    for bad in [0, b + 1, u32::MAX] {
        w.expect_err(django(), TOKEN, Error::BucketDoesNotExist, |d, c, _, e| {
            d.bucket_change_params(c, bad, "{}".into(), e)
        });
    }
    w.expect_err(bob(), TOKEN, Error::UnauthorizedOwner, |d, c, _, e| {
        d.bucket_change_params(c, b, "{}".into(), e)
    });
    // The cluster manager is not the owner of eve's bucket.
    let eves = bucket(&mut w, eve(), cluster);
    w.expect_err(django(), 0, Error::UnauthorizedOwner, |d, c, _, e| {
        d.bucket_change_params(c, eves, "{}".into(), e)
    });
    // Not even the SuperAdmin.
    w.expect_err(admin(), 0, Error::UnauthorizedOwner, |d, c, _, e| {
        d.bucket_change_params(c, eves, "{}".into(), e)
    });
    w.expect_err(django(), TOKEN, Error::ParamsTooBig, |d, c, _, e| {
        d.bucket_change_params(c, b, text(PARAMS_MAX_LEN + 1), e)
    });
}

#[test]
fn bucket_get_works_and_errors() {
    let (mut w, cluster, _, b) = setup();
    assert_eq!(
        w.ddc.bucket_get(b),
        Ok(BucketStatus {
            bucket_id: b,
            bucket: BucketInStatus {
                owner_id: django(),
                cluster_id: cluster,
                resource_reserved: 1,
            },
            params: "{}".into(),
            writer_ids: vec![django()],
            rent_covered_until_ms: 446_400_000,
        })
    );
    for bad in [0, b + 1, u32::MAX] {
        w.expect_err(eve(), 0, Error::BucketDoesNotExist, |d, _, _, _| {
            d.bucket_get(bad)
        });
    }
}

#[test]
fn bucket_list_works() {
    let mut w = World::new();
    let (cluster, _) = reference_cluster(&mut w);
    let b1 = bucket(&mut w, alice(), cluster);
    let b2 = bucket(&mut w, bob(), cluster);
    let ids = |(page, max): (Vec<BucketStatus>, u32)| -> (Vec<u32>, u32) {
        (page.iter().map(|s| s.bucket_id).collect(), max)
    };
    assert_eq!(
        ids(w.ddc.bucket_list(1, 100, None).unwrap()),
        (vec![b1, b2], 3)
    );
    assert_eq!(
        ids(w.ddc.bucket_list(0, 100, None).unwrap()),
        (vec![b1, b2], 3)
    );
    assert_eq!(
        ids(w.ddc.bucket_list(1, 2, None).unwrap()),
        (vec![b1, b2], 3)
    );
    assert_eq!(ids(w.ddc.bucket_list(1, 1, None).unwrap()), (vec![b1], 3));
    assert_eq!(ids(w.ddc.bucket_list(2, 1, None).unwrap()), (vec![b2], 3));
    assert_eq!(ids(w.ddc.bucket_list(3, 20, None).unwrap()), (vec![], 3));
    assert_eq!(ids(w.ddc.bucket_list(21, 20, None).unwrap()), (vec![], 3));
    assert_eq!(ids(w.ddc.bucket_list(1, 0, None).unwrap()), (vec![], 3));
    assert_eq!(
        ids(w.ddc.bucket_list(1, 20, Some(bob())).unwrap()),
        (vec![b2], 2)
    );
    assert_eq!(
        ids(w.ddc.bucket_list(1, 20, Some(charlie())).unwrap()),
        (vec![], 1)
    );
    assert_eq!(
        ids(w.ddc.bucket_list(u32::MAX, u32::MAX, None).unwrap()),
        (vec![], 3)
    );
    // Full statuses, not just ids.
    assert_eq!(
        w.ddc.bucket_list(1, 20, Some(alice())).unwrap().0,
        vec![w.ddc.bucket_get(b1).unwrap()]
    );
}

// ----------------------------------------------------------------------------------- clusters

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
fn cluster_create_credits_value() {
    let mut w = World::new();
    trust(&mut w, alice(), django());
    let n1 = node(&mut w, alice(), 10 * TOKEN, 100);
    let id = w
        .call(django(), 4 * TOKEN, |d, c, _, e| {
            d.cluster_create(c, 1, vec![n1], "{}".into(), e)
        })
        .unwrap();
    w.assert_events(vec![
        ClusterCreated {
            cluster_id: id,
            manager: django(),
            cluster_params: "{}".into(),
        }
        .into(),
        Deposit {
            account_id: django(),
            value: 4 * TOKEN,
        }
        .into(),
    ]);
    assert_credited(&w, django(), 0, 4 * TOKEN);
}

#[test]
fn cluster_create_validation_errors() {
    let mut w = World::new();
    trust(&mut w, alice(), django());
    let n1 = node(&mut w, alice(), 10 * TOKEN, 100);
    let e_ = |w: &mut World, err: Error, vnodes: u32, nodes: Vec<NodeId>, params: String| {
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
    w.call(admin(), 0, |d, c, _, e| {
        d.admin_grant_permission(c, eve(), Permission::SuperAdmin, e)
    })
    .unwrap();
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

#[test]
fn cluster_reserve_resource_works() {
    let mut w = World::new();
    trust(&mut w, alice(), django());
    trust(&mut w, bob(), django());
    let n1 = node(&mut w, alice(), 10 * TOKEN, 100);
    let n2 = node(&mut w, bob(), 10 * TOKEN, 100);
    // n1 hosts 2 vnodes, n2 one.
    let cl = cluster(&mut w, django(), 3, vec![n1, n2]);
    w.call(django(), 0, |d, c, _, e| {
        d.cluster_reserve_resource(c, cl, 10, e)
    })
    .unwrap();
    w.assert_events(vec![ClusterReserveResource {
        cluster_id: cl,
        resource: 10,
    }
    .into()]);
    assert_eq!(
        w.ddc.cluster_get(cl).unwrap().cluster.resource_per_vnode,
        10
    );
    assert_eq!((free(&w, n1), free(&w, n2)), (80, 90));
    // The event carries the increment.
    w.call(django(), 0, |d, c, _, e| {
        d.cluster_reserve_resource(c, cl, 5, e)
    })
    .unwrap();
    w.assert_events(vec![ClusterReserveResource {
        cluster_id: cl,
        resource: 5,
    }
    .into()]);
    assert_eq!(
        w.ddc.cluster_get(cl).unwrap().cluster.resource_per_vnode,
        15
    );
    assert_eq!((free(&w, n1), free(&w, n2)), (70, 85));
    // Reserving 0 is accepted.
    w.call(django(), 0, |d, c, _, e| {
        d.cluster_reserve_resource(c, cl, 0, e)
    })
    .unwrap();
    assert_eq!((free(&w, n1), free(&w, n2)), (70, 85));
    // Exactly what n1 has left (2 × 35 = 70) is fine.
    w.call(django(), 0, |d, c, _, e| {
        d.cluster_reserve_resource(c, cl, 35, e)
    })
    .unwrap();
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
    w.call(django(), 0, |d, c, _, e| {
        d.cluster_reserve_resource(c, cluster, 30, e)
    })
    .unwrap();
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
    w.call(django(), 0, |d, c, _, e| {
        d.cluster_reserve_resource(c, cl, u32::MAX, e)
    })
    .unwrap();
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
    w.call(django(), 0, |d, c, _, e| {
        d.cluster_replace_node(c, cluster, 4, dear, e)
    })
    .unwrap();
    w.assert_events(vec![ClusterNodeReplaced {
        cluster_id: cluster,
        node_id: dear,
        vnode_index: 4,
    }
    .into()]);
    let c = w.ddc.cluster_get(cluster).unwrap();
    assert_eq!(c.cluster.vnodes, vec![1, 2, 3, 1, dear, 3]);
    // The old node got its reservation back, the new one gave it.
    assert_eq!(
        [nodes[0], nodes[1], nodes[2], dear].map(|n| free(&w, n)),
        [80, 90, 80, 90]
    );
    // total_rent follows the rent change (upstream left it stale).
    assert_eq!(c.cluster.total_rent, 70 * TOKEN);
    // Replacing a vnode with its current node changes nothing but emits the event.
    let before = w.snapshot();
    w.call(django(), 0, |d, c, _, e| {
        d.cluster_replace_node(c, cluster, 4, dear, e)
    })
    .unwrap();
    w.assert_events(vec![ClusterNodeReplaced {
        cluster_id: cluster,
        node_id: dear,
        vnode_index: 4,
    }
    .into()]);
    assert_eq!(w.snapshot(), before);
    w.assert_conserved();
}

#[test]
fn cluster_replace_node_errors() {
    let (mut w, cluster, nodes, _) = setup();
    for bad in [0, cluster + 1, u32::MAX] {
        w.expect_err(django(), 0, Error::ClusterDoesNotExist, |d, c, _, e| {
            d.cluster_replace_node(c, bad, 0, nodes[0], e)
        });
    }
    for stranger in [alice(), admin()] {
        w.expect_err(
            stranger,
            0,
            Error::UnauthorizedClusterManager,
            |d, c, _, e| d.cluster_replace_node(c, cluster, 0, nodes[1], e),
        );
    }
    for vnode in [6, u32::MAX] {
        w.expect_err(django(), 0, Error::VNodeDoesNotExist, |d, c, _, e| {
            d.cluster_replace_node(c, cluster, vnode, nodes[1], e)
        });
    }
    for bad in [0, 99, u32::MAX] {
        w.expect_err(django(), 0, Error::NodeDoesNotExist, |d, c, _, e| {
            d.cluster_replace_node(c, cluster, 0, bad, e)
        });
    }
    // eve's node: eve does not trust django.
    let eves = node(&mut w, eve(), 10 * TOKEN, 100);
    w.expect_err(
        django(),
        0,
        Error::ClusterManagerIsNotTrusted,
        |d, c, _, e| d.cluster_replace_node(c, cluster, 0, eves, e),
    );
    // Trust, then revoked trust (upstream's only_trusted_manager test).
    distrust(&mut w, charlie(), django());
    w.expect_err(
        django(),
        0,
        Error::ClusterManagerIsNotTrusted,
        |d, c, _, e| d.cluster_replace_node(c, cluster, 1, nodes[2], e),
    );
    // Revoking trust does not evict: charlie's node still hosts its vnodes.
    assert_eq!(
        w.ddc.cluster_get(cluster).unwrap().cluster.vnodes,
        vec![1, 2, 3, 1, 2, 3]
    );
    // A trusted node without room for resource_per_vnode (10).
    trust(&mut w, eve(), django());
    let small = node(&mut w, eve(), 10 * TOKEN, 9);
    w.expect_err(django(), 0, Error::InsufficientResources, |d, c, _, e| {
        d.cluster_replace_node(c, cluster, 0, small, e)
    });
    // alice's node hosts 2 vnodes and has 80 left: 4 more vnodes of 10 each leave 40.
    for vnode in [1, 2, 4, 5] {
        w.call(django(), 0, |d, c, _, e| {
            d.cluster_replace_node(c, cluster, vnode, nodes[0], e)
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
    w.call(admin(), 0, |d, c, _, e| {
        d.cluster_replace_node(c, cl, 1, n2, e)
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
    // No fees: 1120 over 6 equal vnodes = 186 each, 372 per provider, 4 left.
    w.assert_events(vec![
        ClusterDistributeRevenues {
            cluster_id: cluster,
            provider_id: alice(),
            value: 372,
        }
        .into(),
        ClusterDistributeRevenues {
            cluster_id: cluster,
            provider_id: bob(),
            value: 372,
        }
        .into(),
        ClusterDistributeRevenues {
            cluster_id: cluster,
            provider_id: charlie(),
            value: 372,
        }
        .into(),
    ]);
    assert_eq!(
        w.bank.transfers,
        vec![(alice(), 372), (bob(), 372), (charlie(), 372)]
    );
    assert_eq!(
        w.ddc.cluster_get(cluster).unwrap().cluster.revenues.value,
        4
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
        4
    );
    w.assert_conserved();
}

#[test]
fn cluster_distribute_revenues_follows_rents() {
    let mut w = World::new();
    trust(&mut w, alice(), django());
    trust(&mut w, bob(), django());
    let cheap = node(&mut w, alice(), 10 * TOKEN, 100);
    let dear = node(&mut w, bob(), 30 * TOKEN, 100);
    let cl = cluster(&mut w, django(), 2, vec![cheap, dear]);
    w.call(django(), 0, |d, c, _, e| {
        d.cluster_reserve_resource(c, cl, 10, e)
    })
    .unwrap();
    let b = bucket(&mut w, eve(), cl);
    w.call(eve(), 0, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, b, 1, e)
    })
    .unwrap();
    w.call(eve(), 10 * TOKEN, |d, c, _, e| d.account_deposit(c, e))
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

#[test]
fn cluster_change_params_works() {
    let (mut w, cluster, _, _) = setup();
    w.call(django(), 0, |d, c, _, e| {
        d.cluster_change_params(c, cluster, "{\"v\":2}".into(), e)
    })
    .unwrap();
    w.assert_events(vec![ClusterParamsSet {
        cluster_id: cluster,
        params: "{\"v\":2}".into(),
    }
    .into()]);
    assert_eq!(w.ddc.cluster_get(cluster).unwrap().params, "{\"v\":2}");
    let deposit = w.ddc.account_get(django()).unwrap().deposit.value;
    w.call(django(), 3 * TOKEN, |d, c, _, e| {
        d.cluster_change_params(c, cluster, text(PARAMS_MAX_LEN), e)
    })
    .unwrap();
    w.assert_events(vec![
        ClusterParamsSet {
            cluster_id: cluster,
            params: text(PARAMS_MAX_LEN),
        }
        .into(),
        Deposit {
            account_id: django(),
            value: 3 * TOKEN,
        }
        .into(),
    ]);
    assert_eq!(
        w.ddc.cluster_get(cluster).unwrap().params,
        text(PARAMS_MAX_LEN)
    );
    assert_eq!(
        w.ddc.account_get(django()).unwrap().deposit.value,
        deposit + 3 * TOKEN
    );
    w.assert_conserved();
}

#[test]
fn cluster_change_params_errors() {
    let (mut w, cluster, _, _) = setup();
    for bad in [0, cluster + 1, u32::MAX] {
        w.expect_err(django(), TOKEN, Error::ClusterDoesNotExist, |d, c, _, e| {
            d.cluster_change_params(c, bad, "{}".into(), e)
        });
    }
    for stranger in [alice(), admin()] {
        w.expect_err(
            stranger,
            TOKEN,
            Error::UnauthorizedClusterManager,
            |d, c, _, e| d.cluster_change_params(c, cluster, "{}".into(), e),
        );
    }
    w.expect_err(django(), TOKEN, Error::ParamsTooBig, |d, c, _, e| {
        d.cluster_change_params(c, cluster, text(PARAMS_MAX_LEN + 1), e)
    });
}

#[test]
fn cluster_get_and_list() {
    let (mut w, cluster, _, _) = setup();
    let got = w.ddc.cluster_get(cluster).unwrap();
    assert_eq!(
        got,
        ClusterStatus {
            cluster_id: cluster,
            cluster: Cluster {
                manager_id: django(),
                vnodes: vec![1, 2, 3, 1, 2, 3],
                resource_per_vnode: 10,
                resource_used: 1,
                revenues: Cash { value: 0 },
                total_rent: 60 * TOKEN,
            },
            params: "{}".into(),
        }
    );
    for bad in [0, cluster + 1, u32::MAX] {
        w.expect_err(eve(), 0, Error::ClusterDoesNotExist, |d, _, _, _| {
            d.cluster_get(bad)
        });
    }
    assert_eq!(
        w.ddc.cluster_list(1, 20, None).unwrap(),
        (vec![got.clone()], 2)
    );
    assert_eq!(
        w.ddc.cluster_list(0, 20, Some(django())).unwrap(),
        (vec![got], 2)
    );
    assert_eq!(
        w.ddc.cluster_list(1, 20, Some(alice())).unwrap(),
        (vec![], 1)
    );
    assert_eq!(w.ddc.cluster_list(2, 20, None).unwrap(), (vec![], 2));
    assert_eq!(
        w.ddc.cluster_list(u32::MAX, u32::MAX, None).unwrap(),
        (vec![], 2)
    );
}

// -------------------------------------------------------------------------------------- nodes

#[test]
fn node_trust_manager_works() {
    let mut w = World::new();
    assert!(!w
        .ddc
        .has_permission(django(), Permission::ManagerTrustedBy(alice())));
    w.call(alice(), 0, |d, c, _, e| {
        d.node_trust_manager(c, django(), e)
    })
    .unwrap();
    w.assert_events(vec![GrantPermission {
        account_id: django(),
        permission: Permission::ManagerTrustedBy(alice()),
    }
    .into()]);
    assert!(w
        .ddc
        .has_permission(django(), Permission::ManagerTrustedBy(alice())));
    // Directional: alice is not trusted by django, and bob does not trust django.
    assert!(!w
        .ddc
        .has_permission(alice(), Permission::ManagerTrustedBy(django())));
    assert!(!w
        .ddc
        .has_permission(django(), Permission::ManagerTrustedBy(bob())));
    // Trusting again is accepted (and reported again); value is credited.
    w.call(alice(), 2 * TOKEN, |d, c, _, e| {
        d.node_trust_manager(c, django(), e)
    })
    .unwrap();
    w.assert_events(vec![
        GrantPermission {
            account_id: django(),
            permission: Permission::ManagerTrustedBy(alice()),
        }
        .into(),
        Deposit {
            account_id: alice(),
            value: 2 * TOKEN,
        }
        .into(),
    ]);
    assert_credited(&w, alice(), 0, 2 * TOKEN);
    // Self-trust is allowed.
    w.call(eve(), 0, |d, c, _, e| d.node_trust_manager(c, eve(), e))
        .unwrap();
    assert!(w
        .ddc
        .has_permission(eve(), Permission::ManagerTrustedBy(eve())));
}

#[test]
fn node_distrust_manager_works() {
    let (mut w, cluster, _, _) = setup();
    w.call(alice(), 0, |d, c, _, e| {
        d.node_distrust_manager(c, django(), e)
    })
    .unwrap();
    w.assert_events(vec![RevokePermission {
        account_id: django(),
        permission: Permission::ManagerTrustedBy(alice()),
    }
    .into()]);
    assert!(!w
        .ddc
        .has_permission(django(), Permission::ManagerTrustedBy(alice())));
    // Others' trust is untouched; the cluster keeps alice's node.
    assert!(w
        .ddc
        .has_permission(django(), Permission::ManagerTrustedBy(bob())));
    assert_eq!(
        w.ddc.cluster_get(cluster).unwrap().cluster.vnodes,
        vec![1, 2, 3, 1, 2, 3]
    );
    // Revoking an absent trust is a reported no-op.
    let before = w.snapshot();
    w.call(eve(), 0, |d, c, _, e| {
        d.node_distrust_manager(c, django(), e)
    })
    .unwrap();
    w.assert_events(vec![RevokePermission {
        account_id: django(),
        permission: Permission::ManagerTrustedBy(eve()),
    }
    .into()]);
    assert_eq!(w.snapshot(), before);
    // A SuperAdmin's implied trust is not a grant: distrusting it changes nothing.
    w.call(alice(), 0, |d, c, _, e| {
        d.node_distrust_manager(c, admin(), e)
    })
    .unwrap();
    assert!(w
        .ddc
        .has_permission(admin(), Permission::ManagerTrustedBy(alice())));
}

#[test]
fn node_create_works() {
    let mut w = World::new();
    let id = w
        .call(alice(), 0, |d, c, _, e| {
            d.node_create(c, 10 * TOKEN, "{\"url\":\"https://a\"}".into(), 100, e)
        })
        .unwrap();
    assert_eq!(id, 1);
    w.assert_events(vec![NodeCreated {
        node_id: 1,
        provider_id: alice(),
        rent_per_month: 10 * TOKEN,
        node_params: "{\"url\":\"https://a\"}".into(),
    }
    .into()]);
    assert_eq!(
        w.ddc.node_get(1),
        Ok(NodeStatus {
            node_id: 1,
            node: Node {
                provider_id: alice(),
                rent_per_month: 10 * TOKEN,
                free_resource: 100,
            },
            params: "{\"url\":\"https://a\"}".into(),
        })
    );
    // No account for the provider.
    assert_eq!(w.ddc.account_get(alice()), Err(Error::AccountDoesNotExist));
    // Extremes are accepted: zero rent and capacity, and the largest values.
    let id2 = w
        .call(bob(), 0, |d, c, _, e| {
            d.node_create(c, 0, String::new(), 0, e)
        })
        .unwrap();
    assert_eq!(id2, 2);
    let id3 = w
        .call(bob(), 0, |d, c, _, e| {
            d.node_create(c, Balance::MAX, text(PARAMS_MAX_LEN), u32::MAX, e)
        })
        .unwrap();
    assert_eq!(
        w.ddc.node_get(id3).unwrap().node,
        Node {
            provider_id: bob(),
            rent_per_month: Balance::MAX,
            free_resource: u32::MAX,
        }
    );
    assert_eq!(w.ddc.node_get(id3).unwrap().params, text(PARAMS_MAX_LEN));
    w.assert_conserved();
}

#[test]
fn node_create_credits_value() {
    let mut w = World::new();
    let id = w
        .call(alice(), 7 * TOKEN, |d, c, _, e| {
            d.node_create(c, TOKEN, "{}".into(), 1, e)
        })
        .unwrap();
    w.assert_events(vec![
        NodeCreated {
            node_id: id,
            provider_id: alice(),
            rent_per_month: TOKEN,
            node_params: "{}".into(),
        }
        .into(),
        Deposit {
            account_id: alice(),
            value: 7 * TOKEN,
        }
        .into(),
    ]);
    assert_credited(&w, alice(), 0, 7 * TOKEN);
}

#[test]
fn node_create_errors() {
    let mut w = World::new();
    w.expect_err(alice(), TOKEN, Error::ParamsTooBig, |d, c, _, e| {
        d.node_create(c, TOKEN, text(PARAMS_MAX_LEN + 1), 1, e)
    });
    assert_eq!(w.ddc.node_list(1, 20, None).unwrap(), (vec![], 1));
}

#[test]
fn node_change_params_works() {
    let mut w = World::new();
    let n = node(&mut w, alice(), TOKEN, 10);
    w.call(alice(), 0, |d, c, _, e| {
        d.node_change_params(c, n, "{\"url\":\"b\"}".into(), e)
    })
    .unwrap();
    w.assert_events(vec![NodeParamsSet {
        node_id: n,
        params: "{\"url\":\"b\"}".into(),
    }
    .into()]);
    assert_eq!(w.ddc.node_get(n).unwrap().params, "{\"url\":\"b\"}");
    w.call(alice(), TOKEN, |d, c, _, e| {
        d.node_change_params(c, n, text(PARAMS_MAX_LEN), e)
    })
    .unwrap();
    w.assert_events(vec![
        NodeParamsSet {
            node_id: n,
            params: text(PARAMS_MAX_LEN),
        }
        .into(),
        Deposit {
            account_id: alice(),
            value: TOKEN,
        }
        .into(),
    ]);
    assert_eq!(w.ddc.node_get(n).unwrap().params, text(PARAMS_MAX_LEN));
    assert_credited(&w, alice(), 0, TOKEN);
}

#[test]
fn node_change_params_errors() {
    let mut w = World::new();
    let n = node(&mut w, alice(), TOKEN, 10);
    for bad in [0, n + 1, u32::MAX] {
        w.expect_err(alice(), TOKEN, Error::NodeDoesNotExist, |d, c, _, e| {
            d.node_change_params(c, bad, "{}".into(), e)
        });
    }
    for stranger in [bob(), admin()] {
        w.expect_err(
            stranger,
            TOKEN,
            Error::UnauthorizedProvider,
            |d, c, _, e| d.node_change_params(c, n, "{}".into(), e),
        );
    }
    w.expect_err(alice(), TOKEN, Error::ParamsTooBig, |d, c, _, e| {
        d.node_change_params(c, n, text(PARAMS_MAX_LEN + 1), e)
    });
}

#[test]
fn node_get_and_list() {
    let mut w = World::new();
    let n1 = node(&mut w, alice(), TOKEN, 10);
    let n2 = node(&mut w, bob(), 2 * TOKEN, 20);
    for bad in [0, n2 + 1, u32::MAX] {
        w.expect_err(eve(), 0, Error::NodeDoesNotExist, |d, _, _, _| {
            d.node_get(bad)
        });
    }
    let (s1, s2) = (w.ddc.node_get(n1).unwrap(), w.ddc.node_get(n2).unwrap());
    assert_eq!(s2.node.free_resource, 20);
    assert_eq!(
        w.ddc.node_list(1, 100, None).unwrap(),
        (vec![s1.clone(), s2.clone()], 3)
    );
    assert_eq!(w.ddc.node_list(1, 1, None).unwrap(), (vec![s1.clone()], 3));
    assert_eq!(w.ddc.node_list(2, 1, None).unwrap(), (vec![s2.clone()], 3));
    assert_eq!(w.ddc.node_list(3, 20, None).unwrap(), (vec![], 3));
    assert_eq!(w.ddc.node_list(1, 20, Some(bob())).unwrap(), (vec![s2], 2));
    assert_eq!(w.ddc.node_list(1, 20, Some(eve())).unwrap(), (vec![], 1));
    assert_eq!(
        w.ddc.node_list(u32::MAX, u32::MAX, Some(alice())).unwrap(),
        (vec![], 2)
    );
}

// ----------------------------------------------------------------------------------- accounts

#[test]
fn account_deposit_works() {
    let mut w = World::new();
    w.call(alice(), 10 * TOKEN, |d, c, _, e| d.account_deposit(c, e))
        .unwrap();
    w.assert_events(vec![Deposit {
        account_id: alice(),
        value: 10 * TOKEN,
    }
    .into()]);
    // No fee: the whole value is deposited.
    assert_eq!(w.ddc.account_get(alice()), Ok(account(10 * TOKEN, 0, 0, 0)));
    w.call(alice(), 5 * TOKEN, |d, c, _, e| d.account_deposit(c, e))
        .unwrap();
    w.assert_events(vec![Deposit {
        account_id: alice(),
        value: 5 * TOKEN,
    }
    .into()]);
    assert_eq!(w.ddc.account_get(alice()), Ok(account(15 * TOKEN, 0, 0, 0)));
    assert_eq!(w.bank.wallet(alice()), 985 * TOKEN);
    assert_eq!(w.bank.contract, 15 * TOKEN);
    // A zero deposit creates the account and is reported.
    w.call(bob(), 0, |d, c, _, e| d.account_deposit(c, e))
        .unwrap();
    w.assert_events(vec![Deposit {
        account_id: bob(),
        value: 0,
    }
    .into()]);
    assert_eq!(w.ddc.account_get(bob()), Ok(account(0, 0, 0, 0)));
    w.assert_conserved();
}

#[test]
fn account_withdraw_works() {
    let mut w = World::new();
    w.call(alice(), 10 * TOKEN, |d, c, _, e| d.account_deposit(c, e))
        .unwrap();
    w.call(alice(), 0, |d, c, p, e| {
        d.account_withdraw(c, 4 * TOKEN, &mut { p }, e)
    })
    .unwrap();
    w.assert_events(vec![Withdraw {
        account_id: alice(),
        value: 4 * TOKEN,
    }
    .into()]);
    assert_eq!(w.ddc.account_get(alice()), Ok(account(6 * TOKEN, 0, 0, 0)));
    assert_eq!(w.bank.wallet(alice()), 994 * TOKEN);
    assert_eq!(w.bank.transfers, vec![(alice(), 4 * TOKEN)]);
    w.assert_conserved();
    // Everything that is free, then zero.
    w.call(alice(), 0, |d, c, p, e| {
        d.account_withdraw(c, 6 * TOKEN, &mut { p }, e)
    })
    .unwrap();
    w.call(alice(), 0, |d, c, p, e| {
        d.account_withdraw(c, 0, &mut { p }, e)
    })
    .unwrap();
    w.assert_events(vec![Withdraw {
        account_id: alice(),
        value: 0,
    }
    .into()]);
    assert_eq!(w.ddc.account_get(alice()), Ok(account(0, 0, 0, 0)));
    assert_eq!(w.bank.wallet(alice()), 1000 * TOKEN);
    assert_eq!(w.bank.contract, 0);
    w.assert_conserved();
}

#[test]
fn account_withdraw_errors() {
    let (mut w, _, _, _) = setup();
    w.expect_err(eve(), 0, Error::AccountDoesNotExist, |d, c, p, e| {
        d.account_withdraw(c, 0, &mut { p }, e)
    });
    for too_much in [10 * TOKEN + 1, Balance::MAX] {
        w.expect_err(django(), 0, Error::InsufficientBalance, |d, c, p, e| {
            d.account_withdraw(c, too_much, &mut { p }, e)
        });
    }
    w.bank.refuse.insert(django());
    w.expect_err(django(), 0, Error::TransferFailed, |d, c, p, e| {
        d.account_withdraw(c, TOKEN, &mut { p }, e)
    });
    w.bank.refuse.clear();
    // Nothing of another's deposit: bob has an account but no deposit.
    w.call(bob(), 0, |d, c, _, e| d.account_deposit(c, e))
        .unwrap();
    w.expect_err(bob(), 0, Error::InsufficientBalance, |d, c, p, e| {
        d.account_withdraw(c, 1, &mut { p }, e)
    });
}

#[test]
fn account_get_works_and_errors() {
    let (mut w, _, _, _) = setup();
    assert_eq!(
        w.ddc.account_get(django()),
        Ok(account(10 * TOKEN, 60 * TOKEN, 0, 0))
    );
    for nobody in [eve(), zero(), acc(77)] {
        w.expect_err(alice(), 0, Error::AccountDoesNotExist, |d, _, _, _| {
            d.account_get(nobody)
        });
    }
}

#[test]
fn account_usd_per_cere_works() {
    let mut w = World::new();
    assert_eq!(w.ddc.account_get_usd_per_cere(), TOKEN);
    w.call(admin(), 0, |d, c, _, e| {
        d.account_set_usd_per_cere(c, TOKEN / 10, e)
    })
    .unwrap();
    w.assert_events(vec![ExchangeRateSet {
        usd_per_cere: TOKEN / 10,
    }
    .into()]);
    assert_eq!(w.ddc.account_get_usd_per_cere(), TOKEN / 10);
    // The oracle permission is enough.
    w.call(admin(), 0, |d, c, _, e| {
        d.admin_grant_permission(c, bob(), Permission::SetExchangeRate, e)
    })
    .unwrap();
    w.call(bob(), 0, |d, c, _, e| d.account_set_usd_per_cere(c, 1, e))
        .unwrap();
    w.assert_events(vec![ExchangeRateSet { usd_per_cere: 1 }.into()]);
    assert_eq!(w.ddc.account_get_usd_per_cere(), 1);
    w.call(bob(), 0, |d, c, _, e| {
        d.account_set_usd_per_cere(c, MAX_USD_PER_CERE, e)
    })
    .unwrap();
    assert_eq!(w.ddc.account_get_usd_per_cere(), MAX_USD_PER_CERE);
}

#[test]
fn account_set_usd_per_cere_errors() {
    let mut w = World::new();
    for stranger in [bob(), eve()] {
        w.expect_err(stranger, 0, Error::Unauthorized, |d, c, _, e| {
            d.account_set_usd_per_cere(c, 2 * TOKEN, e)
        });
        // The permission is checked first.
        w.expect_err(stranger, 0, Error::Unauthorized, |d, c, _, e| {
            d.account_set_usd_per_cere(c, 0, e)
        });
    }
    // Trust is not the oracle permission.
    trust(&mut w, alice(), bob());
    w.expect_err(bob(), 0, Error::Unauthorized, |d, c, _, e| {
        d.account_set_usd_per_cere(c, 2 * TOKEN, e)
    });
    for bad in [0, MAX_USD_PER_CERE + 1, Balance::MAX] {
        w.expect_err(admin(), 0, Error::InvalidExchangeRate, |d, c, _, e| {
            d.account_set_usd_per_cere(c, bad, e)
        });
    }
    // A revoked oracle can no longer set it.
    w.call(admin(), 0, |d, c, _, e| {
        d.admin_grant_permission(c, eve(), Permission::SetExchangeRate, e)
    })
    .unwrap();
    w.call(admin(), 0, |d, c, _, e| {
        d.admin_revoke_permission(c, eve(), Permission::SetExchangeRate, e)
    })
    .unwrap();
    w.expect_err(eve(), 0, Error::Unauthorized, |d, c, _, e| {
        d.account_set_usd_per_cere(c, 2 * TOKEN, e)
    });
}

/// The largest rate is accepted; every view and money message keeps working on it.
#[test]
fn extreme_exchange_rates_keep_buckets_readable() {
    for rate in [MAX_USD_PER_CERE, 1] {
        let (mut w, _, _, b) = setup();
        w.call(admin(), 0, |d, c, _, e| {
            d.account_set_usd_per_cere(c, rate, e)
        })
        .unwrap();
        let s = w.ddc.bucket_get(b).expect("bucket readable at any rate");
        if rate == MAX_USD_PER_CERE {
            // 10 TOKEN covers the rent beyond the last u64 millisecond.
            assert_eq!(s.rent_covered_until_ms, u64::MAX);
        }
        assert_eq!(w.ddc.bucket_list(1, 20, None).unwrap().0, vec![s]);
        w.now = 3_600_000;
        w.call(eve(), 0, |d, c, _, e| d.bucket_settle_payment(c, b, e))
            .unwrap();
        w.call(eve(), 0, |d, c, _, e| d.account_deposit(c, e))
            .unwrap();
        w.assert_conserved();
    }
}

// -------------------------------------------------------------------------------- permissions

#[test]
fn has_permission_works() {
    let mut w = World::new();
    assert!(w.ddc.has_permission(admin(), Permission::SuperAdmin));
    assert!(w.ddc.has_permission(admin(), Permission::SetExchangeRate));
    assert!(w
        .ddc
        .has_permission(admin(), Permission::ManagerTrustedBy(eve())));
    for p in [
        Permission::SuperAdmin,
        Permission::SetExchangeRate,
        Permission::ManagerTrustedBy(alice()),
    ] {
        assert!(!w.ddc.has_permission(bob(), p));
    }
    w.call(admin(), 0, |d, c, _, e| {
        d.admin_grant_permission(c, bob(), Permission::SetExchangeRate, e)
    })
    .unwrap();
    // Holding one permission implies nothing else.
    assert!(w.ddc.has_permission(bob(), Permission::SetExchangeRate));
    assert!(!w.ddc.has_permission(bob(), Permission::SuperAdmin));
    assert!(!w
        .ddc
        .has_permission(bob(), Permission::ManagerTrustedBy(alice())));
}

#[test]
fn admin_grant_permission_works() {
    let mut w = World::new();
    w.call(admin(), 0, |d, c, _, e| {
        d.admin_grant_permission(c, bob(), Permission::SuperAdmin, e)
    })
    .unwrap();
    w.assert_events(vec![GrantPermission {
        account_id: bob(),
        permission: Permission::SuperAdmin,
    }
    .into()]);
    assert!(w.ddc.has_permission(bob(), Permission::SuperAdmin));
    // The new SuperAdmin can grant, with value credited.
    w.call(bob(), 3 * TOKEN, |d, c, _, e| {
        d.admin_grant_permission(c, eve(), Permission::ManagerTrustedBy(alice()), e)
    })
    .unwrap();
    w.assert_events(vec![
        GrantPermission {
            account_id: eve(),
            permission: Permission::ManagerTrustedBy(alice()),
        }
        .into(),
        Deposit {
            account_id: bob(),
            value: 3 * TOKEN,
        }
        .into(),
    ]);
    assert!(w
        .ddc
        .has_permission(eve(), Permission::ManagerTrustedBy(alice())));
    assert_credited(&w, bob(), 0, 3 * TOKEN);
}

#[test]
fn admin_grant_permission_errors() {
    let mut w = World::new();
    w.expect_err(bob(), TOKEN, Error::Unauthorized, |d, c, _, e| {
        d.admin_grant_permission(c, bob(), Permission::SuperAdmin, e)
    });
    // Neither the oracle nor a trusted manager may grant.
    w.call(admin(), 0, |d, c, _, e| {
        d.admin_grant_permission(c, bob(), Permission::SetExchangeRate, e)
    })
    .unwrap();
    trust(&mut w, alice(), bob());
    w.expect_err(bob(), 0, Error::Unauthorized, |d, c, _, e| {
        d.admin_grant_permission(c, eve(), Permission::SetExchangeRate, e)
    });
}

#[test]
fn admin_revoke_permission_works() {
    let mut w = World::new();
    w.call(admin(), 0, |d, c, _, e| {
        d.admin_grant_permission(c, bob(), Permission::SetExchangeRate, e)
    })
    .unwrap();
    w.call(admin(), 0, |d, c, _, e| {
        d.admin_revoke_permission(c, bob(), Permission::SetExchangeRate, e)
    })
    .unwrap();
    w.assert_events(vec![RevokePermission {
        account_id: bob(),
        permission: Permission::SetExchangeRate,
    }
    .into()]);
    assert!(!w.ddc.has_permission(bob(), Permission::SetExchangeRate));
    // The admin can revoke a provider's trust.
    trust(&mut w, alice(), django());
    w.call(admin(), 0, |d, c, _, e| {
        d.admin_revoke_permission(c, django(), Permission::ManagerTrustedBy(alice()), e)
    })
    .unwrap();
    assert!(!w
        .ddc
        .has_permission(django(), Permission::ManagerTrustedBy(alice())));
    // One of two SuperAdmins can go, even oneself.
    w.call(admin(), 0, |d, c, _, e| {
        d.admin_grant_permission(c, bob(), Permission::SuperAdmin, e)
    })
    .unwrap();
    w.call(admin(), 0, |d, c, _, e| {
        d.admin_revoke_permission(c, admin(), Permission::SuperAdmin, e)
    })
    .unwrap();
    w.assert_events(vec![RevokePermission {
        account_id: admin(),
        permission: Permission::SuperAdmin,
    }
    .into()]);
    assert!(!w.ddc.has_permission(admin(), Permission::SuperAdmin));
    assert!(w.ddc.has_permission(bob(), Permission::SuperAdmin));
    w.expect_err(admin(), 0, Error::Unauthorized, |d, c, _, e| {
        d.admin_grant_permission(c, admin(), Permission::SuperAdmin, e)
    });
    // bob is now the last one.
    w.expect_err(bob(), 0, Error::LastSuperAdmin, |d, c, _, e| {
        d.admin_revoke_permission(c, bob(), Permission::SuperAdmin, e)
    });
}

#[test]
fn admin_revoke_permission_errors() {
    let mut w = World::new();
    w.expect_err(admin(), 0, Error::LastSuperAdmin, |d, c, _, e| {
        d.admin_revoke_permission(c, admin(), Permission::SuperAdmin, e)
    });
    w.call(admin(), 0, |d, c, _, e| {
        d.admin_grant_permission(c, bob(), Permission::SetExchangeRate, e)
    })
    .unwrap();
    for stranger in [bob(), eve()] {
        w.expect_err(stranger, 0, Error::Unauthorized, |d, c, _, e| {
            d.admin_revoke_permission(c, admin(), Permission::SuperAdmin, e)
        });
        w.expect_err(stranger, 0, Error::Unauthorized, |d, c, _, e| {
            d.admin_revoke_permission(c, bob(), Permission::SetExchangeRate, e)
        });
    }
    // Revoking an absent SuperAdmin is a no-op, not a count change: the real one stays last.
    w.call(admin(), 0, |d, c, _, e| {
        d.admin_revoke_permission(c, eve(), Permission::SuperAdmin, e)
    })
    .unwrap();
    w.expect_err(admin(), 0, Error::LastSuperAdmin, |d, c, _, e| {
        d.admin_revoke_permission(c, admin(), Permission::SuperAdmin, e)
    });
    // Granting SuperAdmin twice counts one holder.
    for _ in 0..2 {
        w.call(admin(), 0, |d, c, _, e| {
            d.admin_grant_permission(c, eve(), Permission::SuperAdmin, e)
        })
        .unwrap();
    }
    w.call(admin(), 0, |d, c, _, e| {
        d.admin_revoke_permission(c, eve(), Permission::SuperAdmin, e)
    })
    .unwrap();
    w.expect_err(admin(), 0, Error::LastSuperAdmin, |d, c, _, e| {
        d.admin_revoke_permission(c, admin(), Permission::SuperAdmin, e)
    });
}

#[test]
fn admin_withdraw_works() {
    let (mut w, _, _, _) = setup();
    w.endow(eve(), 5 * TOKEN);
    let balance = w.bank.contract;
    w.call(admin(), 0, |d, c, p, e| {
        d.admin_withdraw(c, 3 * TOKEN, balance, &mut { p }, e)
    })
    .unwrap();
    w.assert_events(vec![AdminWithdraw {
        admin_id: admin(),
        value: 3 * TOKEN,
    }
    .into()]);
    assert_eq!(w.bank.wallet(admin()), 1003 * TOKEN);
    assert_eq!(w.bank.contract, 12 * TOKEN);
    // Deposits untouched.
    assert_eq!(
        w.ddc.account_get(django()).unwrap().deposit.value,
        10 * TOKEN
    );
    w.assert_conserved();
    // Zero is fine.
    let balance = w.bank.contract;
    w.call(admin(), 0, |d, c, p, e| {
        d.admin_withdraw(c, 0, balance, &mut { p }, e)
    })
    .unwrap();
    w.assert_events(vec![AdminWithdraw {
        admin_id: admin(),
        value: 0,
    }
    .into()]);
}

#[test]
fn admin_withdraw_errors() {
    let (mut w, _, _, _) = setup();
    w.endow(eve(), 5 * TOKEN);
    let balance = w.bank.contract;
    w.expect_err(bob(), 0, Error::Unauthorized, |d, c, p, e| {
        d.admin_withdraw(c, TOKEN, balance, &mut { p }, e)
    });
    for too_much in [5 * TOKEN + 1, 15 * TOKEN, Balance::MAX] {
        w.expect_err(admin(), 0, Error::InsufficientBalance, |d, c, p, e| {
            d.admin_withdraw(c, too_much, balance, &mut { p }, e)
        });
    }
    w.bank.refuse.insert(admin());
    w.expect_err(admin(), 0, Error::TransferFailed, |d, c, p, e| {
        d.admin_withdraw(c, TOKEN, balance, &mut { p }, e)
    });
}

#[test]
fn admin_set_fee_config_works() {
    let mut w = World::new();
    assert_eq!(w.ddc.fee_config(), FeeConfig::default());
    let config = FeeConfig {
        network_fee_bp: 10_000,
        network_fee_destination: eve(),
        cluster_management_fee_bp: 250,
    };
    w.call(admin(), 0, |d, c, _, e| {
        d.admin_set_fee_config(c, config, e)
    })
    .unwrap();
    w.assert_events(vec![FeeConfigSet {
        network_fee_bp: 10_000,
        network_fee_destination: eve(),
        cluster_management_fee_bp: 250,
    }
    .into()]);
    assert_eq!(w.ddc.fee_config(), config);
}

#[test]
fn admin_set_fee_config_errors() {
    let mut w = World::new();
    let ok = FeeConfig {
        network_fee_bp: 100,
        network_fee_destination: eve(),
        cluster_management_fee_bp: 200,
    };
    w.expect_err(bob(), 0, Error::Unauthorized, |d, c, _, e| {
        d.admin_set_fee_config(c, ok, e)
    });
    for (n, m) in [
        (10_001, 0),
        (0, 10_001),
        (Balance::MAX, 0),
        (0, Balance::MAX),
    ] {
        let bad = FeeConfig {
            network_fee_bp: n,
            cluster_management_fee_bp: m,
            ..ok
        };
        w.expect_err(admin(), 0, Error::InvalidFeeBasisPoints, |d, c, _, e| {
            d.admin_set_fee_config(c, bad, e)
        });
    }
}

#[test]
fn any_list_limit_is_served_or_refused_whole() {
    let mut w = World::new();
    for _ in 0..(LIST_LIMIT_MAX + 5) {
        node(&mut w, alice(), TOKEN, 1);
    }
    // No silent clamp: a limit above 25 gets the whole window when it fits.
    let (page, max) = w.ddc.node_list(1, u32::MAX, None).unwrap();
    assert_eq!(page.len(), LIST_LIMIT_MAX as usize + 5);
    assert_eq!(max, LIST_LIMIT_MAX + 6);
    // Entities with full params: 25 always fit, 70 do not, and the page is refused whole.
    let mut w = World::new();
    let full = "x".repeat(PARAMS_MAX_LEN);
    for _ in 0..70 {
        w.call(alice(), 0, |d, c, _, e| {
            d.node_create(c, TOKEN, full.clone(), 1, e)
        })
        .unwrap();
    }
    assert_eq!(
        w.ddc.node_list(1, LIST_LIMIT_MAX, None).unwrap().0.len(),
        LIST_LIMIT_MAX as usize
    );
    assert_eq!(
        w.ddc.node_list(1, 70, None),
        Err(ddc_bucket::paging::PageTooLarge { max_id: 71 })
    );
    assert_eq!(
        w.ddc.node_list(1, u32::MAX, Some(alice())),
        Err(ddc_bucket::paging::PageTooLarge { max_id: 71 })
    );
}
