//! The compiled contract on pallet-contracts (drink's in-process runtime): real dispatch,
//! selectors, payability, transfers, reverts, gas and storage deposits.

use ddc_bucket::error::Error;
use ddc_bucket::events::*;
use ddc_bucket::fee::entity::FeeConfig;
use ddc_bucket::perm::entity::Permission;
use ddc_bucket::types::{Balance, Params, MS_PER_MONTH, TOKEN};
use ddc_tests::{ink_id, typed_error, Chain, Outcome, RawArgs, Transactions, Views};
use drink::AccountId32;
use ink::scale::{Decode, Encode};

use ddc_tests::actors::{admin, app, manager, providers, treasury, who};

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
    c.account_get(ink_id(a)).unwrap().deposit.value
}

fn revenues(c: &mut Chain, cluster: u32) -> Balance {
    c.cluster_get(cluster).unwrap().cluster.revenues.value
}

/// The messages, each call also checking that the caller's free balance moved by exactly
/// −value − storage deposit (+ what the contract paid to it, `received`):
/// `exact(c, 0).account_deposit(&app(), TOKEN)`.
struct Exact<'a> {
    c: &'a mut Chain,
    received: Balance,
}

fn exact(c: &mut Chain, received: Balance) -> Exact<'_> {
    Exact { c, received }
}

impl Transactions for Exact<'_> {
    type Caller = AccountId32;
    type Tx<T> = Result<T, Error>;

    fn transact<T: Decode>(
        &mut self,
        caller: &AccountId32,
        message: &str,
        args: impl Encode,
        value: Balance,
    ) -> Result<T, Error> {
        let c = &mut *self.c;
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
            before as i128 - paid as i128 - charged + self.received as i128,
            "{message}: caller balance"
        );
        out
    }
}

/// `caller` settles `bucket` of `cluster` (its balance checked): one `BucketSettlePayment` of
/// exactly `value` CERE for `usd_rate_ms` of accrued rent, at the rate in force.
fn settle(
    c: &mut Chain,
    caller: &AccountId32,
    bucket: u32,
    cluster: u32,
    value: Balance,
    usd_rate_ms: Balance,
) {
    let usd_per_cere = c.account_get_usd_per_cere();
    exact(c, 0).bucket_settle_payment(caller, bucket).unwrap();
    assert_eq!(
        c.last().events,
        vec![Event::from(BucketSettlePayment {
            bucket_id: bucket,
            cluster_id: cluster,
            value,
            usd_rate_ms,
            usd_per_cere,
        })]
    );
}

/// How a settlement of `value` CERE splits under fees of `network_bp` and `management_bp`:
/// (network fee, management fee, providers' part), each floored as the contract does.
fn split(value: Balance, network_bp: Balance, management_bp: Balance) -> [Balance; 3] {
    let network = value * network_bp / 10_000;
    let management = (value - network) * management_bp / 10_000;
    [network, management, value - network - management]
}

