//! Money and paging properties. Every step is followed by `assert_conserved`: the contract
//! owes exactly the deposits plus the undistributed revenues, holds at least that, and no token
//! is created or lost.

mod common;
use common::*;
use ddc_bucket::core::Ddc;
use ddc_bucket::error::Error;
use ddc_bucket::events::*;
use ddc_bucket::limits::LIST_LIMIT_MAX;
use ddc_bucket::paging::{pages, read_all_pages, FIRST_OFFSET};
use ddc_bucket::types::{AccountId, Balance, BucketId, ClusterId, MS_PER_MONTH, TOKEN};
use proptest::prelude::*;

const HOUR: u64 = 3_600_000;
const DAY: u64 = 24 * HOUR;

/// The reference bucket's rate: 6 vnodes × 10 TOKEN rent × resource 1, USD per month.
const RATE: Balance = 60 * TOKEN;

/// USD accrued from 0 to `t` at `rate`, the upstream formula.
fn accrued(rate: Balance, t: u64) -> Balance {
    rate * Balance::from(t) / MS_PER_MONTH
}

/// CERE that `rate` USD per month for `ms` costs at `usd_per_cere`, converted exactly once:
/// `floor(rate × ms × TOKEN / (MS_PER_MONTH × usd_per_cere))`.
fn exact_cere(rate: Balance, ms: u64, usd_per_cere: Balance) -> Balance {
    rate * Balance::from(ms) * TOKEN / (MS_PER_MONTH * usd_per_cere)
}

fn setup() -> (World, ClusterId, BucketId) {
    let mut w = World::new();
    let (cluster, _) = reference_cluster(&mut w);
    w.assert_conserved();
    let bucket = reference_bucket(&mut w, cluster);
    w.assert_conserved();
    (w, cluster, bucket)
}

/// Settles and returns the CERE the settlement moved (from its event).
fn settle(w: &mut World, bucket: BucketId) -> Balance {
    w.call(eve(), 0, |d, c, _, e| d.bucket_settle_payment(c, bucket, e))
        .unwrap();
    w.assert_conserved();
    match w.last_events() {
        [Event::BucketSettlePayment(s)] => s.value,
        other => panic!("unexpected events {other:?}"),
    }
}

fn deposit(w: &mut World, who: AccountId, value: Balance) {
    w.call(who, value, |d, c, _, e| d.account_deposit(c, e))
        .unwrap();
    w.assert_conserved();
}

fn deposit_of(w: &World, who: AccountId) -> Balance {
    w.ddc.account_get(who).map(|a| a.deposit.value).unwrap_or(0)
}

fn revenues(w: &World, cluster: ClusterId) -> Balance {
    w.ddc.cluster_get(cluster).unwrap().cluster.revenues.value
}

fn distribute(w: &mut World, cluster: ClusterId) {
    w.call(eve(), 0, |d, _, p, e| {
        d.cluster_distribute_revenues(cluster, &mut { p }, e)
    })
    .unwrap();
    w.assert_conserved();
}

fn withdraw(w: &mut World, who: AccountId, amount: Balance) -> Result<(), Error> {
    let out = w.call(who, 0, |d, c, p, e| {
        d.account_withdraw(c, amount, &mut { p }, e)
    });
    w.assert_conserved();
    out
}

// ---------------------------------------------------------------------------------- lifecycle

