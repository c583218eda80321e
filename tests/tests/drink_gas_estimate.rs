//! Every call succeeds with the gas its own dry run estimated, in a later block.
//!
//! A client (cargo-contract `-x`, polkadot.js apps, Contracts UI) dry-runs a call at the latest
//! block and submits it with the estimate as its limits; the extrinsic executes in a later block,
//! with more time elapsed and bigger amounts. pallet-contracts' estimate is exact for the path
//! the dry run took, so the contract must cost the same (or less) whatever the time and the
//! amounts: here each time-dependent message is dry-run at `t` and executed at `t + Δ` with
//! exactly the estimated gas (`ref_time` and `proof_size`) and storage deposit, for Δ from 0 to
//! a year, small and huge amounts, short and rich payers, and over random cases; so are the
//! messages whose path depends on earlier calls (a replacement, a node's addition or removal or
//! a cluster's removal paying out pending revenues first, a fee change paying the pending
//! network fees first) and the oracle's rate, dry-run inside a day-long window and set after
//! it.

use ddc_bucket::error::Error;
use ddc_bucket::fee::entity::FeeConfig;
use ddc_bucket::limits::RATE_WINDOW_MS;
use ddc_bucket::types::{Balance, MS_PER_MONTH, TOKEN};
use ddc_tests::{ink_id, rate_walk, typed_error, Chain, Estimate, Outcome};
use drink::AccountId32;
use proptest::prelude::*;
use std::collections::BTreeSet;

use ddc_tests::actors::{admin, app, manager, providers, stranger, treasury, who};

/// Offered the app's bucket; accepts it, sending [`HEIRS_VALUE`].
fn heir() -> AccountId32 {
    who(9)
}
/// Writes to the app's bucket (granted in the set-up).
fn writer() -> AccountId32 {
    who(10)
}
/// Allocated in the spent cluster for a day, then released: its revenues wait there.
fn tenant() -> AccountId32 {
    who(11)
}
/// What the heir sends with its acceptance: enough to cover any case's rent for the grace
/// period (the largest: 1.44e19 USD units a month at 1e-10 USD per CERE, 1.9e26 an hour).
const HEIRS_VALUE: Balance = 100_000_000_000_000_000_000_000_000_000;
/// The grace period of the set-up: the shortest (an hour), so that short payers exist (an
/// allocation, and what a withdrawal leaves, must cover the rent for it).
const GRACE: u64 = HOUR;

/// 2026-01-01.
const T0: u64 = 1_767_225_600_000;
const HOUR: u64 = 3_600_000;
const DAY: u64 = 24 * HOUR;
const DELTAS: [u64; 6] = [0, 1, 6_000, HOUR, 31 * DAY, 365 * DAY];

/// What a case varies.
#[derive(Debug, Clone, Copy)]
struct Case {
    /// Each node's rent, USD units per month.
    rent: Balance,
    /// The app's deposit at `T0` beyond the rent of the grace period (which an allocation
    /// needs): 0 runs dry an hour after `T0`.
    deposit: Balance,
    usd_per_cere: Balance,
    /// Allocated per vnode at `T0` (at most 8 of the 10 reserved).
    resource: u32,
}

/// CERE that `ms` of `usd_per_month` cost at `usd_per_cere`, rounded up.
fn cost(usd_per_month: Balance, ms: u64, usd_per_cere: Balance) -> Balance {
    (usd_per_month * ms as Balance * TOKEN).div_ceil(MS_PER_MONTH * usd_per_cere)
}

/// The ids of what the set-up creates.
#[derive(Debug, Clone, Copy, Default)]
struct Ids {
    cluster: u32,
    bucket: u32,
    /// The three providers' nodes; `cluster` has 6 vnodes on them.
    nodes: [u32; 3],
    /// P0's, in no cluster.
    spare_node: u32,
    /// Two vnodes on nodes 0 and 1 reserving 10 each; no bucket ever used it.
    idle_cluster: u32,
    /// Two vnodes on nodes 1 and 2; the tenant's day of rent waits in its revenues, no resource
    /// used.
    spent_cluster: u32,
}