/// The reference network: three providers trust the manager and register a node each (rent
/// 10 TOKEN, capacity 100); the manager builds a 6-vnode cluster and reserves 10 per vnode.
fn network(c: &mut Chain) -> (u32, Vec<u32>) {
    for p in providers() {
        c.mint(&p, 1000 * TOKEN);
        exact(c, 0)
            .node_trust_manager(&p, ink_id(&manager()), 0)
            .unwrap();
    }
    let mut nodes = vec![];
    for (i, p) in providers().iter().enumerate() {
        let params = format!("{{\"url\":\"https://node-{i}.ddc.example\",\"engineType\":1}}");
        let id = exact(c, 0)
            .node_create(p, 10 * TOKEN, params.into(), 100, 0)
            .unwrap();
        assert_eq!(
            c.last().events,
            vec![Event::from(NodeCreated {
                node_id: id,
                provider_id: ink_id(p),
                rent_per_month: 10 * TOKEN,
                node_params: format!(
                    "{{\"url\":\"https://node-{i}.ddc.example\",\"engineType\":1}}"
                )
                .into(),
            })]
        );
        nodes.push(id);
    }
    c.mint(&manager(), 1000 * TOKEN);
    let cluster = exact(c, 0)
        .cluster_create(
            &manager(),
            ink_id(&manager()),
            6,
            nodes.clone(),
            "{\"replication\":3}".into(),
            0,
        )
        .unwrap();
    exact(c, 0)
        .cluster_reserve_resource(&manager(), cluster, 10)
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
            permission: Permission::SuperAdmin,
        })]
    );
    c.set_time(T0);
    let (cluster, nodes) = network(&mut c);
    for &n in &nodes {
        assert_eq!(c.node_get(n).unwrap().node.free_resource, 80);
    }
    let status = c.cluster_get(cluster).unwrap();
    assert_eq!(status.cluster.vnodes, vec![1, 2, 3, 1, 2, 3]);
    assert_eq!(status.cluster.total_rent, 60 * TOKEN);

    // Upstream's reference deposit (10 TOKEN) covers 5.17 days of this rent, less than the
    // default grace period an allocation must be covered for: the admin sets one day first.
    exact(&mut c, 0)
        .admin_set_grace_period(&admin(), DAY)
        .unwrap();
    assert_eq!(
        c.last().events,
        vec![Event::from(GracePeriodSet {
            grace_period_ms: DAY
        })]
    );

    // The app creates a bucket sending 4 TOKEN (credited), deposits 6 TOKEN more, allocates 1.
    c.mint(&app(), 1000 * TOKEN);
    let contract = c.contract.clone();
    let contract_before = c.balance(&contract);
    let bucket = exact(&mut c, 0)
        .bucket_create(&app(), "{\"replication\":3}".into(), cluster, 4 * TOKEN)
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
    exact(&mut c, 0).account_deposit(&app(), 6 * TOKEN).unwrap();
    exact(&mut c, 0)
        .bucket_alloc_into_cluster(&app(), bucket, 1)
        .unwrap();
    assert_eq!(
        c.balance(&contract),
        contract_before + 10 * TOKEN,
        "value reached the contract"
    );
    assert_eq!(deposit_of(&mut c, &app()), 10 * TOKEN);

    let rate = 60 * TOKEN;
    let status = c.bucket_get(bucket).unwrap();
    // Exact accrual: 10 TOKEN pay for 10 TOKEN × MS_PER_MONTH rate-ms from T0 on.
    let covered = ((rate * T0 as Balance + 10 * TOKEN * MS_PER_MONTH) / rate) as u64;
    assert_eq!(status.rent_covered_until_ms, covered);
    assert_eq!(status.writer_ids, vec![ink_id(&app())]);

    // Fees from now on, within the 10 % cap: network 100 bp to the treasury, management
    // 200 bp of the rest. Nothing was settled yet, so no network fee is pending.
    let fees = FeeConfig {
        network_fee_bp: 100,
        network_fee_destination: ink_id(&treasury()),
        cluster_management_fee_bp: 200,
    };
    exact(&mut c, 0)
        .admin_set_fee_config(&admin(), fees)
        .unwrap();
    assert_eq!(
        c.last().events,
        vec![Event::from(FeeConfigSet {
            network_fee_bp: 100,
            network_fee_destination: ink_id(&treasury()),
            cluster_management_fee_bp: 200,
        })]
    );
    let above_cap = FeeConfig {
        network_fee_bp: 500,
        cluster_management_fee_bp: 501,
        ..fees
    };
    assert_eq!(
        c.admin_set_fee_config(&admin(), above_cap),
        Err(Error::InvalidFeeBasisPoints)
    );

    // Time passes: 1 hour, then 1 day. Anyone may settle; each pays exactly the formula, and
    // the fees are taken at settlement: the network fee leaves the cluster's revenues.
    let mut last = T0;
    let mut paid = 0;
    let [mut pool, mut management, mut to_providers] = [0; 3];
    for t in [T0 + HOUR, T0 + DAY] {
        c.set_time(t);
        let due = accrued(rate, last, t);
        let anyone = treasury_funded(&mut c);
        settle(
            &mut c,
            &anyone,
            bucket,
            cluster,
            due,
            rate * (t - last) as Balance,
        );
        let [n, m, p] = split(due, 100, 200);
        (pool, management, to_providers) = (pool + n, management + m, to_providers + p);
        paid += due;
        assert_eq!(deposit_of(&mut c, &app()), 10 * TOKEN - paid);
        assert_eq!(revenues(&mut c, cluster), management + to_providers);
        last = t;
    }
    assert!(pool > 0 && management > 0);

    // Distribution: the network pool to the treasury, the management fee to the manager, and
    // each provider (two of the six vnodes, all priced alike) a third of the providers' part,
    // floored once per provider.
    let share = to_providers / 3;
    let balances_before: Vec<Balance> = providers().iter().map(|p| c.balance(p)).collect();
    let treasury_before = c.balance(&treasury());
    let manager_before = c.balance(&manager());
    let contract_before = c.balance(&contract);
    exact(&mut c, 0)
        .cluster_distribute_revenues(&admin(), cluster)
        .unwrap();
    let mut expected = vec![Event::from(ClusterDistributeFees {
        cluster_id: cluster,
        network_fee: pool,
        network_fee_destination: ink_id(&treasury()),
        cluster_management_fee: management,
        manager_id: ink_id(&manager()),
    })];
    for (i, p) in providers().iter().enumerate() {
        assert_eq!(
            c.balance(p),
            balances_before[i] + share,
            "provider {i} paid for its two vnodes"
        );
        expected.push(
            ClusterDistributeRevenues {
                cluster_id: cluster,
                provider_id: ink_id(p),
                value: share,
            }
            .into(),
        );
    }
    assert_eq!(c.last().events, expected);
    assert_eq!(c.balance(&treasury()), treasury_before + pool);
    assert_eq!(c.balance(&manager()), manager_before + management);
    let left = to_providers - 3 * share;
    assert_eq!(revenues(&mut c, cluster), left);
    assert_eq!(
        c.balance(&contract),
        contract_before - (pool + management + 3 * share),
        "the contract paid exactly the distribution"
    );
    let (mut kept, mut pool) = (left, 0);

    // A month later the payer has run dry: settlement pays what the deposit holds, and takes
    // off the flow only the rent that pays for (rounded up, the carry included).
    let t = T0 + 31 * DAY;
    c.set_time(t);
    let due = accrued(rate, last, t);
    let remaining = deposit_of(&mut c, &app());
    assert!(due > remaining);
    let carry = c.account_get(ink_id(&app())).unwrap().settlement_carry;
    let taken = (remaining * MS_PER_MONTH * TOKEN - carry).div_ceil(TOKEN);
    settle(&mut c, &admin(), bucket, cluster, remaining, taken);
    assert_eq!(deposit_of(&mut c, &app()), 0);
    let status = c.bucket_get(bucket).unwrap();
    assert!(status.rent_covered_until_ms < t, "the shortfall shows");

    // Top-up: the rest is collected, nothing forgiven.
    exact(&mut c, 0)
        .account_deposit(&app(), 100 * TOKEN)
        .unwrap();
    settle(
        &mut c,
        &admin(),
        bucket,
        cluster,
        due - remaining,
        rate * (t - last) as Balance - taken,
    );
    for v in [remaining, due - remaining] {
        let [n, m, p] = split(v, 100, 200);
        (pool, kept) = (pool + n, kept + m + p);
    }
    assert_eq!(revenues(&mut c, cluster), kept);

    // The fees go back to none: the network fees settled since the distribution are paid to
    // the destination they were settled for first.
    let treasury_before = c.balance(&treasury());
    exact(&mut c, 0)
        .admin_set_fee_config(&admin(), FeeConfig::default())
        .unwrap();
    assert_eq!(
        c.last().events,
        vec![
            Event::from(NetworkFeesPaid {
                destination: ink_id(&treasury()),
                value: pool,
            }),
            FeeConfigSet {
                network_fee_bp: 0,
                network_fee_destination: ink_id(&AccountId32::new([0; 32])),
                cluster_management_fee_bp: 0,
            }
            .into(),
        ]
    );
    assert_eq!(c.balance(&treasury()), treasury_before + pool);

    // Nothing accrued since the settlement, but the rent runs: a withdrawal leaves what the
    // grace period (a day) will owe, carry included, and not a unit less.
    let account = c.account_get(ink_id(&app())).unwrap();
    let grace_rent =
        (rate * DAY as Balance * TOKEN + account.settlement_carry) / (MS_PER_MONTH * TOKEN);
    let free = account.deposit.value - grace_rent;
    assert_eq!(
        c.account_withdraw(&app(), free + 1),
        Err(Error::InsufficientBalance)
    );
    exact(&mut c, free).account_withdraw(&app(), free).unwrap();
    assert_eq!(deposit_of(&mut c, &app()), grace_rent);
    // Closed (nothing more due in this block), the bucket runs no rent: the rest is free.
    exact(&mut c, 0).bucket_close(&app(), bucket).unwrap();
    exact(&mut c, grace_rent)
        .account_withdraw(&app(), grace_rent)
        .unwrap();
    assert_eq!(deposit_of(&mut c, &app()), 0);

    // The contract holds exactly what it owes (its existential deposit aside): the cluster's
    // revenues (no network pool is left).
    let owed = revenues(&mut c, cluster)
        + providers()
            .iter()
            .map(|p| deposit_of_or_zero(&mut c, p))
            .sum::<Balance>();
    let surplus_probe = c.admin_withdraw(&admin(), 1);
    assert_eq!(
        surplus_probe,
        Err(Error::InsufficientBalance),
        "no surplus: the admin takes nothing"
    );
    assert!(c.balance(&contract) >= owed);

    println!("\n{}", c.cost_table());
}

fn deposit_of_or_zero(c: &mut Chain, a: &AccountId32) -> Balance {
    c.account_get(ink_id(a))
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
    let status = c.cluster_get(cluster).unwrap();
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
    assert_eq!(c.cluster_get(cluster).unwrap(), status);
    // The same value on a payable message is accepted and credited.
    exact(&mut c, 0)
        .node_trust_manager(&manager(), ink_id(&admin()), 5 * TOKEN)
        .unwrap();
    assert_eq!(deposit_of(&mut c, &manager()), 5 * TOKEN);
}

/// A call expected to fail with `Error`; its `Ok` value, if any, is dropped.
type Case<'a> = (Error, Box<dyn FnOnce(&mut Chain) -> Result<(), Error> + 'a>);

fn case<'a, T>(
    expected: Error,
    call: impl FnOnce(&mut Chain) -> Result<T, Error> + 'a,
) -> Case<'a> {
    (expected, Box::new(move |c| call(c).map(drop)))
}

