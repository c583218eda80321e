//! The compiled contract on pallet-contracts (drink's in-process runtime): real dispatch,
//! selectors, payability, transfers, reverts, gas and storage deposits.

use ddc_bucket::account::entity::Account;
use ddc_bucket::bucket::entity::BucketStatus;
use ddc_bucket::cluster::entity::ClusterStatus;
use ddc_bucket::error::Error;
use ddc_bucket::events::*;
use ddc_bucket::fee::entity::FeeConfig;
use ddc_bucket::node::entity::NodeStatus;
use ddc_bucket::types::{Balance, MS_PER_MONTH, TOKEN};
use ddc_tests::{ink_id, typed_error, Chain, Outcome, RawArgs};
use drink::AccountId32;

fn who(n: u8) -> AccountId32 {
    AccountId32::new([n; 32])
}
fn admin() -> AccountId32 {
    who(1)
}
fn manager() -> AccountId32 {
    who(2)
}
fn providers() -> [AccountId32; 3] {
    [who(3), who(4), who(5)]
}
fn app() -> AccountId32 {
    who(6)
}
fn treasury() -> AccountId32 {
    who(7)
}

/// A realistic start time: 2026-01-01.
const T0: u64 = 1_767_225_600_000;
const HOUR: u64 = 3_600_000;
const DAY: u64 = 24 * HOUR;

/// What a settlement at `to` takes after one at `from`, for a flow of `rate` USD per month
/// allocated at `T0`, at parity: accrual is exact and converted once, the fraction carried, so
/// the settlements add up to `floor(rate × (to − T0) / month)` (docs/payment-math.md).
fn accrued(rate: Balance, from: u64, to: u64) -> Balance {
    rate * (to - T0) as Balance / MS_PER_MONTH - rate * (from - T0) as Balance / MS_PER_MONTH
}

fn deposit_of(c: &mut Chain, a: &AccountId32) -> Balance {
    c.query::<Result<Account, Error>>("account_get", ink_id(a))
        .unwrap()
        .deposit
        .value
}

fn revenues(c: &mut Chain, cluster: u32) -> Balance {
    c.query::<Result<ClusterStatus, Error>>("cluster_get", cluster)
        .unwrap()
        .cluster
        .revenues
        .value
}

/// Calls a message and checks the caller's free balance moved by exactly −value − storage
/// deposit (+ what the contract paid to it, `received`).
fn tx_exact<T: ink::scale::Decode>(
    c: &mut Chain,
    caller: &AccountId32,
    message: &str,
    args: impl ink::scale::Encode,
    value: Balance,
    received: Balance,
) -> Result<T, Error> {
    let before = c.balance(caller);
    let out = c.tx::<T>(caller, message, args, value);
    let after = c.balance(caller);
    let charged = if out.is_ok() {
        c.last().storage_deposit
    } else {
        0
    };
    let paid = if out.is_ok() { value } else { 0 };
    assert_eq!(
        after as i128,
        before as i128 - paid as i128 - charged + received as i128,
        "{message}: caller balance"
    );
    out
}

/// The reference network: three providers trust the manager and register a node each (rent
/// 10 TOKEN, capacity 100); the manager builds a 6-vnode cluster and reserves 10 per vnode.
fn network(c: &mut Chain) -> (u32, Vec<u32>) {
    for p in providers() {
        c.mint(&p, 1000 * TOKEN);
        tx_exact::<()>(c, &p, "node_trust_manager", ink_id(&manager()), 0, 0).unwrap();
    }
    let mut nodes = vec![];
    for (i, p) in providers().iter().enumerate() {
        let params = format!("{{\"url\":\"https://node-{i}.ddc.example\",\"engineType\":1}}");
        let id: u32 = tx_exact(c, p, "node_create", (10 * TOKEN, params, 100u32), 0, 0).unwrap();
        assert_eq!(
            c.last().events,
            vec![Event::from(NodeCreated {
                node_id: id,
                provider_id: ink_id(p),
                rent_per_month: 10 * TOKEN,
                node_params: format!(
                    "{{\"url\":\"https://node-{i}.ddc.example\",\"engineType\":1}}"
                ),
            })]
        );
        nodes.push(id);
    }
    c.mint(&manager(), 1000 * TOKEN);
    let cluster: u32 = tx_exact(
        c,
        &manager(),
        "cluster_create",
        (
            ink_id(&manager()),
            6u32,
            nodes.clone(),
            String::from("{\"replication\":3}"),
        ),
        0,
        0,
    )
    .unwrap();
    tx_exact::<()>(
        c,
        &manager(),
        "cluster_reserve_resource",
        (cluster, 10u32),
        0,
        0,
    )
    .unwrap();
    (cluster, nodes)
}