/// The reference network with `case`'s rents and rate (walked there by the admin, a day per
/// step, before `T0`), fees of 1 % + 2 % taken at settlement, a one-hour grace period; an idle
/// cluster and a spent one (a tenant's day of rent settled into it, then released); the app's
/// bucket allocated at `T0` with `case.deposit` beyond the grace period's rent. The bucket has
/// a writer and is offered to the heir.
fn world(case: Case) -> (Chain, Ids) {
    let mut c = Chain::deploy(&admin(), 0);
    let walk = rate_walk(TOKEN, case.usd_per_cere);
    c.set_time(T0 - (walk.len() as u64 + 1) * RATE_WINDOW_MS);
    c.walk_usd_per_cere(&admin(), case.usd_per_cere);
    assert_eq!(c.time(), T0 - RATE_WINDOW_MS);
    let ok = |o: Result<(), Error>| o.expect("set-up call");
    ok(c.tx(&admin(), "admin_set_grace_period", GRACE, 0));
    let fees = FeeConfig {
        network_fee_bp: 100,
        network_fee_destination: ink_id(&treasury()),
        cluster_management_fee_bp: 200,
    };
    ok(c.tx(&admin(), "admin_set_fee_config", fees, 0));
    let mut nodes = [0u32; 3];
    for (p, node) in providers().iter().zip(&mut nodes) {
        c.mint(p, 1000 * TOKEN);
        ok(c.tx(p, "node_trust_manager", ink_id(&manager()), 0));
        *node = c
            .tx(p, "node_create", (case.rent, String::from("{}"), 100u32), 0)
            .expect("node_create");
    }
    let spare_node: u32 = c
        .tx(
            &providers()[0],
            "node_create",
            (case.rent, String::from("{}"), 100u32),
            0,
        )
        .expect("node_create");
    c.mint(&manager(), 1000 * TOKEN);
    let create = |c: &mut Chain, vnodes: u32, on: Vec<u32>| -> u32 {
        let id = c
            .tx(
                &manager(),
                "cluster_create",
                (ink_id(&manager()), vnodes, on, String::from("{}")),
                0,
            )
            .expect("cluster_create");
        ok(c.tx(&manager(), "cluster_reserve_resource", (id, 10u32), 0));
        id
    };
    let cluster = create(&mut c, 6, nodes.to_vec());
    let idle_cluster = create(&mut c, 2, nodes[..2].to_vec());
    let spent_cluster = create(&mut c, 2, nodes[1..].to_vec());
    // The tenant pays a day of rent into the spent cluster, then releases its unit.
    let tenants_rate = 2 * case.rent;
    let tenants_deposit = cost(tenants_rate, DAY, case.usd_per_cere)
        + cost(tenants_rate, GRACE, case.usd_per_cere)
        + 1;
    c.mint(&tenant(), tenants_deposit + 1000 * TOKEN);
    let tenants: u32 = c
        .tx(
            &tenant(),
            "bucket_create",
            (String::from("{}"), spent_cluster),
            tenants_deposit,
        )
        .expect("bucket_create");
    ok(c.tx(&tenant(), "bucket_alloc_into_cluster", (tenants, 1u32), 0));
    c.set_time(T0);
    ok(c.tx(&tenant(), "bucket_release_resource", (tenants, 1u32), 0));

    // The app's bucket: the grace period's rent and the case's deposit, sent along.
    let rate = case.rent * 6 * case.resource as Balance;
    let deposit = cost(rate, GRACE, case.usd_per_cere) + case.deposit;
    c.mint(&app(), deposit + 1000 * TOKEN);
    c.mint(&stranger(), 1000 * TOKEN);
    c.mint(&heir(), HEIRS_VALUE + 1000 * TOKEN);
    let bucket: u32 = c
        .tx(
            &app(),
            "bucket_create",
            (String::from("{}"), cluster),
            deposit,
        )
        .expect("bucket_create");
    ok(c.tx(
        &app(),
        "bucket_alloc_into_cluster",
        (bucket, case.resource),
        0,
    ));
    ok(c.tx(
        &app(),
        "bucket_set_writer_perm",
        (bucket, ink_id(&writer())),
        0,
    ));
    ok(c.tx(&app(), "bucket_change_owner", (bucket, ink_id(&heir())), 0));
    let ids = Ids {
        cluster,
        bucket,
        nodes,
        spare_node,
        idle_cluster,
        spent_cluster,
    };
    (c, ids)
}