#[test]
fn errors_revert_with_the_typed_error_and_change_nothing() {
    let mut c = Chain::deploy(&admin(), 0);
    c.set_time(T0);
    let (cluster, nodes) = network(&mut c);
    c.mint(&app(), 1000 * TOKEN);
    let bucket = c
        .bucket_create(&app(), "{}".into(), cluster, 2 * TOKEN)
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
    let long: Params = "x".repeat(ddc_bucket::limits::PARAMS_MAX_LEN + 1).into();
    let (a, m, unused) = (app(), manager(), ink_id(&app()));
    let cases: Vec<Case> = vec![
        case(Error::ClusterDoesNotExist, |c| {
            c.bucket_create(&a, "{}".into(), 99, 3 * TOKEN)
        }),
        case(Error::ParamsTooBig, |c| {
            c.bucket_create(&a, long.clone(), cluster, 0)
        }),
        case(Error::UnauthorizedOwner, |c| {
            c.bucket_alloc_into_cluster(&admin(), bucket, 1)
        }),
        case(Error::InsufficientResources, |c| {
            c.bucket_alloc_into_cluster(&a, bucket, 11)
        }),
        // 2 TOKEN cover a day of 60 TOKEN a month, not the grace period (7 days).
        case(Error::InsufficientDeposit, |c| {
            c.bucket_alloc_into_cluster(&a, bucket, 1)
        }),
        case(Error::BucketDoesNotExist, |c| {
            c.bucket_settle_payment(&a, 77)
        }),
        case(Error::UnauthorizedClusterManager, |c| {
            c.cluster_reserve_resource(&a, cluster, 1)
        }),
        case(Error::InsufficientResources, |c| {
            c.cluster_reserve_resource(&m, cluster, 41)
        }),
        case(Error::VNodeDoesNotExist, |c| {
            c.cluster_replace_node(&m, cluster, 6, nodes[0])
        }),
        case(Error::NoVNodes, |c| {
            c.cluster_create(&a, unused, 0, nodes.clone(), Params::default(), 0)
        }),
        case(Error::TooManyVNodes, |c| {
            c.cluster_create(&a, unused, 301, nodes.clone(), Params::default(), 0)
        }),
        case(Error::ClusterManagerIsNotTrusted, |c| {
            c.cluster_create(&a, unused, 3, nodes.clone(), Params::default(), 0)
        }),
        case(Error::UnauthorizedProvider, |c| {
            c.node_change_params(&a, nodes[0], Params::default(), 0)
        }),
        case(Error::Unauthorized, |c| {
            c.account_set_usd_per_cere(&a, TOKEN)
        }),
        case(Error::InvalidExchangeRate, |c| {
            c.account_set_usd_per_cere(&admin(), 0)
        }),
        case(Error::LastSuperAdmin, |c| {
            c.admin_revoke_permission(&admin(), ink_id(&admin()), Permission::SuperAdmin)
        }),
        case(Error::InsufficientBalance, |c| {
            c.admin_withdraw(&admin(), 1)
        }),
        case(Error::InsufficientBalance, |c| {
            c.account_withdraw(&a, 2 * TOKEN + 1)
        }),
        case(Error::AccountDoesNotExist, |c| {
            c.account_withdraw(&treasury(), 1)
        }),
        case(Error::InvalidFeeBasisPoints, |c| {
            c.admin_set_fee_config(
                &admin(),
                FeeConfig {
                    network_fee_bp: 10_001,
                    network_fee_destination: ink_id(&admin()),
                    cluster_management_fee_bp: 0,
                },
            )
        }),
    ];
    c.mint(&treasury(), TOKEN);
    let before = c.snapshot(&everyone);
    let count = cases.len();
    for (expected, call) in cases {
        // `Chain::tx` checks that an `Err` reverted (and panics if the call trapped).
        let out = call(&mut c);
        let message = c.last().message.clone();
        assert_eq!(out, Err(expected), "{message}");
        let err =
            typed_error(&c.last().output).unwrap_or_else(|| panic!("{message}: no typed error"));
        assert_eq!(err, expected, "{message}");
        assert!(c.last().events.is_empty(), "{message} emitted events");
        assert_eq!(c.snapshot(&everyone), before, "{message} changed state");
    }
    println!("{count} error cases reverted with their typed error and changed nothing");
}

/// The owner's buckets as `bucket_list` filtered by it shows them, in its list's order.
fn buckets_of(c: &mut Chain, owner: &AccountId32) -> Vec<u32> {
    let (page, _) = c.bucket_list(1, 20, Some(ink_id(owner)));
    page.iter().map(|b| b.bucket_id).collect()
}

