//! Off-chain `#[ink::test]` tests of the contract's messages through ink!'s test environment.
//!
//! They drive the real `DdcBucket` (the `#[ink::contract]` wrapper, not the domain `Ddc`), so
//! they also check what the wrapper adds: reading caller / time / value from the environment,
//! emitting events only on success (with the right topics), and moving real (off-chain) balance
//! on withdrawals and distributions.
//!
//! Off-chain, `set_value_transferred` moves no money and an underfunded `transfer` panics, so
//! [`call`] moves the value from the caller's balance to the contract account itself, as the
//! chain would (and puts it back if the message fails, as a reverted call would).

use crate::account::entity::Account;
use crate::cash::Cash;
use crate::error::{Error, Result};
use crate::events::*;
use crate::fee::entity::FeeConfig;
use crate::paging::read_all_pages;
use crate::perm::entity::Permission;
use crate::schedule::Schedule;
use crate::types::{AccountId, Balance, BucketId, ClusterId, NodeId, MS_PER_MONTH, TOKEN};
use crate::DdcBucket;
use ink::env::test::{self, EmittedEvent};
use ink::env::DefaultEnvironment as Env;

// ------------------------------------------------------------------------------ environment

fn accounts() -> test::DefaultAccounts<Env> {
    test::default_accounts::<Env>()
}

/// The contract's own account (the callee); distinct from every default account.
fn contract_id() -> AccountId {
    AccountId::from([0xC0; 32])
}

fn balance_of(who: AccountId) -> Balance {
    test::get_account_balance::<Env>(who).unwrap_or(0)
}

fn set_balance(who: AccountId, value: Balance) {
    test::set_account_balance::<Env>(who, value);
}

/// Everyone the tests use, plus the contract account.
fn everyone() -> Vec<AccountId> {
    let a = accounts();
    vec![
        a.alice,
        a.bob,
        a.charlie,
        a.django,
        a.eve,
        a.frank,
        contract_id(),
    ]
}

/// Deploys the contract as `alice` (the admin). Every default account holds 1000 TOKEN; the
/// contract account holds nothing.
fn deploy() -> DdcBucket {
    let a = accounts();
    test::set_callee::<Env>(contract_id());
    set_balance(contract_id(), 0);
    for who in [a.alice, a.bob, a.charlie, a.django, a.eve, a.frank] {
        set_balance(who, 1000 * TOKEN);
    }
    test::set_block_timestamp::<Env>(0);
    test::set_caller::<Env>(a.alice);
    test::set_value_transferred::<Env>(0);
    let contract = DdcBucket::new();
    assert_eq!(ink::env::account_id::<Env>(), contract_id());
    contract
}

/// Calls a message as `caller` sending `value`, the way the chain does: the value moves from
/// the caller's balance to the contract account before the call and back if the call fails.
fn call<T>(
    c: &mut DdcBucket,
    caller: AccountId,
    value: Balance,
    message: impl FnOnce(&mut DdcBucket) -> Result<T>,
) -> Result<T> {
    let caller_before = balance_of(caller);
    let contract_before = balance_of(contract_id());
    // (Only touched when value moves: the off-chain engine refuses to *set* a balance below
    // its existential deposit, though transfers may leave one there.)
    if value > 0 {
        set_balance(
            caller,
            caller_before
                .checked_sub(value)
                .expect("test caller cannot afford the value"),
        );
        set_balance(contract_id(), contract_before + value);
    }
    test::set_caller::<Env>(caller);
    test::set_value_transferred::<Env>(value);
    let out = message(c);
    test::set_value_transferred::<Env>(0);
    if out.is_err() && value > 0 {
        set_balance(caller, caller_before);
        set_balance(contract_id(), contract_before);
    }
    out
}

// ------------------------------------------------------------------------------ events

/// Decodes one recorded event by its signature topic and checks its other topics.
fn decode(recorded: &EmittedEvent) -> Event {
    let signature = recorded.topics.first().expect("a signature topic");
    let event =
        Event::decode(signature, &recorded.data).expect("a known event that decodes exactly");
    assert_eq!(
        recorded.topics[1..].to_vec(),
        event
            .topic_fields()
            .iter()
            .map(|t| t.to_vec())
            .collect::<Vec<_>>(),
        "topics of {event:?}"
    );
    event
}

fn event_count() -> usize {
    test::recorded_events().count()
}

/// Every event recorded since the first `since`, decoded.
fn events_since(since: usize) -> Vec<Event> {
    test::recorded_events()
        .skip(since)
        .map(|e| decode(&e))
        .collect()
}

fn all_events() -> Vec<Event> {
    events_since(0)
}

// ------------------------------------------------------------------------------ state

/// Everything a client can observe (lists, buckets, accounts, permissions, the rate, balances),
/// to check that a failed call changed nothing.
fn snapshot(c: &DdcBucket) -> String {
    let mut s = String::new();
    s += &format!("{:?}", read_all_pages(25, |o, l| c.bucket_list(o, l, None)));
    s += &format!(
        "{:?}",
        read_all_pages(25, |o, l| c.cluster_list(o, l, None))
    );
    s += &format!("{:?}", read_all_pages(25, |o, l| c.node_list(o, l, None)));
    for who in everyone() {
        s += &format!("{:?} {}", c.account_get(who), balance_of(who));
        for p in [Permission::SuperAdmin, Permission::SetExchangeRate] {
            s += &format!("{}", c.has_permission(who, p));
        }
        for other in everyone() {
            s += &format!(
                "{}",
                c.has_permission(who, Permission::ManagerTrustedBy(other))
            );
        }
    }
    s += &format!("{}", c.account_get_usd_per_cere());
    s
}

/// Calls a message that must fail with `expected`; checks that it emitted nothing and changed
/// nothing (value sent with it is not credited).
fn expect_err<T: core::fmt::Debug>(
    c: &mut DdcBucket,
    caller: AccountId,
    value: Balance,
    expected: Error,
    message: impl FnOnce(&mut DdcBucket) -> Result<T>,
) {
    let before = snapshot(c);
    let events_before = event_count();
    let out = call(c, caller, value, message);
    assert_eq!(out.unwrap_err(), expected);
    assert_eq!(event_count(), events_before, "an Err call emitted an event");
    assert_eq!(snapshot(c), before, "an Err call changed state");
}

/// What the contract owes: every deposit of the given accounts plus the given clusters'
/// undistributed revenues.
fn owed(c: &DdcBucket, clusters: &[ClusterId]) -> Balance {
    let deposits: Balance = everyone()
        .into_iter()
        .map(|who| c.account_get(who).map(|a| a.deposit.value).unwrap_or(0))
        .sum();
    let revenues: Balance = clusters
        .iter()
        .map(|&id| c.cluster_get(id).unwrap().cluster.revenues.value)
        .sum();
    deposits + revenues
}

// ------------------------------------------------------------------------------ scenario

const NODE_PARAMS: &str = "{\"url\":\"https://n\"}";