#[test]
fn full_lifecycle() {
    let (mut w, cluster, b) = setup();
    // Enough for a whole month at 60 TOKEN per month.
    deposit(&mut w, django(), 100 * TOKEN);
    let funded = 110 * TOKEN;
    let mut paid = 0;
    for t in [HOUR, DAY, 31 * DAY] {
        w.now = t;
        let v = settle(&mut w, b);
        // What this settlement moved brings the total to exactly the formula at 1:1.
        assert_eq!(paid + v, accrued(RATE, t), "at t = {t}");
        paid += v;
        assert_eq!(deposit_of(&w, django()), funded - paid);
        assert_eq!(revenues(&w, cluster), paid);
    }
    assert_eq!(accrued(RATE, HOUR), 806_451_612);
    assert_eq!(accrued(RATE, DAY), 19_354_838_709);
    assert_eq!(paid, RATE, "31 days is one month");
    // Still covered: 50 TOKEN left at 60 per month, from t = 31 days.
    let s = w.ddc.bucket_get(b).unwrap();
    assert_eq!(
        s.rent_covered_until_ms,
        ((RATE + 50 * TOKEN) * MS_PER_MONTH / RATE) as u64
    );
    assert!(s.rent_covered_until_ms > w.now);

    // Distribution: equal rents, 10 per vnode each, to 3 providers hosting 2 vnodes each.
    let wallets = [alice(), bob(), charlie()].map(|p| w.bank.wallet(p));
    distribute(&mut w, cluster);
    let per_vnode = paid / 6;
    for (i, p) in [alice(), bob(), charlie()].into_iter().enumerate() {
        assert_eq!(w.bank.wallet(p), wallets[i] + 2 * per_vnode);
    }
    assert_eq!(revenues(&w, cluster), paid - 6 * per_vnode);
    assert_eq!(
        w.last_events(),
        [alice(), bob(), charlie()]
            .map(|p| Event::from(ClusterDistributeRevenues {
                cluster_id: cluster,
                provider_id: p,
                value: 2 * per_vnode,
            }))
            .as_slice()
    );
    // The contract now holds exactly what it owes: django's deposit and the dust.
    assert_eq!(w.bank.contract, w.ddc.total_owed());
    assert_eq!(
        w.ddc.total_owed(),
        deposit_of(&w, django()) + revenues(&w, cluster)
    );
}

// -------------------------------------------------------------------------- partial settlement

#[test]
fn short_deposit_settles_partially_then_a_top_up_collects_the_rest() {
    let t = 1_000_000_000; // past the 446_400_000 ms that 10 TOKEN covers
    let due = accrued(RATE, t);
    assert!(due > 10 * TOKEN);

    // A funded world: one settlement.
    let (mut funded, _, fb) = setup();
    deposit(&mut funded, django(), 100 * TOKEN);
    funded.now = t;
    let once = settle(&mut funded, fb);
    assert_eq!(once, due);
    let funded_account = funded.ddc.account_get(django()).unwrap();
    drop(funded); // one World at a time per thread

    let (mut w, cluster, b) = setup();
    w.now = t;
    let first = settle(&mut w, b);
    // Pays exactly the deposit; the rest stays accrued.
    assert_eq!(first, 10 * TOKEN);
    assert_eq!(deposit_of(&w, django()), 0);
    assert_eq!(revenues(&w, cluster), 10 * TOKEN);
    let a = w.ddc.account_get(django()).unwrap();
    // 10 TOKEN paid for exactly 10 TOKEN USD of accrual (in rate-ms): no carry.
    assert_eq!(a.payable_schedule.offset, 10 * TOKEN * MS_PER_MONTH);
    assert_eq!(a.settlement_carry, 0);
    // The status shows the shortfall: the rent was covered until a time in the past.
    let covered = w.ddc.bucket_get(b).unwrap().rent_covered_until_ms;
    assert_eq!(covered, 446_400_000);
    assert!(covered < w.now);
    // Nothing can be withdrawn while rent is owed, not even a top-up's worth of it.
    w.expect_err(django(), 0, Error::InsufficientBalance, |d, c, p, e| {
        d.account_withdraw(c, 1, &mut { p }, e)
    });
    // Settling again with an empty deposit moves nothing and forgives nothing.
    assert_eq!(settle(&mut w, b), 0);
    assert_eq!(w.ddc.account_get(django()).unwrap(), a);

    // Top up: the rest is collected, and the total equals the funded settlement.
    deposit(&mut w, django(), 100 * TOKEN);
    w.expect_err(django(), 0, Error::InsufficientBalance, |d, c, p, e| {
        d.account_withdraw(c, 100 * TOKEN - (due - 10 * TOKEN) + 1, &mut { p }, e)
    });
    let second = settle(&mut w, b);
    assert_eq!(second, due - 10 * TOKEN);
    assert_eq!(first + second, once);
    assert_eq!(revenues(&w, cluster), once);
    assert_eq!(deposit_of(&w, django()), 110 * TOKEN - once);
    assert_eq!(w.ddc.account_get(django()).unwrap(), funded_account);
    assert!(w.ddc.bucket_get(b).unwrap().rent_covered_until_ms > w.now);
}

