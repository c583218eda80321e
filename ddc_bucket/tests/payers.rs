//! Payers stay in control (docs/security.md): the attacks an independent review reproduced
//! against the first version, each written as it was found, now failing to harm; and the ways
//! out of a bucket — release, close, expiry — with money exact.
//!
//! Reference network: alice, bob and charlie (rent 10 USD each) trust django, the manager; a
//! 6-vnode cluster reserving 10 per vnode; app eve's bucket allocated 1 with a 500 CERE deposit.

mod common;

use common::*;
use ddc_bucket::error::Error;
use ddc_bucket::events::*;
use ddc_bucket::limits::{DEFAULT_GRACE_PERIOD_MS, MAX_WRITERS};
use ddc_bucket::types::{AccountId, Balance, BucketId, ClusterId, NodeId, MS_PER_MONTH, TOKEN};
use proptest::prelude::*;

const HOUR: u64 = 3_600_000;
const DAY: u64 = 24 * HOUR;
/// 2026-01-01: a realistic block time.
const T0: u64 = 1_767_225_600_000;

fn deposit_of(w: &World, who: AccountId) -> Balance {
    w.ddc.account_get(who).map(|a| a.deposit.value).unwrap_or(0)
}

fn revenues(w: &World, cluster: ClusterId) -> Balance {
    w.ddc.cluster_get(cluster).unwrap().cluster.revenues.value
}

/// The reference network at `T0`, eve's bucket allocated 1 after a 500 CERE deposit.
fn network() -> (World, ClusterId, Vec<NodeId>, BucketId) {
    let mut w = World::new();
    w.now = T0;
    let (cluster, nodes) = reference_cluster(&mut w);
    let bucket = funded_bucket(&mut w, eve(), cluster, 500 * TOKEN, 1);
    w.assert_conserved();
    (w, cluster, nodes, bucket)
}

/// The manager trusts itself and puts its own node, with rent `rent`, in place of vnode 0.
fn manager_hosts_vnode_0(w: &mut World, cluster: ClusterId, rent: Balance) -> NodeId {
    w.call(django(), 0, |d, c, _, e| {
        d.node_trust_manager(c, django(), e)
    })
    .unwrap();
    let own = w
        .call(django(), 0, |d, c, _, e| {
            d.node_create(c, rent, "{}".into(), 100, e)
        })
        .unwrap();
    w.call(django(), 0, |d, c, p, e| {
        d.cluster_replace_node(c, cluster, 0, own, &mut { p }, e)
    })
    .unwrap();
    own
}

// ------------------------------------------------------------------------------- the attacks

/// Drain: the manager raises the cluster's price (its own node at rent 1e18, within the bound
/// on rates) and allocates into eve's bucket. Without eve's consent it is refused, her deposit
/// is intact, and a settlement a second later takes only the second's rent at her price.
#[test]
fn drain_by_the_manager_is_refused_without_consent() {
    let (mut w, cluster, _, bucket) = network();
    manager_hosts_vnode_0(&mut w, cluster, 1_000_000_000_000_000_000);
    w.expect_err(django(), 0, Error::AllowanceExceeded, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, bucket, 1, e)
    });
    w.now += 1000;
    let paid = settle_by_bob(&mut w, bucket);
    // One second of 60 USD per month at parity.
    assert_eq!(paid, 60 * TOKEN * 1000 / MS_PER_MONTH);
    assert_eq!(deposit_of(&w, eve()), 500 * TOKEN - paid);
}

