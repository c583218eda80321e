//! Model-based randomized testing: a reference model of the contract in plain Rust, a generator
//! of random call sequences, and a runner that plays a sequence against a `Target` (the plain
//! `Ddc` off-chain, or the release contract on drink) and compares the two after every step.
//!
//! The model is written from the specification (docs/design.md, docs/deviations.md), not from
//! the contract: its arithmetic is on unbounded integers (`BigUint`), and a result that does not
//! fit the contract's types is where the contract must answer `Overflow` (or saturate, where the
//! specification says so). It mirrors the order in which each message checks its inputs, since
//! that order decides which typed error a call with several faults returns.
//!
//! Shared by `ddc_bucket/tests/model_offchain.rs` and `tests/tests/drink_model.rs`.
#![allow(dead_code)]

use ddc_bucket::error::Error;
use ddc_bucket::perm::entity::Permission;
use ddc_bucket::types::AccountId;
use num_bigint::BigUint;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

pub const TOKEN: u128 = 10_000_000_000;
pub const MS_PER_MONTH: u128 = 31 * 24 * 3600 * 1000;
pub const BP: u128 = 10_000;
pub const PARAMS_MAX: usize = 1024;
pub const MAX_VNODES: u32 = 300;
/// The largest total rate of a flow or a payer (USD units per month): rate × any u64 time fits.
pub const MAX_RATE: u128 = u64::MAX as u128;
/// The largest exchange rate the oracle may set (1e18 USD per CERE).
pub const MAX_USD_PER_CERE: u128 = 10_000_000_000_000_000_000_000_000_000;
/// Actors 1..=ACTORS call; actor 1 deployed the contract (SuperAdmin). Account 0 (all zero
/// bytes) is only ever a grantee or a fee destination.
pub const ACTORS: u8 = 6;

pub fn account(n: u8) -> AccountId {
    AccountId::from([n; 32])
}

fn big(x: u128) -> BigUint {
    BigUint::from(x)
}
fn small(x: &BigUint) -> Option<u128> {
    u128::try_from(x).ok()
}
/// floor(a × b / c) on unbounded integers.
fn muldiv(a: u128, b: u128, c: u128) -> BigUint {
    big(a) * big(b) / big(c)
}

// ------------------------------------------------------------------------------ operations

/// How an op names an entity: one that exists (by position, modulo how many exist), or one that
/// does not (0, the next id, u32::MAX).
#[derive(Debug, Clone, Copy)]
pub enum IdSel {
    Existing(usize),
    Zero,
    Next,
    Max,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PermSel {
    SuperAdmin,
    SetExchangeRate,
    TrustedBy(u8),
}

/// One step of a sequence, before ids are resolved against the model.
#[derive(Debug, Clone)]
pub enum Op {
    Wait(u64),
    NodeCreate(u8, u128, usize, u32, u128),
    NodeChangeParams(u8, IdSel, usize, u128),
    Trust(u8, u8, u128),
    Distrust(u8, u8),
    ClusterCreate(u8, u32, Vec<IdSel>, usize, u128),
    Reserve(u8, IdSel, u32),
    Replace(u8, IdSel, u32, IdSel),
    Distribute(u8, IdSel),
    ClusterParams(u8, IdSel, usize, u128),
    BucketCreate(u8, IdSel, usize, u128),
    Alloc(u8, IdSel, u32),
    Settle(u8, IdSel),
    BucketParams(u8, IdSel, usize, u128),
    Deposit(u8, u128),
    Withdraw(u8, u128),
    SetRate(u8, u128),
    Grant(u8, u8, PermSel, u128),
    Revoke(u8, u8, PermSel),
    AdminWithdraw(u8, u128),
    SetFees(u8, u128, u8, u128),
    /// Value sent to a non-payable message (only where the target can dispatch it: drink).
    ValueToNonPayable(u8, u128),
}

/// A call with concrete arguments.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    NodeCreate {
        rent: u128,
        params: String,
        capacity: u32,
    },
    NodeChangeParams {
        node: u32,
        params: String,
    },
    Trust {
        manager: u8,
    },
    Distrust {
        manager: u8,
    },
    ClusterCreate {
        vnodes: u32,
        nodes: Vec<u32>,
        params: String,
    },
    Reserve {
        cluster: u32,
        amount: u32,
    },
    Replace {
        cluster: u32,
        vnode: u32,
        node: u32,
    },
    Distribute {
        cluster: u32,
    },
    ClusterParams {
        cluster: u32,
        params: String,
    },
    BucketCreate {
        cluster: u32,
        params: String,
    },
    Alloc {
        bucket: u32,
        resource: u32,
    },
    Settle {
        bucket: u32,
    },
    BucketParams {
        bucket: u32,
        params: String,
    },
    Deposit,
    Withdraw {
        amount: u128,
    },
    SetRate {
        rate: u128,
    },
    Grant {
        grantee: u8,
        perm: PermSel,
    },
    Revoke {
        grantee: u8,
        perm: PermSel,
    },
    AdminWithdraw {
        amount: u128,
    },
    SetFees {
        network_bp: u128,
        dest: u8,
        management_bp: u128,
    },
}

impl Msg {
    pub fn payable(&self) -> bool {
        matches!(
            self,
            Msg::NodeCreate { .. }
                | Msg::NodeChangeParams { .. }
                | Msg::Trust { .. }
                | Msg::ClusterCreate { .. }
                | Msg::ClusterParams { .. }
                | Msg::BucketCreate { .. }
                | Msg::BucketParams { .. }
                | Msg::Deposit
                | Msg::Grant { .. }
        )
    }
}

pub fn permission(p: PermSel) -> Permission {
    match p {
        PermSel::SuperAdmin => Permission::SuperAdmin,
        PermSel::SetExchangeRate => Permission::SetExchangeRate,
        PermSel::TrustedBy(n) => Permission::ManagerTrustedBy(account(n)),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub caller: u8,
    pub value: u128,
    pub msg: Msg,
}

/// How a call ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// `Ok`, with the created id if the message returns one.
    Ok(Option<u32>),
    Err(Error),
    /// Refused by dispatch (value sent to a non-payable message).
    Rejected,
}

// --------------------------------------------------------------------------------- generator