/// One call a client would make: (caller, message, SCALE args, value).
type Call = (AccountId32, &'static str, Vec<u8>, Balance);

fn calls(w: &Ids, case: Case) -> Vec<Call> {
    use ink::scale::Encode;
    let (cluster, bucket, p0) = (w.cluster, w.bucket, providers()[0].clone());
    let other_fees = FeeConfig {
        network_fee_bp: 300,
        network_fee_destination: ink_id(&stranger()),
        cluster_management_fee_bp: 700,
    };
    vec![
        (stranger(), "bucket_settle_payment", bucket.encode(), 0),
        (
            app(),
            "bucket_alloc_into_cluster",
            (bucket, 1u32).encode(),
            0,
        ),
        (app(), "account_withdraw", (TOKEN / 1000).encode(), 0),
        (app(), "account_deposit", ().encode(), TOKEN),
        (
            stranger(),
            "cluster_distribute_revenues",
            cluster.encode(),
            0,
        ),
        (app(), "bucket_get", bucket.encode(), 0),
        (app(), "bucket_set_resource_cap", (bucket, 5u32).encode(), 0),
        (app(), "bucket_release_resource", (bucket, 1u32).encode(), 0),
        (app(), "bucket_close", bucket.encode(), 0),
        (stranger(), "bucket_expire", bucket.encode(), 0),
        (
            app(),
            "bucket_change_owner",
            (bucket, ink_id(&stranger())).encode(),
            0,
        ),
        (
            heir(),
            "bucket_change_owner",
            (bucket, ink_id(&heir())).encode(),
            HEIRS_VALUE,
        ),
        (
            app(),
            "bucket_set_writer_perm",
            (bucket, ink_id(&stranger())).encode(),
            0,
        ),
        (
            app(),
            "bucket_revoke_writer_perm",
            (bucket, ink_id(&writer())).encode(),
            0,
        ),
        (stranger(), "get_bucket_writers", bucket.encode(), 0),
        // The oracle's rate, kept: within any window's bound, whenever it lands.
        (
            admin(),
            "account_set_usd_per_cere",
            case.usd_per_cere.encode(),
            0,
        ),
        // Pays the network fees pending (after a settlement) to the old destination first.
        (admin(), "admin_set_fee_config", other_fees.encode(), 0),
        // Distributes the revenues pending (after a settlement) at the old assignment first.
        (
            manager(),
            "cluster_replace_node",
            (cluster, 0u32, w.nodes[1]).encode(),
            0,
        ),
        (
            manager(),
            "cluster_set_resource_per_v_node",
            (cluster, 9u32).encode(),
            0,
        ),
        (
            manager(),
            "cluster_add_node",
            (w.idle_cluster, w.nodes[2], 1u32).encode(),
            0,
        ),
        (
            manager(),
            "cluster_remove_node",
            (w.idle_cluster, w.nodes[1]).encode(),
            0,
        ),
        (manager(), "cluster_remove", w.idle_cluster.encode(), 0),
        // Each distributes the tenant's day of rent first.
        (
            manager(),
            "cluster_add_node",
            (w.spent_cluster, w.nodes[0], 1u32).encode(),
            0,
        ),
        (
            manager(),
            "cluster_remove_node",
            (w.spent_cluster, w.nodes[1]).encode(),
            0,
        ),
        (manager(), "cluster_remove", w.spent_cluster.encode(), 0),
        (
            p0.clone(),
            "node_change_capacity",
            (w.nodes[0], 90u32).encode(),
            0,
        ),
        (
            p0.clone(),
            "node_change_rent",
            (w.nodes[0], case.rent * 2).encode(),
            0,
        ),
        (p0, "node_remove", w.spare_node.encode(), 0),
    ]
}

/// Dry-runs `call` at `t`, then executes it at `t + delta` with exactly the estimate's limits
/// (state rolled back after). Returns (estimate, outcome at t + delta, estimate at t + delta).
fn estimate_then_execute(
    c: &mut Chain,
    call: &Call,
    t: u64,
    delta: u64,
) -> (Estimate, Outcome, Estimate) {
    use ddc_tests::RawArgs;
    let (caller, message, args, value) = call;
    let snapshot = c.checkpoint();
    c.set_time(t);
    let estimate = c.estimate(caller, message, RawArgs(args.clone()), *value);
    c.set_time(t.saturating_add(delta));
    let later = c.estimate(caller, message, RawArgs(args.clone()), *value);
    let outcome = c.call_limited(
        caller,
        message,
        RawArgs(args.clone()),
        *value,
        estimate.gas_required,
        Some(estimate.storage_deposit),
    );
    c.rollback(snapshot);
    (estimate, outcome, later)
}

/// The call ran within the estimate: it returned, or reverted with a typed error that the state
/// at `t + Δ` justifies (a withdrawal the accrued rent no longer leaves free; an allocation or
/// an acceptance the deposit no longer covers for the grace period; an acceptance while the old
/// owner owes rent it can no longer pay) — never out of gas, out of storage deposit or trapped.
fn check(message: &str, delta: u64, estimate: &Estimate, outcome: &Outcome, later: &Estimate) {
    if !matches!(estimate.outcome, Outcome::Returned(_)) {
        // The dry run failed (e.g. `bucket_expire` before the grace period ran out): a client
        // does not submit.
        return;
    }
    let justified = |out: &[u8]| match (message, typed_error(out)) {
        ("account_withdraw", Some(Error::InsufficientBalance)) => true,
        ("bucket_alloc_into_cluster", Some(Error::InsufficientDeposit)) => true,
        ("bucket_change_owner", Some(Error::InsufficientBalance | Error::InsufficientDeposit)) => {
            true
        }
        _ => false,
    };
    match outcome {
        Outcome::Returned(_) => {}
        Outcome::Reverted(out) if justified(out) => {}
        other => panic!(
            "{message}, dry run then {delta} ms later with its estimate {:?} / {}: {other:?}",
            estimate.gas_required, estimate.storage_deposit
        ),
    }
    // The cost does not depend on the time: a dry run in the later block estimates the same.
    if matches!(later.outcome, Outcome::Returned(_))
        && matches!(estimate.outcome, Outcome::Returned(_))
    {
        assert_eq!(
            later.gas_required, estimate.gas_required,
            "{message}: the estimate {delta} ms later differs"
        );
    }
}

/// The paths inside a message that depend on earlier calls and that a successful call took,
/// named as [`PATHS_INSIDE`] lists them: a distribution inside a change of the ring or a
/// cluster's removal, a payout of network fees inside a fee change.
fn path_inside(message: &str, events: &[ddc_bucket::events::Event]) -> Option<&'static str> {
    use ddc_bucket::events::Event;
    let paid_out = events
        .iter()
        .any(|e| matches!(e, Event::ClusterDistributeRevenues(_)));
    let fees_paid = events
        .iter()
        .any(|e| matches!(e, Event::NetworkFeesPaid(_)));
    match message {
        "cluster_replace_node" if paid_out => Some("cluster_replace_node, revenues paid out first"),
        "cluster_add_node" if paid_out => Some("cluster_add_node, revenues paid out first"),
        "cluster_remove_node" if paid_out => Some("cluster_remove_node, revenues paid out first"),
        "cluster_remove" if paid_out => Some("cluster_remove, revenues paid out first"),
        "admin_set_fee_config" if fees_paid => {
            Some("admin_set_fee_config, network fees paid first")
        }
        _ => None,
    }
}