/// With consent, the manager may allocate only up to the cap, and only at a price no higher
/// than the one eve saw when she consented. A vnode moved to a dearer node keeps its price;
/// the ring's price can change only while no bucket holds resource in the cluster, and then
/// the manager's allocation at the higher price is refused.
#[test]
fn consent_caps_resource_and_price() {
    let (mut w, cluster, _, bucket) = network();
    w.call(eve(), 0, |d, c, _, e| {
        d.bucket_set_resource_cap(c, bucket, 3, e)
    })
    .unwrap();
    w.assert_events(vec![BucketResourceCapSet {
        bucket_id: bucket,
        resource_cap: 3,
        price_cap: 60 * TOKEN,
    }
    .into()]);
    // Within the cap at the consented price: allowed (1 → 3).
    w.call(django(), 0, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, bucket, 2, e)
    })
    .unwrap();
    w.expect_err(django(), 0, Error::AllowanceExceeded, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, bucket, 1, e)
    });
    // The owner is not limited by her own cap.
    w.call(eve(), 0, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, bucket, 1, e)
    })
    .unwrap();
    // The manager's own dear node in place of vnode 0: the price stays 60 USD.
    manager_hosts_vnode_0(&mut w, cluster, 1_000_000_000_000_000_000);
    assert_eq!(
        w.ddc.cluster_get(cluster).unwrap().cluster.total_rent,
        60 * TOKEN
    );
    w.call(eve(), 0, |d, c, _, e| {
        d.bucket_set_resource_cap(c, bucket, 9, e)
    })
    .unwrap();
    w.call(django(), 0, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, bucket, 1, e)
    })
    .unwrap();
    let rate = w.ddc.account_get(eve()).unwrap().payable_schedule.rate;
    assert_eq!(rate, 5 * 60 * TOKEN);
    // A ring the manager reshaped while unused (eve released all) costs more: refused.
    w.call(eve(), 0, |d, c, _, e| {
        d.bucket_release_resource(c, bucket, 5, e)
    })
    .unwrap();
    let own = w.ddc.cluster_get(cluster).unwrap().cluster.vnodes[0];
    w.call(django(), 0, |d, c, p, e| {
        d.cluster_add_node(c, cluster, own, 1, &mut { p }, e)
    })
    .unwrap();
    w.expect_err(django(), 0, Error::AllowanceExceeded, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, bucket, 1, e)
    });
    // Only the owner sets the cap.
    for stranger in [django(), bob()] {
        w.expect_err(stranger, 0, Error::UnauthorizedOwner, |d, c, _, e| {
            d.bucket_set_resource_cap(c, bucket, 100, e)
        });
    }
}

/// Lock: a rent so large that `value × TOKEN` overflowed ~25 h later, after which settlement
/// and withdrawal failed for ever. The manager's node at rent 1e30 in place of a vnode no
/// longer changes the price at all; a cluster built on such a node cannot be allocated (a
/// payer's rate is bounded); and settlement and withdrawals work at every time.
#[test]
fn lock_by_a_huge_rent_is_impossible() {
    let (mut w, cluster, _, bucket) = network();
    let huge = 1_000_000_000_000_000_000_000_000_000_000;
    let own = manager_hosts_vnode_0(&mut w, cluster, huge);
    assert_eq!(
        w.ddc.cluster_get(cluster).unwrap().cluster.total_rent,
        60 * TOKEN
    );
    let dear = w
        .call(django(), 0, |d, c, _, e| {
            d.cluster_create(c, 1, vec![own], "{}".into(), e)
        })
        .unwrap();
    w.call(django(), 0, |d, c, _, e| {
        d.cluster_reserve_resource(c, dear, 1, e)
    })
    .unwrap();
    let trap = w
        .call(eve(), 0, |d, c, _, e| {
            d.bucket_create(c, "{}".into(), dear, e)
        })
        .unwrap();
    w.expect_err(eve(), 0, Error::Overflow, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, trap, 1, e)
    });
    for later in [25 * HOUR, 365 * DAY, u64::MAX - T0] {
        w.now = T0 + later;
        settle_by_bob(&mut w, bucket);
        w.call(eve(), 0, |d, c, p, e| {
            d.account_withdraw(c, 0, &mut { p }, e)
        })
        .unwrap();
        w.call(eve(), 0, |d, c, p, e| {
            d.account_withdraw(c, 1, &mut { p }, e)
        })
        .ok();
        w.ddc.bucket_get(bucket).unwrap();
        w.assert_conserved();
    }
}

