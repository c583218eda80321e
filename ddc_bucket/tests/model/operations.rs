//! Operations: what a random sequence is made of (`Op`, before ids are resolved against the
//! model; `Msg` and `Call`, concrete), how a call ends (`Outcome`), and the proptest
//! generators of sequences.

use ddc_bucket::error::Error;
use ddc_bucket::perm::entity::Permission;
use ddc_bucket::types::AccountId;
use proptest::prelude::*;

pub const TOKEN: u128 = 10_000_000_000;
pub const BP: u128 = 10_000;
pub const PARAMS_MAX: usize = 1024;
pub const MAX_VNODES: u32 = 300;
/// The largest exchange rate the oracle may set (1e18 USD per CERE).
pub const MAX_USD_PER_CERE: u128 = 10_000_000_000_000_000_000_000_000_000;
/// Actors 1..=ACTORS call; actor 1 deployed the contract (SuperAdmin). Account 0 (all zero
/// bytes) is only ever a grantee or a fee destination.
pub const ACTORS: u8 = 6;

pub fn account(n: u8) -> AccountId {
    AccountId::from([n; 32])
}

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

/// `(weight, strategy)` for one `Op` variant, from the strategies of its fields in order.
macro_rules! weighted {
    ($weight:expr, $variant:path, $($field:ident: $strategy:expr),+ $(,)?) => {
        (
            $weight,
            ($($strategy,)+)
                .prop_map(|($($field,)+)| $variant($($field),+))
                .boxed(),
        )
    };
}

/// One random step over every mutating message; `non_payable_value` adds value sent to
/// non-payable messages (a dispatch rejection only a real runtime performs).
pub fn op(non_payable_value: bool) -> BoxedStrategy<Op> {
    let mut ops = vec![
        (3, time_step().prop_map(Op::Wait).boxed()),
        weighted!(
            3,
            Op::NodeCreate,
            a: actor(),
            r: rent(),
            p: params_len(),
            c: capacity(),
            v: value(),
        ),
        weighted!(1, Op::NodeChangeParams, a: actor(), n: id_sel(), p: params_len(), v: value()),
        weighted!(3, Op::Trust, a: actor(), m: grantee(), v: value()),
        weighted!(1, Op::Distrust, a: actor(), m: grantee()),
        weighted!(
            3,
            Op::ClusterCreate,
            a: actor(),
            n: vnode_count(),
            l: node_list(),
            p: params_len(),
            v: value(),
        ),
        weighted!(3, Op::Reserve, a: actor(), c: id_sel(), r: resource()),
        weighted!(
            1,
            Op::Replace,
            a: actor(),
            c: id_sel(),
            i: prop_oneof![0u32..8, Just(u32::MAX)],
            n: id_sel(),
        ),
        weighted!(2, Op::Distribute, a: actor(), c: id_sel()),
        weighted!(1, Op::ClusterParams, a: actor(), c: id_sel(), p: params_len(), v: value()),
        weighted!(3, Op::BucketCreate, a: actor(), c: id_sel(), p: params_len(), v: value()),
        weighted!(3, Op::Alloc, a: actor(), b: id_sel(), r: resource()),
        weighted!(3, Op::Settle, a: actor(), b: id_sel()),
        weighted!(1, Op::BucketParams, a: actor(), b: id_sel(), p: params_len(), v: value()),
        weighted!(2, Op::Deposit, a: actor(), v: value()),
        weighted!(2, Op::Withdraw, a: actor(), x: amount()),
        weighted!(1, Op::SetRate, a: actor(), r: rate()),
        weighted!(1, Op::Grant, a: actor(), g: grantee(), p: perm_sel(), v: value()),
        weighted!(1, Op::Revoke, a: actor(), g: grantee(), p: perm_sel()),
        weighted!(1, Op::AdminWithdraw, a: actor(), x: amount()),
        weighted!(1, Op::SetFees, a: actor(), n: fee_bp(), d: grantee(), m: fee_bp()),
    ];
    if non_payable_value {
        ops.push(weighted!(1, Op::ValueToNonPayable, a: actor(), v: 1..=10 * TOKEN));
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