const PATHS_INSIDE: [&str; 5] = [
    "cluster_replace_node, revenues paid out first",
    "cluster_add_node, revenues paid out first",
    "cluster_remove_node, revenues paid out first",
    "cluster_remove, revenues paid out first",
    "admin_set_fee_config, network fees paid first",
];

/// Checks every call of [`calls`] at `t` for each delta; returns how many checks ran and the
/// messages (and [`PATHS_INSIDE`]) that executed successfully with their estimate at least
/// once.
fn check_world(case: Case, t: u64, deltas: &[u64]) -> (usize, BTreeSet<&'static str>) {
    let (mut c, ids) = world(case);
    let mut checked = 0;
    let mut returned = BTreeSet::new();
    let mut run = |c: &mut Chain| {
        for call in calls(&ids, case) {
            for &delta in deltas {
                let (estimate, outcome, later) = estimate_then_execute(c, &call, t, delta);
                check(call.1, delta, &estimate, &outcome, &later);
                checked += 1;
                if matches!(outcome, Outcome::Returned(_)) {
                    returned.insert(call.1);
                    // The log keeps the call's record after the rollback.
                    returned.extend(path_inside(call.1, &c.last().events));
                }
            }
        }
    };
    run(&mut c);
    // The same after a settlement in the dry run's block (nothing due at the dry run; revenues
    // and network fees pending in the cluster).
    c.set_time(t);
    let _ = c.call(&stranger(), "bucket_settle_payment", ids.bucket, 0);
    run(&mut c);
    (checked, returned)
}