/// Squat: an account with no deposit tries to allocate the cluster's whole reservation. It is
/// refused, and so is a deposit one CERE unit short of covering the grace period; the state is
/// unchanged and others can allocate.
#[test]
fn a_squatter_without_deposit_is_refused() {
    let mut w = World::new();
    w.now = T0;
    let (cluster, _) = reference_cluster(&mut w);
    let squat = w
        .call(charlie(), 0, |d, c, _, e| {
            d.bucket_create(c, "{}".into(), cluster, e)
        })
        .unwrap();
    w.expect_err(charlie(), 0, Error::InsufficientDeposit, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, squat, 10, e)
    });
    // 10 units at 60 USD per unit-month, 1 USD per CERE: the grace period costs this much.
    let grace_cost = ceil_div(
        600 * TOKEN * DEFAULT_GRACE_PERIOD_MS as Balance,
        MS_PER_MONTH,
    );
    w.call(charlie(), grace_cost - 1, |d, c, _, e| {
        d.account_deposit(c, e)
    })
    .unwrap();
    w.expect_err(charlie(), 0, Error::InsufficientDeposit, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, squat, 10, e)
    });
    w.call(eve(), 500 * TOKEN, |d, c, _, e| d.account_deposit(c, e))
        .unwrap();
    let app_bucket = w
        .call(eve(), 0, |d, c, _, e| {
            d.bucket_create(c, "{}".into(), cluster, e)
        })
        .unwrap();
    w.call(eve(), 0, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, app_bucket, 10, e)
    })
    .unwrap();
    w.assert_conserved();
}

/// Squat by the back door: deposit enough, allocate, then withdraw the deposit straight away.
/// Refused: while it pays rent, a payer keeps the grace period's rent covered, so the capacity
/// it holds stays paid for until it could be expired.
#[test]
fn a_squatter_cannot_withdraw_the_deposit_its_capacity_needs() {
    let (mut w, _, _, bucket) = network();
    let all = deposit_of(&w, eve());
    w.expect_err(eve(), 0, Error::InsufficientBalance, |d, c, p, e| {
        d.account_withdraw(c, all, &mut { p }, e)
    });
    // 1 unit at 60 USD a month: what 7 days of it will owe stays.
    let kept = 60 * TOKEN * DEFAULT_GRACE_PERIOD_MS as Balance / MS_PER_MONTH;
    w.expect_err(eve(), 0, Error::InsufficientBalance, |d, c, p, e| {
        d.account_withdraw(c, all - kept + 1, &mut { p }, e)
    });
    w.call(eve(), 0, |d, c, p, e| {
        d.account_withdraw(c, all - kept, &mut { p }, e)
    })
    .unwrap();
    let covered = w.ddc.bucket_get(bucket).unwrap().rent_covered_until_ms;
    assert!(covered + 1 >= T0 + DEFAULT_GRACE_PERIOD_MS, "{covered}");
    // Releasing the capacity frees the deposit.
    w.call(eve(), 0, |d, c, _, e| d.bucket_close(c, bucket, e))
        .unwrap();
    let left = deposit_of(&w, eve());
    w.call(eve(), 0, |d, c, p, e| {
        d.account_withdraw(c, left, &mut { p }, e)
    })
    .unwrap();
    assert_eq!(deposit_of(&w, eve()), 0);
    w.assert_conserved();
}

fn ceil_div(a: Balance, b: Balance) -> Balance {
    a.div_ceil(b)
}