/// A bucket changes hands in two steps: the owner offers, only the offeree can accept, the rent
/// is settled to the old owner at acceptance and the new owner pays from then on; the per-owner
/// lists, the writers and the consent follow.
#[test]
fn a_bucket_changes_owner_with_both_consents_and_the_new_owner_pays_from_then_on() {
    let mut c = Chain::deploy(&admin(), 0);
    c.set_time(T0);
    let (cluster, _) = network(&mut c);
    let heir = who(9);
    let stranger = who(10);
    for a in [app(), heir.clone(), stranger.clone()] {
        c.mint(&a, 1000 * TOKEN);
    }
    // 40 TOKEN cover 20 days of 60 TOKEN a month: more than the grace period (7 days), even
    // with a second unit allocated.
    let rate = 60 * TOKEN;
    let given = exact(&mut c, 0)
        .bucket_create(&app(), "{}".into(), cluster, 40 * TOKEN)
        .unwrap();
    exact(&mut c, 0)
        .bucket_alloc_into_cluster(&app(), given, 1)
        .unwrap();
    let kept: Vec<u32> = (0..2)
        .map(|_| {
            exact(&mut c, 0)
                .bucket_create(&app(), "{}".into(), cluster, 0)
                .unwrap()
        })
        .collect();
    let heirs_own = exact(&mut c, 0)
        .bucket_create(&heir, "{}".into(), cluster, 0)
        .unwrap();
    // The app's grants, cleared when the bucket changes hands.
    exact(&mut c, 0)
        .bucket_set_writer_perm(&app(), given, ink_id(&stranger))
        .unwrap();
    exact(&mut c, 0)
        .bucket_set_resource_cap(&app(), given, 3)
        .unwrap();
    let by_manager = c.estimate(&manager(), "bucket_alloc_into_cluster", (given, 1u32), 0);
    assert!(
        matches!(by_manager.outcome, Outcome::Returned(_)),
        "within the app's consent the manager may allocate (a dry run)"
    );
    assert_eq!(buckets_of(&mut c, &app()), vec![given, kept[0], kept[1]]);
    assert_eq!(buckets_of(&mut c, &heir), vec![heirs_own]);

    // The offer, with value: the offer first, then the deposit.
    c.set_time(T0 + HOUR);
    exact(&mut c, 0)
        .bucket_change_owner(&app(), given, ink_id(&heir), TOKEN)
        .unwrap();
    assert_eq!(
        c.last().events,
        vec![
            Event::from(BucketOwnerOffered {
                bucket_id: given,
                owner_id: ink_id(&heir)
            }),
            Deposit {
                account_id: ink_id(&app()),
                value: TOKEN
            }
            .into(),
        ]
    );
    let offered = c.bucket_get(given).unwrap();
    assert_eq!(
        offered.bucket.owner_id,
        ink_id(&app()),
        "an offer moves nothing"
    );

    // The offer binds the rent the heir saw: after the app allocates more, it cannot accept;
    // once the app releases that unit again (settling the first hour), it can.
    exact(&mut c, 0)
        .bucket_alloc_into_cluster(&app(), given, 1)
        .unwrap();
    assert_eq!(
        exact(&mut c, 0).bucket_change_owner(&heir, given, ink_id(&heir), 20 * TOKEN),
        Err(Error::AllowanceExceeded)
    );
    assert!(c.last().events.is_empty());
    exact(&mut c, 0)
        .bucket_release_resource(&app(), given, 1)
        .unwrap();
    assert_eq!(
        c.last().events,
        vec![
            Event::from(BucketSettlePayment {
                bucket_id: given,
                cluster_id: cluster,
                value: accrued(rate, T0, T0 + HOUR),
                usd_rate_ms: rate * HOUR as Balance,
                usd_per_cere: TOKEN,
            }),
            BucketReleased {
                bucket_id: given,
                cluster_id: cluster,
                resource: 1,
                rate
            }
            .into(),
        ]
    );

    // Nobody else can take it, nor can the offeree hand it to someone else.
    let t = T0 + 2 * HOUR;
    c.set_time(t);
    let parties = [app(), heir.clone(), stranger.clone(), c.contract.clone()];
    let before = c.snapshot(&parties);
    for (caller, to) in [
        (&stranger, &stranger),
        (&stranger, &heir),
        (&heir, &stranger),
        (&heir, &app()),
    ] {
        assert_eq!(
            exact(&mut c, 0).bucket_change_owner(caller, given, ink_id(to), TOKEN),
            Err(Error::UnauthorizedOwner)
        );
        assert!(c.last().events.is_empty());
    }
    // The offeree must cover the rent for the grace period: 1 TOKEN covers half a day.
    assert_eq!(
        exact(&mut c, 0).bucket_change_owner(&heir, given, ink_id(&heir), TOKEN),
        Err(Error::InsufficientDeposit)
    );
    assert!(c.last().events.is_empty());
    assert_eq!(c.snapshot(&parties), before, "refusals change nothing");

    // The offeree accepts, sending 20 TOKEN: credited first, then the old owner's rent is
    // settled to this block, then the bucket is the heir's.
    let app_deposit = deposit_of(&mut c, &app());
    let due_by_app = accrued(rate, T0 + HOUR, t);
    exact(&mut c, 0)
        .bucket_change_owner(&heir, given, ink_id(&heir), 20 * TOKEN)
        .unwrap();
    assert_eq!(
        c.last().events,
        vec![
            Event::from(Deposit {
                account_id: ink_id(&heir),
                value: 20 * TOKEN
            }),
            BucketSettlePayment {
                bucket_id: given,
                cluster_id: cluster,
                value: due_by_app,
                usd_rate_ms: rate * (t - T0 - HOUR) as Balance,
                usd_per_cere: TOKEN,
            }
            .into(),
            BucketOwnerChanged {
                bucket_id: given,
                owner_id: ink_id(&heir),
                previous_owner_id: ink_id(&app())
            }
            .into(),
        ]
    );
    assert_eq!(deposit_of(&mut c, &app()), app_deposit - due_by_app);
    assert_eq!(deposit_of(&mut c, &heir), 20 * TOKEN);
    let paid_by_app = accrued(rate, T0, t);
    assert_eq!(revenues(&mut c, cluster), paid_by_app);
    let status = c.bucket_get(given).unwrap();
    assert_eq!(status.bucket.owner_id, ink_id(&heir));
    assert_eq!(status.bucket.resource_reserved, 1);
    assert_eq!(status.writer_ids, vec![ink_id(&heir)], "writers cleared");
    let covered = ((rate * t as Balance + 20 * TOKEN * MS_PER_MONTH) / rate) as u64;
    assert_eq!(status.rent_covered_until_ms, covered, "the heir's deposit");
    // The consent was the app's: the manager may no longer allocate into it.
    assert_eq!(
        c.bucket_alloc_into_cluster(&manager(), given, 1),
        Err(Error::AllowanceExceeded)
    );
    // The offer is spent.
    assert_eq!(
        c.bucket_change_owner(&app(), given, ink_id(&app()), 0),
        Err(Error::UnauthorizedOwner)
    );

    // The per-owner lists follow: the app's last bucket takes the given one's place, the heir's
    // list gains it at the end; the full list is unchanged.
    assert_eq!(buckets_of(&mut c, &app()), vec![kept[1], kept[0]]);
    assert_eq!(buckets_of(&mut c, &heir), vec![heirs_own, given]);
    let (all, max_id) = c.bucket_list(1, 20, None);
    assert_eq!(
        all.iter().map(|b| b.bucket_id).collect::<Vec<_>>(),
        vec![given, kept[0], kept[1], heirs_own]
    );
    assert_eq!(max_id, heirs_own + 1);

    // A day later the heir pays the rent since the change; the app pays nothing more.
    let later = T0 + DAY;
    c.set_time(later);
    let app_deposit = deposit_of(&mut c, &app());
    let due_by_heir = rate * (later - t) as Balance / MS_PER_MONTH;
    settle(
        &mut c,
        &stranger,
        given,
        cluster,
        due_by_heir,
        rate * (later - t) as Balance,
    );
    assert_eq!(deposit_of(&mut c, &heir), 20 * TOKEN - due_by_heir);
    assert_eq!(deposit_of(&mut c, &app()), app_deposit);
    assert_eq!(revenues(&mut c, cluster), paid_by_app + due_by_heir);

    // The app owes nothing any more: it withdraws its whole deposit, and not a unit more.
    assert_eq!(
        c.account_withdraw(&app(), app_deposit + 1),
        Err(Error::InsufficientBalance)
    );
    exact(&mut c, app_deposit)
        .account_withdraw(&app(), app_deposit)
        .unwrap();
    assert_eq!(deposit_of(&mut c, &app()), 0);
    // The heir cannot: it owes the rent accrued since the settlement.
    c.set_time(later + HOUR);
    assert_eq!(
        c.account_withdraw(&heir, 20 * TOKEN - due_by_heir),
        Err(Error::InsufficientBalance)
    );
}