/// Rich and short payers, small and huge rents, at parity and at extreme rates; dry runs in the
/// allocation's block (nothing due) and an hour later.
#[test]
fn every_time_dependent_call_succeeds_with_its_dry_run_estimate() {
    let cases = [
        // Rich payer, reference rents.
        Case {
            rent: 10 * TOKEN,
            deposit: 500 * TOKEN,
            usd_per_cere: TOKEN,
            resource: 1,
        },
        // Short payer: runs dry a minute after the grace period's hour.
        Case {
            rent: 10 * TOKEN,
            deposit: TOKEN / 100,
            usd_per_cere: TOKEN,
            resource: 8,
        },
        // Nothing beyond the grace period's rent: dry an hour after the allocation.
        Case {
            rent: 10 * TOKEN,
            deposit: 0,
            usd_per_cere: TOKEN,
            resource: 1,
        },
        // Tiny rent and amounts.
        Case {
            rent: 1,
            deposit: 1,
            usd_per_cere: TOKEN,
            resource: 1,
        },
        // Huge rent (the bound on a payer's rate is 2^64 − 1 USD units per month).
        Case {
            rent: 300_000_000_000_000_000,
            deposit: 100_000 * TOKEN,
            usd_per_cere: 3 * TOKEN,
            resource: 1,
        },
        // Extreme exchange rates.
        Case {
            rent: 10 * TOKEN,
            deposit: 500 * TOKEN,
            usd_per_cere: 1,
            resource: 2,
        },
        Case {
            rent: 10 * TOKEN,
            deposit: 500 * TOKEN,
            usd_per_cere: ddc_bucket::currency::MAX_USD_PER_CERE,
            resource: 2,
        },
    ];
    let mut checked = 0;
    let mut returned = BTreeSet::new();
    for case in cases {
        // Past the grace period: short payers' buckets can be expired.
        for t in [T0, T0 + HOUR, T0 + 10 * DAY] {
            let (n, ok) = check_world(case, t, &DELTAS);
            checked += n;
            returned.extend(ok);
        }
    }
    // Each message went through with its own estimate at least once (not only failed dry runs).
    let mut all: BTreeSet<&str> = calls(&Ids::default(), cases[0])
        .iter()
        .map(|call| call.1)
        .collect();
    all.extend(PATHS_INSIDE);
    assert_eq!(returned, all, "messages that never executed successfully");
    println!("gas estimates: {checked} dry-run-then-execute checks, all within the estimate");
}