// ---------------------------------------------------------------------------------- withdrawal

/// Closes django's bucket `b` (settling it) so that nothing of its deposit is held back.
fn close(w: &mut World, b: BucketId) {
    w.call(django(), 0, |d, c, _, e| d.bucket_close(c, b, e))
        .unwrap();
    w.assert_conserved();
}

/// While a bucket runs, a withdrawal leaves what the flow owes now and the grace period's
/// rent after it (no squatting by withdrawing); what was owed is paid in full.
#[test]
fn withdrawal_never_reaches_money_already_owed() {
    let (mut w, cluster, b) = setup();
    w.now = DAY;
    let owed = accrued(RATE, DAY);
    let kept = accrued(RATE, DAY + REFERENCE_GRACE_MS);
    let free = 10 * TOKEN - kept;
    w.expect_err(django(), 0, Error::InsufficientBalance, |d, c, p, e| {
        d.account_withdraw(c, free + 1, &mut { p }, e)
    });
    let wallet = w.bank.wallet(django());
    withdraw(&mut w, django(), free).unwrap();
    w.assert_events(vec![Withdraw {
        account_id: django(),
        value: free,
    }
    .into()]);
    assert_eq!(w.bank.wallet(django()), wallet + free);
    assert_eq!(deposit_of(&w, django()), kept);
    w.expect_err(django(), 0, Error::InsufficientBalance, |d, c, p, e| {
        d.account_withdraw(c, 1, &mut { p }, e)
    });
    // What was owed is paid to the cluster in full.
    assert_eq!(settle(&mut w, b), owed);
    assert_eq!(revenues(&w, cluster), owed);
    assert_eq!(deposit_of(&w, django()), kept - owed);
    // Time goes on: the deposit covers what accrues, and still nothing can be withdrawn.
    w.now = DAY + REFERENCE_GRACE_MS;
    w.expect_err(django(), 0, Error::InsufficientBalance, |d, c, p, e| {
        d.account_withdraw(c, 1, &mut { p }, e)
    });
    // Closed, the bucket has taken its last rent: the rest (a carried fraction at most less)
    // goes back.
    close(&mut w, b);
    assert_eq!(revenues(&w, cluster), kept);
    let left = deposit_of(&w, django());
    assert_eq!(left, 0);
}

#[test]
fn withdrawal_at_other_rates_leaves_what_settlement_takes() {
    for usd_per_cere in [3 * TOKEN, TOKEN / 7, 2 * TOKEN + 1] {
        let (mut w, cluster, b) = setup();
        deposit(&mut w, django(), 100 * TOKEN);
        walk_rate_to(&mut w, usd_per_cere);
        w.now = HOUR + 17;
        // Owed is exactly what a settlement now takes; with the grace period's rent after it
        // held back, everything else can be withdrawn.
        let cere = exact_cere(RATE, w.now, usd_per_cere);
        let kept = exact_cere(RATE, w.now + REFERENCE_GRACE_MS, usd_per_cere);
        let free = 110 * TOKEN - kept;
        w.expect_err(django(), 0, Error::InsufficientBalance, |d, c, p, e| {
            d.account_withdraw(c, free + 1, &mut { p }, e)
        });
        withdraw(&mut w, django(), free).unwrap();
        assert_eq!(settle(&mut w, b), cere);
        assert_eq!(revenues(&w, cluster), cere);
        // Closed at the same instant: nothing more is due, and nothing is left behind (the
        // fraction of a unit not charged is carried, not held).
        close(&mut w, b);
        assert_eq!(revenues(&w, cluster), cere);
        let left = deposit_of(&w, django());
        assert_eq!(left, kept - cere);
        withdraw(&mut w, django(), left).unwrap();
        assert_eq!(deposit_of(&w, django()), 0);
    }
}

// ------------------------------------------------------------------------------- distribution