/// Writers: the owner grants and revokes, at most 16 besides itself; `bucket_get` lists the
/// owner first, then the writers in the order granted; a writer gets no owner's rights.
#[test]
fn the_owner_grants_and_revokes_writers() {
    let mut c = Chain::deploy(&admin(), 0);
    c.set_time(T0);
    let (cluster, _) = network(&mut c);
    c.mint(&app(), 1000 * TOKEN);
    let bucket = exact(&mut c, 0)
        .bucket_create(&app(), "{}".into(), cluster, 20 * TOKEN)
        .unwrap();
    let writers: Vec<AccountId32> = (0..16).map(|i| who(100 + i)).collect();
    for w in &writers {
        exact(&mut c, 0)
            .bucket_set_writer_perm(&app(), bucket, ink_id(w))
            .unwrap();
        assert_eq!(
            c.last().events,
            vec![Event::from(BucketWriterPermSet {
                bucket_id: bucket,
                writer: ink_id(w),
                granted: true
            })]
        );
    }
    let ids: Vec<_> = writers.iter().map(ink_id).collect();
    assert_eq!(c.get_bucket_writers(bucket), Ok(ids.clone()));
    let status = c.bucket_get(bucket).unwrap();
    assert_eq!(status.writer_ids[0], ink_id(&app()), "the owner first");
    assert_eq!(status.writer_ids[1..], ids[..]);

    // A duplicate, the owner itself, a 17th, a stranger granting: refused, nothing emitted.
    for (caller, writer, error) in [
        (app(), writers[3].clone(), Error::AlreadyWriter),
        (app(), app(), Error::AlreadyWriter),
        (app(), who(99), Error::TooManyWriters),
        (writers[0].clone(), who(99), Error::UnauthorizedOwner),
        (manager(), who(99), Error::UnauthorizedOwner),
    ] {
        assert_eq!(
            c.bucket_set_writer_perm(&caller, bucket, ink_id(&writer)),
            Err(error)
        );
        assert!(c.last().events.is_empty());
    }
    // A writer writes; it does not allocate (the owner pays).
    assert_eq!(
        c.bucket_alloc_into_cluster(&writers[0], bucket, 1),
        Err(Error::UnauthorizedOwner)
    );

    // Revoke one: the rest keep their order, and there is room for another.
    exact(&mut c, 0)
        .bucket_revoke_writer_perm(&app(), bucket, ink_id(&writers[3]))
        .unwrap();
    assert_eq!(
        c.last().events,
        vec![Event::from(BucketWriterPermSet {
            bucket_id: bucket,
            writer: ink_id(&writers[3]),
            granted: false
        })]
    );
    let mut left = ids.clone();
    left.remove(3);
    assert_eq!(c.get_bucket_writers(bucket), Ok(left.clone()));
    for (caller, writer, error) in [
        (app(), writers[3].clone(), Error::NotWriter),
        (app(), app(), Error::NotWriter),
        (
            writers[0].clone(),
            writers[1].clone(),
            Error::UnauthorizedOwner,
        ),
    ] {
        assert_eq!(
            c.bucket_revoke_writer_perm(&caller, bucket, ink_id(&writer)),
            Err(error)
        );
        assert!(c.last().events.is_empty());
    }
    exact(&mut c, 0)
        .bucket_set_writer_perm(&app(), bucket, ink_id(&who(99)))
        .unwrap();
    left.push(ink_id(&who(99)));
    assert_eq!(c.get_bucket_writers(bucket), Ok(left.clone()));
    let (listed, _) = c.bucket_list(1, 20, Some(ink_id(&app())));
    let mut expected = vec![ink_id(&app())];
    expected.extend(left);
    assert_eq!(listed[0].writer_ids, expected, "bucket_list shows them too");

    // A closed bucket keeps its writers on record but takes no more changes.
    exact(&mut c, 0).bucket_close(&app(), bucket).unwrap();
    assert_eq!(
        c.bucket_set_writer_perm(&app(), bucket, ink_id(&writers[3])),
        Err(Error::BucketClosed)
    );
    assert_eq!(
        c.bucket_revoke_writer_perm(&app(), bucket, ink_id(&writers[0])),
        Err(Error::BucketClosed)
    );
    assert_eq!(c.bucket_get(bucket).unwrap().writer_ids, expected);
    assert_eq!(c.get_bucket_writers(77), Err(Error::BucketDoesNotExist));
}

// ------------------------------------------------- providers paid, admin and oracle bounded
// The attacks of the providers issue on the real runtime (as ddc_bucket/tests/providers.rs
// runs them on the domain code), each now failing to harm.

const MONTH: u64 = MS_PER_MONTH as u64;

/// Upstream's fees: 1 % network (to the treasury), 2 % management of the rest.
fn upstream_fees() -> FeeConfig {
    FeeConfig {
        network_fee_bp: 100,
        network_fee_destination: ink_id(&treasury()),
        cluster_management_fee_bp: 200,
    }
}

/// Calls nobody's money depends on: settlements and distributions.
fn settler(c: &mut Chain) -> AccountId32 {
    c.mint(&who(9), TOKEN);
    who(9)
}

fn wallets(c: &mut Chain, who: &[AccountId32]) -> Vec<Balance> {
    who.iter().map(|a| c.balance(a)).collect()
}

fn gained(before: &[Balance], after: &[Balance]) -> Vec<Balance> {
    after.iter().zip(before).map(|(a, b)| a - b).collect()
}

/// The reference network at `T0` with upstream's fees, the app's bucket allocated 1 after a
/// 500 TOKEN deposit, settled a month later: 60 TOKEN. Returns (cluster, nodes, bucket).
fn network_after_a_month(c: &mut Chain) -> (u32, Vec<u32>, u32) {
    c.set_time(T0);
    let (cluster, nodes) = network(c);
    exact(c, 0)
        .admin_set_fee_config(&admin(), upstream_fees())
        .unwrap();
    c.mint(&app(), 1000 * TOKEN);
    let bucket = exact(c, 0)
        .bucket_create(&app(), "{}".into(), cluster, 500 * TOKEN)
        .unwrap();
    exact(c, 0)
        .bucket_alloc_into_cluster(&app(), bucket, 1)
        .unwrap();
    c.set_time(T0 + MONTH);
    let anyone = settler(c);
    let rate = 60 * TOKEN;
    settle(c, &anyone, bucket, cluster, rate, rate * MONTH as Balance);
    (cluster, nodes, bucket)
}

/// Capture: the manager puts its own node (1,000,000 TOKEN a month) in place of vnode 0,
/// distributes, and puts vnode 0 back. The replacement first pays out what was settled at the
/// old assignment, and the vnode keeps its price: the manager receives its management fee and
/// nothing more, each provider a third of the rest, the treasury the network fee.
#[test]
fn capture_by_a_replace_round_trip_gains_the_manager_only_its_fee() {
    let mut c = Chain::deploy(&admin(), 0);
    let (cluster, nodes, _) = network_after_a_month(&mut c);
    // 60 TOKEN: 0.6 network fee, 1.188 management fee, 58.212 to the providers.
    let [network, management, to_providers] = split(60 * TOKEN, 100, 200);
    let providers_before = wallets(&mut c, &providers());
    let treasury_before = c.balance(&treasury());
    exact(&mut c, 0)
        .node_trust_manager(&manager(), ink_id(&manager()), 0)
        .unwrap();
    let own = exact(&mut c, 0)
        .node_create(&manager(), 1_000_000 * TOKEN, "{}".into(), 100, 0)
        .unwrap();
    // The manager receives its fee (the caller's balance checked), nothing else.
    exact(&mut c, management)
        .cluster_replace_node(&manager(), cluster, 0, own)
        .unwrap();
    let mut expected = vec![Event::from(ClusterDistributeFees {
        cluster_id: cluster,
        network_fee: network,
        network_fee_destination: ink_id(&treasury()),
        cluster_management_fee: management,
        manager_id: ink_id(&manager()),
    })];
    for p in providers() {
        expected.push(
            ClusterDistributeRevenues {
                cluster_id: cluster,
                provider_id: ink_id(&p),
                value: to_providers / 3,
            }
            .into(),
        );
    }
    expected.push(
        ClusterNodeReplaced {
            cluster_id: cluster,
            node_id: own,
            vnode_index: 0,
        }
        .into(),
    );
    assert_eq!(c.last().events, expected, "paid out first, then replaced");
    assert_eq!(
        c.cluster_get(cluster).unwrap().cluster.total_rent,
        60 * TOKEN,
        "the vnode kept its price"
    );
    // It distributes at once (only dust is left: nothing comes to its node) and puts vnode 0
    // back, receiving nothing either time.
    let manager_wallet = c.balance(&manager());
    let anyone = settler(&mut c);
    exact(&mut c, 0)
        .cluster_distribute_revenues(&anyone, cluster)
        .unwrap();
    assert_eq!(c.balance(&manager()), manager_wallet);
    exact(&mut c, 0)
        .cluster_replace_node(&manager(), cluster, 0, nodes[0])
        .unwrap();
    let status = c.cluster_get(cluster).unwrap().cluster;
    assert_eq!(
        status.vnodes,
        vec![nodes[0], nodes[1], nodes[2], nodes[0], nodes[1], nodes[2]]
    );
    assert_eq!(status.total_rent, 60 * TOKEN);
    assert_eq!(
        gained(&providers_before, &wallets(&mut c, &providers())),
        vec![to_providers / 3; 3]
    );
    assert_eq!(c.balance(&treasury()), treasury_before + network);
    assert_eq!(status.revenues.value, to_providers % 3, "the dust stays");
}

