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
pub const DAY_MS: u64 = 86_400_000;
pub const MS_PER_MONTH: u128 = 31 * DAY_MS as u128;
/// The grace period's default and bounds (ms).
pub const DEFAULT_GRACE_MS: u64 = 7 * DAY_MS;
pub const MIN_GRACE_MS: u64 = 3_600_000;
pub const MAX_GRACE_MS: u64 = 90 * DAY_MS;
pub const MAX_WRITERS: usize = 16;
/// The cap on the two fees together (basis points), fixed in the contract.
pub const MAX_TOTAL_FEE_BP: u128 = 1_000;
/// The oracle's window: within it the rate stays within half and twice its start.
pub const RATE_WINDOW_MS: u64 = DAY_MS;
/// Actors 1..=ACTORS call; actor 1 deployed the contract (SuperAdmin). Account 0 (all zero
/// bytes) is only ever a grantee or a fee destination.
pub const ACTORS: u8 = 6;

pub fn account(n: u8) -> AccountId {
    AccountId::from([n; 32])
}

/// How an op names an entity: one that exists (by position, modulo how many exist, or the
/// last one created), or one that does not (0, the next id, u32::MAX).
#[derive(Debug, Clone, Copy)]
pub enum IdSel {
    Existing(usize),
    Last,
    Zero,
    Next,
    Max,
}

/// Who calls a bucket message, resolved against the model: a plain actor, or the bucket's
/// owner, its cluster's manager or the account it is offered to (so that the authorized paths
/// run often, not once in six).
#[derive(Debug, Clone, Copy)]
pub enum Who {
    Actor(u8),
    Owner,
    Manager,
    Offeree,
}

/// The new owner named in `bucket_change_owner`: the caller itself (accept, or withdraw an
/// offer) or an account.
#[derive(Debug, Clone, Copy)]
pub enum OwnerSel {
    Caller,
    Account(u8),
}

/// The writer a revocation names: one the bucket has (by position), or any account.
#[derive(Debug, Clone, Copy)]
pub enum WriterSel {
    Granted(usize),
    Account(u8),
}

/// Who calls a node or cluster message: the node's provider or the cluster's manager (so that
/// the authorized paths run often), or a plain actor.
#[derive(Debug, Clone, Copy)]
pub enum Holder {
    Own,
    Actor(u8),
}