/// A payer that covered the grace period when it allocated, then ran dry: once its rent has
/// not been covered for the grace period, anyone expires the bucket and the capacity is free
/// again. Holding the capacity cost it (at least) the grace period's rent, which reached the
/// cluster; the unpaid rest is not forgiven.
#[test]
fn a_payer_that_ran_dry_is_expired_and_others_can_allocate() {
    let mut w = World::new();
    w.now = T0;
    let (cluster, _) = reference_cluster(&mut w);
    let grace_cost = ceil_div(
        600 * TOKEN * DEFAULT_GRACE_PERIOD_MS as Balance,
        MS_PER_MONTH,
    );
    w.call(charlie(), grace_cost, |d, c, _, e| d.account_deposit(c, e))
        .unwrap();
    let squat = w
        .call(charlie(), 0, |d, c, _, e| {
            d.bucket_create(c, "{}".into(), cluster, e)
        })
        .unwrap();
    w.call(charlie(), 0, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, squat, 10, e)
    })
    .unwrap();
    let covered = w.ddc.bucket_get(squat).unwrap().rent_covered_until_ms;
    assert_eq!(covered, T0 + DEFAULT_GRACE_PERIOD_MS);
    w.call(eve(), 100 * TOKEN, |d, c, _, e| d.account_deposit(c, e))
        .unwrap();
    let app_bucket = w
        .call(eve(), 0, |d, c, _, e| {
            d.bucket_create(c, "{}".into(), cluster, e)
        })
        .unwrap();
    w.expect_err(eve(), 0, Error::InsufficientResources, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, app_bucket, 1, e)
    });
    // Not yet: within the grace period after the deposit ran out.
    w.now = covered + DEFAULT_GRACE_PERIOD_MS;
    w.expect_err(bob(), 0, Error::NotExpired, |d, c, _, e| {
        d.bucket_expire(c, squat, e)
    });
    w.now += 1;
    w.call(bob(), 0, |d, c, _, e| d.bucket_expire(c, squat, e))
        .unwrap();
    assert!(w
        .last_events()
        .iter()
        .any(|e| matches!(e, Event::BucketClosed(BucketClosed { expired: true, .. }))));
    assert_eq!(w.ddc.cluster_get(cluster).unwrap().cluster.resource_used, 0);
    // Its whole deposit went to the cluster: the grace period's rent.
    assert_eq!(deposit_of(&w, charlie()), 0);
    assert_eq!(revenues(&w, cluster), grace_cost);
    w.call(eve(), 0, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, app_bucket, 1, e)
    })
    .unwrap();
    // The debt is not forgiven: it stays owed, and the expired bucket stops accruing.
    let held_ms = (w.now - T0) as Balance;
    let debt = w.ddc.account_get(charlie()).unwrap().payable_schedule;
    assert_eq!(debt.rate, 0);
    let carry = w.ddc.account_get(charlie()).unwrap().settlement_carry;
    // In carry units (rate-ms × TOKEN): what accrued, less what the deposit paid (one CERE
    // unit pays MS_PER_MONTH × usd_per_cere), less the carry the partial payment rounded up.
    let cere_unit = MS_PER_MONTH * w.ddc.account_get_usd_per_cere();
    assert_eq!(
        debt.arrears * TOKEN,
        600 * TOKEN * held_ms * TOKEN - grace_cost * cere_unit - carry
    );
    w.now += 30 * DAY;
    assert_eq!(
        w.ddc
            .account_get(charlie())
            .unwrap()
            .payable_schedule
            .value_at_time(w.now),
        Ok(debt.arrears)
    );
    // A later deposit pays it first: the next settlement takes it to the cluster.
    w.call(charlie(), 1000 * TOKEN / 2, |d, c, _, e| {
        d.account_deposit(c, e)
    })
    .unwrap();
    w.expect_err(charlie(), 0, Error::InsufficientBalance, |d, c, p, e| {
        d.account_withdraw(c, 500 * TOKEN, &mut { p }, e)
    });
    let paid = settle_by_bob(&mut w, squat);
    assert!(paid > 0);
    assert_eq!(revenues(&w, cluster), grace_cost + paid);
    w.assert_conserved();
}

// ------------------------------------------------------------------------- release and close