/// Honest reweighting: vnodes on A and B (10 USD each); half a month in, the manager moves B's
/// to C (30 USD). A and C each get half of the second half's 10 TOKEN (the vnode kept its
/// 10 USD price, what the bucket pays for it), B what was settled while it hosted.
#[test]
fn a_moved_vnode_keeps_its_price_and_each_host_is_paid_for_its_time() {
    let mut c = Chain::deploy(&admin(), 0);
    c.set_time(T0);
    let [pa, pb, pc] = providers();
    let node = |c: &mut Chain, p: &AccountId32, rent: Balance| {
        c.mint(p, 1000 * TOKEN);
        exact(c, 0)
            .node_trust_manager(p, ink_id(&manager()), 0)
            .unwrap();
        exact(c, 0)
            .node_create(p, rent, "{}".into(), 100, 0)
            .unwrap()
    };
    let (a, b, cc) = (
        node(&mut c, &pa, 10 * TOKEN),
        node(&mut c, &pb, 10 * TOKEN),
        node(&mut c, &pc, 30 * TOKEN),
    );
    c.mint(&manager(), 1000 * TOKEN);
    let cluster = exact(&mut c, 0)
        .cluster_create(
            &manager(),
            ink_id(&manager()),
            2,
            vec![a, b],
            Params::default(),
            0,
        )
        .unwrap();
    exact(&mut c, 0)
        .cluster_reserve_resource(&manager(), cluster, 10)
        .unwrap();
    c.mint(&app(), 1000 * TOKEN);
    let bucket = exact(&mut c, 0)
        .bucket_create(&app(), "{}".into(), cluster, 500 * TOKEN)
        .unwrap();
    exact(&mut c, 0)
        .bucket_alloc_into_cluster(&app(), bucket, 1)
        .unwrap();
    let hosts = [pa.clone(), pb.clone(), pc.clone()];
    let before = wallets(&mut c, &hosts);
    let rate = 20 * TOKEN;
    let anyone = settler(&mut c);
    c.set_time(T0 + MONTH / 2);
    settle(
        &mut c,
        &anyone,
        bucket,
        cluster,
        10 * TOKEN,
        rate * (MONTH / 2) as Balance,
    );
    exact(&mut c, 0)
        .cluster_replace_node(&manager(), cluster, 1, cc)
        .unwrap();
    let paid = |p: &AccountId32, value| {
        Event::from(ClusterDistributeRevenues {
            cluster_id: cluster,
            provider_id: ink_id(p),
            value,
        })
    };
    assert_eq!(
        c.last().events,
        vec![
            paid(&pa, 5 * TOKEN),
            paid(&pb, 5 * TOKEN),
            ClusterNodeReplaced {
                cluster_id: cluster,
                node_id: cc,
                vnode_index: 1
            }
            .into()
        ]
    );
    assert_eq!(
        c.cluster_get(cluster).unwrap().cluster.total_rent,
        20 * TOKEN
    );
    c.set_time(T0 + MONTH);
    settle(
        &mut c,
        &anyone,
        bucket,
        cluster,
        10 * TOKEN,
        rate * (MONTH - MONTH / 2) as Balance,
    );
    exact(&mut c, 0)
        .cluster_distribute_revenues(&anyone, cluster)
        .unwrap();
    assert_eq!(
        c.last().events,
        vec![paid(&pa, 5 * TOKEN), paid(&pc, 5 * TOKEN)]
    );
    assert_eq!(
        gained(&before, &wallets(&mut c, &hosts)),
        vec![10 * TOKEN, 5 * TOKEN, 5 * TOKEN]
    );
}

/// Sweep: the SuperAdmin sets the rate to 1 and the network fee to 100 % to itself. Both are
/// refused. The most it can do — halve the rate and take the whole 10 % fee cap — leaves the
/// payer ≥ 99 % of its deposit a millisecond later, and the next distribution pays the admin
/// no more than 10 % of what was settled after the change (the network fee settled before
/// goes to the treasury, the destination it was settled for).
#[test]
fn sweep_by_the_admin_is_bounded() {
    let mut c = Chain::deploy(&admin(), 0);
    let (cluster, _, bucket) = network_after_a_month(&mut c);
    let deposit_before = deposit_of(&mut c, &app());
    assert_eq!(
        c.account_set_usd_per_cere(&admin(), 1),
        Err(Error::RateChangeTooLarge)
    );
    let sweep = FeeConfig {
        network_fee_bp: 10_000,
        network_fee_destination: ink_id(&admin()),
        cluster_management_fee_bp: 0,
    };
    assert_eq!(
        c.admin_set_fee_config(&admin(), sweep),
        Err(Error::InvalidFeeBasisPoints)
    );
    // The most it can do.
    exact(&mut c, 0)
        .account_set_usd_per_cere(&admin(), TOKEN / 2)
        .unwrap();
    let treasury_before = c.balance(&treasury());
    let capped = FeeConfig {
        network_fee_bp: 1_000,
        ..sweep
    };
    exact(&mut c, 0)
        .admin_set_fee_config(&admin(), capped)
        .unwrap();
    let [network, _, _] = split(60 * TOKEN, 100, 200);
    assert_eq!(
        c.last().events,
        vec![
            Event::from(NetworkFeesPaid {
                destination: ink_id(&treasury()),
                value: network,
            }),
            FeeConfigSet {
                network_fee_bp: 1_000,
                network_fee_destination: ink_id(&admin()),
                cluster_management_fee_bp: 0,
            }
            .into(),
        ]
    );
    assert_eq!(c.balance(&treasury()), treasury_before + network);
    let admin_before = c.balance(&admin());
    let anyone = settler(&mut c);
    let settled = |c: &mut Chain| -> Balance {
        exact(c, 0).bucket_settle_payment(&anyone, bucket).unwrap();
        match c.last().events[..] {
            [Event::BucketSettlePayment(ref s)] => {
                assert_eq!(s.usd_per_cere, TOKEN / 2);
                s.value
            }
            ref other => panic!("{other:?}"),
        }
    };
    c.set_time(T0 + MONTH + 1);
    let paid = settled(&mut c);
    let deposit = deposit_of(&mut c, &app());
    assert!(deposit * 100 >= deposit_before * 99);
    assert_eq!(deposit, deposit_before - paid);
    // A month later: the admin's fee is 10 % of what was settled after the change.
    c.set_time(T0 + 2 * MONTH);
    let paid_later = settled(&mut c);
    exact(&mut c, 0)
        .cluster_distribute_revenues(&anyone, cluster)
        .unwrap();
    let after_change = paid + paid_later;
    let admin_got = c.balance(&admin()) - admin_before;
    assert!(
        admin_got <= after_change / 10,
        "{admin_got} of {after_change}"
    );
    assert!(
        admin_got + 2 >= after_change / 10,
        "floored once per settlement"
    );
    // At half the rate the payer pays twice the CERE: 120 a month (less the fraction of a unit
    // carried), within its deposit.
    assert!(after_change <= 120 * TOKEN && after_change + 1 >= 120 * TOKEN);
}