/// The node `cluster_remove_node` names: one of the cluster's ring (by position), or any.
#[derive(Debug, Clone, Copy)]
pub enum RingSel {
    InRing(usize),
    Node(IdSel),
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
    NodeChangeCapacity(Holder, IdSel, u32),
    NodeChangeRent(Holder, IdSel, u128),
    NodeRemove(Holder, IdSel),
    Trust(u8, u8, u128),
    Distrust(u8, u8),
    ClusterCreate(u8, u32, Vec<IdSel>, usize, u128),
    Reserve(u8, IdSel, u32),
    Replace(u8, IdSel, u32, IdSel),
    Distribute(u8, IdSel),
    ClusterParams(u8, IdSel, usize, u128),
    ClusterSetResource(Holder, IdSel, u32),
    /// (caller, cluster, node, vnode count)
    ClusterAddNode(Holder, IdSel, IdSel, u32),
    ClusterRemoveNode(Holder, IdSel, RingSel),
    ClusterRemove(Holder, IdSel),
    BucketCreate(u8, IdSel, usize, u128),
    Alloc(Who, IdSel, u32),
    Settle(u8, IdSel),
    BucketParams(u8, IdSel, usize, u128),
    Deposit(u8, u128),
    /// A deposit by the owner of the bucket (so that its next allocation is covered).
    TopUp(IdSel, u128),
    SetCap(Who, IdSel, u32),
    Release(Who, IdSel, u32),
    Close(Who, IdSel),
    Expire(u8, IdSel),
    SetGrace(u8, u64),
    ChangeOwner(Who, IdSel, OwnerSel, u128),
    SetWriter(Who, IdSel, u8),
    RevokeWriter(Who, IdSel, WriterSel),
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
    NodeChangeCapacity {
        node: u32,
        capacity: u32,
    },
    NodeChangeRent {
        node: u32,
        rent: u128,
    },
    NodeRemove {
        node: u32,
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
    ClusterSetResource {
        cluster: u32,
        resource: u32,
    },
    ClusterAddNode {
        cluster: u32,
        node: u32,
        vnodes: u32,
    },
    ClusterRemoveNode {
        cluster: u32,
        node: u32,
    },
    ClusterRemove {
        cluster: u32,
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
    SetCap {
        bucket: u32,
        cap: u32,
    },
    Release {
        bucket: u32,
        resource: u32,
    },
    Close {
        bucket: u32,
    },
    Expire {
        bucket: u32,
    },
    SetGrace {
        ms: u64,
    },
    ChangeOwner {
        bucket: u32,
        owner: u8,
    },
    SetWriter {
        bucket: u32,
        writer: u8,
    },
    RevokeWriter {
        bucket: u32,
        writer: u8,
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
                | Msg::ChangeOwner { .. }
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
/// An entity that exists (when any does).
fn existing() -> impl Strategy<Value = IdSel> {
    (0usize..8).prop_map(IdSel::Existing)
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
/// Mostly within the cap on both fees together (10 %), sometimes beyond, up to `u128::MAX`.
fn fee_bp() -> impl Strategy<Value = u128> {
    prop_oneof![
        6 => 0..=MAX_TOTAL_FEE_BP / 2,
        1 => MAX_TOTAL_FEE_BP / 2..=BP,
        1 => Just(u128::MAX),
    ]
}
/// The bucket's owner most often: owner-only messages succeed, others meet every error.
fn who() -> impl Strategy<Value = Who> {
    prop_oneof![
        4 => Just(Who::Owner),
        1 => Just(Who::Manager),
        1 => Just(Who::Offeree),
        2 => actor().prop_map(Who::Actor),
    ]
}
fn owner_sel() -> impl Strategy<Value = OwnerSel> {
    prop_oneof![2 => Just(OwnerSel::Caller), 3 => grantee().prop_map(OwnerSel::Account)]
}
/// The six actors and account 0, or accounts that never call (up to 40: enough for
/// `TooManyWriters`).
fn writer() -> impl Strategy<Value = u8> {
    prop_oneof![4 => grantee(), 1 => ACTORS + 1..=40u8]
}
/// In and out of `MIN_GRACE_MS ..= MAX_GRACE_MS`, short ones most often (expiry comes soon).
fn grace_ms() -> impl Strategy<Value = u64> {
    prop_oneof![
        1 => Just(0u64),
        1 => Just(MIN_GRACE_MS - 1),
        2 => Just(MIN_GRACE_MS),
        4 => MIN_GRACE_MS..=7 * DAY_MS,
        1 => MIN_GRACE_MS..=MAX_GRACE_MS,
        1 => Just(MAX_GRACE_MS),
        1 => Just(MAX_GRACE_MS + 1),
        1 => Just(u64::MAX),
    ]
}
/// SuperAdmin (actor 1) half the time.
fn admin_or_actor() -> impl Strategy<Value = u8> {
    prop_oneof![1 => Just(1u8), 1 => actor()]
}
/// A deposit meant to cover an allocation for the grace period (bounded by the wallet).
fn top_up() -> impl Strategy<Value = u128> {
    prop_oneof![1 => 1..=50 * TOKEN, 1 => 50 * TOKEN..=400 * TOKEN]
}
/// Allocations the deposits can cover most of the time.
fn alloc_resource() -> impl Strategy<Value = u32> {
    prop_oneof![1 => Just(0u32), 6 => 1..=4u32, 1 => 5..=20u32, 1 => Just(u32::MAX)]
}
fn cap() -> impl Strategy<Value = u32> {
    prop_oneof![1 => Just(0u32), 4 => 1..=24u32, 1 => Just(u32::MAX)]
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

/// The node's provider or the cluster's manager most often.
fn holder() -> impl Strategy<Value = Holder> {
    prop_oneof![3 => Just(Holder::Own), 1 => actor().prop_map(Holder::Actor)]
}
fn ring_sel() -> impl Strategy<Value = RingSel> {
    prop_oneof![
        3 => (0usize..8).prop_map(RingSel::InRing),
        1 => id_sel().prop_map(RingSel::Node),
    ]
}

/// One random call of a mutating message; `non_payable_value` adds value sent to non-payable
/// messages (a dispatch rejection only a real runtime performs).
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
        weighted!(1, Op::NodeChangeCapacity, a: holder(), n: id_sel(), c: capacity()),
        weighted!(1, Op::NodeChangeRent, a: holder(), n: id_sel(), r: rent()),
        weighted!(1, Op::NodeRemove, a: holder(), n: id_sel()),
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
        weighted!(1, Op::ClusterSetResource, a: holder(), c: id_sel(), r: resource()),
        weighted!(
            1,
            Op::ClusterAddNode,
            a: holder(),
            c: id_sel(),
            n: id_sel(),
            k: vnode_count(),
        ),
        weighted!(1, Op::ClusterRemoveNode, a: holder(), c: id_sel(), n: ring_sel()),
        weighted!(1, Op::ClusterRemove, a: holder(), c: id_sel()),
        weighted!(3, Op::BucketCreate, a: actor(), c: id_sel(), p: params_len(), v: value()),
        weighted!(3, Op::Alloc, a: who(), b: id_sel(), r: alloc_resource()),
        weighted!(3, Op::Settle, a: actor(), b: id_sel()),
        weighted!(1, Op::BucketParams, a: actor(), b: id_sel(), p: params_len(), v: value()),
        weighted!(2, Op::Deposit, a: actor(), v: value()),
        weighted!(1, Op::TopUp, b: id_sel(), v: top_up()),
        weighted!(2, Op::SetCap, a: who(), b: id_sel(), c: cap()),
        weighted!(4, Op::Release, a: who(), b: id_sel(), r: alloc_resource()),
        weighted!(1, Op::Close, a: who(), b: id_sel()),
        weighted!(2, Op::Expire, a: actor(), b: id_sel()),
        weighted!(1, Op::SetGrace, a: admin_or_actor(), g: grace_ms()),
        weighted!(
            3,
            Op::ChangeOwner,
            a: prop_oneof![2 => who(), 1 => Just(Who::Offeree)],
            b: id_sel(),
            o: owner_sel(),
            v: value(),
        ),
        weighted!(2, Op::SetWriter, a: who(), b: id_sel(), w: writer()),
        weighted!(
            2,
            Op::RevokeWriter,
            a: who(),
            b: id_sel(),
            w: prop_oneof![
                3 => (0usize..16).prop_map(WriterSel::Granted),
                1 => writer().prop_map(WriterSel::Account),
            ],
        ),
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

/// A step: one call, or a few that only succeed together: a deposit by a bucket's owner and an
/// allocation (by the owner, or by the manager after the owner's consent), since an
/// allocation needs a deposit covering the grace period; a lapse of time and an expiry (and
/// the arrears collected after a new deposit); an offer and its acceptance; a writer granted
/// and one revoked; a new price and an allocation at it.
pub fn step(non_payable_value: bool) -> BoxedStrategy<Vec<Op>> {
    let funded_alloc = (existing(), top_up(), alloc_resource())
        .prop_map(|(b, v, r)| vec![Op::TopUp(b, v), Op::Alloc(Who::Owner, b, r)]);
    let consented_alloc =
        (existing(), top_up(), cap(), alloc_resource()).prop_map(|(b, v, c, r)| {
            vec![
                Op::TopUp(b, v),
                Op::SetCap(Who::Owner, b, c),
                Op::Alloc(Who::Manager, b, r),
            ]
        });
    // Time enough for a payer to run dry and the grace period to pass, then an expiry, and
    // maybe a deposit and a settlement that collects the arrears.
    let lapse = (
        1..=60 * DAY_MS,
        actor(),
        existing(),
        top_up(),
        any::<bool>(),
    )
        .prop_map(|(ms, a, b, v, collect)| {
            let mut ops = vec![Op::Wait(ms), Op::Expire(a, b)];
            if collect {
                ops.extend([Op::TopUp(b, v), Op::Settle(a, b)]);
            }
            ops
        });
    // An offer to an actor, then its acceptance (with value towards the deposit).
    let handover = (existing(), actor(), top_up()).prop_map(|(b, to, v)| {
        vec![
            Op::ChangeOwner(Who::Owner, b, OwnerSel::Account(to), 0),
            Op::ChangeOwner(Who::Offeree, b, OwnerSel::Caller, v),
        ]
    });
    // A writer granted, later revoked (maybe another one).
    let writer_round = (existing(), writer(), 0usize..16).prop_map(|(b, w, i)| {
        vec![
            Op::SetWriter(Who::Owner, b, w),
            Op::RevokeWriter(Who::Owner, b, WriterSel::Granted(i)),
        ]
    });
    let reprice = (rent(), 0u32..4, top_up(), alloc_resource())
        .prop_map(|(rent, vnode, v, r)| move_vnode(rent, vnode, v, r));
    let reshape = (rent(), 0u32..=4, 0u32..=30, 0usize..8, any::<bool>())
        .prop_map(|(rent, k, r, i, remove)| reshape(rent, k, r, i, remove));
    let leave = (
        existing(),
        any::<bool>(),
        0usize..8,
        1u32..=4,
        any::<bool>(),
    )
        .prop_map(|(c, close, i, k, remove)| leave(c, close, i, k, remove));
    let node_leave = (actor(), rent(), capacity()).prop_map(|(a, rent, cap)| {
        vec![
            Op::NodeCreate(a, rent, 0, cap, 0),
            Op::NodeChangeCapacity(Holder::Own, IdSel::Last, cap / 2),
            Op::NodeRemove(Holder::Own, IdSel::Last),
        ]
    });
    prop_oneof![
        20 => op(non_payable_value).prop_map(|o| vec![o]),
        3 => funded_alloc,
        1 => consented_alloc,
        2 => lapse,
        2 => handover,
        1 => writer_round,
        1 => reprice,
        1 => reshape,
        1 => leave,
        1 => node_leave,
    ]
    .boxed()
}

/// A vnode of the first cluster moves to a new node (it keeps its price; the revenues so far
/// are distributed first), then an allocation: provider 2 registers a node at `rent`, the
/// manager (4) puts it on `vnode`, the first bucket's owner deposits and allocates.
pub fn move_vnode(rent: u128, vnode: u32, top_up: u128, resource: u32) -> Vec<Op> {
    vec![
        Op::NodeCreate(2, rent, 0, 100, 0),
        Op::Replace(4, IdSel::Existing(0), vnode, IdSel::Last),
        Op::TopUp(IdSel::Existing(0), top_up),
        Op::Alloc(Who::Owner, IdSel::Existing(0), resource),
    ]
}

/// A new ring changes shape while idle: manager 4 builds a 2-vnode cluster on the first two
/// nodes, provider 2 registers a node at `rent` and the manager adds it with `vnodes` vnodes,
/// reserves `resource` per vnode, takes a node out of the ring again (position `at`), and
/// maybe removes the cluster.
pub fn reshape(rent: u128, vnodes: u32, resource: u32, at: usize, remove: bool) -> Vec<Op> {
    let mut ops = vec![
        Op::ClusterCreate(4, 2, vec![IdSel::Existing(0), IdSel::Existing(1)], 0, 0),
        Op::NodeCreate(2, rent, 0, 200, 0),
        Op::ClusterAddNode(Holder::Own, IdSel::Last, IdSel::Last, vnodes),
        Op::ClusterSetResource(Holder::Own, IdSel::Last, resource),
        Op::ClusterRemoveNode(Holder::Own, IdSel::Last, RingSel::InRing(at)),
    ];
    if remove {
        ops.push(Op::ClusterRemove(Holder::Own, IdSel::Last));
    }
    ops
}

/// A cluster in use empties and changes: maybe the first bucket's owner closes it (its
/// settlement leaves revenues pending in the first cluster), then `cluster`'s manager adds
/// `vnodes` vnodes on the last node, takes the node at ring position `at` out, and maybe
/// removes the cluster (each refused with `ClusterInUse` while a bucket holds resource).
pub fn leave(cluster: IdSel, close: bool, at: usize, vnodes: u32, remove: bool) -> Vec<Op> {
    let mut ops = vec![];
    if close {
        ops.push(Op::Close(Who::Owner, IdSel::Existing(0)));
    }
    ops.extend([
        Op::ClusterAddNode(Holder::Own, cluster, IdSel::Last, vnodes),
        Op::ClusterRemoveNode(Holder::Own, cluster, RingSel::InRing(at)),
    ]);
    if remove {
        ops.push(Op::ClusterRemove(Holder::Own, cluster));
    }
    ops
}

/// What a deposit must hold to cover `rate` USD per month for `ms` at `usd_per_cere`.
fn cover(rate: u128, ms: u64, usd_per_cere: u128) -> u128 {
    let usd_ms = rate * u128::from(ms);
    let month_usd = MS_PER_MONTH * usd_per_cere;
    usd_ms.div_ceil(month_usd) * TOKEN
}

/// A small network every sequence starts from, at a random exchange rate and grace period
/// (`None`: the default), so that random calls meet live entities: providers 2 and 3 trust
/// manager 4 and register a node each; 4 builds a 4-vnode cluster and reserves 20 per vnode;
/// app 5 creates a bucket with a deposit covering the grace period and two days and
/// allocates 2 (88 USD per month: it runs short soon after the grace period).
pub fn network(usd_per_cere: u128, grace: Option<u64>) -> Vec<Op> {
    let grace_ms = grace.unwrap_or(DEFAULT_GRACE_MS);
    let deposit = (20 * TOKEN).max(cover(88 * TOKEN, grace_ms + 2 * DAY_MS, usd_per_cere));
    let mut ops = vec![Op::SetRate(1, usd_per_cere)];
    ops.extend(grace.map(|g| Op::SetGrace(1, g)));
    ops.extend([
        Op::Trust(2, 4, 0),
        Op::Trust(3, 4, 0),
        Op::NodeCreate(2, 10 * TOKEN, 8, 100, 0),
        Op::NodeCreate(3, 12 * TOKEN, 8, 100, 0),
        Op::ClusterCreate(4, 4, vec![IdSel::Existing(0), IdSel::Existing(1)], 8, 0),
        Op::Reserve(4, IdSel::Existing(0), 20),
        Op::BucketCreate(5, IdSel::Existing(0), 8, deposit),
        Op::Alloc(Who::Actor(5), IdSel::Existing(0), 2),
        Op::Wait(DAY_MS),
    ]);
    ops
}

/// The first bucket's owner grants `count` writers (accounts 7, 8, ...): beyond
/// `MAX_WRITERS` they are refused.
pub fn writers(count: u8) -> Vec<Op> {
    (0..count)
        .map(|k| Op::SetWriter(Who::Owner, IdSel::Existing(0), ACTORS + 1 + k))
        .collect()
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

/// `network()`, in one sequence out of four a crowd of 26 to 40 nodes and buckets, in one out
/// of fifteen 17 writers on the first bucket, then up to `max_len` random steps.
pub fn sequence(max_len: usize, non_payable_value: bool) -> BoxedStrategy<Vec<Op>> {
    let steps = prop::collection::vec(step(non_payable_value), 1..=max_len);
    let crowd_size = prop_oneof![3 => Just(0usize), 1 => 26usize..=40];
    let grace = prop_oneof![
        2 => Just(None),
        1 => Just(Some(MIN_GRACE_MS)),
        1 => Just(Some(DAY_MS)),
    ];
    let writer_count = prop_oneof![14 => Just(0u8), 1 => Just(MAX_WRITERS as u8 + 1)];
    // The first rate is within the oracle's bound (half to twice parity).
    (
        TOKEN / 2..=2 * TOKEN,
        grace,
        crowd_size,
        writer_count,
        steps,
    )
        .prop_map(|(rate, grace, n, w, steps)| {
            network(rate, grace)
                .into_iter()
                .chain(crowd(n))
                .chain(writers(w))
                .chain(steps.into_iter().flatten())
                .collect()
        })
        .boxed()
}