/// Release settles to the millisecond and lowers the rent by what the resource costs at the
/// price it was allocated at (the ring's price cannot change while resource is allocated, so
/// a bucket's allocations share one price); capacity goes back.
#[test]
fn release_drops_the_rate_at_the_allocation_price() {
    let (mut w, cluster, _, bucket) = network();
    // The manager's node at rent 40 USD replaces vnode 0: the vnode keeps its price.
    manager_hosts_vnode_0(&mut w, cluster, 40 * TOKEN);
    w.call(eve(), 0, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, bucket, 2, e)
    })
    .unwrap();
    let rate = |w: &World| w.ddc.account_get(eve()).unwrap().payable_schedule.rate;
    assert_eq!(rate(&w), 3 * 60 * TOKEN);
    w.now += HOUR;
    w.call(eve(), 0, |d, c, _, e| {
        d.bucket_release_resource(c, bucket, 2, e)
    })
    .unwrap();
    let released = w
        .last_events()
        .iter()
        .find_map(|e| match e {
            Event::BucketReleased(r) => Some(r.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!((released.resource, released.rate), (2, 120 * TOKEN));
    assert_eq!(rate(&w), 60 * TOKEN);
    assert_eq!(w.ddc.cluster_get(cluster).unwrap().cluster.resource_used, 1);
    // Settled to the millisecond: nothing more is owed now.
    assert_eq!(
        w.ddc
            .account_get(eve())
            .unwrap()
            .payable_schedule
            .value_at_time(w.now),
        Ok(0)
    );
    // Errors change nothing.
    w.expect_err(eve(), 0, Error::InsufficientResources, |d, c, _, e| {
        d.bucket_release_resource(c, bucket, 2, e)
    });
    w.expect_err(django(), 0, Error::UnauthorizedOwner, |d, c, _, e| {
        d.bucket_release_resource(c, bucket, 1, e)
    });
    w.assert_conserved();
}

/// Close: everything released and settled; no more accrual; DDC nodes see the rent as not
/// covered after the close; the owner withdraws every unit not owed.
#[test]
fn close_stops_the_flow_and_the_owner_leaves_with_everything_not_owed() {
    let (mut w, cluster, _, bucket) = network();
    w.now += 3 * DAY + 17;
    w.call(eve(), 0, |d, c, _, e| d.bucket_close(c, bucket, e))
        .unwrap();
    let closed_at = w.now;
    assert!(w.last_events().contains(
        &BucketClosed {
            bucket_id: bucket,
            cluster_id: cluster,
            expired: false,
            arrears: 0,
        }
        .into()
    ));
    assert_eq!(w.ddc.cluster_get(cluster).unwrap().cluster.resource_used, 0);
    let status = w.ddc.bucket_get(bucket).unwrap();
    assert!(status.rent_covered_until_ms <= closed_at);
    // No more accrual, and everything left is free.
    w.now += 30 * DAY;
    assert_eq!(settle_by_bob(&mut w, bucket), 0);
    let all = deposit_of(&w, eve());
    w.call(eve(), 0, |d, c, p, e| {
        d.account_withdraw(c, all, &mut { p }, e)
    })
    .unwrap();
    assert_eq!(deposit_of(&w, eve()), 0);
    // Paid exactly the rent of 3 days and 17 ms, converted once.
    let rent = 60 * TOKEN * (3 * DAY as Balance + 17) / MS_PER_MONTH;
    assert_eq!(revenues(&w, cluster), rent);
    assert_eq!(all, 500 * TOKEN - rent);
    // A closed bucket takes no allocation and cannot be closed again.
    w.expect_err(eve(), 0, Error::BucketClosed, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, bucket, 1, e)
    });
    w.expect_err(eve(), 0, Error::BucketClosed, |d, c, _, e| {
        d.bucket_close(c, bucket, e)
    });
    w.assert_conserved();
}

#[test]
fn grace_period_is_set_by_super_admin_within_bounds() {
    let mut w = World::new();
    assert_eq!(w.ddc.bucket_get_grace_period(), DEFAULT_GRACE_PERIOD_MS);
    w.expect_err(bob(), 0, Error::Unauthorized, |d, c, _, e| {
        d.admin_set_grace_period(c, DAY, e)
    });
    for bad in [0, HOUR - 1, 90 * DAY + 1, u64::MAX] {
        w.expect_err(admin(), 0, Error::InvalidGracePeriod, |d, c, _, e| {
            d.admin_set_grace_period(c, bad, e)
        });
    }
    w.call(admin(), 0, |d, c, _, e| d.admin_set_grace_period(c, DAY, e))
        .unwrap();
    w.assert_events(vec![GracePeriodSet {
        grace_period_ms: DAY,
    }
    .into()]);
    assert_eq!(w.ddc.bucket_get_grace_period(), DAY);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any sequence of allocate / release / settle at random times costs exactly what one
    /// settlement of the whole history would: the exact conversion of Σ rate × duration.
    #[test]
    fn allocate_release_settle_costs_exactly_the_history(
        steps in prop::collection::vec((0u8..3, 1u32..=3, 0u64..DAY), 1..12),
    ) {
        let (mut w, _, _, bucket) = network();
        let mut rate: Balance = 60 * TOKEN;
        let mut accrual: Balance = 0;
        let mut paid: Balance = 0;
        let mut reserved = 1u32;
        for (kind, amount, wait) in steps {
            accrual += rate * Balance::from(wait);
            w.now += wait;
            match kind {
                0 if reserved + amount <= 10 => {
                    w.call(eve(), 0, |d, c, _, e| d.bucket_alloc_into_cluster(c, bucket, amount, e)).unwrap();
                    reserved += amount;
                    rate += 60 * TOKEN * Balance::from(amount);
                }
                1 if amount <= reserved => {
                    w.call(eve(), 0, |d, c, _, e| d.bucket_release_resource(c, bucket, amount, e)).unwrap();
                    paid += w.last_events().iter().find_map(|e| match e {
                        Event::BucketSettlePayment(s) => Some(s.value), _ => None }).unwrap();
                    reserved -= amount;
                    rate -= 60 * TOKEN * Balance::from(amount);
                }
                _ => paid += settle_by_bob(&mut w, bucket),
            }
        }
        paid += settle_by_bob(&mut w, bucket);
        prop_assert_eq!(paid, accrual / MS_PER_MONTH);
        prop_assert_eq!(deposit_of(&w, eve()), 500 * TOKEN - paid);
        w.assert_conserved();
    }
}