fn actor() -> impl Strategy<Value = u8> {
    1..=ACTORS
}
fn grantee() -> impl Strategy<Value = u8> {
    0..=ACTORS
}
fn id_sel() -> impl Strategy<Value = IdSel> {
    prop_oneof![
        8 => (0usize..8).prop_map(IdSel::Existing),
        1 => Just(IdSel::Zero),
        1 => Just(IdSel::Next),
        1 => Just(IdSel::Max),
    ]
}
fn perm_sel() -> impl Strategy<Value = PermSel> {
    prop_oneof![
        Just(PermSel::SuperAdmin),
        Just(PermSel::SetExchangeRate),
        grantee().prop_map(PermSel::TrustedBy),
    ]
}
/// 0, 1, small, huge, u128::MAX.
fn amount() -> impl Strategy<Value = u128> {
    prop_oneof![
        2 => Just(0u128),
        1 => Just(1u128),
        6 => 1..=100 * TOKEN,
        1 => Just(u128::MAX / 1000),
        1 => Just(u128::MAX),
    ]
}
fn rent() -> impl Strategy<Value = u128> {
    prop_oneof![
        1 => Just(0u128),
        8 => 1..=20 * TOKEN,
        1 => Just(u128::MAX / 1000),
        1 => Just(u128::MAX),
    ]
}
/// Value sent with a payable call (bounded by the caller's wallet when played).
fn value() -> impl Strategy<Value = u128> {
    prop_oneof![3 => Just(0u128), 2 => 1..=50 * TOKEN]
}
fn resource() -> impl Strategy<Value = u32> {
    prop_oneof![
        1 => Just(0u32),
        6 => 1..=20u32,
        1 => Just(u32::MAX),
    ]
}
fn capacity() -> impl Strategy<Value = u32> {
    prop_oneof![1 => Just(0u32), 6 => 1..=300u32, 1 => Just(u32::MAX)]
}
fn params_len() -> impl Strategy<Value = usize> {
    prop_oneof![4 => Just(0usize), 4 => 1..=16usize, 1 => Just(PARAMS_MAX), 1 => Just(PARAMS_MAX + 1)]
}
fn vnode_count() -> impl Strategy<Value = u32> {
    prop_oneof![
        1 => Just(0u32),
        8 => 1..=8u32,
        1 => Just(MAX_VNODES),
        1 => Just(MAX_VNODES + 1),
        1 => Just(u32::MAX),
    ]
}
fn node_list() -> impl Strategy<Value = Vec<IdSel>> {
    prop_oneof![
        1 => Just(vec![]),
        8 => prop::collection::vec(id_sel(), 1..=4),
        1 => id_sel().prop_map(|s| vec![s; MAX_VNODES as usize + 1]),
    ]
}
/// 0 ms to months.
fn time_step() -> impl Strategy<Value = u64> {
    prop_oneof![
        1 => Just(0u64),
        2 => 1..=1_000u64,
        3 => 1..=86_400_000u64,
        2 => 1..=6 * 2_678_400_000u64,
    ]
}
fn rate() -> impl Strategy<Value = u128> {
    prop_oneof![
        1 => Just(0u128),
        1 => Just(1u128),
        6 => TOKEN / 4..=4 * TOKEN,
        1 => Just(MAX_USD_PER_CERE),
        1 => Just(MAX_USD_PER_CERE + 1),
        1 => Just(u128::MAX),
    ]
}
fn fee_bp() -> impl Strategy<Value = u128> {
    prop_oneof![6 => 0..=BP, 1 => Just(BP + 1), 1 => Just(u128::MAX)]
}

/// One random step over every mutating message; `non_payable_value` adds value sent to
/// non-payable messages (a dispatch rejection only a real runtime performs).
pub fn op(non_payable_value: bool) -> BoxedStrategy<Op> {
    let mut ops = vec![
        (3, time_step().prop_map(Op::Wait).boxed()),
        (
            3,
            (actor(), rent(), params_len(), capacity(), value())
                .prop_map(|(a, r, p, c, v)| Op::NodeCreate(a, r, p, c, v))
                .boxed(),
        ),
        (
            1,
            (actor(), id_sel(), params_len(), value())
                .prop_map(|(a, n, p, v)| Op::NodeChangeParams(a, n, p, v))
                .boxed(),
        ),
        (
            3,
            (actor(), grantee(), value())
                .prop_map(|(a, m, v)| Op::Trust(a, m, v))
                .boxed(),
        ),
        (
            1,
            (actor(), grantee())
                .prop_map(|(a, m)| Op::Distrust(a, m))
                .boxed(),
        ),
        (
            3,
            (actor(), vnode_count(), node_list(), params_len(), value())
                .prop_map(|(a, n, l, p, v)| Op::ClusterCreate(a, n, l, p, v))
                .boxed(),
        ),
        (
            3,
            (actor(), id_sel(), resource())
                .prop_map(|(a, c, r)| Op::Reserve(a, c, r))
                .boxed(),
        ),
        (
            1,
            (
                actor(),
                id_sel(),
                prop_oneof![0u32..8, Just(u32::MAX)],
                id_sel(),
            )
                .prop_map(|(a, c, i, n)| Op::Replace(a, c, i, n))
                .boxed(),
        ),
        (
            2,
            (actor(), id_sel())
                .prop_map(|(a, c)| Op::Distribute(a, c))
                .boxed(),
        ),
        (
            1,
            (actor(), id_sel(), params_len(), value())
                .prop_map(|(a, c, p, v)| Op::ClusterParams(a, c, p, v))
                .boxed(),
        ),
        (
            3,
            (actor(), id_sel(), params_len(), value())
                .prop_map(|(a, c, p, v)| Op::BucketCreate(a, c, p, v))
                .boxed(),
        ),
        (
            3,
            (actor(), id_sel(), resource())
                .prop_map(|(a, b, r)| Op::Alloc(a, b, r))
                .boxed(),
        ),
        (
            3,
            (actor(), id_sel())
                .prop_map(|(a, b)| Op::Settle(a, b))
                .boxed(),
        ),
        (
            1,
            (actor(), id_sel(), params_len(), value())
                .prop_map(|(a, b, p, v)| Op::BucketParams(a, b, p, v))
                .boxed(),
        ),
        (
            2,
            (actor(), value())
                .prop_map(|(a, v)| Op::Deposit(a, v))
                .boxed(),
        ),
        (
            2,
            (actor(), amount())
                .prop_map(|(a, x)| Op::Withdraw(a, x))
                .boxed(),
        ),
        (
            1,
            (actor(), rate())
                .prop_map(|(a, r)| Op::SetRate(a, r))
                .boxed(),
        ),
        (
            1,
            (actor(), grantee(), perm_sel(), value())
                .prop_map(|(a, g, p, v)| Op::Grant(a, g, p, v))
                .boxed(),
        ),
        (
            1,
            (actor(), grantee(), perm_sel())
                .prop_map(|(a, g, p)| Op::Revoke(a, g, p))
                .boxed(),
        ),
        (
            1,
            (actor(), amount())
                .prop_map(|(a, x)| Op::AdminWithdraw(a, x))
                .boxed(),
        ),
        (
            1,
            (actor(), fee_bp(), grantee(), fee_bp())
                .prop_map(|(a, n, d, m)| Op::SetFees(a, n, d, m))
                .boxed(),
        ),
    ];
    if non_payable_value {
        ops.push((
            1,
            (actor(), 1..=10 * TOKEN)
                .prop_map(|(a, v)| Op::ValueToNonPayable(a, v))
                .boxed(),
        ));
    }
    prop::strategy::Union::new_weighted(ops).boxed()
}

