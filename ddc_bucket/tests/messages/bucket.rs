//! Bucket messages: create, alloc_into_cluster, settle_payment, change_params, get, list.

use super::*;
use ddc_bucket::bucket::entity::{BucketInStatus, BucketStatus};
use ddc_bucket::cash::Cash;
use ddc_bucket::error::Error;
use ddc_bucket::events::*;
use ddc_bucket::limits::PARAMS_MAX_LEN;
use ddc_bucket::types::{Balance, MS_PER_MONTH, TOKEN};

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
    w.call(eve(), 100 * TOKEN, |d, c, _, e| d.account_deposit(c, e))
        .unwrap();
    w.now = 1_000_000;
    w.expect_ok(
        eve(),
        0,
        vec![BucketAllocated {
            bucket_id: b,
            cluster_id: cluster,
            resource: 3,
        }
        .into()],
        |d, c, _, e| d.bucket_alloc_into_cluster(c, b, 3, e),
    );
    let s = w.ddc.bucket_get(b).unwrap();
    assert_eq!(s.bucket.resource_reserved, 3);
    assert_eq!(w.ddc.cluster_get(cluster).unwrap().cluster.resource_used, 3);
    // rate = total_rent × resource, started now.
    let rate = 60 * TOKEN * 3;
    // The offset is what accrued before the start, exactly: rate × ms (docs/payment-math.md).
    let offset = rate * 1_000_000;
    assert_eq!(
        w.ddc.account_get(eve()),
        Ok(account(100 * TOKEN, rate, offset, 0))
    );
    // 100 CERE pay 100/180 of a month of this rent, from the allocation on.
    assert_eq!(
        u128::from(s.rent_covered_until_ms),
        1_000_000 + MS_PER_MONTH * 100 / 180
    );
    // Allocating 0 is accepted and changes nothing but emits the event.
    w.expect_unchanged(
        eve(),
        0,
        vec![BucketAllocated {
            bucket_id: b,
            cluster_id: cluster,
            resource: 0,
        }
        .into()],
        |d, c, _, e| d.bucket_alloc_into_cluster(c, b, 0, e),
    );
    w.assert_conserved();
}

#[test]
fn bucket_alloc_by_manager_charges_the_owner() {
    let mut w = World::new();
    let (cluster, _) = reference_cluster(&mut w);
    let b = bucket(&mut w, eve(), cluster);
    w.call(eve(), 100 * TOKEN, |d, c, _, e| d.account_deposit(c, e))
        .unwrap();
    // Not without the owner's consent (docs/security.md: the drain attack).
    w.expect_err(django(), 0, Error::AllowanceExceeded, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, b, 2, e)
    });
    w.call(eve(), 0, |d, c, _, e| d.bucket_set_resource_cap(c, b, 2, e))
        .unwrap();
    w.expect_ok(
        django(),
        0,
        vec![BucketAllocated {
            bucket_id: b,
            cluster_id: cluster,
            resource: 2,
        }
        .into()],
        |d, c, _, e| d.bucket_alloc_into_cluster(c, b, 2, e),
    );
    assert_eq!(
        w.ddc.account_get(eve()),
        Ok(account(100 * TOKEN, 120 * TOKEN, 0, 0))
    );
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
    // 10 CERE cover 60 USD a month for 5.17 days, 600 for half a day: less than the
    // (reference) one-day grace period. Deposit first.
    w.expect_err(django(), 0, Error::InsufficientDeposit, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, b, 9, e)
    });
    w.call(django(), 10 * TOKEN, |d, c, _, e| d.account_deposit(c, e))
        .unwrap();
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

/// django's bucket in a one-vnode cluster over alice's node of rent u128::MAX, 5 reserved.
fn bucket_at_max_rent(w: &mut World) -> BucketId {
    trust(w, alice(), django());
    let n = node(w, alice(), Balance::MAX, 10);
    let cl = cluster(w, django(), 1, vec![n]);
    reserve(w, cl, 5);
    bucket(w, django(), cl)
}

#[test]
fn bucket_alloc_overflowing_rent_is_a_typed_error() {
    let mut w = World::new();
    let b = bucket_at_max_rent(&mut w);
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

/// What settling `bucket` emits when it moves `value` to `cluster` for `usd_rate_ms` of rent,
/// at parity.
fn settled(
    bucket: BucketId,
    cluster: ClusterId,
    value: Balance,
    usd_rate_ms: Balance,
) -> Vec<Event> {
    let settled = BucketSettlePayment {
        bucket_id: bucket,
        cluster_id: cluster,
        value,
        usd_rate_ms,
        usd_per_cere: TOKEN,
    };
    vec![settled.into()]
}

#[test]
fn bucket_settle_payment_works() {
    let (mut w, cluster, _, b) = setup();
    w.now = 5;
    // Anyone may settle.
    w.expect_ok(
        eve(),
        0,
        settled(b, cluster, 1120, 60 * TOKEN * 5),
        |d, c, _, e| d.bucket_settle_payment(c, b, e),
    );
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
    w.expect_unchanged(bob(), 0, settled(b, cluster, 0, 0), |d, c, _, e| {
        d.bucket_settle_payment(c, b, e)
    });
}

#[test]
fn bucket_settle_payment_of_a_bucket_without_resources() {
    let mut w = World::new();
    let (cluster, _) = reference_cluster(&mut w);
    let b = bucket(&mut w, eve(), cluster);
    w.now = 10 * MS_PER_MONTH as u64;
    w.expect_unchanged(eve(), 0, settled(b, cluster, 0, 0), |d, c, _, e| {
        d.bucket_settle_payment(c, b, e)
    });
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
    let b = bucket_at_max_rent(&mut w);
    w.expect_err(django(), 0, Error::Overflow, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, b, 1, e)
    });
    w.call(django(), TOKEN, |d, c, _, e| d.account_deposit(c, e))
        .unwrap();
    w.now = u64::MAX;
    w.call(eve(), 0, |d, c, _, e| d.bucket_settle_payment(c, b, e))
        .unwrap();
}