// ------------------------------------------------------------------------- owners and writers

fn bucket_ids_of(w: &World, owner: AccountId) -> Vec<BucketId> {
    let (page, _) = w.ddc.bucket_list(1, 100, Some(owner)).unwrap();
    page.iter().map(|s| s.bucket_id).collect()
}

/// Owner change needs the new owner's consent: nobody can be made to pay for a bucket. An
/// offer is accepted by the offeree only, at the rent it saw; the old owner's rent is settled
/// to the millisecond, the new owner pays from then on, and the old owner leaves with all it
/// does not owe.
#[test]
fn a_bucket_changes_hands_only_with_the_new_owners_consent() {
    let (mut w, cluster, _, bucket) = network();
    // Eve has two more buckets: the one leaving her list is replaced by her last one.
    for _ in 0..2 {
        w.call(eve(), 0, |d, c, _, e| {
            d.bucket_create(c, "{}".into(), cluster, e)
        })
        .unwrap();
    }
    assert_eq!(bucket_ids_of(&w, eve()), vec![bucket, 2, 3]);
    // Nobody accepts what was not offered; a stranger cannot offer.
    for (caller, to) in [(bob(), bob()), (bob(), alice()), (django(), django())] {
        w.expect_err(caller, 0, Error::UnauthorizedOwner, |d, c, _, e| {
            d.bucket_change_owner(c, bucket, to, e)
        });
    }
    w.expect_ok(
        eve(),
        0,
        vec![BucketOwnerOffered {
            bucket_id: bucket,
            owner_id: bob(),
        }
        .into()],
        |d, c, _, e| d.bucket_change_owner(c, bucket, bob(), e),
    );
    // Offered to bob: not alice, and bob only by naming himself.
    w.expect_err(alice(), 0, Error::UnauthorizedOwner, |d, c, _, e| {
        d.bucket_change_owner(c, bucket, alice(), e)
    });
    w.expect_err(bob(), 0, Error::UnauthorizedOwner, |d, c, _, e| {
        d.bucket_change_owner(c, bucket, alice(), e)
    });
    // Bob has no deposit: refused until he covers the rent for the grace period.
    w.now += DAY;
    w.expect_err(bob(), 0, Error::InsufficientDeposit, |d, c, _, e| {
        d.bucket_change_owner(c, bucket, bob(), e)
    });
    let due = 60 * TOKEN * DAY as Balance / MS_PER_MONTH;
    let eve_before = deposit_of(&w, eve());
    w.expect_ok(
        bob(),
        100 * TOKEN,
        vec![
            Deposit {
                account_id: bob(),
                value: 100 * TOKEN,
            }
            .into(),
            BucketSettlePayment {
                bucket_id: bucket,
                cluster_id: cluster,
                value: due,
                usd_rate_ms: 60 * TOKEN * DAY as Balance,
                usd_per_cere: TOKEN,
            }
            .into(),
            BucketOwnerChanged {
                bucket_id: bucket,
                owner_id: bob(),
                previous_owner_id: eve(),
            }
            .into(),
        ],
        |d, c, _, e| d.bucket_change_owner(c, bucket, bob(), e),
    );
    assert_eq!(deposit_of(&w, eve()), eve_before - due);
    let status = w.ddc.bucket_get(bucket).unwrap();
    assert_eq!(status.bucket.owner_id, bob());
    assert_eq!(status.writer_ids, vec![bob()]);
    assert_eq!(bucket_ids_of(&w, eve()), vec![3, 2]);
    assert_eq!(bucket_ids_of(&w, bob()), vec![bucket]);
    // Eve pays nothing more and can take everything out; bob pays from now on.
    let eve_account = w.ddc.account_get(eve()).unwrap();
    assert_eq!(eve_account.payable_schedule.rate, 0);
    let all = deposit_of(&w, eve());
    w.now += 30 * DAY;
    w.call(eve(), 0, |d, c, p, e| {
        d.account_withdraw(c, all, &mut { p }, e)
    })
    .unwrap();
    assert_eq!(deposit_of(&w, eve()), 0);
    let paid = settle_by_bob(&mut w, bucket);
    assert_eq!(paid, 60 * TOKEN * (30 * DAY) as Balance / MS_PER_MONTH);
    assert_eq!(deposit_of(&w, bob()), 100 * TOKEN - paid);
    // The offer is used up: eve cannot take it back, and the new owner controls the bucket.
    w.expect_err(eve(), 0, Error::UnauthorizedOwner, |d, c, _, e| {
        d.bucket_change_owner(c, bucket, eve(), e)
    });
    w.assert_conserved();
}