#[test]
fn full_lifecycle_with_exact_balances() {
    let mut c = Chain::deploy(&admin(), 0);
    assert_eq!(
        c.last().events,
        vec![Event::from(GrantPermission {
            account_id: ink_id(&admin()),
            permission: ddc_bucket::perm::entity::Permission::SuperAdmin,
        })]
    );
    c.set_time(T0);
    let (cluster, nodes) = network(&mut c);
    for &n in &nodes {
        assert_eq!(
            c.query::<Result<NodeStatus, Error>>("node_get", n)
                .unwrap()
                .node
                .free_resource,
            80
        );
    }
    let status = c
        .query::<Result<ClusterStatus, Error>>("cluster_get", cluster)
        .unwrap();
    assert_eq!(status.cluster.vnodes, vec![1, 2, 3, 1, 2, 3]);
    assert_eq!(status.cluster.total_rent, 60 * TOKEN);

    // The app creates a bucket sending 4 TOKEN (credited), allocates 1, deposits 6 TOKEN more.
    c.mint(&app(), 1000 * TOKEN);
    let contract = c.contract.clone();
    let contract_before = c.balance(&contract);
    let bucket: u32 = tx_exact(
        &mut c,
        &app(),
        "bucket_create",
        (String::from("{\"replication\":3}"), cluster),
        4 * TOKEN,
        0,
    )
    .unwrap();
    assert_eq!(
        c.last().events,
        vec![
            Event::from(BucketCreated {
                bucket_id: bucket,
                owner_id: ink_id(&app())
            }),
            Deposit {
                account_id: ink_id(&app()),
                value: 4 * TOKEN
            }
            .into(),
        ]
    );
    tx_exact::<()>(
        &mut c,
        &app(),
        "bucket_alloc_into_cluster",
        (bucket, 1u32),
        0,
        0,
    )
    .unwrap();
    tx_exact::<()>(&mut c, &app(), "account_deposit", (), 6 * TOKEN, 0).unwrap();
    assert_eq!(
        c.balance(&contract),
        contract_before + 10 * TOKEN,
        "value reached the contract"
    );
    assert_eq!(deposit_of(&mut c, &app()), 10 * TOKEN);

    let rate = 60 * TOKEN;
    let status = c
        .query::<Result<BucketStatus, Error>>("bucket_get", bucket)
        .unwrap();
    // Exact accrual: 10 TOKEN pay for 10 TOKEN × MS_PER_MONTH rate-ms from T0 on.
    let covered = ((rate * T0 as Balance + 10 * TOKEN * MS_PER_MONTH) / rate) as u64;
    assert_eq!(status.rent_covered_until_ms, covered);
    assert_eq!(status.writer_ids, vec![ink_id(&app())]);

    // Time passes: 1 hour, then 1 day. Anyone may settle; each pays exactly the formula.
    let mut last = T0;
    let mut paid = 0;
    for t in [T0 + HOUR, T0 + DAY] {
        c.set_time(t);
        let due = accrued(rate, last, t);
        let anyone = treasury_funded(&mut c);
        tx_exact::<()>(&mut c, &anyone, "bucket_settle_payment", bucket, 0, 0).unwrap();
        assert_eq!(
            c.last().events,
            vec![Event::from(BucketSettlePayment {
                bucket_id: bucket,
                cluster_id: cluster,
                value: due
            })]
        );
        paid += due;
        assert_eq!(deposit_of(&mut c, &app()), 10 * TOKEN - paid);
        assert_eq!(revenues(&mut c, cluster), paid);
        last = t;
    }

    // Distribution with fees: network 100 bp to the treasury, management 200 bp.
    let fees = FeeConfig {
        network_fee_bp: 100,
        network_fee_destination: ink_id(&treasury()),
        cluster_management_fee_bp: 200,
    };
    tx_exact::<()>(&mut c, &admin(), "admin_set_fee_config", fees, 0, 0).unwrap();
    let r0 = revenues(&mut c, cluster);
    let nf = r0 / 100;
    let mf = (r0 - nf) * 2 / 100;
    let per_vnode = (r0 - nf - mf) / 6;
    let balances_before: Vec<Balance> = providers().iter().map(|p| c.balance(p)).collect();
    let treasury_before = c.balance(&treasury());
    let manager_before = c.balance(&manager());
    let contract_before = c.balance(&contract);
    tx_exact::<()>(
        &mut c,
        &admin(),
        "cluster_distribute_revenues",
        cluster,
        0,
        0,
    )
    .unwrap();
    for (i, p) in providers().iter().enumerate() {
        assert_eq!(
            c.balance(p),
            balances_before[i] + 2 * per_vnode,
            "provider {i} paid its two vnodes"
        );
    }
    assert_eq!(c.balance(&treasury()), treasury_before + nf);
    assert_eq!(c.balance(&manager()), manager_before + mf);
    let left = r0 - nf - mf - 6 * per_vnode;
    assert_eq!(revenues(&mut c, cluster), left);
    assert_eq!(
        c.balance(&contract),
        contract_before - (r0 - left),
        "the contract paid exactly the distribution"
    );
    let events = &c.last().events;
    assert_eq!(
        events.len(),
        4,
        "one fee event and one event per provider: {events:?}"
    );

    // A month later the payer has run dry: settlement pays what the deposit holds.
    let t = T0 + 31 * DAY;
    c.set_time(t);
    let due = accrued(rate, last, t);
    let remaining = deposit_of(&mut c, &app());
    assert!(due > remaining);
    tx_exact::<()>(&mut c, &admin(), "bucket_settle_payment", bucket, 0, 0).unwrap();
    assert_eq!(
        c.last().events,
        vec![Event::from(BucketSettlePayment {
            bucket_id: bucket,
            cluster_id: cluster,
            value: remaining
        })]
    );
    assert_eq!(deposit_of(&mut c, &app()), 0);
    let status = c
        .query::<Result<BucketStatus, Error>>("bucket_get", bucket)
        .unwrap();
    assert!(status.rent_covered_until_ms < t, "the shortfall shows");

    // Top-up: the rest is collected, nothing forgiven.
    tx_exact::<()>(&mut c, &app(), "account_deposit", (), 100 * TOKEN, 0).unwrap();
    tx_exact::<()>(&mut c, &admin(), "bucket_settle_payment", bucket, 0, 0).unwrap();
    assert_eq!(
        c.last().events,
        vec![Event::from(BucketSettlePayment {
            bucket_id: bucket,
            cluster_id: cluster,
            value: due - remaining
        })]
    );

    // The app withdraws what is not owed: everything left, as nothing accrued since.
    let free = deposit_of(&mut c, &app());
    assert_eq!(
        c.tx::<()>(&app(), "account_withdraw", free + 1, 0),
        Err(Error::InsufficientBalance)
    );
    tx_exact::<()>(&mut c, &app(), "account_withdraw", free, 0, free).unwrap();
    assert_eq!(deposit_of(&mut c, &app()), 0);

    // The contract holds exactly what it owes (its existential deposit aside).
    let owed = revenues(&mut c, cluster)
        + providers()
            .iter()
            .map(|p| deposit_of_or_zero(&mut c, p))
            .sum::<Balance>();
    let surplus_probe = c.tx::<()>(&admin(), "admin_withdraw", 1u128, 0);
    assert_eq!(
        surplus_probe,
        Err(Error::InsufficientBalance),
        "no surplus: the admin takes nothing"
    );
    assert!(c.balance(&contract) >= owed);

    println!("\n{}", c.cost_table());
}