#[test]
fn refused_transfer_in_distribution_is_credited_and_withdrawable() {
    let (mut w, cluster, b) = setup();
    w.now = DAY;
    let r = settle(&mut w, b);
    // Two of six equal vnodes per provider, floored once per provider.
    let share = r * 2 / 6;
    w.bank.refuse.insert(alice());
    let alice_wallet = w.bank.wallet(alice());
    w.bank.transfers.clear();
    distribute(&mut w, cluster);
    w.assert_events(vec![
        ClusterDistributeRevenues {
            cluster_id: cluster,
            provider_id: alice(),
            value: share,
        }
        .into(),
        Deposit {
            account_id: alice(),
            value: share,
        }
        .into(),
        ClusterDistributeRevenues {
            cluster_id: cluster,
            provider_id: bob(),
            value: share,
        }
        .into(),
        ClusterDistributeRevenues {
            cluster_id: cluster,
            provider_id: charlie(),
            value: share,
        }
        .into(),
    ]);
    assert_eq!(w.bank.transfers, vec![(bob(), share), (charlie(), share)]);
    assert_eq!(w.bank.wallet(alice()), alice_wallet);
    assert_eq!(deposit_of(&w, alice()), share);
    assert_eq!(revenues(&w, cluster), r - 3 * share);
    // Still refused: the withdrawal fails and changes nothing.
    w.expect_err(alice(), 0, Error::TransferFailed, |d, c, p, e| {
        d.account_withdraw(c, share, &mut { p }, e)
    });
    // No longer refused: alice takes it out, and not a unit more.
    w.bank.refuse.clear();
    w.expect_err(alice(), 0, Error::InsufficientBalance, |d, c, p, e| {
        d.account_withdraw(c, share + 1, &mut { p }, e)
    });
    withdraw(&mut w, alice(), share).unwrap();
    w.assert_events(vec![Withdraw {
        account_id: alice(),
        value: share,
    }
    .into()]);
    assert_eq!(w.bank.wallet(alice()), alice_wallet + share);
    assert_eq!(deposit_of(&w, alice()), 0);
}

#[test]
fn refused_fee_transfers_are_credited_too() {
    let (mut w, cluster, b) = setup();
    reference_fees(&mut w);
    w.now = 5;
    assert_eq!(settle(&mut w, b), 1120);
    w.bank.refuse.insert(zero());
    w.bank.refuse.insert(django());
    let django_deposit = deposit_of(&w, django());
    distribute(&mut w, cluster);
    assert_eq!(
        w.last_events()[..3],
        [
            Event::from(ClusterDistributeFees {
                cluster_id: cluster,
                network_fee: 11,
                network_fee_destination: zero(),
                cluster_management_fee: 22,
                manager_id: django(),
            }),
            Deposit {
                account_id: zero(),
                value: 11
            }
            .into(),
            Deposit {
                account_id: django(),
                value: 22
            }
            .into(),
        ]
    );
    assert_eq!(deposit_of(&w, zero()), 11);
    assert_eq!(deposit_of(&w, django()), django_deposit + 22);
    assert_eq!(revenues(&w, cluster), 1);
}

#[test]
fn one_payment_per_provider_however_many_nodes() {
    let mut w = World::new();
    trust(&mut w, alice(), django());
    trust(&mut w, bob(), django());
    let a1 = node(&mut w, alice(), 10 * TOKEN);
    let a2 = node(&mut w, alice(), 20 * TOKEN);
    let b1 = node(&mut w, bob(), 10 * TOKEN);
    let cl = w
        .call(django(), 0, |d, c, _, e| {
            d.cluster_create(c, 4, vec![a1, a2, b1], "{}".into(), e)
        })
        .unwrap();
    // vnodes [a1, a2, b1, a1]: weights 10 + 20 + 10 + 10 = 50.
    w.call(django(), 0, |d, c, _, e| {
        d.cluster_reserve_resource(c, cl, 10, e)
    })
    .unwrap();
    let b = w
        .call(charlie(), 20 * TOKEN, |d, c, _, e| {
            d.bucket_create(c, "{}".into(), cl, e)
        })
        .unwrap();
    w.call(charlie(), 0, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, b, 1, e)
    })
    .unwrap();
    w.assert_conserved();
    w.now = DAY;
    let r = settle(&mut w, b);
    assert_eq!(r, accrued(50 * TOKEN, DAY));
    w.bank.transfers.clear();
    distribute(&mut w, cl);
    // Each provider's share, floored once: the prices of the vnodes its nodes host.
    let share = |weight: Balance| r * weight / (50 * TOKEN);
    let alice_gets = share(40 * TOKEN);
    let bob_gets = share(10 * TOKEN);
    w.assert_events(vec![
        ClusterDistributeRevenues {
            cluster_id: cl,
            provider_id: alice(),
            value: alice_gets,
        }
        .into(),
        ClusterDistributeRevenues {
            cluster_id: cl,
            provider_id: bob(),
            value: bob_gets,
        }
        .into(),
    ]);
    assert_eq!(
        w.bank.transfers,
        vec![(alice(), alice_gets), (bob(), bob_gets)]
    );
    assert_eq!(revenues(&w, cl), r - alice_gets - bob_gets);
    assert!(revenues(&w, cl) < 4);
}