/// The owner cannot raise the rent between its offer and the acceptance (a front-run), nor
/// pass on a debt; the offeree's consent is to the rent it saw.
#[test]
fn an_offer_binds_the_rent_and_debts_do_not_change_hands() {
    let (mut w, _, _, bucket) = network();
    w.call(eve(), 0, |d, c, _, e| {
        d.bucket_change_owner(c, bucket, bob(), e)
    })
    .unwrap();
    w.call(eve(), 0, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, bucket, 2, e)
    })
    .unwrap();
    w.expect_err(
        bob(),
        500 * TOKEN,
        Error::AllowanceExceeded,
        |d, c, _, e| d.bucket_change_owner(c, bucket, bob(), e),
    );
    // A release lowers the rent: the offer holds.
    w.call(eve(), 0, |d, c, _, e| {
        d.bucket_release_resource(c, bucket, 2, e)
    })
    .unwrap();
    // Eve's deposit runs dry (500 CERE pay about 8.3 months of 60 USD at 1 USD per CERE):
    // what she owes stays hers.
    w.now += 300 * DAY;
    w.expect_err(
        bob(),
        500 * TOKEN,
        Error::InsufficientBalance,
        |d, c, _, e| d.bucket_change_owner(c, bucket, bob(), e),
    );
    // The owner withdraws the offer by naming itself.
    w.call(eve(), 0, |d, c, _, e| {
        d.bucket_change_owner(c, bucket, eve(), e)
    })
    .unwrap();
    w.expect_err(
        bob(),
        500 * TOKEN,
        Error::UnauthorizedOwner,
        |d, c, _, e| d.bucket_change_owner(c, bucket, bob(), e),
    );
    w.assert_conserved();
}