fn deposit_of_or_zero(c: &mut Chain, a: &AccountId32) -> Balance {
    c.query::<Result<Account, Error>>("account_get", ink_id(a))
        .map(|a| a.deposit.value)
        .unwrap_or(0)
}

/// Someone unrelated who calls settle (anyone may).
fn treasury_funded(c: &mut Chain) -> AccountId32 {
    c.mint(&who(9), TOKEN);
    who(9)
}

#[test]
fn value_sent_to_a_non_payable_message_is_rejected_by_dispatch() {
    let mut c = Chain::deploy(&admin(), 0);
    c.set_time(T0);
    let (cluster, _) = network(&mut c);
    let before = c.balance(&manager());
    let status = c
        .query::<Result<ClusterStatus, Error>>("cluster_get", cluster)
        .unwrap();
    for (message, args) in [
        (
            "node_distrust_manager",
            ink::scale::Encode::encode(&ink_id(&admin())),
        ),
        (
            "cluster_reserve_resource",
            ink::scale::Encode::encode(&(cluster, 1u32)),
        ),
        ("account_withdraw", ink::scale::Encode::encode(&0u128)),
    ] {
        let out = c.call(&manager(), message, RawArgs(args), 5 * TOKEN);
        assert!(
            matches!(out, Outcome::Failed(_) | Outcome::Reverted(_)),
            "{message}: {out:?}"
        );
        assert!(c.last().events.is_empty());
    }
    assert_eq!(c.balance(&manager()), before, "no value moved");
    assert_eq!(
        c.query::<Result<ClusterStatus, Error>>("cluster_get", cluster)
            .unwrap(),
        status
    );
    // The same value on a payable message is accepted and credited.
    tx_exact::<()>(
        &mut c,
        &manager(),
        "node_trust_manager",
        ink_id(&admin()),
        5 * TOKEN,
        0,
    )
    .unwrap();
    assert_eq!(deposit_of(&mut c, &manager()), 5 * TOKEN);
}