/// The oracle's rate across a window boundary: dry-run inside a day-long window (bounded by
/// the rate it began with), executed once the window is over (the call opens a new window from
/// the rate then) with exactly the estimate; and dry-run before any window was opened.
#[test]
fn a_rate_dry_run_inside_a_window_succeeds_after_it_with_its_estimate() {
    use ddc_bucket::perm::entity::Permission;
    use ink::scale::Encode;
    let oracle = who(12);
    let mut c = Chain::deploy(&admin(), 0);
    c.set_time(T0);
    c.tx::<()>(
        &admin(),
        "admin_grant_permission",
        (ink_id(&oracle), Permission::SetExchangeRate),
        0,
    )
    .unwrap();
    let mut checked = 0;
    // No window yet: the dry run and the call both open one.
    let first = (
        oracle.clone(),
        "account_set_usd_per_cere",
        (3 * TOKEN / 2).encode(),
        0,
    );
    for delta in DELTAS {
        let (estimate, outcome, later) = estimate_then_execute(&mut c, &first, T0, delta);
        assert!(matches!(outcome, Outcome::Returned(_)), "{outcome:?}");
        check(first.1, delta, &estimate, &outcome, &later);
        checked += 1;
    }
    // The window opens at T0 from 1 USD per CERE; 2 and 1 USD stay within its bound and within
    // the next window's (from 1.5 USD).
    c.tx::<()>(&oracle, "account_set_usd_per_cere", 3 * TOKEN / 2, 0)
        .unwrap();
    for rate in [2 * TOKEN, TOKEN, 3 * TOKEN / 2] {
        let call = (oracle.clone(), "account_set_usd_per_cere", rate.encode(), 0);
        for dry_run_at in [T0 + 1, T0 + DAY - 1] {
            for delta in [1, 2, HOUR, DAY, 31 * DAY] {
                let (estimate, outcome, later) =
                    estimate_then_execute(&mut c, &call, dry_run_at, delta);
                assert!(
                    matches!(estimate.outcome, Outcome::Returned(_)),
                    "{rate} at {dry_run_at}: {:?}",
                    estimate.outcome
                );
                assert!(
                    matches!(outcome, Outcome::Returned(_)),
                    "{rate} dry-run at {dry_run_at}, run {delta} ms later: {outcome:?}"
                );
                check(call.1, delta, &estimate, &outcome, &later);
                checked += 1;
            }
        }
    }
    println!("rate across windows: {checked} dry-run-then-execute checks");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    /// Random rents, deposits, rates, allocations, dry-run times and delays.
    #[test]
    fn random_cases_succeed_with_their_dry_run_estimate(
        rent in prop_oneof![Just(1u128), 1u128..=1_000 * TOKEN, Just(300_000_000_000_000_000u128)],
        deposit in prop_oneof![Just(0u128), 1u128..=TOKEN, TOKEN..=100_000 * TOKEN],
        usd_per_cere in prop_oneof![Just(TOKEN), 1u128..=1_000 * TOKEN],
        resource in 1u32..=8,
        wait in 0u64..=100 * DAY,
        delta in prop_oneof![0u64..=10_000, 0u64..=400 * DAY],
    ) {
        let case = Case { rent, deposit, usd_per_cere, resource };
        check_world(case, T0 + wait, &[delta]);
    }
}