/// A small network every sequence starts from, at a random exchange rate, so that random calls meet live entities:
/// providers 2 and 3 trust manager 4 and register a node each; 4 builds a 4-vnode cluster and
/// reserves 20 per vnode; app 5 creates a bucket with a 20 TOKEN deposit and allocates 2
/// (88 USD per month: the deposit runs short within a week).
pub fn network(usd_per_cere: u128) -> Vec<Op> {
    vec![
        Op::SetRate(1, usd_per_cere),
        Op::Trust(2, 4, 0),
        Op::Trust(3, 4, 0),
        Op::NodeCreate(2, 10 * TOKEN, 8, 100, 0),
        Op::NodeCreate(3, 12 * TOKEN, 8, 100, 0),
        Op::ClusterCreate(4, 4, vec![IdSel::Existing(0), IdSel::Existing(1)], 8, 0),
        Op::Reserve(4, IdSel::Existing(0), 20),
        Op::BucketCreate(5, IdSel::Existing(0), 8, 20 * TOKEN),
        Op::Alloc(5, IdSel::Existing(0), 2),
        Op::Wait(86_400_000),
    ]
}

/// `count` more nodes and buckets, created by several actors, so that lists span many pages
/// (more than 25 of a kind) and filtered lists interleave.
pub fn crowd(count: usize) -> Vec<Op> {
    (0..count)
        .flat_map(|k| {
            let actor = 2 + (k % 4) as u8;
            [
                Op::NodeCreate(actor, TOKEN, k % 3, 10, 0),
                Op::BucketCreate(actor, IdSel::Existing(0), k % 3, 0),
            ]
        })
        .collect()
}

/// `network()`, in one sequence out of four a crowd of 26 to 40 nodes and buckets, then up to
/// `max_len` random steps.
pub fn sequence(max_len: usize, non_payable_value: bool) -> BoxedStrategy<Vec<Op>> {
    let ops = prop::collection::vec(op(non_payable_value), 1..=max_len);
    let crowd_size = prop_oneof![3 => Just(0usize), 1 => 26usize..=40];
    (TOKEN / 4..=4 * TOKEN, crowd_size, ops)
        .prop_map(|(rate, n, ops)| {
            network(rate)
                .into_iter()
                .chain(crowd(n))
                .chain(ops)
                .collect()
        })
        .boxed()
}

// ------------------------------------------------------------------------------------ model

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MNode {
    pub provider: u8,
    pub rent: u128,
    pub free: u32,
    pub params: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MCluster {
    pub manager: u8,
    pub vnodes: Vec<u32>,
    pub per_vnode: u32,
    pub used: u32,
    pub revenues: u128,
    pub total_rent: u128,
    pub params: String,
}

/// Accrues `rate` USD per month, exactly, in rate-ms (USD units × ms / month); `offset` is what
/// accrued before the start plus what was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MSchedule {
    pub rate: u128,
    pub offset: u128,
}