/// Upstream §6.7: bob, charlie and eve trust django and create one node each (rent 10 TOKEN,
/// capacity 100); django creates a 6-vnode cluster on them and reserves 10 per vnode.
fn reference_cluster(c: &mut DdcBucket) -> (ClusterId, Vec<NodeId>) {
    let a = accounts();
    let mut nodes = Vec::new();
    for provider in [a.bob, a.charlie, a.eve] {
        call(c, provider, 0, |c| c.node_trust_manager(a.django)).unwrap();
        let id = call(c, provider, 0, |c| {
            c.node_create(10 * TOKEN, NODE_PARAMS.into(), 100)
        })
        .unwrap();
        nodes.push(id);
    }
    let cluster = call(c, a.django, 0, |c| {
        c.cluster_create(a.alice, 6, nodes.clone(), "{}".into())
    })
    .unwrap();
    call(c, a.django, 0, |c| c.cluster_reserve_resource(cluster, 10)).unwrap();
    (cluster, nodes)
}

/// django creates a bucket in the cluster, deposits 10 TOKEN and allocates 1, at time 0. The
/// deposit covers 5.17 days of that rent, so the admin first sets a one-day grace period (an
/// allocation must be covered for the grace period; the default is 7 days).
fn reference_bucket(c: &mut DdcBucket, cluster: ClusterId) -> BucketId {
    let a = accounts();
    call(c, a.alice, 0, |c| c.admin_set_grace_period(ONE_DAY_MS)).unwrap();
    let bucket = call(c, a.django, 0, |c| c.bucket_create("{}".into(), cluster)).unwrap();
    call(c, a.django, 10 * TOKEN, |c| c.account_deposit()).unwrap();
    call(c, a.django, 0, |c| c.bucket_alloc_into_cluster(bucket, 1)).unwrap();
    bucket
}

const ONE_DAY_MS: u64 = 24 * 3600 * 1000;

fn reference_setup() -> (DdcBucket, ClusterId, BucketId) {
    let mut c = deploy();
    let (cluster, _) = reference_cluster(&mut c);
    let bucket = reference_bucket(&mut c, cluster);
    (c, cluster, bucket)
}

// ------------------------------------------------------------------------------ tests

#[ink::test]
fn constructor_makes_caller_super_admin() {
    let a = accounts();
    let c = deploy();
    assert!(c.has_permission(a.alice, Permission::SuperAdmin));
    // v0.5.2: SuperAdmin implies every other permission.
    assert!(c.has_permission(a.alice, Permission::SetExchangeRate));
    assert!(c.has_permission(a.alice, Permission::ManagerTrustedBy(a.bob)));
    assert!(!c.has_permission(a.bob, Permission::SuperAdmin));
    assert!(!c.has_permission(a.bob, Permission::SetExchangeRate));
    assert_eq!(c.account_get_usd_per_cere(), 10_000_000_000);
    assert_eq!(
        all_events(),
        vec![Event::from(GrantPermission {
            account_id: a.alice,
            permission: Permission::SuperAdmin,
        })]
    );
    let recorded: Vec<_> = test::recorded_events().collect();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].topics.len(), 2);
    assert_eq!(
        recorded[0].topics[1],
        AsRef::<[u8]>::as_ref(&a.alice).to_vec()
    );
    assert_eq!(c.account_get(a.alice), Err(Error::AccountDoesNotExist));
    assert_eq!(c.bucket_list(1, 20, None), (vec![], 1));
    assert_eq!(c.cluster_list(1, 20, None), (vec![], 1));
    assert_eq!(c.node_list(1, 20, None), (vec![], 1));
}

#[ink::test]
fn constructor_value_is_surplus_not_a_deposit() {
    let a = accounts();
    test::set_callee::<Env>(contract_id());
    set_balance(a.alice, 1000 * TOKEN);
    // The chain moves the endowment to the contract account before the constructor runs.
    set_balance(contract_id(), 2 * TOKEN);
    test::set_caller::<Env>(a.alice);
    test::set_value_transferred::<Env>(2 * TOKEN);
    let mut c = DdcBucket::new();
    test::set_value_transferred::<Env>(0);
    assert_eq!(c.account_get(a.alice), Err(Error::AccountDoesNotExist));
    assert_eq!(all_events().len(), 1);
    expect_err(&mut c, a.alice, 0, Error::InsufficientBalance, |c| {
        c.admin_withdraw(2 * TOKEN + 1)
    });
    call(&mut c, a.alice, 0, |c| c.admin_withdraw(2 * TOKEN)).unwrap();
    assert_eq!(balance_of(a.alice), 1002 * TOKEN);
    assert_eq!(balance_of(contract_id()), 0);
}

#[ink::test]
fn event_signatures_are_distinct_and_topics_carry_ids() {
    let signatures: Vec<[u8; 32]> = Event::signature_topics();
    assert_eq!(signatures.len(), 34);
    for (i, s) in signatures.iter().enumerate() {
        assert!(!signatures[..i].contains(s), "duplicate signature topic");
    }

    let a = accounts();
    let (_c, cluster, bucket) = reference_setup();
    let recorded: Vec<_> = test::recorded_events().collect();
    let created = recorded
        .iter()
        .find(|e| e.topics[0] == <BucketCreated as ink::env::Event>::SIGNATURE_TOPIC.unwrap())
        .expect("a BucketCreated event");
    let mut id_topic = vec![0u8; 32];
    id_topic[..4].copy_from_slice(&bucket.to_le_bytes());
    assert_eq!(
        created.topics,
        vec![
            <BucketCreated as ink::env::Event>::SIGNATURE_TOPIC
                .unwrap()
                .to_vec(),
            id_topic.clone(),
            AsRef::<[u8]>::as_ref(&a.django).to_vec(),
        ]
    );
    assert_eq!(
        decode(created),
        Event::from(BucketCreated {
            bucket_id: bucket,
            owner_id: a.django,
        })
    );
    // The created id is the first field of the data, as clients read it.
    assert_eq!(created.data[..4], bucket.to_le_bytes());

    let allocated = recorded
        .iter()
        .find(|e| e.topics[0] == <BucketAllocated as ink::env::Event>::SIGNATURE_TOPIC.unwrap())
        .expect("a BucketAllocated event");
    let mut cluster_topic = vec![0u8; 32];
    cluster_topic[..4].copy_from_slice(&cluster.to_le_bytes());
    assert_eq!(allocated.topics[1..], [id_topic, cluster_topic]);

    // Every recorded event decodes, with the topics its type declares.
    assert_eq!(all_events().len(), recorded.len());
}

