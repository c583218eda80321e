//! Every call succeeds with the gas its own dry run estimated, in a later block.
//!
//! A client (cargo-contract `-x`, polkadot.js apps, Contracts UI) dry-runs a call at the latest
//! block and submits it with the estimate as its limits; the extrinsic executes in a later block,
//! with more time elapsed and bigger amounts. pallet-contracts' estimate is exact for the path
//! the dry run took, so the contract must cost the same (or less) whatever the time and the
//! amounts: here each time-dependent message is dry-run at `t` and executed at `t + Δ` with
//! exactly the estimated gas (`ref_time` and `proof_size`) and storage deposit, for Δ from 0 to
//! a month, small and huge amounts, short and rich payers, and over random cases.

use ddc_bucket::error::Error;
use ddc_bucket::types::{Balance, TOKEN};
use ddc_tests::{ink_id, typed_error, Chain, Estimate, Outcome};
use drink::AccountId32;
use proptest::prelude::*;
use std::collections::BTreeSet;

use ddc_tests::actors::{admin, app, manager, providers, stranger, who};

/// Offered the app's bucket; accepts it, sending [`HEIRS_VALUE`].
fn heir() -> AccountId32 {
    who(9)
}
/// Writes to the app's bucket (granted in the set-up).
fn writer() -> AccountId32 {
    who(10)
}
/// What the heir sends with its acceptance: enough to cover any case's rent for the grace
/// period (the largest: 1.44e19 USD units a month at 1e-10 USD per CERE, 3.3e28 a week).
const HEIRS_VALUE: Balance = 100_000_000_000_000_000_000_000_000_000;
/// What the app deposits to allocate (the same bound), before it takes back all but the case's
/// deposit.
const ALLOCATION_DEPOSIT: Balance = HEIRS_VALUE;

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
    /// The app's deposit.
    deposit: Balance,
    usd_per_cere: Balance,
    /// Allocated per vnode at `T0` (at most 8 of the 10 reserved).
    resource: u32,
}

/// The reference network with `case`'s rents and rate; the app's bucket allocated at `T0`, with
/// its deposit: the app deposits enough to allocate (an allocation must be covered for the
/// grace period), then withdraws all but `case.deposit` (nothing is owed yet at `T0`). The
/// bucket has a writer and is offered to the heir.
fn world(case: Case) -> (Chain, u32, u32) {
    let mut c = Chain::deploy(&admin(), 0);
    c.set_time(T0);
    let ok = |o: Result<(), Error>| o.expect("set-up call");
    ok(c.tx(&admin(), "account_set_usd_per_cere", case.usd_per_cere, 0));
    let mut nodes = vec![];
    for p in providers() {
        c.mint(&p, 1000 * TOKEN);
        ok(c.tx(&p, "node_trust_manager", ink_id(&manager()), 0));
        let id: u32 = c
            .tx(
                &p,
                "node_create",
                (case.rent, String::from("{}"), 100u32),
                0,
            )
            .expect("node_create");
        nodes.push(id);
    }
    c.mint(&manager(), 1000 * TOKEN);
    let cluster: u32 = c
        .tx(
            &manager(),
            "cluster_create",
            (ink_id(&manager()), 6u32, nodes, String::from("{}")),
            0,
        )
        .expect("cluster_create");
    ok(c.tx(&manager(), "cluster_reserve_resource", (cluster, 10u32), 0));
    c.mint(&app(), ALLOCATION_DEPOSIT + 1000 * TOKEN);
    c.mint(&stranger(), 1000 * TOKEN);
    c.mint(&heir(), HEIRS_VALUE + 1000 * TOKEN);
    let bucket: u32 = c
        .tx(
            &app(),
            "bucket_create",
            (String::from("{}"), cluster),
            ALLOCATION_DEPOSIT,
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
        "account_withdraw",
        ALLOCATION_DEPOSIT - case.deposit,
        0,
    ));
    ok(c.tx(
        &app(),
        "bucket_set_writer_perm",
        (bucket, ink_id(&writer())),
        0,
    ));
    ok(c.tx(&app(), "bucket_change_owner", (bucket, ink_id(&heir())), 0));
    (c, cluster, bucket)
}

/// One call a client would make: (caller, message, SCALE args, value).
type Call = (AccountId32, &'static str, Vec<u8>, Balance);

fn calls(cluster: u32, bucket: u32) -> Vec<Call> {
    use ink::scale::Encode;
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

/// Checks every call of [`calls`] at `t` for each delta; returns how many checks ran and the
/// messages that executed successfully with their estimate at least once.
fn check_world(case: Case, t: u64, deltas: &[u64]) -> (usize, BTreeSet<&'static str>) {
    let (mut c, cluster, bucket) = world(case);
    let mut checked = 0;
    let mut returned = BTreeSet::new();
    let mut run = |c: &mut Chain| {
        for call in calls(cluster, bucket) {
            for &delta in deltas {
                let (estimate, outcome, later) = estimate_then_execute(c, &call, t, delta);
                check(call.1, delta, &estimate, &outcome, &later);
                checked += 1;
                if matches!(outcome, Outcome::Returned(_)) {
                    returned.insert(call.1);
                }
            }
        }
    };
    run(&mut c);
    // The same after a settlement in the dry run's block (nothing due at the dry run).
    c.set_time(t);
    let _ = c.call(&stranger(), "bucket_settle_payment", bucket, 0);
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
        // Short payer: runs dry within the hour.
        Case {
            rent: 10 * TOKEN,
            deposit: TOKEN / 100,
            usd_per_cere: TOKEN,
            resource: 8,
        },
        // No deposit at all.
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
        // Past the grace period (10 days): short payers' buckets can be expired.
        for t in [T0, T0 + HOUR, T0 + 10 * DAY] {
            let (n, ok) = check_world(case, t, &DELTAS);
            checked += n;
            returned.extend(ok);
        }
    }
    // Each message went through with its own estimate at least once (not only failed dry runs).
    let all: BTreeSet<&str> = calls(1, 1).iter().map(|call| call.1).collect();
    assert_eq!(returned, all, "messages that never executed successfully");
    println!("gas estimates: {checked} dry-run-then-execute checks, all within the estimate");
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