impl MSchedule {
    /// Rate-ms accrued from time 0 to `t` at this rate.
    fn accrued(&self, t: u64) -> BigUint {
        big(self.rate) * big(u128::from(t))
    }
    /// What is due at `t` (never negative).
    fn due(&self, t: u64) -> BigUint {
        let a = self.accrued(t);
        if a > big(self.offset) {
            a - big(self.offset)
        } else {
            BigUint::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MBucket {
    pub owner: u8,
    pub cluster: u32,
    pub resource: u32,
    pub flow: MSchedule,
    pub params: String,
    /// The owner's consent to others' allocations: (resource cap, price cap).
    pub allowance: (u32, u128),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MAccount {
    pub deposit: u128,
    pub payable: MSchedule,
    pub carry: u128,
}

#[derive(Debug, Clone)]
pub struct Model {
    pub now: u64,
    pub nodes: Vec<MNode>,
    pub clusters: Vec<MCluster>,
    pub buckets: Vec<MBucket>,
    pub accounts: BTreeMap<u8, MAccount>,
    pub perms: BTreeSet<(u8, PermSel)>,
    pub rate: u128,
    pub fees: (u128, u8, u128),
    /// The balance the contract sees (`env().balance()`).
    pub contract: u128,
    pub wallets: BTreeMap<u8, u128>,
    /// Transfers to these accounts are refused.
    pub refuse: BTreeSet<u8>,
    /// Per payer: Σ over settlements of CERE × the CERE unit's worth, and Σ rate-ms taken ×
    /// TOKEN (checks the carry).
    pub paid_scaled: BTreeMap<u8, BigUint>,
    pub taken_scaled: BTreeMap<u8, BigUint>,
}

/// A failed model step: what the contract must answer.
type R<T> = Result<T, Error>;

fn params_of(len: usize) -> String {
    "p".repeat(len)
}

fn check_params(p: &str) -> R<()> {
    if p.len() > PARAMS_MAX {
        Err(Error::ParamsTooBig)
    } else {
        Ok(())
    }
}

fn fit(x: BigUint) -> R<u128> {
    small(&x).ok_or(Error::Overflow)
}

impl Model {
    pub fn new(now: u64, contract: u128, wallet: u128, refuse: BTreeSet<u8>) -> Self {
        let mut perms = BTreeSet::new();
        perms.insert((1, PermSel::SuperAdmin));
        Model {
            now,
            nodes: vec![],
            clusters: vec![],
            buckets: vec![],
            accounts: BTreeMap::new(),
            perms,
            rate: TOKEN,
            fees: (0, 0, 0),
            contract,
            wallets: (0..=ACTORS).map(|a| (a, wallet)).collect(),
            refuse,
            paid_scaled: BTreeMap::new(),
            taken_scaled: BTreeMap::new(),
        }
    }

    fn resolve(count: usize, sel: IdSel) -> u32 {
        match sel {
            IdSel::Existing(i) if count > 0 => (i % count) as u32 + 1,
            IdSel::Existing(_) | IdSel::Zero => 0,
            IdSel::Next => count as u32 + 1,
            IdSel::Max => u32::MAX,
        }
    }

    /// The concrete call of `op`, or the new time for `Wait`. Value beyond the caller's wallet
    /// is not sent.
    pub fn resolve_op(&self, op: &Op) -> Result<Call, u64> {
        let (n, c, b) = (self.nodes.len(), self.clusters.len(), self.buckets.len());
        let (caller, value, msg) = match op.clone() {
            Op::Wait(ms) => return Err(self.now.saturating_add(ms)),
            Op::NodeCreate(a, rent, p, capacity, v) => (
                a,
                v,
                Msg::NodeCreate {
                    rent,
                    params: params_of(p),
                    capacity,
                },
            ),
            Op::NodeChangeParams(a, s, p, v) => (
                a,
                v,
                Msg::NodeChangeParams {
                    node: Self::resolve(n, s),
                    params: params_of(p),
                },
            ),
            Op::Trust(a, m, v) => (a, v, Msg::Trust { manager: m }),
            Op::Distrust(a, m) => (a, 0, Msg::Distrust { manager: m }),
            Op::ClusterCreate(a, vnodes, list, p, v) => (
                a,
                v,
                Msg::ClusterCreate {
                    vnodes,
                    nodes: list.iter().map(|s| Self::resolve(n, *s)).collect(),
                    params: params_of(p),
                },
            ),
            Op::Reserve(a, s, amount) => (
                a,
                0,
                Msg::Reserve {
                    cluster: Self::resolve(c, s),
                    amount,
                },
            ),
            Op::Replace(a, s, vnode, ns) => (
                a,
                0,
                Msg::Replace {
                    cluster: Self::resolve(c, s),
                    vnode,
                    node: Self::resolve(n, ns),
                },
            ),
            Op::Distribute(a, s) => (
                a,
                0,
                Msg::Distribute {
                    cluster: Self::resolve(c, s),
                },
            ),
            Op::ClusterParams(a, s, p, v) => (
                a,
                v,
                Msg::ClusterParams {
                    cluster: Self::resolve(c, s),
                    params: params_of(p),
                },
            ),
            Op::BucketCreate(a, s, p, v) => (
                a,
                v,
                Msg::BucketCreate {
                    cluster: Self::resolve(c, s),
                    params: params_of(p),
                },
            ),
            Op::Alloc(a, s, resource) => (
                a,
                0,
                Msg::Alloc {
                    bucket: Self::resolve(b, s),
                    resource,
                },
            ),
            Op::Settle(a, s) => (
                a,
                0,
                Msg::Settle {
                    bucket: Self::resolve(b, s),
                },
            ),
            Op::BucketParams(a, s, p, v) => (
                a,
                v,
                Msg::BucketParams {
                    bucket: Self::resolve(b, s),
                    params: params_of(p),
                },
            ),
            Op::Deposit(a, v) => (a, v, Msg::Deposit),
            Op::Withdraw(a, amount) => (a, 0, Msg::Withdraw { amount }),
            Op::SetRate(a, rate) => (a, 0, Msg::SetRate { rate }),
            Op::Grant(a, g, perm, v) => (a, v, Msg::Grant { grantee: g, perm }),
            Op::Revoke(a, g, perm) => (a, 0, Msg::Revoke { grantee: g, perm }),
            Op::AdminWithdraw(a, amount) => (a, 0, Msg::AdminWithdraw { amount }),
            Op::SetFees(a, nbp, dest, mbp) => (
                a,
                0,
                Msg::SetFees {
                    network_bp: nbp,
                    dest,
                    management_bp: mbp,
                },
            ),
            Op::ValueToNonPayable(a, v) => (a, v, Msg::Settle { bucket: 1 }),
        };
        let value = if value <= self.wallet(caller) {
            value
        } else {
            0
        };
        Ok(Call { caller, value, msg })
    }

    pub fn wallet(&self, who: u8) -> u128 {
        self.wallets.get(&who).copied().unwrap_or(0)
    }

    fn has_exact(&self, who: u8, p: PermSel) -> bool {
        self.perms.contains(&(who, p))
    }

    /// SuperAdmin implies every other permission.
    fn has(&self, who: u8, p: PermSel) -> bool {
        self.has_exact(who, p)
            || (p != PermSel::SuperAdmin && self.has_exact(who, PermSel::SuperAdmin))
    }

    pub fn has_permission(&self, who: u8, p: PermSel) -> bool {
        self.has(who, p)
    }

    /// Σ deposits + Σ undistributed revenues.
    pub fn owed(&self) -> BigUint {
        let d: BigUint = self.accounts.values().map(|a| big(a.deposit)).sum();
        let r: BigUint = self.clusters.iter().map(|c| big(c.revenues)).sum();
        d + r
    }

    fn node(&self, id: u32) -> R<&MNode> {
        self.nodes
            .get((id as usize).wrapping_sub(1))
            .ok_or(Error::NodeDoesNotExist)
    }
    fn cluster(&self, id: u32) -> R<&MCluster> {
        self.clusters
            .get((id as usize).wrapping_sub(1))
            .ok_or(Error::ClusterDoesNotExist)
    }
    fn bucket(&self, id: u32) -> R<&MBucket> {
        self.buckets
            .get((id as usize).wrapping_sub(1))
            .ok_or(Error::BucketDoesNotExist)
    }

    /// What is owed at `now` on a schedule, in rate-ms × TOKEN, plus the carry.
    fn owed_scaled(&self, s: &MSchedule, carry: u128) -> BigUint {
        s.due(self.now) * big(TOKEN) + big(carry)
    }

    /// What one CERE unit is worth in rate-ms × TOKEN at the current rate.
    fn cere_unit(&self) -> BigUint {
        big(MS_PER_MONTH) * big(self.rate)
    }

    /// The part of the deposit a withdrawal may take: all but what settling every flow now
    /// would take.
    fn free_deposit(&self, a: &MAccount) -> R<u128> {
        let owed_cere = self.owed_scaled(&a.payable, a.carry) / self.cere_unit();
        Ok(match small(&owed_cere) {
            Some(o) => a.deposit.saturating_sub(o),
            None => 0,
        })
    }

    /// When the payer's deposit stops covering its flows.
    pub fn covered_until(&self, payer: u8) -> u64 {
        let a = self.accounts.get(&payer).copied().unwrap_or_default();
        if a.payable.rate == 0 {
            return u64::MAX;
        }
        // The time at which the flows' accrual reaches what the deposit pays for, net of the
        // carry already owed (a carry beyond the deposit moves it back).
        let deposit = big(a.deposit) * self.cere_unit();
        let carry = big(a.carry);
        let reached = if deposit >= carry {
            big(a.payable.offset) + (deposit - carry) / big(TOKEN)
        } else {
            let short = (carry - deposit + big(TOKEN) - 1u32) / big(TOKEN);
            let offset = big(a.payable.offset);
            if offset > short {
                offset - short
            } else {
                BigUint::default()
            }
        };
        u64::try_from(&(reached / big(a.payable.rate))).unwrap_or(u64::MAX)
    }

    fn credit(&mut self, who: u8, amount: u128) {
        let a = self.accounts.entry(who).or_default();
        a.deposit += amount;
    }

    /// Pays out money the contract owes; a refused transfer is credited instead.
    fn pay_out(&mut self, to: u8, amount: u128) {
        if amount == 0 {
            return;
        }
        if self.refuse.contains(&to) || self.contract < amount {
            self.credit(to, amount);
        } else {
            self.contract -= amount;
            *self.wallets.entry(to).or_default() += amount;
        }
    }

    fn accept_value(&mut self, call: &Call) {
        if call.value > 0 {
            self.credit(call.caller, call.value);
        }
    }

    /// Applies `call` to a copy of the model; the model changes only if the call succeeds.
    pub fn apply(&mut self, call: &Call) -> Outcome {
        let mut next = self.clone();
        if call.value > 0 {
            if !call.msg.payable() {
                return Outcome::Rejected;
            }
            *next.wallets.entry(call.caller).or_default() -= call.value;
            next.contract += call.value;
        }
        match next.step(call) {
            Ok(id) => {
                *self = next;
                Outcome::Ok(id)
            }
            Err(e) => Outcome::Err(e),
        }
    }

    fn step(&mut self, call: &Call) -> R<Option<u32>> {
        let caller = call.caller;
        match call.msg.clone() {
            Msg::NodeCreate {
                rent,
                params,
                capacity,
            } => {
                check_params(&params)?;
                self.nodes.push(MNode {
                    provider: caller,
                    rent,
                    free: capacity,
                    params,
                });
                self.accept_value(call);
                Ok(Some(self.nodes.len() as u32))
            }
            Msg::NodeChangeParams { node, params } => {
                if self.node(node)?.provider != caller {
                    return Err(Error::UnauthorizedProvider);
                }
                check_params(&params)?;
                self.nodes[node as usize - 1].params = params;
                self.accept_value(call);
                Ok(None)
            }
            Msg::Trust { manager } => {
                self.perms.insert((manager, PermSel::TrustedBy(caller)));
                self.accept_value(call);
                Ok(None)
            }
            Msg::Distrust { manager } => {
                self.perms.remove(&(manager, PermSel::TrustedBy(caller)));
                Ok(None)
            }
            Msg::ClusterCreate {
                vnodes,
                nodes,
                params,
            } => {
                if vnodes == 0 {
                    return Err(Error::NoVNodes);
                }
                if vnodes > MAX_VNODES {
                    return Err(Error::TooManyVNodes);
                }
                if nodes.is_empty() {
                    return Err(Error::NoNodes);
                }
                if nodes.len() > MAX_VNODES as usize {
                    return Err(Error::TooManyNodes);
                }
                check_params(&params)?;
                for &id in &nodes {
                    let node = self.node(id)?;
                    if !self.has(caller, PermSel::TrustedBy(node.provider)) {
                        return Err(Error::ClusterManagerIsNotTrusted);
                    }
                }
                let ring: Vec<u32> = (0..vnodes as usize)
                    .map(|i| nodes[i % nodes.len()])
                    .collect();
                let total: BigUint = ring
                    .iter()
                    .map(|&id| big(self.nodes[id as usize - 1].rent))
                    .sum();
                let total_rent = fit(total)?;
                self.clusters.push(MCluster {
                    manager: caller,
                    vnodes: ring,
                    per_vnode: 0,
                    used: 0,
                    revenues: 0,
                    total_rent,
                    params,
                });
                self.accept_value(call);
                Ok(Some(self.clusters.len() as u32))
            }
            Msg::Reserve { cluster, amount } => {
                let c = self.managed(caller, cluster)?.clone();
                let per_vnode = c.per_vnode.checked_add(amount).ok_or(Error::Overflow)?;
                for (node, hosted) in hosting(&c.vnodes) {
                    let needed = u64::from(amount) * u64::from(hosted);
                    if needed > u64::from(self.nodes[node as usize - 1].free) {
                        return Err(Error::InsufficientResources);
                    }
                    self.nodes[node as usize - 1].free -= needed as u32;
                }
                self.clusters[cluster as usize - 1].per_vnode = per_vnode;
                Ok(None)
            }
            Msg::Replace {
                cluster,
                vnode,
                node,
            } => {
                let c = self.managed(caller, cluster)?.clone();
                let old = *c
                    .vnodes
                    .get(vnode as usize)
                    .ok_or(Error::VNodeDoesNotExist)?;
                let new = self.node(node)?.clone();
                if !self.has(caller, PermSel::TrustedBy(new.provider)) {
                    return Err(Error::ClusterManagerIsNotTrusted);
                }
                if old != node {
                    let old_n = self.nodes[old as usize - 1].clone();
                    let old_free = old_n.free.checked_add(c.per_vnode).ok_or(Error::Overflow)?;
                    let new_free = new
                        .free
                        .checked_sub(c.per_vnode)
                        .ok_or(Error::InsufficientResources)?;
                    let total = fit(big(c.total_rent) - big(old_n.rent) + big(new.rent))?;
                    self.nodes[old as usize - 1].free = old_free;
                    self.nodes[node as usize - 1].free = new_free;
                    let cl = &mut self.clusters[cluster as usize - 1];
                    cl.total_rent = total;
                    cl.vnodes[vnode as usize] = node;
                }
                Ok(None)
            }
            Msg::Distribute { cluster } => {
                let c = self.cluster(cluster)?.clone();
                let (nbp, dest, mbp) = self.fees;
                let network_fee = c.revenues * nbp / BP; // bp ≤ 10_000, revenues ≪ u128::MAX / 1e4
                let after = c.revenues - network_fee;
                let management_fee = after * mbp / BP;
                let to_providers = after - management_fee;
                let hosts: Vec<(MNode, u32)> = hosting(&c.vnodes)
                    .into_iter()
                    .map(|(id, k)| (self.nodes[id as usize - 1].clone(), k))
                    .collect();
                let weight_sum: BigUint = hosts
                    .iter()
                    .map(|(n, k)| big(n.rent) * big(u128::from(*k)))
                    .sum();
                fit(weight_sum.clone())?;
                let equal = weight_sum == BigUint::default();
                let total = if equal {
                    big(c.vnodes.len() as u128)
                } else {
                    weight_sum
                };
                let mut shares: Vec<(u8, u128)> = vec![];
                let mut distributed = 0u128;
                for (n, k) in hosts {
                    let w = if equal { 1 } else { n.rent };
                    let per = big(to_providers) * big(w) / &total;
                    let share = fit(per * big(u128::from(k)))?;
                    distributed += share;
                    match shares.iter_mut().find(|(p, _)| *p == n.provider) {
                        Some((_, s)) => *s += share,
                        None => shares.push((n.provider, share)),
                    }
                }
                self.clusters[cluster as usize - 1].revenues = to_providers - distributed;
                self.pay_out(dest, network_fee);
                self.pay_out(c.manager, management_fee);
                for (p, s) in shares {
                    self.pay_out(p, s);
                }
                Ok(None)
            }
            Msg::ClusterParams { cluster, params } => {
                self.managed(caller, cluster)?;
                check_params(&params)?;
                self.clusters[cluster as usize - 1].params = params;
                self.accept_value(call);
                Ok(None)
            }
            Msg::BucketCreate { cluster, params } => {
                check_params(&params)?;
                self.cluster(cluster)?;
                self.accounts.entry(caller).or_default();
                self.buckets.push(MBucket {
                    owner: caller,
                    cluster,
                    resource: 0,
                    flow: MSchedule::default(),
                    params,
                    allowance: (0, 0),
                });
                self.accept_value(call);
                Ok(Some(self.buckets.len() as u32))
            }
            Msg::Alloc { bucket, resource } => {
                let b = self.bucket(bucket)?.clone();
                let c = self.cluster(b.cluster)?.clone();
                if caller != c.manager && caller != b.owner {
                    return Err(Error::UnauthorizedOwner);
                }
                let used = u64::from(c.used) + u64::from(resource);
                if used > u64::from(c.per_vnode) {
                    return Err(Error::InsufficientResources);
                }
                // Others (the manager) allocate only within the owner's consent.
                let reserved = u64::from(b.resource) + u64::from(resource);
                if caller != b.owner
                    && (reserved > u64::from(b.allowance.0) || c.total_rent > b.allowance.1)
                {
                    return Err(Error::AllowanceExceeded);
                }
                // Rates are bounded (MAX_RATE) so that no accrual overflows at any time.
                let bounded = |rate: BigUint| -> R<u128> {
                    if rate > big(MAX_RATE) {
                        return Err(Error::Overflow);
                    }
                    fit(rate)
                };
                let extra_rate = bounded(big(c.total_rent) * big(u128::from(resource)))?;
                let extra = MSchedule {
                    rate: extra_rate,
                    offset: fit(big(extra_rate) * big(u128::from(self.now)))?,
                };
                let add = |s: MSchedule| -> R<MSchedule> {
                    Ok(MSchedule {
                        rate: bounded(big(s.rate) + big(extra.rate))?,
                        offset: fit(big(s.offset) + big(extra.offset))?,
                    })
                };
                let flow = add(b.flow)?;
                let payer = self.accounts.get(&b.owner).copied().unwrap_or_default();
                let payable = add(payer.payable)?;
                self.clusters[b.cluster as usize - 1].used = used as u32;
                let mb = &mut self.buckets[bucket as usize - 1];
                mb.resource += resource;
                mb.flow = flow;
                self.accounts.entry(b.owner).or_default().payable = payable;
                Ok(None)
            }
            Msg::Settle { bucket } => {
                let b = self.bucket(bucket)?.clone();
                let payer = self.accounts.get(&b.owner).copied().unwrap_or_default();
                let owed = self.owed_scaled(&b.flow, payer.carry);
                // Pay what the deposit covers of the CERE due.
                let due_cere = &owed / self.cere_unit();
                let in_full = due_cere <= big(payer.deposit);
                let cere = small(&due_cere).unwrap_or(u128::MAX).min(payer.deposit);
                let paid = big(cere) * self.cere_unit();
                // Paid in full: the whole accrual leaves the flow, the fraction not charged is
                // carried. In part: the smallest whole rate-ms amount whose value covers what
                // was paid beyond the carry; what it exceeds that by is the new carry.
                let carry = big(payer.carry);
                let usd = if in_full {
                    b.flow.due(self.now)
                } else {
                    let beyond = if paid > carry {
                        &paid - &carry
                    } else {
                        BigUint::default()
                    };
                    (&beyond + big(TOKEN) - 1u32) / big(TOKEN)
                };
                let new_carry = &usd * big(TOKEN) + &carry - &paid;
                let usd = fit(usd)?;
                let new_carry = fit(new_carry)?;
                let revenues =
                    fit(big(self.clusters[b.cluster as usize - 1].revenues) + big(cere))?;
                let flow_offset = fit(big(b.flow.offset) + big(usd))?;
                let pay_offset = fit(big(payer.payable.offset) + big(usd))?;
                self.clusters[b.cluster as usize - 1].revenues = revenues;
                self.buckets[bucket as usize - 1].flow.offset = flow_offset;
                let a = self.accounts.entry(b.owner).or_default();
                a.payable.offset = pay_offset;
                a.deposit -= cere;
                a.carry = new_carry;
                *self.paid_scaled.entry(b.owner).or_default() += paid;
                *self.taken_scaled.entry(b.owner).or_default() += big(usd) * big(TOKEN);
                Ok(None)
            }
            Msg::BucketParams { bucket, params } => {
                if self.bucket(bucket)?.owner != caller {
                    return Err(Error::UnauthorizedOwner);
                }
                check_params(&params)?;
                self.buckets[bucket as usize - 1].params = params;
                self.accept_value(call);
                Ok(None)
            }
            Msg::Deposit => {
                self.credit(caller, call.value);
                Ok(None)
            }
            Msg::Withdraw { amount } => {
                let a = *self
                    .accounts
                    .get(&caller)
                    .ok_or(Error::AccountDoesNotExist)?;
                if amount > self.free_deposit(&a)? {
                    return Err(Error::InsufficientBalance);
                }
                if amount > 0 {
                    if self.refuse.contains(&caller) || self.contract < amount {
                        return Err(Error::TransferFailed);
                    }
                    self.contract -= amount;
                    *self.wallets.entry(caller).or_default() += amount;
                }
                self.accounts.entry(caller).or_default().deposit -= amount;
                Ok(None)
            }
            Msg::SetRate { rate } => {
                if !self.has(caller, PermSel::SetExchangeRate) {
                    return Err(Error::Unauthorized);
                }
                if rate == 0 || rate > MAX_USD_PER_CERE {
                    return Err(Error::InvalidExchangeRate);
                }
                self.rate = rate;
                Ok(None)
            }
            Msg::Grant { grantee, perm } => {
                if !self.has(caller, PermSel::SuperAdmin) {
                    return Err(Error::Unauthorized);
                }
                self.perms.insert((grantee, perm));
                self.accept_value(call);
                Ok(None)
            }
            Msg::Revoke { grantee, perm } => {
                if !self.has(caller, PermSel::SuperAdmin) {
                    return Err(Error::Unauthorized);
                }
                if self.has_exact(grantee, perm) {
                    let admins = self
                        .perms
                        .iter()
                        .filter(|(_, p)| *p == PermSel::SuperAdmin)
                        .count();
                    if perm == PermSel::SuperAdmin && admins <= 1 {
                        return Err(Error::LastSuperAdmin);
                    }
                    self.perms.remove(&(grantee, perm));
                }
                Ok(None)
            }
            Msg::AdminWithdraw { amount } => {
                if !self.has(caller, PermSel::SuperAdmin) {
                    return Err(Error::Unauthorized);
                }
                let owed = self.owed();
                let surplus = if big(self.contract) > owed {
                    big(self.contract) - owed
                } else {
                    BigUint::default()
                };
                if big(amount) > surplus {
                    return Err(Error::InsufficientBalance);
                }
                if amount > 0 {
                    if self.refuse.contains(&caller) {
                        return Err(Error::TransferFailed);
                    }
                    self.contract -= amount;
                    *self.wallets.entry(caller).or_default() += amount;
                }
                Ok(None)
            }
            Msg::SetFees {
                network_bp,
                dest,
                management_bp,
            } => {
                if !self.has(caller, PermSel::SuperAdmin) {
                    return Err(Error::Unauthorized);
                }
                if network_bp > BP || management_bp > BP {
                    return Err(Error::InvalidFeeBasisPoints);
                }
                self.fees = (network_bp, dest, management_bp);
                Ok(None)
            }
        }
    }

    fn managed(&self, caller: u8, cluster: u32) -> R<&MCluster> {
        let c = self.cluster(cluster)?;
        if c.manager != caller {
            return Err(Error::UnauthorizedClusterManager);
        }
        Ok(c)
    }

    /// What a target must show after the step.
    pub fn observe(&self) -> Obs {
        Obs {
            nodes: self
                .nodes
                .iter()
                .map(|n| (account(n.provider), n.rent, n.free, n.params.clone()))
                .collect(),
            clusters: self
                .clusters
                .iter()
                .map(|c| {
                    (
                        account(c.manager),
                        c.vnodes.clone(),
                        c.per_vnode,
                        c.used,
                        c.revenues,
                        c.total_rent,
                        c.params.clone(),
                    )
                })
                .collect(),
            buckets: self
                .buckets
                .iter()
                .map(|b| {
                    (
                        account(b.owner),
                        b.cluster,
                        b.resource,
                        b.params.clone(),
                        self.covered_until(b.owner),
                    )
                })
                .collect(),
            accounts: (0..=ACTORS)
                .map(|a| {
                    self.accounts
                        .get(&a)
                        .map(|x| (x.deposit, x.payable.rate, x.payable.offset, x.carry))
                })
                .collect(),
            perms: (0..=ACTORS)
                .map(|a| all_perms().into_iter().map(|p| self.has(a, p)).collect())
                .collect(),
            rate: self.rate,
            contract: self.contract,
            wallets: (0..=ACTORS).map(|a| self.wallet(a)).collect(),
        }
    }

    /// Invariants of the model itself, checked after every step.
    pub fn check_invariants(&self) -> Result<(), String> {
        if big(self.contract) < self.owed() {
            return Err(format!(
                "insolvent: balance {} < owed {}",
                self.contract,
                self.owed()
            ));
        }
        for c in &self.clusters {
            if c.used > c.per_vnode {
                return Err(format!("cluster sold {} of {}", c.used, c.per_vnode));
            }
            let sold: u64 = self
                .buckets
                .iter()
                .filter(|b| std::ptr::eq(&self.clusters[b.cluster as usize - 1], c))
                .map(|b| u64::from(b.resource))
                .sum();
            if sold != u64::from(c.used) {
                return Err(format!("buckets hold {sold}, cluster used {}", c.used));
            }
        }
        for (who, a) in &self.accounts {
            // Every CERE paid, valued at its settlement's rate, plus the carry, equals the USD
            // taken off the flows: settlement neither creates nor forgives value.
            let paid = self.paid_scaled.get(who).cloned().unwrap_or_default();
            let taken = self.taken_scaled.get(who).cloned().unwrap_or_default();
            if paid + big(a.carry) != taken {
                return Err(format!("settlement of {who} lost value"));
            }
        }
        Ok(())
    }
}

pub fn all_perms() -> Vec<PermSel> {
    let mut v = vec![PermSel::SuperAdmin, PermSel::SetExchangeRate];
    v.extend((0..=ACTORS).map(PermSel::TrustedBy));
    v
}

/// Each distinct node of a ring with how many vnodes it hosts, in order of first appearance.
fn hosting(vnodes: &[u32]) -> Vec<(u32, u32)> {
    let mut v: Vec<(u32, u32)> = vec![];
    for &n in vnodes {
        match v.iter_mut().find(|(id, _)| *id == n) {
            Some((_, k)) => *k += 1,
            None => v.push((n, 1)),
        }
    }
    v
}

/// Everything the runners compare, in the contract's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Obs {
    /// (provider, rent, free, params) by id.
    pub nodes: Vec<(AccountId, u128, u32, String)>,
    /// (manager, vnodes, resource per vnode, used, revenues, total rent, params) by id.
    pub clusters: Vec<(AccountId, Vec<u32>, u32, u32, u128, u128, String)>,
    /// (owner, cluster, resource, params, rent covered until) by id.
    pub buckets: Vec<(AccountId, u32, u32, String, u64)>,
    /// (deposit, payable rate, payable offset, carry) of accounts 0..=ACTORS.
    pub accounts: Vec<Option<(u128, u128, u128, u128)>>,
    /// `has_permission` of accounts 0..=ACTORS for `all_perms()`.
    pub perms: Vec<Vec<bool>>,
    pub rate: u128,
    pub contract: u128,
    pub wallets: Vec<u128>,
}

/// The views' part of an observation: what `node_list`, `cluster_list` and `bucket_list` returned,
/// in `Obs`'s shape (both runners read them the same way).
pub type Views = (
    Vec<(AccountId, u128, u32, String)>,
    Vec<(AccountId, Vec<u32>, u32, u32, u128, u128, String)>,
    Vec<(AccountId, u32, u32, String, u64)>,
);

pub fn views(
    nodes: Vec<ddc_bucket::node::entity::NodeStatus>,
    clusters: Vec<ddc_bucket::cluster::entity::ClusterStatus>,
    buckets: Vec<ddc_bucket::bucket::entity::BucketStatus>,
) -> Views {
    let nodes = nodes
        .into_iter()
        .map(|n| {
            (
                n.node.provider_id,
                n.node.rent_per_month,
                n.node.free_resource,
                n.params,
            )
        })
        .collect();
    let clusters = clusters
        .into_iter()
        .map(|c| {
            let k = c.cluster;
            (
                k.manager_id,
                k.vnodes,
                k.resource_per_vnode,
                k.resource_used,
                k.revenues.value,
                k.total_rent,
                c.params,
            )
        })
        .collect();
    let buckets = buckets
        .into_iter()
        .map(|b| {
            (
                b.bucket.owner_id,
                b.bucket.cluster_id,
                b.bucket.resource_reserved,
                b.params,
                b.rent_covered_until_ms,
            )
        })
        .collect();
    (nodes, clusters, buckets)
}

impl Obs {
    /// The first field that differs, for a readable failure.
    pub fn diff(&self, other: &Obs) -> Option<String> {
        macro_rules! cmp {
            ($f:ident) => {
                if self.$f != other.$f {
                    return Some(format!(
                        "{}: contract {:?} model {:?}",
                        stringify!($f),
                        self.$f,
                        other.$f
                    ));
                }
            };
        }
        cmp!(nodes);
        cmp!(clusters);
        cmp!(buckets);
        cmp!(accounts);
        cmp!(perms);
        cmp!(rate);
        cmp!(contract);
        cmp!(wallets);
        None
    }
}

/// Reads a whole list with the documented loop (offset 1, then += limit while offset < max_id)
/// and checks that it returns ids `expected`, each exactly once, in order.
pub fn read_list<T>(
    limit: u32,
    expected: &[u32],
    mut fetch: impl FnMut(u32, u32) -> (Vec<T>, u32),
    id_of: impl Fn(&T) -> u32,
) -> Result<Vec<T>, String> {
    let mut out = vec![];
    let mut offset = 1u32;
    let mut pages = 0;
    loop {
        let (page, max_id) = fetch(offset, limit);
        // Never a short page: the loop advances by `limit`, so a page must hold every entity
        // of its window.
        let window = offset
            .saturating_add(limit)
            .min(max_id)
            .saturating_sub(offset);
        if page.len() != window as usize {
            return Err(format!(
                "page of {} at offset {offset}, limit {limit}, max_id {max_id}: expected {window}",
                page.len()
            ));
        }
        out.extend(page);
        pages += 1;
        if pages > 10_000 {
            return Err("paging does not end".into());
        }
        offset = offset.saturating_add(limit.max(1));
        if offset >= max_id {
            break;
        }
    }
    let ids: Vec<u32> = out.iter().map(&id_of).collect();
    if ids != expected {
        return Err(format!("paged ids {ids:?}, expected {expected:?}"));
    }
    Ok(out)
}

/// Ids of the entities each account owns, per `owner_of` over ids 1..=n.
pub fn owned_ids(owners: &[AccountId], who: AccountId) -> Vec<u32> {
    owners
        .iter()
        .enumerate()
        .filter(|(_, o)| **o == who)
        .map(|(i, _)| i as u32 + 1)
        .collect()
}

/// Totals of a run, printed at its end.
#[derive(Debug, Default, Clone, Copy)]
pub struct Totals {
    pub sequences: u64,
    pub calls: u64,
    pub failed_calls: u64,
    pub checks: u64,
    pub failures: u64,
}

// ------------------------------------------------------------------------------------ runner

/// A contract the runner can drive: the plain `Ddc` off-chain, or the release contract on drink.
pub trait Target {
    fn set_time(&mut self, now: u64);
    fn exec(&mut self, call: &Call) -> Outcome;
    /// Everything `Obs` holds, read through the contract's views; lists are read with the
    /// documented paging loop at `limit` (unfiltered, and with `full`, filtered by each account),
    /// checking every id comes back exactly once (`read_list`).
    fn observe(&mut self, model: &Model, limit: u32, full: bool) -> Result<Obs, String>;
    /// A full picture for "a failed call changed nothing" (may just be `observe`).
    fn snapshot(&mut self, model: &Model) -> Result<String, String>;
    /// Target-specific checks after every step (e.g. `total_owed`, events of a failed call).
    fn after_step(&mut self, model: &Model, outcome: &Outcome) -> Result<u64, String>;
}

/// The `limit`s the paging loop reads the lists with, in turn: below, at and above 25 (the
/// page that always fits), up to `u32::MAX`.
const LIMITS: [u32; 8] = [1, 2, 7, 20, 25, 26, 100, u32::MAX];

/// Plays `ops` on `target` and on `model`, comparing them after every step. `full_every`: how
/// often (in steps) the expensive full observation runs; it always runs after the last step.
pub fn run_sequence<T: Target>(
    target: &mut T,
    model: &mut Model,
    ops: &[Op],
    full_every: usize,
    totals: &mut Totals,
) -> Result<(), String> {
    totals.sequences += 1;
    for (i, op) in ops.iter().enumerate() {
        let call = match model.resolve_op(op) {
            Err(now) => {
                model.now = now;
                target.set_time(now);
                continue;
            }
            Ok(call) => call,
        };
        let at = |e: String| format!("step {i} {call:?}: {e}");
        let model_before = model.clone();
        let expected = model.apply(&call);
        let before = if matches!(expected, Outcome::Ok(_)) {
            None
        } else {
            Some(target.snapshot(&model_before).map_err(at)?)
        };
        let got = target.exec(&call);
        totals.calls += 1;
        if !matches!(got, Outcome::Ok(_)) {
            totals.failed_calls += 1;
        }
        totals.checks += 1;
        if got != expected {
            return Err(at(format!("contract {got:?}, model {expected:?}")));
        }
        if let Some(before) = before {
            totals.checks += 1;
            if target.snapshot(model).map_err(at)? != before {
                return Err(at("a failed call changed state".into()));
            }
        }
        totals.checks += target.after_step(model, &got).map_err(at)?;
        let perm_call = matches!(
            call.msg,
            Msg::Grant { .. } | Msg::Revoke { .. } | Msg::Trust { .. } | Msg::Distrust { .. }
        );
        let full = perm_call || i + 1 == ops.len() || i % full_every.max(1) == 0;
        let obs = target
            .observe(model, LIMITS[i % LIMITS.len()], full)
            .map_err(at)?;
        totals.checks += 1;
        if let Some(d) = obs.diff(&model.observe()) {
            return Err(at(d));
        }
        totals.checks += 1;
        model.check_invariants().map_err(at)?;
    }
    Ok(())
}