#[test]
fn errors_revert_with_the_typed_error_and_change_nothing() {
    let mut c = Chain::deploy(&admin(), 0);
    c.set_time(T0);
    let (cluster, nodes) = network(&mut c);
    c.mint(&app(), 1000 * TOKEN);
    let bucket: u32 = c
        .tx(
            &app(),
            "bucket_create",
            (String::from("{}"), cluster),
            2 * TOKEN,
        )
        .unwrap();
    let contract = c.contract.clone();
    let everyone = [
        admin(),
        manager(),
        app(),
        treasury(),
        providers()[0].clone(),
        contract.clone(),
    ];
    let long = "x".repeat(ddc_bucket::limits::PARAMS_MAX_LEN + 1);
    let cases: Vec<(AccountId32, &str, Vec<u8>, Balance, Error)> = vec![
        (
            app(),
            "bucket_create",
            ink::scale::Encode::encode(&(String::from("{}"), 99u32)),
            3 * TOKEN,
            Error::ClusterDoesNotExist,
        ),
        (
            app(),
            "bucket_create",
            ink::scale::Encode::encode(&(long.clone(), cluster)),
            0,
            Error::ParamsTooBig,
        ),
        (
            admin(),
            "bucket_alloc_into_cluster",
            ink::scale::Encode::encode(&(bucket, 1u32)),
            0,
            Error::UnauthorizedOwner,
        ),
        (
            app(),
            "bucket_alloc_into_cluster",
            ink::scale::Encode::encode(&(bucket, 11u32)),
            0,
            Error::InsufficientResources,
        ),
        (
            app(),
            "bucket_settle_payment",
            ink::scale::Encode::encode(&77u32),
            0,
            Error::BucketDoesNotExist,
        ),
        (
            app(),
            "cluster_reserve_resource",
            ink::scale::Encode::encode(&(cluster, 1u32)),
            0,
            Error::UnauthorizedClusterManager,
        ),
        (
            manager(),
            "cluster_reserve_resource",
            ink::scale::Encode::encode(&(cluster, 41u32)),
            0,
            Error::InsufficientResources,
        ),
        (
            manager(),
            "cluster_replace_node",
            ink::scale::Encode::encode(&(cluster, 6u32, nodes[0])),
            0,
            Error::VNodeDoesNotExist,
        ),
        (
            app(),
            "cluster_create",
            ink::scale::Encode::encode(&(ink_id(&app()), 0u32, nodes.clone(), String::new())),
            0,
            Error::NoVNodes,
        ),
        (
            app(),
            "cluster_create",
            ink::scale::Encode::encode(&(ink_id(&app()), 301u32, nodes.clone(), String::new())),
            0,
            Error::TooManyVNodes,
        ),
        (
            app(),
            "cluster_create",
            ink::scale::Encode::encode(&(ink_id(&app()), 3u32, nodes.clone(), String::new())),
            0,
            Error::ClusterManagerIsNotTrusted,
        ),
        (
            app(),
            "node_change_params",
            ink::scale::Encode::encode(&(nodes[0], String::new())),
            0,
            Error::UnauthorizedProvider,
        ),
        (
            app(),
            "account_set_usd_per_cere",
            ink::scale::Encode::encode(&TOKEN),
            0,
            Error::Unauthorized,
        ),
        (
            admin(),
            "account_set_usd_per_cere",
            ink::scale::Encode::encode(&0u128),
            0,
            Error::InvalidExchangeRate,
        ),
        (
            admin(),
            "admin_revoke_permission",
            ink::scale::Encode::encode(&(
                ink_id(&admin()),
                ddc_bucket::perm::entity::Permission::SuperAdmin,
            )),
            0,
            Error::LastSuperAdmin,
        ),
        (
            admin(),
            "admin_withdraw",
            ink::scale::Encode::encode(&1u128),
            0,
            Error::InsufficientBalance,
        ),
        (
            app(),
            "account_withdraw",
            ink::scale::Encode::encode(&(2 * TOKEN + 1)),
            0,
            Error::InsufficientBalance,
        ),
        (
            treasury(),
            "account_withdraw",
            ink::scale::Encode::encode(&1u128),
            0,
            Error::AccountDoesNotExist,
        ),
        (
            admin(),
            "admin_set_fee_config",
            ink::scale::Encode::encode(&FeeConfig {
                network_fee_bp: 10_001,
                network_fee_destination: ink_id(&admin()),
                cluster_management_fee_bp: 0,
            }),
            0,
            Error::InvalidFeeBasisPoints,
        ),
    ];
    c.mint(&treasury(), TOKEN);
    let before = c.snapshot(&everyone);
    let count = cases.len();
    for (caller, message, args, value, expected) in cases {
        let out = c.call(&caller, message, RawArgs(args), value);
        let Outcome::Reverted(data) = out else {
            panic!("{message}: expected a revert, got {out:?}")
        };
        let err = typed_error(&data).unwrap_or_else(|| panic!("{message}: no typed error"));
        assert_eq!(err, expected, "{message}");
        assert!(c.last().events.is_empty(), "{message} emitted events");
        assert_eq!(c.snapshot(&everyone), before, "{message} changed state");
    }
    println!("{count} error cases reverted with their typed error and changed nothing");
}