fn free(c: &mut Chain, node: u32) -> u32 {
    c.node_get(node).unwrap().node.free_resource
}

/// A provider changes a node's capacity and rent and removes an idle node; the manager
/// resizes the cluster, removes and adds a node while no bucket holds resource (the revenues
/// pending paid out first), and removes the cluster, which pays its revenues out at the ring's
/// prices. Every balance exact.
#[test]
fn nodes_and_clusters_change_and_leave_with_exact_balances() {
    let mut c = Chain::deploy(&admin(), 0);
    c.set_time(T0);
    let (cluster, nodes) = network(&mut c);
    let [p0, p1, p2] = providers();
    c.mint(&app(), 1000 * TOKEN);
    let bucket = exact(&mut c, 0)
        .bucket_create(&app(), "{}".into(), cluster, 500 * TOKEN)
        .unwrap();
    exact(&mut c, 0)
        .bucket_alloc_into_cluster(&app(), bucket, 1)
        .unwrap();

    // Capacity: not below the 2 × 10 reserved; the free resource follows.
    let n = nodes[0];
    assert_eq!(free(&mut c, n), 80);
    assert_eq!(
        c.node_change_capacity(&p0, n, 19),
        Err(Error::InsufficientResources)
    );
    assert_eq!(
        c.node_change_capacity(&p1, n, 500),
        Err(Error::UnauthorizedProvider)
    );
    exact(&mut c, 0).node_change_capacity(&p0, n, 20).unwrap();
    assert_eq!(
        c.last().events,
        vec![Event::from(NodeCapacitySet {
            node_id: n,
            capacity: 20
        })]
    );
    assert_eq!(free(&mut c, n), 0);
    exact(&mut c, 0).node_change_capacity(&p0, n, 120).unwrap();
    assert_eq!(free(&mut c, n), 100);

    // Rent: the price of vnodes placed from now on; the cluster's price stays.
    exact(&mut c, 0)
        .node_change_rent(&p0, n, 40 * TOKEN)
        .unwrap();
    assert_eq!(
        c.last().events,
        vec![Event::from(NodeRentSet {
            node_id: n,
            rent_per_month: 40 * TOKEN
        })]
    );
    assert_eq!(c.node_get(n).unwrap().node.rent_per_month, 40 * TOKEN);
    assert_eq!(
        c.cluster_get(cluster).unwrap().cluster.total_rent,
        60 * TOKEN
    );
    let fresh = exact(&mut c, 0)
        .cluster_create(
            &manager(),
            ink_id(&manager()),
            2,
            vec![n],
            Params::default(),
            0,
        )
        .unwrap();
    assert_eq!(c.cluster_get(fresh).unwrap().cluster.total_rent, 80 * TOKEN);

    // A node hosting vnodes stays; an idle one leaves, its id never reused.
    assert_eq!(c.node_remove(&p0, n), Err(Error::NodeInUse));
    exact(&mut c, 0).cluster_remove(&manager(), fresh).unwrap();
    assert_eq!(
        c.last().events,
        vec![Event::from(ClusterRemoved { cluster_id: fresh })]
    );
    assert_eq!(c.node_remove(&p0, n), Err(Error::NodeInUse));
    let spare = exact(&mut c, 0)
        .node_create(&p0, TOKEN, "{}".into(), 5, 0)
        .unwrap();
    assert_eq!(c.node_remove(&p1, spare), Err(Error::UnauthorizedProvider));
    exact(&mut c, 0).node_remove(&p0, spare).unwrap();
    assert_eq!(
        c.last().events,
        vec![Event::from(NodeRemoved { node_id: spare })]
    );
    assert!(c.last().storage_deposit < 0, "its storage is refunded");
    assert_eq!(c.node_get(spare), Err(Error::NodeDoesNotExist));
    let (listed, _) = c.node_list(1, 20, Some(ink_id(&p0)));
    assert_eq!(listed.iter().map(|s| s.node_id).collect::<Vec<_>>(), [n]);

    // Resize: down to what buckets use at least, the capacity back to the nodes.
    assert_eq!(
        c.cluster_set_resource_per_v_node(&manager(), cluster, 0),
        Err(Error::InsufficientResources)
    );
    exact(&mut c, 0)
        .cluster_set_resource_per_v_node(&manager(), cluster, 1)
        .unwrap();
    assert_eq!(
        c.last().events,
        vec![Event::from(ClusterResourceSet {
            cluster_id: cluster,
            resource_per_vnode: 1
        })]
    );
    assert_eq!(
        nodes.iter().map(|x| free(&mut c, *x)).collect::<Vec<_>>(),
        [118, 98, 98]
    );
    // Revoked trust stops growth on that provider's nodes.
    exact(&mut c, 0)
        .node_distrust_manager(&p1, ink_id(&manager()))
        .unwrap();
    assert_eq!(
        c.cluster_reserve_resource(&manager(), cluster, 1),
        Err(Error::ClusterManagerIsNotTrusted)
    );
    assert_eq!(
        c.cluster_set_resource_per_v_node(&manager(), cluster, 5),
        Err(Error::ClusterManagerIsNotTrusted)
    );
    exact(&mut c, 0)
        .node_trust_manager(&p1, ink_id(&manager()), 0)
        .unwrap();
    // The ring changes only while no bucket holds resource in it.
    assert_eq!(
        c.cluster_add_node(&manager(), cluster, n, 1),
        Err(Error::ClusterInUse)
    );
    assert_eq!(
        c.cluster_remove_node(&manager(), cluster, n),
        Err(Error::ClusterInUse)
    );
    assert_eq!(
        c.cluster_remove(&manager(), cluster),
        Err(Error::ClusterInUse)
    );

    // A month on, the app releases its unit (settling the month: 60 TOKEN).
    c.set_time(T0 + MONTH);
    let rate = 60 * TOKEN;
    exact(&mut c, 0)
        .bucket_release_resource(&app(), bucket, 1)
        .unwrap();
    assert_eq!(
        c.last().events,
        vec![
            Event::from(BucketSettlePayment {
                bucket_id: bucket,
                cluster_id: cluster,
                value: rate,
                usd_rate_ms: rate * MONTH as Balance,
                usd_per_cere: TOKEN,
            }),
            BucketReleased {
                bucket_id: bucket,
                cluster_id: cluster,
                resource: 1,
                rate
            }
            .into(),
        ]
    );
    let hosts = [p0.clone(), p1.clone(), p2.clone()];
    let paid = |p: &AccountId32, value| {
        Event::from(ClusterDistributeRevenues {
            cluster_id: cluster,
            provider_id: ink_id(p),
            value,
        })
    };

    // The ring reshaped: n1 leaves, paid first for the month at the ring it earned it on (20
    // TOKEN to each provider); then n gets two vnodes at its new rent, nothing being pending.
    let (n1, n2) = (nodes[1], nodes[2]);
    let before = wallets(&mut c, &hosts);
    exact(&mut c, 0)
        .cluster_remove_node(&manager(), cluster, n1)
        .unwrap();
    assert_eq!(
        c.last().events,
        vec![
            paid(&p0, 20 * TOKEN),
            paid(&p1, 20 * TOKEN),
            paid(&p2, 20 * TOKEN),
            ClusterNodeRemoved {
                cluster_id: cluster,
                node_id: n1
            }
            .into()
        ]
    );
    assert_eq!(gained(&before, &wallets(&mut c, &hosts)), [20 * TOKEN; 3]);
    assert_eq!(revenues(&mut c, cluster), 0);
    let status = c.cluster_get(cluster).unwrap().cluster;
    assert_eq!(status.vnodes, vec![n, n2, n, n2]);
    assert_eq!(status.total_rent, 40 * TOKEN);
    assert_eq!(free(&mut c, n1), 100);
    assert_eq!(
        c.cluster_remove_node(&manager(), cluster, n1),
        Err(Error::NodeDoesNotExist)
    );
    // Strangers and limits, then the addition.
    assert_eq!(
        c.cluster_add_node(&app(), cluster, n, 1),
        Err(Error::UnauthorizedClusterManager)
    );
    assert_eq!(
        c.cluster_add_node(&manager(), cluster, n, 297),
        Err(Error::TooManyVNodes)
    );
    assert_eq!(
        c.cluster_add_node(&manager(), cluster, n, 0),
        Err(Error::NoVNodes)
    );
    exact(&mut c, 0)
        .cluster_add_node(&manager(), cluster, n, 2)
        .unwrap();
    assert_eq!(
        c.last().events,
        vec![Event::from(ClusterNodeAdded {
            cluster_id: cluster,
            node_id: n,
            vnode_count: 2
        })]
    );
    let status = c.cluster_get(cluster).unwrap().cluster;
    assert_eq!(status.vnodes, vec![n, n2, n, n2, n, n]);
    assert_eq!(status.total_rent, 40 * TOKEN + 2 * 40 * TOKEN);
    assert_eq!(free(&mut c, n), 116);

    // A month on the reshaped ring (120 TOKEN), released; removing the cluster pays it out by
    // the vnodes' prices: n hosts 10 + 10 + 40 + 40 of 120, n2 10 + 10.
    exact(&mut c, 0)
        .bucket_alloc_into_cluster(&app(), bucket, 1)
        .unwrap();
    c.set_time(T0 + 2 * MONTH);
    exact(&mut c, 0)
        .bucket_release_resource(&app(), bucket, 1)
        .unwrap();
    assert_eq!(revenues(&mut c, cluster), 120 * TOKEN);
    let before = wallets(&mut c, &hosts);
    exact(&mut c, 0)
        .cluster_remove(&manager(), cluster)
        .unwrap();
    assert_eq!(
        c.last().events,
        vec![
            paid(&p0, 100 * TOKEN),
            paid(&p2, 20 * TOKEN),
            ClusterRemoved {
                cluster_id: cluster
            }
            .into()
        ]
    );
    assert_eq!(
        gained(&before, &wallets(&mut c, &hosts)),
        [100 * TOKEN, 0, 20 * TOKEN]
    );
    assert_eq!(revenues(&mut c, cluster), 0);
    assert_eq!(
        nodes.iter().map(|x| free(&mut c, *x)).collect::<Vec<_>>(),
        [120, 100, 100],
        "every reservation back"
    );

    // The removed cluster takes nothing more; its bucket holds no capacity.
    assert_eq!(
        c.cluster_reserve_resource(&manager(), cluster, 1),
        Err(Error::ClusterWasRemoved)
    );
    assert_eq!(
        c.bucket_create(&app(), "{}".into(), cluster, 0),
        Err(Error::ClusterWasRemoved)
    );
    assert_eq!(
        c.bucket_alloc_into_cluster(&app(), bucket, 1),
        Err(Error::InsufficientResources)
    );
    // Its nodes leave, refunding their storage; the app takes its whole deposit back (two
    // months of rent paid: 60 + 120 TOKEN).
    for (p, node) in hosts.iter().zip(&nodes) {
        exact(&mut c, 0).node_remove(p, *node).unwrap();
    }
    let (listed, _) = c.node_list(1, 20, None);
    assert!(listed.is_empty(), "{listed:?}");
    let left = 500 * TOKEN - 180 * TOKEN;
    assert_eq!(deposit_of(&mut c, &app()), left);
    exact(&mut c, left).account_withdraw(&app(), left).unwrap();
}