fn trust(w: &mut World, provider: AccountId, manager: AccountId) {
    w.call(provider, 0, |d, c, _, e| {
        d.node_trust_manager(c, manager, e)
    })
    .unwrap();
}

fn node(w: &mut World, provider: AccountId, rent: Balance) -> u32 {
    w.call(provider, 0, |d, c, _, e| {
        d.node_create(c, rent, "{}".into(), 100, e)
    })
    .unwrap()
}

// ------------------------------------------------------------------------------ admin_withdraw

#[test]
fn admin_withdraw_is_limited_to_the_surplus() {
    let (mut w, cluster, b) = setup();
    // Constructor endowment: 7 TOKEN nobody is owed.
    w.endow(eve(), 7 * TOKEN);
    w.assert_conserved();
    assert_eq!(w.ddc.surplus(w.bank.contract), 7 * TOKEN);
    let admin_withdraw = |w: &mut World, amount: Balance| {
        let balance = w.bank.contract;
        let out = w.call(admin(), 0, |d, c, p, e| {
            d.admin_withdraw(c, amount, balance, &mut { p }, e)
        });
        w.assert_conserved();
        out
    };
    w.expect_err(admin(), 0, Error::InsufficientBalance, |d, c, p, e| {
        d.admin_withdraw(c, 7 * TOKEN + 1, 17 * TOKEN, &mut { p }, e)
    });
    admin_withdraw(&mut w, 4 * TOKEN).unwrap();
    admin_withdraw(&mut w, 3 * TOKEN).unwrap();
    assert_eq!(w.bank.wallet(admin()), 1007 * TOKEN);
    // Now the contract holds exactly what it owes: not one unit more for the admin.
    assert_eq!(w.bank.contract, w.ddc.total_owed());
    assert_eq!(admin_withdraw(&mut w, 1), Err(Error::InsufficientBalance));
    // Settling and distributing never create surplus; deposits stay whole.
    w.now = DAY;
    settle(&mut w, b);
    assert_eq!(admin_withdraw(&mut w, 1), Err(Error::InsufficientBalance));
    distribute(&mut w, cluster);
    assert_eq!(admin_withdraw(&mut w, 1), Err(Error::InsufficientBalance));
    // Once his bucket is closed, django can take out everything that is not owed.
    close(&mut w, b);
    let left = deposit_of(&w, django());
    withdraw(&mut w, django(), left).unwrap();
    assert_eq!(deposit_of(&w, django()), 0);
    // Value sent to payable messages is the sender's, never surplus.
    w.call(eve(), 5 * TOKEN, |d, c, _, e| {
        d.node_create(c, 1, "{}".into(), 1, e)
    })
    .unwrap();
    w.assert_conserved();
    assert_eq!(admin_withdraw(&mut w, 1), Err(Error::InsufficientBalance));
}

// ------------------------------------------------------------------------------------ proptest

/// Settles `bucket` at each time (ascending) and returns the total CERE paid.
fn settle_at(w: &mut World, bucket: BucketId, times: &[u64]) -> Balance {
    let mut total = 0;
    for &t in times {
        w.now = t;
        total += settle(w, bucket);
    }
    total
}