/// Writers: the owner's list, bounded, without duplicates; DDC nodes read `writer_ids`.
#[test]
fn the_owner_sets_and_revokes_writers() {
    let (mut w, _, _, bucket) = network();
    w.expect_ok(
        eve(),
        0,
        vec![BucketWriterPermSet {
            bucket_id: bucket,
            writer: bob(),
            granted: true,
        }
        .into()],
        |d, c, _, e| d.bucket_set_writer_perm(c, bucket, bob(), e),
    );
    for (caller, writer, error) in [
        (eve(), bob(), Error::AlreadyWriter),
        (eve(), eve(), Error::AlreadyWriter),
        (bob(), alice(), Error::UnauthorizedOwner),
        (django(), alice(), Error::UnauthorizedOwner),
    ] {
        w.expect_err(caller, 0, error, |d, c, _, e| {
            d.bucket_set_writer_perm(c, bucket, writer, e)
        });
    }
    w.expect_err(eve(), 0, Error::NotWriter, |d, c, _, e| {
        d.bucket_revoke_writer_perm(c, bucket, alice(), e)
    });
    w.expect_err(bob(), 0, Error::UnauthorizedOwner, |d, c, _, e| {
        d.bucket_revoke_writer_perm(c, bucket, bob(), e)
    });
    w.expect_err(eve(), 0, Error::BucketDoesNotExist, |d, c, _, e| {
        d.bucket_set_writer_perm(c, bucket + 1, bob(), e)
    });
    assert_eq!(w.ddc.get_bucket_writers(bucket), Ok(vec![bob()]));
    assert_eq!(
        w.ddc.get_bucket_writers(bucket + 1),
        Err(Error::BucketDoesNotExist)
    );
    // Up to MAX_WRITERS besides the owner.
    let many: Vec<AccountId> = (100..115).map(acc).collect();
    for &writer in &many {
        w.call(eve(), 0, |d, c, _, e| {
            d.bucket_set_writer_perm(c, bucket, writer, e)
        })
        .unwrap();
    }
    w.expect_err(eve(), 0, Error::TooManyWriters, |d, c, _, e| {
        d.bucket_set_writer_perm(c, bucket, acc(200), e)
    });
    let status = w.ddc.bucket_get(bucket).unwrap();
    assert_eq!(status.writer_ids.len(), 1 + MAX_WRITERS);
    assert_eq!(status.writer_ids[..2], [eve(), bob()]);
    w.expect_ok(
        eve(),
        0,
        vec![BucketWriterPermSet {
            bucket_id: bucket,
            writer: bob(),
            granted: false,
        }
        .into()],
        |d, c, _, e| d.bucket_revoke_writer_perm(c, bucket, bob(), e),
    );
    let status = w.ddc.bucket_get(bucket).unwrap();
    assert!(!status.writer_ids.contains(&bob()));
    assert_eq!(status.writer_ids[0], eve());
    // A closed bucket takes no change.
    w.call(eve(), 0, |d, c, _, e| d.bucket_close(c, bucket, e))
        .unwrap();
    w.expect_err(eve(), 0, Error::BucketClosed, |d, c, _, e| {
        d.bucket_set_writer_perm(c, bucket, bob(), e)
    });
    w.expect_err(eve(), 0, Error::BucketClosed, |d, c, _, e| {
        d.bucket_change_owner(c, bucket, bob(), e)
    });
}

/// Arrears are paid first: a payer whose expired bucket left arrears cannot allocate again
/// with a deposit those arrears take, and its coverage counts them.
#[test]
fn arrears_count_against_the_cover_of_a_new_allocation() {
    let mut w = World::new();
    let (cluster, _) = reference_cluster(&mut w);
    w.call(admin(), 0, |d, c, _, e| d.admin_set_grace_period(c, DAY, e))
        .unwrap();
    let first = funded_bucket(&mut w, charlie(), cluster, 2 * TOKEN, 1);
    let covered = w.ddc.bucket_get(first).unwrap().rent_covered_until_ms;
    assert_eq!(covered, 89_280_000);
    w.now = covered + DAY + 1;
    w.call(bob(), 0, |d, c, _, e| d.bucket_expire(c, first, e))
        .unwrap();
    let arrears = w
        .ddc
        .account_get(charlie())
        .unwrap()
        .payable_schedule
        .arrears;
    assert!(arrears > 0);
    // 2 CERE more: about 1.94 of them pay the arrears, leaving less than a day's rent.
    w.call(charlie(), 2 * TOKEN, |d, c, _, e| d.account_deposit(c, e))
        .unwrap();
    let second = w
        .call(charlie(), 0, |d, c, _, e| {
            d.bucket_create(c, "{}".into(), cluster, e)
        })
        .unwrap();
    w.expect_err(charlie(), 0, Error::InsufficientDeposit, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, second, 1, e)
    });
    w.assert_conserved();
}