/// Capture by reshaping an idle ring: the app's last unit is released after a month, so the
/// month's 60 TOKEN wait in the cluster and no bucket holds resource in it. The manager adds
/// its own node at 1,000,000 TOKEN a month, then removes a provider's node, then distributes.
/// The 60 TOKEN were earned by the three providers' vnodes: the addition pays them out first
/// (a third each), and nothing is left for the manager's node or to take from the removed one.
#[test]
fn capture_by_reshaping_an_idle_ring_gains_the_manager_nothing() {
    let mut c = Chain::deploy(&admin(), 0);
    c.set_time(T0);
    let (cluster, nodes) = network(&mut c);
    c.mint(&app(), 1000 * TOKEN);
    let bucket = exact(&mut c, 0)
        .bucket_create(&app(), "{}".into(), cluster, 500 * TOKEN)
        .unwrap();
    exact(&mut c, 0)
        .bucket_alloc_into_cluster(&app(), bucket, 1)
        .unwrap();
    c.set_time(T0 + MONTH);
    exact(&mut c, 0)
        .bucket_release_resource(&app(), bucket, 1)
        .unwrap();
    assert_eq!(revenues(&mut c, cluster), 60 * TOKEN);
    let providers_before = wallets(&mut c, &providers());
    exact(&mut c, 0)
        .node_trust_manager(&manager(), ink_id(&manager()), 0)
        .unwrap();
    let own = exact(&mut c, 0)
        .node_create(&manager(), 1_000_000 * TOKEN, "{}".into(), 100, 0)
        .unwrap();
    exact(&mut c, 0)
        .cluster_add_node(&manager(), cluster, own, 1)
        .unwrap();
    let mut expected: Vec<Event> = providers()
        .iter()
        .map(|p| {
            ClusterDistributeRevenues {
                cluster_id: cluster,
                provider_id: ink_id(p),
                value: 20 * TOKEN,
            }
            .into()
        })
        .collect();
    expected.push(
        ClusterNodeAdded {
            cluster_id: cluster,
            node_id: own,
            vnode_count: 1,
        }
        .into(),
    );
    assert_eq!(c.last().events, expected, "paid out first, then added");
    assert_eq!(revenues(&mut c, cluster), 0);
    exact(&mut c, 0)
        .cluster_remove_node(&manager(), cluster, nodes[1])
        .unwrap();
    assert_eq!(
        c.last().events,
        vec![Event::from(ClusterNodeRemoved {
            cluster_id: cluster,
            node_id: nodes[1],
        })],
        "nothing pending: nothing paid"
    );
    let manager_wallet = c.balance(&manager());
    let anyone = settler(&mut c);
    exact(&mut c, 0)
        .cluster_distribute_revenues(&anyone, cluster)
        .unwrap();
    assert_eq!(
        gained(&providers_before, &wallets(&mut c, &providers())),
        vec![20 * TOKEN; 3],
        "the providers whose vnodes earned the month"
    );
    assert_eq!(
        c.balance(&manager()),
        manager_wallet,
        "nothing to the manager"
    );
}