/// A world with the reference cluster, a bucket allocating `resource` at `start`, 900 TOKEN of
/// deposit and the given exchange rate.
fn funded_world(usd_per_cere: Balance, resource: u32, start: u64) -> (World, ClusterId, BucketId) {
    let mut w = World::new();
    let (cluster, _) = reference_cluster(&mut w);
    walk_rate_to(&mut w, usd_per_cere);
    let b = w
        .call(django(), 900 * TOKEN, |d, c, _, e| {
            d.bucket_create(c, "{}".into(), cluster, e)
        })
        .unwrap();
    w.now = start;
    w.call(django(), 0, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, b, resource, e)
    })
    .unwrap();
    w.assert_conserved();
    (w, cluster, b)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Settling at many random times pays exactly what one settlement at the end pays, at
    /// several exchange rates, and that is the formula converted once.
    #[test]
    fn settling_often_equals_settling_once(
        usd_per_cere in prop::sample::select(vec![
            TOKEN, 2 * TOKEN, 3 * TOKEN, TOKEN / 2, 7_777_777_777, 12_345_678_901,
        ]),
        resource in 1u32..=3,
        start in 0u64..DAY,
        steps in prop::collection::vec(0u64..5 * DAY, 1..15),
    ) {
        let mut times = vec![];
        let mut t = start;
        for d in steps {
            t += d;
            times.push(t);
        }
        let end = t;

        let (mut w, cluster, b) = funded_world(usd_per_cere, resource, start);
        let often = settle_at(&mut w, b, &times);
        let often_revenues = revenues(&w, cluster);
        let often_account = w.ddc.account_get(django()).unwrap();
        drop(w);

        let (mut w, cluster, b) = funded_world(usd_per_cere, resource, start);
        let once = settle_at(&mut w, b, &[end]);
        prop_assert_eq!(often, once);
        prop_assert_eq!(often_revenues, revenues(&w, cluster));
        prop_assert_eq!(often_account, w.ddc.account_get(django()).unwrap());

        let rate = RATE * Balance::from(resource);
        prop_assert_eq!(once, exact_cere(rate, end - start, usd_per_cere));
        prop_assert_eq!(deposit_of(&w, django()), 900 * TOKEN - once);
    }
}

// -------------------------------------------------------------------------------------- paging

/// Runs the documented loop (offset = 1, limit = 20, offset += limit while offset < max_id)
/// over `kind`'s list and returns the ids in order, checking every page on the way: at most
/// 20 entities, each `filter`'s, and none empty while fewer than `expected` came.
fn collect(d: &Ddc, kind: Kind, filter: Option<AccountId>, expected: usize) -> Vec<u32> {
    let mut seen = vec![];
    for page in pages(FIRST_OFFSET, 20, |o, l| kind.list(d, o, l, filter).unwrap()) {
        assert!(page.items.len() <= 20);
        if let Some(who) = filter {
            assert!(page.items.iter().all(|s| s.owner() == who));
        }
        if seen.len() < expected {
            assert!(
                !page.items.is_empty(),
                "empty page at offset {} while matches remain",
                page.offset
            );
        }
        seen.extend(ids(&page.items));
    }
    seen
}