#[ink::test]
fn reference_lifecycle() {
    let a = accounts();
    let mut c = deploy();
    let since = event_count();
    let (cluster, nodes) = reference_cluster(&mut c);
    assert_eq!(nodes, vec![1, 2, 3]);
    assert_eq!(cluster, 1);
    let mut expected = Vec::new();
    for (provider, node_id) in [(a.bob, 1), (a.charlie, 2), (a.eve, 3)] {
        expected.push(Event::from(GrantPermission {
            account_id: a.django,
            permission: Permission::ManagerTrustedBy(provider),
        }));
        expected.push(Event::from(NodeCreated {
            node_id,
            provider_id: provider,
            rent_per_month: 10 * TOKEN,
            node_params: NODE_PARAMS.into(),
        }));
    }
    expected.push(
        ClusterCreated {
            cluster_id: 1,
            manager: a.django,
            cluster_params: "{}".into(),
        }
        .into(),
    );
    expected.push(
        ClusterReserveResource {
            cluster_id: 1,
            resource: 10,
        }
        .into(),
    );
    assert_eq!(events_since(since), expected);
    for &n in &nodes {
        let s = c.node_get(n).unwrap();
        assert_eq!(s.node.free_resource, 80);
        assert_eq!(s.node.rent_per_month, 10 * TOKEN);
        assert_eq!(s.params, NODE_PARAMS);
    }
    let status = c.cluster_get(cluster).unwrap();
    assert_eq!(status.cluster.manager_id, a.django);
    assert_eq!(status.cluster.vnodes, vec![1, 2, 3, 1, 2, 3]);
    assert_eq!(status.cluster.resource_per_vnode, 10);
    assert_eq!(status.cluster.resource_used, 0);
    assert_eq!(status.cluster.revenues, Cash { value: 0 });
    assert_eq!(status.cluster.total_rent, 60 * TOKEN);

    // The bucket, at time 0.
    let since = event_count();
    let bucket = reference_bucket(&mut c, cluster);
    assert_eq!(bucket, 1);
    assert_eq!(
        events_since(since),
        vec![
            Event::from(GracePeriodSet {
                grace_period_ms: ONE_DAY_MS,
            }),
            Event::from(BucketCreated {
                bucket_id: 1,
                owner_id: a.django,
            }),
            Event::from(Deposit {
                account_id: a.django,
                value: 10 * TOKEN,
            }),
            Event::from(BucketAllocated {
                bucket_id: 1,
                cluster_id: 1,
                resource: 1,
            }),
        ]
    );
    let b = c.bucket_get(bucket).unwrap();
    assert_eq!(b.bucket.owner_id, a.django);
    assert_eq!(b.bucket.cluster_id, cluster);
    assert_eq!(b.bucket.resource_reserved, 1);
    assert_eq!(b.params, "{}");
    assert_eq!(b.writer_ids, vec![a.django]);
    assert_eq!(b.rent_covered_until_ms, 446_400_000);
    assert_eq!(c.cluster_get(cluster).unwrap().cluster.resource_used, 1);
    let django = c.account_get(a.django).unwrap();
    assert_eq!(django.deposit.value, 10 * TOKEN);
    assert_eq!(
        django.payable_schedule,
        Schedule::new(0, 60 * TOKEN).unwrap()
    );
    assert_eq!(balance_of(contract_id()), 10 * TOKEN);
    assert_eq!(balance_of(a.django), 990 * TOKEN);

    // Upstream's fees (1 % network, 2 % management) apply to the settlements made after
    // they are set.
    let fees = FeeConfig {
        network_fee_bp: 100,
        network_fee_destination: a.frank,
        cluster_management_fee_bp: 200,
    };
    let since = event_count();
    call(&mut c, a.alice, 0, |c| c.admin_set_fee_config(fees)).unwrap();
    assert_eq!(
        events_since(since),
        vec![Event::from(FeeConfigSet {
            network_fee_bp: 100,
            network_fee_destination: a.frank,
            cluster_management_fee_bp: 200,
        })]
    );

    // 5 ms later anyone settles: floor(60 TOKEN × 5 / month) = 1120.
    test::set_block_timestamp::<Env>(5);
    let since = event_count();
    call(&mut c, a.frank, 0, |c| c.bucket_settle_payment(bucket)).unwrap();
    assert_eq!(60 * TOKEN * 5 / MS_PER_MONTH, 1120);
    assert_eq!(
        events_since(since),
        vec![Event::from(BucketSettlePayment {
            bucket_id: bucket,
            cluster_id: cluster,
            value: 1120,
            usd_rate_ms: 60 * TOKEN * 5,
            usd_per_cere: TOKEN,
        })]
    );
    assert_eq!(
        c.account_get(a.django).unwrap().deposit.value,
        10 * TOKEN - 1120
    );
    // The 1 % network fee (11) is taken at settlement: the cluster keeps 1109.
    assert_eq!(c.cluster_get(cluster).unwrap().cluster.revenues.value, 1109);
    // Settling moves nothing out of the contract, and does not change the covered time.
    assert_eq!(balance_of(contract_id()), 10 * TOKEN);
    // Deposits and cluster revenues, plus the 11 of network fees held for their destination.
    assert_eq!(owed(&c, &[cluster]) + 11, 10 * TOKEN);
    assert_eq!(
        c.bucket_get(bucket).unwrap().rent_covered_until_ms,
        446_400_000
    );

    // Settling again at the same time takes nothing and still reports it.
    let since = event_count();
    call(&mut c, a.bob, 0, |c| c.bucket_settle_payment(bucket)).unwrap();
    assert_eq!(
        events_since(since),
        vec![Event::from(BucketSettlePayment {
            bucket_id: bucket,
            cluster_id: cluster,
            value: 0,
            usd_rate_ms: 0,
            usd_per_cere: TOKEN,
        })]
    );

    // Fees: 100 bp to frank, 200 bp to the manager.
    let recipients = [a.frank, a.django, a.bob, a.charlie, a.eve, contract_id()];
    let before: Vec<Balance> = recipients.iter().map(|&r| balance_of(r)).collect();
    let since = event_count();
    call(&mut c, a.alice, 0, |c| {
        c.cluster_distribute_revenues(cluster)
    })
    .unwrap();
    let after: Vec<Balance> = recipients.iter().map(|&r| balance_of(r)).collect();
    let gained: Vec<i128> = after
        .iter()
        .zip(&before)
        .map(|(x, y)| *x as i128 - *y as i128)
        .collect();
    // network 11, management 22, 181 per vnode = 362 per provider; the contract paid 1119.
    assert_eq!(gained, vec![11, 22, 362, 362, 362, -1119]);
    assert_eq!(
        events_since(since),
        vec![
            Event::from(ClusterDistributeFees {
                cluster_id: cluster,
                network_fee: 11,
                network_fee_destination: a.frank,
                cluster_management_fee: 22,
                manager_id: a.django,
            }),
            Event::from(ClusterDistributeRevenues {
                cluster_id: cluster,
                provider_id: a.bob,
                value: 362,
            }),
            Event::from(ClusterDistributeRevenues {
                cluster_id: cluster,
                provider_id: a.charlie,
                value: 362,
            }),
            Event::from(ClusterDistributeRevenues {
                cluster_id: cluster,
                provider_id: a.eve,
                value: 362,
            }),
        ]
    );
    // The rounding leftover stays in the cluster; the providers got no deposit instead.
    assert_eq!(c.cluster_get(cluster).unwrap().cluster.revenues.value, 1);
    for p in [a.bob, a.charlie, a.eve, a.frank] {
        assert_eq!(c.account_get(p), Err(Error::AccountDoesNotExist));
    }
    // The contract still holds exactly what it owes.
    assert_eq!(balance_of(contract_id()), owed(&c, &[cluster]));
    assert_eq!(balance_of(contract_id()), 10 * TOKEN - 1119);

    // Distributing again: 1 unit of revenue pays no fee, no provider share, nothing moves.
    let before: Vec<Balance> = recipients.iter().map(|&r| balance_of(r)).collect();
    let since = event_count();
    call(&mut c, a.alice, 0, |c| {
        c.cluster_distribute_revenues(cluster)
    })
    .unwrap();
    let after: Vec<Balance> = recipients.iter().map(|&r| balance_of(r)).collect();
    assert_eq!(after, before);
    for e in events_since(since) {
        match e {
            Event::ClusterDistributeRevenues(r) => assert_eq!(r.value, 0),
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(c.cluster_get(cluster).unwrap().cluster.revenues.value, 1);
}

#[ink::test]
fn settlement_follows_the_oracle_rate() {
    let a = accounts();
    let (mut c, cluster, bucket) = reference_setup();
    expect_err(&mut c, a.eve, 0, Error::Unauthorized, |c| {
        c.account_set_usd_per_cere(2 * TOKEN)
    });
    call(&mut c, a.alice, 0, |c| {
        c.admin_grant_permission(a.eve, Permission::SetExchangeRate)
    })
    .unwrap();
    assert!(c.has_permission(a.eve, Permission::SetExchangeRate));
    assert!(!c.has_permission(a.eve, Permission::SuperAdmin));
    let since = event_count();
    call(&mut c, a.eve, 0, |c| c.account_set_usd_per_cere(2 * TOKEN)).unwrap();
    assert_eq!(
        events_since(since),
        vec![Event::from(ExchangeRateSet {
            usd_per_cere: 2 * TOKEN
        })]
    );
    assert_eq!(c.account_get_usd_per_cere(), 2 * TOKEN);
    test::set_block_timestamp::<Env>(5);
    call(&mut c, a.bob, 0, |c| c.bucket_settle_payment(bucket)).unwrap();
    assert_eq!(
        c.account_get(a.django).unwrap().deposit.value,
        10 * TOKEN - 560
    );
    assert_eq!(c.cluster_get(cluster).unwrap().cluster.revenues.value, 560);
    assert_eq!(
        events_since(since).last(),
        Some(&Event::from(BucketSettlePayment {
            bucket_id: bucket,
            cluster_id: cluster,
            value: 560,
            usd_rate_ms: 60 * TOKEN * 5,
            usd_per_cere: 2 * TOKEN,
        }))
    );
}

#[ink::test]
fn payable_messages_credit_the_value_to_the_caller() {
    let a = accounts();
    let mut c = deploy();

    let since = event_count();
    call(&mut c, a.bob, TOKEN, |c| c.node_trust_manager(a.django)).unwrap();
    let node = call(&mut c, a.bob, 2 * TOKEN, |c| {
        c.node_create(10 * TOKEN, "n".into(), 100)
    })
    .unwrap();
    assert_eq!(
        events_since(since),
        vec![
            Event::from(GrantPermission {
                account_id: a.django,
                permission: Permission::ManagerTrustedBy(a.bob),
            }),
            Event::from(Deposit {
                account_id: a.bob,
                value: TOKEN,
            }),
            Event::from(NodeCreated {
                node_id: node,
                provider_id: a.bob,
                rent_per_month: 10 * TOKEN,
                node_params: "n".into(),
            }),
            Event::from(Deposit {
                account_id: a.bob,
                value: 2 * TOKEN,
            }),
        ]
    );
    assert_eq!(c.account_get(a.bob).unwrap().deposit.value, 3 * TOKEN);

    let since = event_count();
    let cluster = call(&mut c, a.django, 4 * TOKEN, |c| {
        c.cluster_create(a.django, 2, vec![node], "c".into())
    })
    .unwrap();
    let bucket = call(&mut c, a.django, 5 * TOKEN, |c| {
        c.bucket_create("b".into(), cluster)
    })
    .unwrap();
    assert_eq!(
        events_since(since),
        vec![
            Event::from(ClusterCreated {
                cluster_id: cluster,
                manager: a.django,
                cluster_params: "c".into(),
            }),
            Event::from(Deposit {
                account_id: a.django,
                value: 4 * TOKEN,
            }),
            Event::from(BucketCreated {
                bucket_id: bucket,
                owner_id: a.django,
            }),
            Event::from(Deposit {
                account_id: a.django,
                value: 5 * TOKEN,
            }),
        ]
    );
    assert_eq!(c.account_get(a.django).unwrap().deposit.value, 9 * TOKEN);

    let since = event_count();
    call(&mut c, a.django, 1, |c| {
        c.bucket_change_params(bucket, "b2".into())
    })
    .unwrap();
    call(&mut c, a.django, 2, |c| {
        c.cluster_change_params(cluster, "c2".into())
    })
    .unwrap();
    call(&mut c, a.bob, 3, |c| {
        c.node_change_params(node, "n2".into())
    })
    .unwrap();
    call(&mut c, a.alice, 4, |c| {
        c.admin_grant_permission(a.eve, Permission::SetExchangeRate)
    })
    .unwrap();
    call(&mut c, a.eve, 0, |c| c.account_deposit()).unwrap();
    // Without value, a payable message credits nothing and emits no Deposit.
    call(&mut c, a.charlie, 0, |c| c.node_trust_manager(a.eve)).unwrap();
    assert_eq!(
        events_since(since),
        vec![
            Event::from(BucketParamsSet {
                bucket_id: bucket,
                params: "b2".into(),
            }),
            Event::from(Deposit {
                account_id: a.django,
                value: 1,
            }),
            Event::from(ClusterParamsSet {
                cluster_id: cluster,
                params: "c2".into(),
            }),
            Event::from(Deposit {
                account_id: a.django,
                value: 2,
            }),
            Event::from(NodeParamsSet {
                node_id: node,
                params: "n2".into(),
            }),
            Event::from(Deposit {
                account_id: a.bob,
                value: 3,
            }),
            Event::from(GrantPermission {
                account_id: a.eve,
                permission: Permission::SetExchangeRate,
            }),
            Event::from(Deposit {
                account_id: a.alice,
                value: 4,
            }),
            Event::from(Deposit {
                account_id: a.eve,
                value: 0,
            }),
            Event::from(GrantPermission {
                account_id: a.eve,
                permission: Permission::ManagerTrustedBy(a.charlie),
            }),
        ]
    );
    assert_eq!(c.bucket_get(bucket).unwrap().params, "b2");
    assert_eq!(c.cluster_get(cluster).unwrap().params, "c2");
    assert_eq!(c.node_get(node).unwrap().params, "n2");
    assert_eq!(
        c.account_get(a.django).unwrap(),
        Account {
            deposit: Cash {
                value: 9 * TOKEN + 3
            },
            ..Default::default()
        }
    );
    assert_eq!(c.account_get(a.bob).unwrap().deposit.value, 3 * TOKEN + 3);
    assert_eq!(c.account_get(a.alice).unwrap().deposit.value, 4);
    assert_eq!(c.account_get(a.eve).unwrap().deposit.value, 0);
    assert_eq!(c.account_get(a.charlie), Err(Error::AccountDoesNotExist));

    // No value was absorbed: the contract holds exactly the deposits, the admin can take
    // nothing, and every depositor can take everything back.
    assert_eq!(balance_of(contract_id()), 12 * TOKEN + 10);
    assert_eq!(balance_of(contract_id()), owed(&c, &[cluster]));
    expect_err(&mut c, a.alice, 0, Error::InsufficientBalance, |c| {
        c.admin_withdraw(1)
    });
    for who in [a.alice, a.bob, a.django] {
        let deposit = c.account_get(who).unwrap().deposit.value;
        call(&mut c, who, 0, |c| c.account_withdraw(deposit)).unwrap();
        assert_eq!(balance_of(who), 1000 * TOKEN);
    }
    assert_eq!(balance_of(contract_id()), 0);
}

#[ink::test]
fn account_withdraw_pays_out_only_the_free_deposit() {
    let a = accounts();
    let mut c = deploy();

    expect_err(&mut c, a.bob, 0, Error::AccountDoesNotExist, |c| {
        c.account_withdraw(1)
    });
    // Without flows, all of the deposit is free.
    call(&mut c, a.bob, 7 * TOKEN, |c| c.account_deposit()).unwrap();
    let since = event_count();
    call(&mut c, a.bob, 0, |c| c.account_withdraw(3 * TOKEN)).unwrap();
    assert_eq!(
        events_since(since),
        vec![Event::from(Withdraw {
            account_id: a.bob,
            value: 3 * TOKEN,
        })]
    );
    assert_eq!(balance_of(a.bob), 996 * TOKEN);
    assert_eq!(balance_of(contract_id()), 4 * TOKEN);
    assert_eq!(c.account_get(a.bob).unwrap().deposit.value, 4 * TOKEN);
    expect_err(&mut c, a.bob, 0, Error::InsufficientBalance, |c| {
        c.account_withdraw(4 * TOKEN + 1)
    });
    call(&mut c, a.bob, 0, |c| c.account_withdraw(4 * TOKEN)).unwrap();
    assert_eq!(balance_of(a.bob), 1000 * TOKEN);
    assert_eq!(balance_of(contract_id()), 0);
    // Withdrawing zero from an empty deposit is allowed and moves nothing.
    call(&mut c, a.bob, 0, |c| c.account_withdraw(0)).unwrap();
    assert_eq!(balance_of(a.bob), 1000 * TOKEN);
}

#[ink::test]
fn account_withdraw_keeps_what_the_flows_are_owed() {
    let a = accounts();
    let mut c = deploy();
    let (cluster, _) = reference_cluster(&mut c);
    let bucket = reference_bucket(&mut c, cluster);
    // At time 5, 1120 is owed to the cluster and not settled yet, and while the bucket runs
    // the grace period's rent (a day here) stays too: what the flow will owe at 5 ms + a day.
    test::set_block_timestamp::<Env>(5);
    let kept = 60 * TOKEN * (5 + Balance::from(ONE_DAY_MS)) / MS_PER_MONTH;
    expect_err(&mut c, a.django, 0, Error::InsufficientBalance, |c| {
        c.account_withdraw(10 * TOKEN - kept + 1)
    });
    call(&mut c, a.django, 0, |c| {
        c.account_withdraw(10 * TOKEN - kept)
    })
    .unwrap();
    assert_eq!(balance_of(a.django), 990 * TOKEN + 10 * TOKEN - kept);
    assert_eq!(balance_of(contract_id()), kept);
    assert_eq!(c.account_get(a.django).unwrap().deposit.value, kept);
    // What is left pays the settlement in full.
    call(&mut c, a.eve, 0, |c| c.bucket_settle_payment(bucket)).unwrap();
    assert_eq!(c.account_get(a.django).unwrap().deposit.value, kept - 1120);
    assert_eq!(c.cluster_get(cluster).unwrap().cluster.revenues.value, 1120);
    assert_eq!(balance_of(contract_id()), owed(&c, &[cluster]));
    // Covered for about the grace period still.
    let covered = c.bucket_get(bucket).unwrap().rent_covered_until_ms;
    assert!(
        covered >= ONE_DAY_MS && covered <= ONE_DAY_MS + 5,
        "{covered}"
    );
    expect_err(&mut c, a.django, 0, Error::InsufficientBalance, |c| {
        c.account_withdraw(1)
    });
    // Closed, the bucket holds nothing back: the owner takes everything left.
    call(&mut c, a.django, 0, |c| c.bucket_close(bucket)).unwrap();
    call(&mut c, a.django, 0, |c| c.account_withdraw(kept - 1120)).unwrap();
    assert_eq!(c.account_get(a.django).unwrap().deposit.value, 0);
    assert_eq!(balance_of(a.django), 1000 * TOKEN - 1120);
    assert_eq!(balance_of(contract_id()), owed(&c, &[cluster]));
}

#[ink::test]
fn admin_withdraw_takes_only_the_surplus() {
    let a = accounts();
    let (mut c, cluster, bucket) = reference_setup();
    assert_eq!(balance_of(contract_id()), 10 * TOKEN);
    expect_err(&mut c, a.alice, 0, Error::InsufficientBalance, |c| {
        c.admin_withdraw(1)
    });
    // Someone sends the contract 7 TOKEN outside any message: that is surplus.
    set_balance(contract_id(), 17 * TOKEN);
    expect_err(&mut c, a.bob, 0, Error::Unauthorized, |c| {
        c.admin_withdraw(TOKEN)
    });
    expect_err(&mut c, a.alice, 0, Error::InsufficientBalance, |c| {
        c.admin_withdraw(7 * TOKEN + 1)
    });
    let since = event_count();
    call(&mut c, a.alice, 0, |c| c.admin_withdraw(5 * TOKEN)).unwrap();
    assert_eq!(
        events_since(since),
        vec![Event::from(AdminWithdraw {
            admin_id: a.alice,
            value: 5 * TOKEN,
        })]
    );
    assert_eq!(balance_of(a.alice), 1005 * TOKEN);
    assert_eq!(balance_of(contract_id()), 12 * TOKEN);
    // Settled revenues are owed too: settling creates no surplus.
    test::set_block_timestamp::<Env>(5);
    call(&mut c, a.eve, 0, |c| c.bucket_settle_payment(bucket)).unwrap();
    expect_err(&mut c, a.alice, 0, Error::InsufficientBalance, |c| {
        c.admin_withdraw(2 * TOKEN + 1)
    });
    call(&mut c, a.alice, 0, |c| c.admin_withdraw(2 * TOKEN)).unwrap();
    assert_eq!(balance_of(a.alice), 1007 * TOKEN);
    assert_eq!(balance_of(contract_id()), 10 * TOKEN);
    assert_eq!(balance_of(contract_id()), owed(&c, &[cluster]));
    expect_err(&mut c, a.alice, 0, Error::InsufficientBalance, |c| {
        c.admin_withdraw(1)
    });
    // Neither does distribution: what it pays out it no longer owes.
    call(&mut c, a.eve, 0, |c| c.cluster_distribute_revenues(cluster)).unwrap();
    assert_eq!(balance_of(contract_id()), owed(&c, &[cluster]));
    expect_err(&mut c, a.alice, 0, Error::InsufficientBalance, |c| {
        c.admin_withdraw(1)
    });
    // Another SuperAdmin may take new surplus; the user's money stays withdrawable by the user.
    call(&mut c, a.alice, 0, |c| {
        c.admin_grant_permission(a.frank, Permission::SuperAdmin)
    })
    .unwrap();
    set_balance(contract_id(), balance_of(contract_id()) + 3);
    call(&mut c, a.frank, 0, |c| c.admin_withdraw(3)).unwrap();
    assert_eq!(balance_of(a.frank), 1000 * TOKEN + 3);
    call(&mut c, a.django, 0, |c| c.bucket_close(bucket)).unwrap();
    let free = c.account_get(a.django).unwrap().deposit.value;
    call(&mut c, a.django, 0, |c| c.account_withdraw(free)).unwrap();
    assert_eq!(
        balance_of(contract_id()),
        c.cluster_get(cluster).unwrap().cluster.revenues.value
    );
}

#[ink::test]
fn permission_errors_emit_nothing() {
    let a = accounts();
    let mut c = deploy();
    expect_err(&mut c, a.bob, 0, Error::Unauthorized, |c| {
        c.account_set_usd_per_cere(2 * TOKEN)
    });
    expect_err(&mut c, a.alice, 0, Error::InvalidExchangeRate, |c| {
        c.account_set_usd_per_cere(0)
    });
    // Within a day, the rate stays between half and twice where the day began.
    for bad in [TOKEN / 2 - 1, 2 * TOKEN + 1] {
        expect_err(&mut c, a.alice, 0, Error::RateChangeTooLarge, |c| {
            c.account_set_usd_per_cere(bad)
        });
    }
    assert_eq!(c.account_get_usd_per_cere(), TOKEN);
    let fees = FeeConfig {
        network_fee_bp: 100,
        network_fee_destination: a.frank,
        cluster_management_fee_bp: 200,
    };
    expect_err(&mut c, a.bob, 0, Error::Unauthorized, |c| {
        c.admin_set_fee_config(fees)
    });
    for bad in [
        FeeConfig {
            network_fee_bp: 10_001,
            ..fees
        },
        FeeConfig {
            cluster_management_fee_bp: 10_001,
            ..fees
        },
        FeeConfig {
            network_fee_bp: 801,
            ..fees
        },
    ] {
        expect_err(&mut c, a.alice, 0, Error::InvalidFeeBasisPoints, |c| {
            c.admin_set_fee_config(bad)
        });
    }
    // The cap (10 % in all) is allowed.
    call(&mut c, a.alice, 0, |c| {
        c.admin_set_fee_config(FeeConfig {
            network_fee_bp: 800,
            ..fees
        })
    })
    .unwrap();
    // A payable message that fails does not credit the value sent with it.
    expect_err(&mut c, a.bob, 5 * TOKEN, Error::Unauthorized, |c| {
        c.admin_grant_permission(a.bob, Permission::SuperAdmin)
    });
    expect_err(&mut c, a.bob, 0, Error::Unauthorized, |c| {
        c.admin_revoke_permission(a.alice, Permission::SuperAdmin)
    });
    expect_err(&mut c, a.alice, 0, Error::LastSuperAdmin, |c| {
        c.admin_revoke_permission(a.alice, Permission::SuperAdmin)
    });
    assert!(c.has_permission(a.alice, Permission::SuperAdmin));

    // With a second SuperAdmin, the first can go; then the last one cannot.
    call(&mut c, a.alice, 0, |c| {
        c.admin_grant_permission(a.bob, Permission::SuperAdmin)
    })
    .unwrap();
    let since = event_count();
    call(&mut c, a.bob, 0, |c| {
        c.admin_revoke_permission(a.alice, Permission::SuperAdmin)
    })
    .unwrap();
    assert_eq!(
        events_since(since),
        vec![Event::from(RevokePermission {
            account_id: a.alice,
            permission: Permission::SuperAdmin,
        })]
    );
    assert!(!c.has_permission(a.alice, Permission::SuperAdmin));
    assert!(!c.has_permission(a.alice, Permission::SetExchangeRate));
    expect_err(&mut c, a.alice, 0, Error::Unauthorized, |c| {
        c.account_set_usd_per_cere(3 * TOKEN)
    });
    expect_err(&mut c, a.alice, 0, Error::Unauthorized, |c| {
        c.admin_withdraw(0)
    });
    expect_err(&mut c, a.bob, 0, Error::LastSuperAdmin, |c| {
        c.admin_revoke_permission(a.bob, Permission::SuperAdmin)
    });
    // Revoking a permission never held changes nothing but is reported.
    call(&mut c, a.bob, 0, |c| {
        c.admin_revoke_permission(a.eve, Permission::SetExchangeRate)
    })
    .unwrap();
}

#[ink::test]
fn domain_errors_emit_nothing() {
    let a = accounts();
    let (mut c, cluster, bucket) = reference_setup();
    let nodes = vec![1, 2, 3];

    // Buckets.
    expect_err(&mut c, a.bob, 3 * TOKEN, Error::ClusterDoesNotExist, |c| {
        c.bucket_create("{}".into(), 7)
    });
    expect_err(&mut c, a.bob, 0, Error::ClusterDoesNotExist, |c| {
        c.bucket_create("{}".into(), 0)
    });
    assert_eq!(c.account_get(a.bob), Err(Error::AccountDoesNotExist));
    expect_err(&mut c, a.bob, 0, Error::ParamsTooBig, |c| {
        c.bucket_create("x".repeat(1025).into(), cluster)
    });
    expect_err(&mut c, a.bob, 0, Error::UnauthorizedOwner, |c| {
        c.bucket_alloc_into_cluster(bucket, 1)
    });
    expect_err(&mut c, a.bob, 1, Error::UnauthorizedOwner, |c| {
        c.bucket_change_params(bucket, "mine".into())
    });
    expect_err(&mut c, a.django, 0, Error::InsufficientResources, |c| {
        c.bucket_alloc_into_cluster(bucket, 10)
    });
    expect_err(&mut c, a.django, 0, Error::BucketDoesNotExist, |c| {
        c.bucket_alloc_into_cluster(9, 1)
    });
    expect_err(&mut c, a.bob, 0, Error::BucketDoesNotExist, |c| {
        c.bucket_settle_payment(9)
    });
    assert_eq!(c.bucket_get(0), Err(Error::BucketDoesNotExist));
    assert_eq!(c.bucket_get(2), Err(Error::BucketDoesNotExist));

    // Clusters.
    expect_err(&mut c, a.django, 0, Error::NoVNodes, |c| {
        c.cluster_create(a.django, 0, nodes.clone(), "{}".into())
    });
    expect_err(&mut c, a.django, 2 * TOKEN, Error::TooManyVNodes, |c| {
        c.cluster_create(a.django, 301, nodes.clone(), "{}".into())
    });
    expect_err(&mut c, a.django, 0, Error::NoNodes, |c| {
        c.cluster_create(a.django, 3, vec![], "{}".into())
    });
    expect_err(&mut c, a.django, 0, Error::NodeDoesNotExist, |c| {
        c.cluster_create(a.django, 3, vec![1, 4], "{}".into())
    });
    expect_err(&mut c, a.frank, 0, Error::ClusterManagerIsNotTrusted, |c| {
        c.cluster_create(a.frank, 3, nodes.clone(), "{}".into())
    });
    expect_err(&mut c, a.bob, 0, Error::UnauthorizedClusterManager, |c| {
        c.cluster_reserve_resource(cluster, 1)
    });
    // Each node has 80 free and hosts 2 vnodes: 41 more per vnode does not fit.
    expect_err(&mut c, a.django, 0, Error::InsufficientResources, |c| {
        c.cluster_reserve_resource(cluster, 41)
    });
    expect_err(&mut c, a.bob, 0, Error::UnauthorizedClusterManager, |c| {
        c.cluster_replace_node(cluster, 0, 2)
    });
    expect_err(&mut c, a.django, 0, Error::VNodeDoesNotExist, |c| {
        c.cluster_replace_node(cluster, 6, 2)
    });
    expect_err(&mut c, a.django, 0, Error::NodeDoesNotExist, |c| {
        c.cluster_replace_node(cluster, 0, 9)
    });
    expect_err(&mut c, a.bob, 0, Error::UnauthorizedClusterManager, |c| {
        c.cluster_change_params(cluster, "x".into())
    });
    expect_err(&mut c, a.bob, 0, Error::ClusterDoesNotExist, |c| {
        c.cluster_distribute_revenues(2)
    });
    assert_eq!(c.cluster_get(0).unwrap_err(), Error::ClusterDoesNotExist);

    // Nodes.
    expect_err(&mut c, a.charlie, 0, Error::UnauthorizedProvider, |c| {
        c.node_change_params(1, "x".into())
    });
    expect_err(&mut c, a.bob, 0, Error::NodeDoesNotExist, |c| {
        c.node_change_params(9, "x".into())
    });
    expect_err(&mut c, a.bob, 4 * TOKEN, Error::ParamsTooBig, |c| {
        c.node_create(TOKEN, "x".repeat(1025).into(), 1)
    });
    assert_eq!(c.node_get(4).unwrap_err(), Error::NodeDoesNotExist);

    // A provider distrusting the manager blocks new uses of its node, not the cluster.
    let since = event_count();
    call(&mut c, a.charlie, 0, |c| c.node_distrust_manager(a.django)).unwrap();
    assert_eq!(
        events_since(since),
        vec![Event::from(RevokePermission {
            account_id: a.django,
            permission: Permission::ManagerTrustedBy(a.charlie),
        })]
    );
    expect_err(
        &mut c,
        a.django,
        0,
        Error::ClusterManagerIsNotTrusted,
        |c| c.cluster_replace_node(cluster, 0, 2),
    );
    assert_eq!(
        c.cluster_get(cluster).unwrap().cluster.vnodes,
        vec![1, 2, 3, 1, 2, 3]
    );

    // A valid replacement still works and is reported.
    let since = event_count();
    call(&mut c, a.django, 0, |c| {
        c.cluster_replace_node(cluster, 1, 3)
    })
    .unwrap();
    assert_eq!(
        events_since(since),
        vec![Event::from(ClusterNodeReplaced {
            cluster_id: cluster,
            node_id: 3,
            vnode_index: 1,
        })]
    );
    assert_eq!(
        c.cluster_get(cluster).unwrap().cluster.vnodes,
        vec![1, 3, 3, 1, 2, 3]
    );
    let free: Vec<_> = [1, 2, 3]
        .iter()
        .map(|&n| c.node_get(n).unwrap().node.free_resource)
        .collect();
    assert_eq!(free, vec![80, 90, 70]);
}

#[ink::test]
fn lists_page_with_and_without_filters() {
    let a = accounts();
    let mut c = deploy();

    // 30 nodes: every third is charlie's, the rest bob's.
    for i in 1..=30u32 {
        let provider = if i % 3 == 0 { a.charlie } else { a.bob };
        let id = call(&mut c, provider, 0, |c| {
            c.node_create(Balance::from(i), format!("node{i}").into(), 100 + i)
        })
        .unwrap();
        assert_eq!(id, i);
    }
    let ids = |page: &[crate::node::entity::NodeStatus]| -> Vec<u32> {
        page.iter().map(|s| s.node_id).collect()
    };

    let (page, max) = c.node_list(1, 20, None);
    assert_eq!((ids(&page), max), ((1..=20).collect(), 31));
    assert_eq!(page[4], c.node_get(5).unwrap());
    assert_eq!(page[4].node.free_resource, 105);
    assert_eq!(page[4].node.provider_id, a.bob);
    assert_eq!(page[4].params, "node5");
    let (page, max) = c.node_list(21, 20, None);
    assert_eq!((ids(&page), max), ((21..=30).collect(), 31));
    // Offset 0 is position 0, never an entity: the page holds limit − 1 nodes.
    let (page, max) = c.node_list(0, 10, None);
    assert_eq!((ids(&page), max), ((1..=9).collect(), 31));
    let (page, _) = c.node_list(0, 1, None);
    assert!(page.is_empty());
    // Any limit: the whole window, when it fits in the output buffer.
    let (page, max) = c.node_list(1, u32::MAX, None);
    assert_eq!((ids(&page), max), ((1..=30).collect(), 31));
    let (page, max) = c.node_list(0, u32::MAX, None);
    assert_eq!((ids(&page), max), ((1..=30).collect(), 31));
    for (offset, limit) in [(31, 20), (u32::MAX, 20), (u32::MAX, u32::MAX), (1, 0)] {
        assert_eq!(c.node_list(offset, limit, None), (vec![], 31));
    }
    let all = read_all_pages(7, |o, l| c.node_list(o, l, None));
    assert_eq!(ids(&all), (1..=30).collect::<Vec<_>>());

    // Filtered: positions within charlie's 10 nodes.
    let charlies: Vec<u32> = (1..=10).map(|k| 3 * k).collect();
    let (page, max) = c.node_list(1, 20, Some(a.charlie));
    assert_eq!((ids(&page), max), (charlies.clone(), 11));
    assert!(page.iter().all(|s| s.node.provider_id == a.charlie));
    let (page, max) = c.node_list(1, 4, Some(a.charlie));
    assert_eq!((ids(&page), max), (vec![3, 6, 9, 12], 11));
    let (page, max) = c.node_list(9, 4, Some(a.charlie));
    assert_eq!((ids(&page), max), (vec![27, 30], 11));
    let (page, max) = c.node_list(0, 4, Some(a.charlie));
    assert_eq!((ids(&page), max), (vec![3, 6, 9], 11));
    for (offset, limit) in [(11, 20), (u32::MAX, 20), (u32::MAX, u32::MAX), (1, 0)] {
        assert_eq!(c.node_list(offset, limit, Some(a.charlie)), (vec![], 11));
    }
    let (page, max) = c.node_list(1, u32::MAX, Some(a.bob));
    assert_eq!(page.len(), 20);
    assert_eq!(max, 21);
    let bobs = read_all_pages(3, |o, l| c.node_list(o, l, Some(a.bob)));
    assert_eq!(
        ids(&bobs),
        (1..=30).filter(|i| i % 3 != 0).collect::<Vec<_>>()
    );
    assert_eq!(c.node_list(1, 20, Some(a.frank)), (vec![], 1));
    assert_eq!(c.node_list(0, u32::MAX, Some(a.frank)), (vec![], 1));

    // Clusters: django manages 1 and 3, eve manages 2.
    for provider in [a.bob, a.charlie] {
        call(&mut c, provider, 0, |c| c.node_trust_manager(a.django)).unwrap();
    }
    call(&mut c, a.bob, 0, |c| c.node_trust_manager(a.eve)).unwrap();
    let c1 = call(&mut c, a.django, 0, |c| {
        c.cluster_create(a.django, 3, vec![1, 3], "one".into())
    })
    .unwrap();
    let c2 = call(&mut c, a.eve, 0, |c| {
        c.cluster_create(a.eve, 2, vec![2], "two".into())
    })
    .unwrap();
    let c3 = call(&mut c, a.django, 0, |c| {
        c.cluster_create(a.django, 1, vec![6], "three".into())
    })
    .unwrap();
    assert_eq!((c1, c2, c3), (1, 2, 3));
    let cids = |page: &[crate::cluster::entity::ClusterStatus]| -> Vec<u32> {
        page.iter().map(|s| s.cluster_id).collect()
    };
    let (page, max) = c.cluster_list(1, 20, None);
    assert_eq!((cids(&page), max), (vec![1, 2, 3], 4));
    assert_eq!(page[0], c.cluster_get(1).unwrap());
    assert_eq!(page[0].cluster.vnodes, vec![1, 3, 1]);
    assert_eq!(page[0].cluster.total_rent, 1 + 3 + 1);
    assert_eq!(cids(&c.cluster_list(0, 20, None).0), vec![1, 2, 3]);
    assert_eq!(cids(&c.cluster_list(2, 1, None).0), vec![2]);
    assert_eq!(c.cluster_list(u32::MAX, u32::MAX, None), (vec![], 4));
    let (page, max) = c.cluster_list(1, 20, Some(a.django));
    assert_eq!((cids(&page), max), (vec![1, 3], 3));
    assert_eq!(cids(&c.cluster_list(2, 1, Some(a.django)).0), vec![3]);
    assert_eq!(cids(&c.cluster_list(0, u32::MAX, Some(a.eve)).0), vec![2]);
    assert_eq!(c.cluster_list(u32::MAX, 1, Some(a.django)), (vec![], 3));
    assert_eq!(c.cluster_list(1, 20, Some(a.bob)), (vec![], 1));

    // Buckets, upstream §8: two buckets (alice's, then bob's) and the expected pages.
    let b1 = call(&mut c, a.alice, 0, |c| c.bucket_create("a".into(), c1)).unwrap();
    let b2 = call(&mut c, a.bob, 0, |c| c.bucket_create("b".into(), c2)).unwrap();
    assert_eq!((b1, b2), (1, 2));
    let bids = |page: &[crate::bucket::entity::BucketStatus]| -> Vec<u32> {
        page.iter().map(|s| s.bucket_id).collect()
    };
    for (offset, limit, expected) in [
        (1, 100, vec![1, 2]),
        (1, 2, vec![1, 2]),
        (1, 1, vec![1]),
        (2, 1, vec![2]),
        (3, 20, vec![]),
        (21, 20, vec![]),
        (0, 20, vec![1, 2]),
        (0, u32::MAX, vec![1, 2]),
        (u32::MAX, u32::MAX, vec![]),
        (u32::MAX, 0, vec![]),
    ] {
        let (page, max) = c.bucket_list(offset, limit, None);
        assert_eq!((bids(&page), max), (expected, 3), "({offset}, {limit})");
    }
    let (page, max) = c.bucket_list(1, 20, None);
    assert_eq!(max, 3);
    assert_eq!(page[0], c.bucket_get(1).unwrap());
    assert_eq!(page[1].bucket.owner_id, a.bob);
    assert_eq!(page[1].bucket.cluster_id, c2);
    assert_eq!(page[1].params, "b");
    assert_eq!(page[1].rent_covered_until_ms, u64::MAX);
    assert_eq!(bids(&c.bucket_list(1, 20, Some(a.bob)).0), vec![2]);
    assert_eq!(c.bucket_list(1, 20, Some(a.bob)).1, 2);
    assert_eq!(bids(&c.bucket_list(0, u32::MAX, Some(a.alice)).0), vec![1]);
    assert_eq!(
        c.bucket_list(u32::MAX, u32::MAX, Some(a.alice)),
        (vec![], 2)
    );
    assert_eq!(c.bucket_list(1, 20, Some(a.charlie)), (vec![], 1));
    // A third bucket by alice: her filtered pages stay compact.
    let b3 = call(&mut c, a.alice, 0, |c| c.bucket_create("c".into(), c3)).unwrap();
    let (page, max) = c.bucket_list(1, 20, Some(a.alice));
    assert_eq!((bids(&page), max), (vec![b1, b3], 3));
    assert_eq!(bids(&c.bucket_list(2, 1, Some(a.alice)).0), vec![b3]);
    let all = read_all_pages(1, |o, l| c.bucket_list(o, l, Some(a.alice)));
    assert_eq!(bids(&all), vec![1, 3]);
}