#[test]
fn documented_loop_visits_everything_once() {
    let mut w = World::new();
    // Roles overlap so that the three per-owner indexes must keep apart: alice owns buckets
    // and provides nodes, django owns buckets and manages clusters, eve provides and manages.
    let providers = [alice(), bob(), eve()];
    let managers = [django(), eve(), admin()];
    for p in providers {
        for m in [django(), eve()] {
            w.call(p, 0, |d, c, _, e| d.node_trust_manager(c, m, e))
                .unwrap();
        }
    }
    // 30 nodes, providers interleaved.
    let mut nodes_of: Vec<(AccountId, u32)> = vec![];
    for i in 0..30 {
        let p = providers[i % 3];
        let id = w
            .call(p, 0, |d, c, _, e| {
                d.node_create(c, TOKEN, "{}".into(), 1000, e)
            })
            .unwrap();
        nodes_of.push((p, id));
    }
    w.assert_conserved();
    // 25 clusters, managers interleaved (admin as SuperAdmin needs no trust).
    let mut clusters_of: Vec<(AccountId, u32)> = vec![];
    for i in 0..25u32 {
        let m = managers[i as usize % 3];
        let ids = vec![1 + i, 2 + i, 3 + i];
        let id = w
            .call(m, 0, |d, c, _, e| {
                d.cluster_create(c, 3, ids, "{}".into(), e)
            })
            .unwrap();
        clusters_of.push((m, id));
    }
    w.assert_conserved();
    // 45 buckets, owners interleaved, over the clusters.
    let owners = [alice(), bob(), django()];
    let mut buckets_of: Vec<(AccountId, u32)> = vec![];
    for i in 0..45u32 {
        let o = owners[i as usize % 3];
        let cl = 1 + i % 25;
        let id = w
            .call(o, 0, |d, c, _, e| d.bucket_create(c, "{}".into(), cl, e))
            .unwrap();
        buckets_of.push((o, id));
    }
    w.assert_conserved();

    let d = &w.ddc;
    let all = |v: &[(AccountId, u32)]| v.iter().map(|x| x.1).collect::<Vec<_>>();
    let of = |v: &[(AccountId, u32)], who: AccountId| {
        v.iter()
            .filter(|x| x.0 == who)
            .map(|x| x.1)
            .collect::<Vec<_>>()
    };

    let table = [
        (Kind::Bucket, &buckets_of, owners),
        (Kind::Cluster, &clusters_of, managers),
        (Kind::Node, &nodes_of, providers),
    ];
    for (kind, of_kind, accounts) in table {
        // Unfiltered: every id exactly once, in order.
        assert_eq!(
            collect(d, kind, None, of_kind.len()),
            all(of_kind),
            "{kind:?}"
        );
        // Filtered: exactly that owner's, never another's, no empty page while matches remain.
        for who in accounts {
            let mine = of(of_kind, who);
            assert_eq!(collect(d, kind, Some(who), mine.len()), mine, "{kind:?}");
        }
    }
    for who in owners {
        assert_eq!(of(&buckets_of, who).len(), 15);
    }
    for who in providers {
        assert_eq!(of(&nodes_of, who).len(), 10);
    }
    // Someone with nothing: one empty page, max_id 1.
    assert_eq!(d.bucket_list(1, 20, Some(charlie())).unwrap(), (vec![], 1));
    assert_eq!(d.cluster_list(1, 20, Some(alice())).unwrap(), (vec![], 1));
    assert_eq!(d.node_list(1, 20, Some(django())).unwrap(), (vec![], 1));
    assert_eq!(of(&clusters_of, django()).len(), 9);

    // Small pages (limit 1 and 7) visit everything too.
    for limit in [1u32, 7] {
        let seen = read_all_pages(limit, |o, l| {
            Kind::Bucket.list(d, o, l, Some(bob())).unwrap()
        });
        assert_eq!(ids(&seen), of(&buckets_of, bob()));
    }

    // Huge offsets and limits never panic; a page holds its whole window (no clamp).
    for filter in [None, Some(alice()), Some(django())] {
        for (o, l) in [
            (u32::MAX, u32::MAX),
            (u32::MAX, 1),
            (u32::MAX - 1, u32::MAX),
            (0, u32::MAX),
            (1, u32::MAX),
            (46, u32::MAX),
        ] {
            let (b, bm) = d.bucket_list(o, l, filter).unwrap();
            let (c, cm) = d.cluster_list(o, l, filter).unwrap();
            let (n, nm) = d.node_list(o, l, filter).unwrap();
            let window = |max: u32| max.saturating_sub(o.max(1)) as usize;
            assert_eq!(
                (b.len(), c.len(), n.len()),
                (window(bm), window(cm), window(nm))
            );
            if filter.is_none() {
                assert_eq!((bm, cm, nm), (46, 26, 31));
            }
        }
    }
    let (page, _) = d.bucket_list(1, u32::MAX, None).unwrap();
    assert_eq!(
        page.iter().map(|s| s.bucket_id).collect::<Vec<_>>(),
        (1..=45).collect::<Vec<_>>()
    );
    // Offset 0 is the slot of upstream's reserved id 0: the window 0..25 holds ids 1..=24.
    let (page, _) = d.bucket_list(0, LIST_LIMIT_MAX, None).unwrap();
    assert_eq!(
        page.iter().map(|s| s.bucket_id).collect::<Vec<_>>(),
        (1..LIST_LIMIT_MAX).collect::<Vec<_>>()
    );
    // So the SDK's loop (offset = 0, limit = 10, offset += 10 while offset < max_id) also
    // visits every id exactly once, filtered or not.
    for filter in [None, Some(django())] {
        let seen: Vec<u32> = pages(0, 10, |o, l| Kind::Bucket.list(d, o, l, filter).unwrap())
            .flat_map(|page| ids(&page.items))
            .collect();
        match filter {
            None => assert_eq!(seen, all(&buckets_of)),
            Some(who) => assert_eq!(seen, of(&buckets_of, who)),
        }
    }
    assert_eq!(
        d.bucket_list(u32::MAX, u32::MAX, None).unwrap(),
        (vec![], 46)
    );
    assert_eq!(d.node_list(31, 20, None).unwrap(), (vec![], 31));
    assert_eq!(d.cluster_list(26, u32::MAX, None).unwrap(), (vec![], 26));
    // A filtered page beyond that owner's matches is empty, with the owner's max_id.
    assert_eq!(d.bucket_list(16, 20, Some(alice())).unwrap(), (vec![], 16));
    assert_eq!(
        d.bucket_list(u32::MAX, u32::MAX, Some(alice())).unwrap(),
        (vec![], 16)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// An account with several buckets, allocated at random times with random resources and
    /// all settled at the same instant `t`, owes nothing at `t`: closing them all then takes
    /// nothing more and it can withdraw its whole deposit (while they run, the grace period's
    /// rent stays); what it paid is exactly the conversion of everything its flows accrued.
    #[test]
    fn after_settling_every_bucket_the_whole_deposit_can_be_withdrawn(
        usd_per_cere in prop::sample::select(vec![
            TOKEN, 3 * TOKEN, 2 * TOKEN + 1, 7_777_777_777, 12_345_678_901,
        ]),
        allocs in prop::collection::vec((0u64..5 * DAY, 1u32..=3), 1..4),
        after in 0u64..20 * DAY,
    ) {
        let mut w = World::new();
        let (cluster, _) = reference_cluster(&mut w);
        walk_rate_to(&mut w, usd_per_cere);
        // Enough for every flow: the payer is never short here.
        deposit(&mut w, django(), 900 * TOKEN);
        let mut buckets = vec![];
        let mut sorted = allocs.clone();
        sorted.sort();
        for &(at, resource) in &sorted {
            w.now = at;
            let b = w
                .call(django(), 0, |d, c, _, e| d.bucket_create(c, "{}".into(), cluster, e))
                .unwrap();
            w.call(django(), 0, |d, c, _, e| d.bucket_alloc_into_cluster(c, b, resource, e))
                .unwrap();
            buckets.push((b, at, resource));
        }
        let t = sorted.last().unwrap().0 + after;
        w.now = t;
        let mut paid = 0;
        for &(b, ..) in &buckets {
            paid += settle(&mut w, b);
        }
        // Paid exactly the exact conversion of the total accrual (rate-ms × TOKEN / unit).
        let accrual: Balance = buckets
            .iter()
            .map(|&(_, at, r)| RATE * Balance::from(r) * Balance::from(t - at))
            .sum();
        prop_assert_eq!(paid, accrual * TOKEN / (MS_PER_MONTH * usd_per_cere));
        let all = deposit_of(&w, django());
        prop_assert_eq!(all, 900 * TOKEN - paid);
        prop_assert_eq!(withdraw(&mut w, django(), all), Err(Error::InsufficientBalance));
        for &(b, ..) in &buckets {
            close(&mut w, b);
        }
        prop_assert_eq!(deposit_of(&w, django()), all);
        prop_assert_eq!(withdraw(&mut w, django(), all), Ok(()));
        prop_assert_eq!(deposit_of(&w, django()), 0);
    }
}
