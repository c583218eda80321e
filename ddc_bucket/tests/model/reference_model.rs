//! The reference model: the contract's state in plain Rust, on unbounded integers, and what
//! each call must do to it (`Model::apply`), written from the specification.

use super::operations::*;
use super::runner::{all_perms, Obs};
use ddc_bucket::error::Error;
use num_bigint::BigUint;
use std::collections::{BTreeMap, BTreeSet};

/// The largest total rate of a flow or a payer (USD units per month): rate × any u64 time fits.
pub const MAX_RATE: u128 = u64::MAX as u128;

fn big(x: u128) -> BigUint {
    BigUint::from(x)
}
fn small(x: &BigUint) -> Option<u128> {
    u128::try_from(x).ok()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MNode {
    pub provider: u8,
    pub rent: u128,
    pub free: u32,
    pub capacity: u32,
    pub params: String,
    /// Removed by its provider: gone from `node_get` and the node lists, its id never reused.
    pub removed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MCluster {
    pub manager: u8,
    pub vnodes: Vec<u32>,
    /// Each vnode's price: its node's rent when the vnode was placed (it stays with the vnode).
    pub prices: Vec<u128>,
    pub per_vnode: u32,
    pub used: u32,
    /// Undistributed revenues, split at settlement: the providers' part and the management
    /// fee (the network fee goes to `Model::network_fees`).
    pub to_providers: u128,
    pub management_fee: u128,
    /// Σ prices: what one unit of resource costs per month.
    pub total_rent: u128,
    pub params: String,
    /// Removed by its manager: still listed, its reservations given back, no manager message
    /// or new bucket accepted.
    pub removed: bool,
}

impl MCluster {
    fn revenues(&self) -> BigUint {
        big(self.to_providers) + big(self.management_fee)
    }
}

/// Accrues `rate` USD per month, exactly, in rate-ms (USD units × ms / month); `offset` is what
/// accrued before the start plus what was taken; `arrears` what accrued before the rate last
/// changed by a release and was not taken (taken first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MSchedule {
    pub rate: u128,
    pub offset: u128,
    pub arrears: u128,
}

/// Rates are bounded so that no accrual overflows at any time.
fn bounded(rate: BigUint) -> R<u128> {
    if rate > big(MAX_RATE) {
        return Err(Error::Overflow);
    }
    fit(rate)
}

impl MSchedule {
    /// Accruing `rate` from `start` on.
    fn starting(start: u64, rate: u128) -> R<Self> {
        Ok(MSchedule {
            rate: bounded(big(rate))?,
            offset: fit(big(rate) * big(u128::from(start)))?,
            arrears: 0,
        })
    }
    /// Rate-ms accrued from time 0 to `t` at this rate.
    fn accrued(&self, t: u64) -> BigUint {
        big(self.rate) * big(u128::from(t))
    }
    /// What is due at `t`: the running accrual (never negative) and the arrears.
    fn due(&self, t: u64) -> BigUint {
        let a = self.accrued(t);
        let running = if a > big(self.offset) {
            a - big(self.offset)
        } else {
            BigUint::default()
        };
        running + big(self.arrears)
    }
    /// Takes `value` rate-ms: from the arrears first, then the running accrual.
    fn take(&mut self, value: u128) -> R<()> {
        let from_arrears = value.min(self.arrears);
        self.arrears -= from_arrears;
        self.offset = fit(big(self.offset) + big(value - from_arrears))?;
        Ok(())
    }
    /// Component-wise sum (the rate bounded).
    fn plus(&self, other: &MSchedule) -> R<MSchedule> {
        Ok(MSchedule {
            rate: bounded(big(self.rate) + big(other.rate))?,
            offset: fit(big(self.offset) + big(other.offset))?,
            arrears: fit(big(self.arrears) + big(other.arrears))?,
        })
    }
    /// Component-wise difference; `other` must be part of this one.
    fn minus(&self, other: &MSchedule) -> R<MSchedule> {
        let sub = |a: u128, b: u128| a.checked_sub(b).ok_or(Error::Overflow);
        Ok(MSchedule {
            rate: sub(self.rate, other.rate)?,
            offset: sub(self.offset, other.offset)?,
            arrears: sub(self.arrears, other.arrears)?,
        })
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
    pub closed_at: Option<u64>,
    /// Writers besides the owner, in the order granted.
    pub writers: Vec<u8>,
    /// The pending owner offer: (offeree, the bucket's rate when offered).
    pub offer: Option<(u8, u128)>,
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
    /// The oracle's bound: the rate the current day-long window began with, and when.
    pub rate_window: (u128, u64),
    /// (network fee bp, destination, management fee bp): the rates settlements apply.
    pub fees: (u128, u8, u128),
    /// Network fees settled and not yet paid to their destination.
    pub network_fees: u128,
    pub grace: u64,
    /// Each owner's buckets in the order of the per-owner index (`bucket_list` filtered).
    pub owned: BTreeMap<u8, Vec<u32>>,
    /// Each provider's nodes in the order of the per-provider index (`node_list` filtered).
    pub provided: BTreeMap<u8, Vec<u32>>,
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
            rate_window: (0, 0),
            fees: (0, 0, 0),
            network_fees: 0,
            grace: DEFAULT_GRACE_MS,
            owned: BTreeMap::new(),
            provided: BTreeMap::new(),
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
            IdSel::Last => count as u32,
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
            Op::NodeChangeCapacity(h, s, capacity) => {
                let node = Self::resolve(n, s);
                (
                    self.node_holder(h, node),
                    0,
                    Msg::NodeChangeCapacity { node, capacity },
                )
            }
            Op::NodeChangeRent(h, s, rent) => {
                let node = Self::resolve(n, s);
                (
                    self.node_holder(h, node),
                    0,
                    Msg::NodeChangeRent { node, rent },
                )
            }
            Op::NodeRemove(h, s) => {
                let node = Self::resolve(n, s);
                (self.node_holder(h, node), 0, Msg::NodeRemove { node })
            }
            Op::ClusterSetResource(h, s, resource) => {
                let cluster = Self::resolve(c, s);
                (
                    self.cluster_holder(h, cluster),
                    0,
                    Msg::ClusterSetResource { cluster, resource },
                )
            }
            Op::ClusterAddNode(h, s, ns, vnodes) => {
                let cluster = Self::resolve(c, s);
                (
                    self.cluster_holder(h, cluster),
                    0,
                    Msg::ClusterAddNode {
                        cluster,
                        node: Self::resolve(n, ns),
                        vnodes,
                    },
                )
            }
            Op::ClusterRemoveNode(h, s, ring) => {
                let cluster = Self::resolve(c, s);
                let node = match ring {
                    RingSel::Node(ns) => Self::resolve(n, ns),
                    RingSel::InRing(i) => self
                        .cluster(cluster)
                        .ok()
                        .filter(|c| !c.vnodes.is_empty())
                        .map_or(0, |c| c.vnodes[i % c.vnodes.len()]),
                };
                (
                    self.cluster_holder(h, cluster),
                    0,
                    Msg::ClusterRemoveNode { cluster, node },
                )
            }
            Op::ClusterRemove(h, s) => {
                let cluster = Self::resolve(c, s);
                (
                    self.cluster_holder(h, cluster),
                    0,
                    Msg::ClusterRemove { cluster },
                )
            }
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
            Op::Alloc(w, s, resource) => {
                let bucket = Self::resolve(b, s);
                (
                    self.caller_for(w, bucket),
                    0,
                    Msg::Alloc { bucket, resource },
                )
            }
            Op::TopUp(s, v) => (
                self.caller_for(Who::Owner, Self::resolve(b, s)),
                v,
                Msg::Deposit,
            ),
            Op::SetCap(w, s, cap) => {
                let bucket = Self::resolve(b, s);
                (self.caller_for(w, bucket), 0, Msg::SetCap { bucket, cap })
            }
            Op::Release(w, s, resource) => {
                let bucket = Self::resolve(b, s);
                (
                    self.caller_for(w, bucket),
                    0,
                    Msg::Release { bucket, resource },
                )
            }
            Op::Close(w, s) => {
                let bucket = Self::resolve(b, s);
                (self.caller_for(w, bucket), 0, Msg::Close { bucket })
            }
            Op::Expire(a, s) => (
                a,
                0,
                Msg::Expire {
                    bucket: Self::resolve(b, s),
                },
            ),
            Op::SetGrace(a, ms) => (a, 0, Msg::SetGrace { ms }),
            Op::ChangeOwner(w, s, o, v) => {
                let bucket = Self::resolve(b, s);
                let caller = self.caller_for(w, bucket);
                let owner = match o {
                    OwnerSel::Caller => caller,
                    OwnerSel::Account(x) => x,
                };
                (caller, v, Msg::ChangeOwner { bucket, owner })
            }
            Op::SetWriter(w, s, writer) => {
                let bucket = Self::resolve(b, s);
                (
                    self.caller_for(w, bucket),
                    0,
                    Msg::SetWriter { bucket, writer },
                )
            }
            Op::RevokeWriter(w, s, writer) => {
                let bucket = Self::resolve(b, s);
                let writer = match writer {
                    WriterSel::Account(x) => x,
                    WriterSel::Granted(i) => self
                        .bucket(bucket)
                        .ok()
                        .filter(|b| !b.writers.is_empty())
                        .map_or(0, |b| b.writers[i % b.writers.len()]),
                };
                (
                    self.caller_for(w, bucket),
                    0,
                    Msg::RevokeWriter { bucket, writer },
                )
            }
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

    /// The caller `who` names for `bucket`; actor 1 (or 2 for an offeree) when the bucket, or
    /// its offer to an actor, does not exist.
    fn caller_for(&self, who: Who, bucket: u32) -> u8 {
        let b = self.bucket(bucket).ok();
        match who {
            Who::Actor(a) => a,
            Who::Owner => b.map_or(1, |b| b.owner),
            Who::Manager => b
                .and_then(|b| self.cluster(b.cluster).ok())
                .map_or(1, |c| c.manager),
            Who::Offeree => b
                .and_then(|b| b.offer)
                .map(|(to, _)| to)
                .filter(|to| (1..=ACTORS).contains(to))
                .unwrap_or(2),
        }
    }

    /// The caller `h` names for `node`: its provider (even once removed), or actor 1 if it
    /// never existed.
    fn node_holder(&self, h: Holder, node: u32) -> u8 {
        match h {
            Holder::Actor(a) => a,
            Holder::Own => self
                .nodes
                .get((node as usize).wrapping_sub(1))
                .map_or(1, |n| n.provider),
        }
    }

    /// The caller `h` names for `cluster`: its manager, or actor 1 if it does not exist.
    fn cluster_holder(&self, h: Holder, cluster: u32) -> u8 {
        match h {
            Holder::Actor(a) => a,
            Holder::Own => self.cluster(cluster).map_or(1, |c| c.manager),
        }
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

    /// Σ deposits + Σ undistributed revenues + the network fees not yet paid.
    pub fn owed(&self) -> BigUint {
        let d: BigUint = self.accounts.values().map(|a| big(a.deposit)).sum();
        let r: BigUint = self.clusters.iter().map(|c| c.revenues()).sum();
        d + r + big(self.network_fees)
    }

    fn node(&self, id: u32) -> R<&MNode> {
        self.nodes
            .get((id as usize).wrapping_sub(1))
            .filter(|n| !n.removed)
            .ok_or(Error::NodeDoesNotExist)
    }

    /// The node, if `caller` provides it.
    fn provided_node(&self, caller: u8, id: u32) -> R<MNode> {
        let n = self.node(id)?;
        if n.provider != caller {
            return Err(Error::UnauthorizedProvider);
        }
        Ok(n.clone())
    }

    /// How many vnodes of clusters not removed the node hosts.
    fn hosted(&self, node: u32) -> usize {
        self.clusters
            .iter()
            .filter(|c| !c.removed)
            .map(|c| c.vnodes.iter().filter(|&&id| id == node).count())
            .sum()
    }

    /// The ids of removed nodes (skipped by the unfiltered `node_list`).
    pub fn removed_node_ids(&self) -> Vec<u32> {
        (1..=self.nodes.len() as u32)
            .filter(|id| self.nodes[*id as usize - 1].removed)
            .collect()
    }

    /// The ids of nodes not removed.
    pub fn node_ids(&self) -> Vec<u32> {
        (1..=self.nodes.len() as u32)
            .filter(|id| !self.nodes[*id as usize - 1].removed)
            .collect()
    }

    /// `who`'s nodes in the per-provider index order (what `node_list` filtered returns).
    pub fn node_ids_of(&self, who: u8) -> Vec<u32> {
        self.provided.get(&who).cloned().unwrap_or_default()
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
        self.owed_scaled_at(self.now, s, carry)
    }

    fn owed_scaled_at(&self, t: u64, s: &MSchedule, carry: u128) -> BigUint {
        s.due(t) * big(TOKEN) + big(carry)
    }

    /// What one CERE unit is worth in rate-ms × TOKEN at the current rate.
    fn cere_unit(&self) -> BigUint {
        big(MS_PER_MONTH) * big(self.rate)
    }

    /// The part of the deposit a withdrawal may take: all but what settling every flow a grace
    /// period from now would take (the rent stays covered for the grace period).
    fn free_deposit(&self, a: &MAccount) -> R<u128> {
        let until = self.now.saturating_add(self.grace);
        let owed_cere = self.owed_scaled_at(until, &a.payable, a.carry) / self.cere_unit();
        Ok(match small(&owed_cere) {
            Some(o) => a.deposit.saturating_sub(o),
            None => 0,
        })
    }

    /// When the payer's deposit stops covering its flows.
    pub fn covered_until(&self, payer: u8) -> u64 {
        self.covered_until_of(&self.accounts.get(&payer).copied().unwrap_or_default())
    }

    /// The last millisecond at which everything the account's flows accrued (their arrears
    /// included) is paid for by what was taken plus the deposit, net of the carry already
    /// owed; `u64::MAX` if it pays for nothing or beyond the u64 range.
    fn covered_until_of(&self, a: &MAccount) -> u64 {
        if a.payable.rate == 0 {
            return u64::MAX;
        }
        // Accrual at time t is rate × t; what is paid for: offset − arrears + what the deposit
        // buys (floored to whole rate-ms), or less what the carry beyond it owes (rounded up).
        let deposit = big(a.deposit) * self.cere_unit();
        let carry = big(a.carry);
        let (plus, minus) = if deposit >= carry {
            ((deposit - carry) / big(TOKEN), BigUint::default())
        } else {
            (
                BigUint::default(),
                (carry - deposit + big(TOKEN) - 1u32) / big(TOKEN),
            )
        };
        let paid_for = big(a.payable.offset) + plus;
        let owed = minus + big(a.payable.arrears);
        let reached = if paid_for > owed {
            paid_for - owed
        } else {
            BigUint::default()
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
                    capacity,
                    params,
                    removed: false,
                });
                let id = self.nodes.len() as u32;
                self.provided.entry(caller).or_default().push(id);
                self.accept_value(call);
                Ok(Some(id))
            }
            Msg::NodeChangeCapacity { node, capacity } => {
                let n = self.provided_node(caller, node)?;
                let reserved = n.capacity.saturating_sub(n.free);
                let free = capacity
                    .checked_sub(reserved)
                    .ok_or(Error::InsufficientResources)?;
                let mn = &mut self.nodes[node as usize - 1];
                mn.free = free;
                mn.capacity = capacity;
                Ok(None)
            }
            Msg::NodeChangeRent { node, rent } => {
                self.provided_node(caller, node)?;
                self.nodes[node as usize - 1].rent = rent;
                Ok(None)
            }
            Msg::NodeRemove { node } => {
                self.provided_node(caller, node)?;
                if self.hosted(node) > 0 {
                    return Err(Error::NodeInUse);
                }
                self.nodes[node as usize - 1].removed = true;
                let list = self.provided.entry(caller).or_default();
                let at = list.iter().position(|id| *id == node).expect("indexed");
                list.swap_remove(at);
                Ok(None)
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
                    self.trusted_node(caller, id)?;
                }
                // Round-robin; each vnode priced at its node's rent now.
                let ring: Vec<u32> = (0..vnodes as usize)
                    .map(|i| nodes[i % nodes.len()])
                    .collect();
                let prices: Vec<u128> = ring
                    .iter()
                    .map(|&id| self.nodes[id as usize - 1].rent)
                    .collect();
                let total_rent = fit(prices.iter().map(|&p| big(p)).sum())?;
                self.clusters.push(MCluster {
                    manager: caller,
                    vnodes: ring,
                    prices,
                    per_vnode: 0,
                    used: 0,
                    to_providers: 0,
                    management_fee: 0,
                    total_rent,
                    params,
                    removed: false,
                });
                self.accept_value(call);
                Ok(Some(self.clusters.len() as u32))
            }
            Msg::Reserve { cluster, amount } => {
                let c = self.managed(caller, cluster)?.clone();
                let per_vnode = c.per_vnode.checked_add(amount).ok_or(Error::Overflow)?;
                self.resize(caller, cluster, per_vnode)?;
                Ok(None)
            }
            Msg::ClusterSetResource { cluster, resource } => {
                if resource < self.managed(caller, cluster)?.used {
                    return Err(Error::InsufficientResources);
                }
                self.resize(caller, cluster, resource)?;
                Ok(None)
            }
            Msg::ClusterAddNode {
                cluster,
                node,
                vnodes,
            } => {
                let c = self.unused(caller, cluster)?;
                let n = self.trusted_node(caller, node)?.clone();
                if vnodes == 0 {
                    return Err(Error::NoVNodes);
                }
                if c.vnodes.len() as u64 + u64::from(vnodes) > u64::from(MAX_VNODES) {
                    return Err(Error::TooManyVNodes);
                }
                let needed = u64::from(c.per_vnode) * u64::from(vnodes);
                if needed > u64::from(n.free) {
                    return Err(Error::InsufficientResources);
                }
                // The revenues settled on the ring as it was are paid out first.
                if c.to_providers > 0 || c.management_fee > 0 {
                    self.distribute(cluster)?;
                }
                let mut prices = c.prices.clone();
                prices.extend(std::iter::repeat_n(n.rent, vnodes as usize));
                let total_rent = fit(prices.iter().map(|&p| big(p)).sum())?;
                self.nodes[node as usize - 1].free -= needed as u32;
                let cl = &mut self.clusters[cluster as usize - 1];
                cl.vnodes.extend(std::iter::repeat_n(node, vnodes as usize));
                cl.prices = prices;
                cl.total_rent = total_rent;
                Ok(None)
            }
            Msg::ClusterRemoveNode { cluster, node } => {
                let c = self.unused(caller, cluster)?;
                let taken = c.vnodes.iter().filter(|&&id| id == node).count();
                if taken == 0 {
                    return Err(Error::NodeDoesNotExist);
                }
                if taken == c.vnodes.len() {
                    return Err(Error::NoNodes);
                }
                let back = u64::from(c.per_vnode) * taken as u64;
                let free = u64::from(self.nodes[node as usize - 1].free) + back;
                let free = u32::try_from(free).map_err(|_| Error::Overflow)?;
                if c.to_providers > 0 || c.management_fee > 0 {
                    self.distribute(cluster)?;
                }
                self.nodes[node as usize - 1].free = free;
                let (vnodes, prices): (Vec<u32>, Vec<u128>) = c
                    .vnodes
                    .iter()
                    .zip(&c.prices)
                    .filter(|(&id, _)| id != node)
                    .unzip();
                let cl = &mut self.clusters[cluster as usize - 1];
                cl.total_rent = prices.iter().sum();
                cl.vnodes = vnodes;
                cl.prices = prices;
                Ok(None)
            }
            Msg::ClusterRemove { cluster } => {
                let c = self.unused(caller, cluster)?;
                let mut frees = vec![];
                for (node, hosted) in hosting(&c.vnodes) {
                    let back = u64::from(c.per_vnode) * u64::from(hosted);
                    let free = u64::from(self.node(node)?.free) + back;
                    frees.push((node, u32::try_from(free).map_err(|_| Error::Overflow)?));
                }
                if c.to_providers > 0 || c.management_fee > 0 {
                    self.distribute(cluster)?;
                }
                for (node, free) in frees {
                    self.nodes[node as usize - 1].free = free;
                }
                let cl = &mut self.clusters[cluster as usize - 1];
                cl.per_vnode = 0;
                cl.removed = true;
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
                let new = self.trusted_node(caller, node)?.clone();
                // The vnode keeps its price; the old host is first paid for what was settled
                // while it hosted.
                if old != node {
                    let old_n = self.nodes[old as usize - 1].clone();
                    let old_free = old_n.free.checked_add(c.per_vnode).ok_or(Error::Overflow)?;
                    let new_free = new
                        .free
                        .checked_sub(c.per_vnode)
                        .ok_or(Error::InsufficientResources)?;
                    if c.to_providers > 0 || c.management_fee > 0 {
                        self.distribute(cluster)?;
                    }
                    self.nodes[old as usize - 1].free = old_free;
                    self.nodes[node as usize - 1].free = new_free;
                    self.clusters[cluster as usize - 1].vnodes[vnode as usize] = node;
                }
                Ok(None)
            }
            Msg::Distribute { cluster } => {
                self.cluster(cluster)?;
                self.distribute(cluster)?;
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
                if self.cluster(cluster)?.removed {
                    return Err(Error::ClusterWasRemoved);
                }
                self.accounts.entry(caller).or_default();
                self.buckets.push(MBucket {
                    owner: caller,
                    cluster,
                    resource: 0,
                    flow: MSchedule::default(),
                    params,
                    allowance: (0, 0),
                    closed_at: None,
                    writers: vec![],
                    offer: None,
                });
                let id = self.buckets.len() as u32;
                self.owned.entry(caller).or_default().push(id);
                self.accept_value(call);
                Ok(Some(id))
            }
            Msg::Alloc { bucket, resource } => {
                let b = self.bucket(bucket)?.clone();
                let c = self.cluster(b.cluster)?.clone();
                let by_owner = caller == b.owner;
                if !by_owner && caller != c.manager {
                    return Err(Error::UnauthorizedOwner);
                }
                if b.closed_at.is_some() {
                    return Err(Error::BucketClosed);
                }
                let used = u64::from(c.used) + u64::from(resource);
                if used > u64::from(c.per_vnode) {
                    return Err(Error::InsufficientResources);
                }
                let reserved = u32::try_from(u64::from(b.resource) + u64::from(resource))
                    .map_err(|_| Error::Overflow)?;
                // Others (the manager) allocate only within the owner's consent.
                if !by_owner && (reserved > b.allowance.0 || c.total_rent > b.allowance.1) {
                    return Err(Error::AllowanceExceeded);
                }
                // At the cluster's price, which cannot change while buckets hold resource in it.
                let extra_rate = fit(big(c.total_rent) * big(u128::from(resource)))?;
                let extra = MSchedule::starting(self.now, extra_rate)?;
                let flow = b.flow.plus(&extra)?;
                let mut payer = self.accounts.get(&b.owner).copied().unwrap_or_default();
                payer.payable = payer.payable.plus(&extra)?;
                // No squatting: the payer's deposit covers all its rent for the grace period.
                if extra_rate > 0
                    && self.covered_until_of(&payer) < self.now.saturating_add(self.grace)
                {
                    return Err(Error::InsufficientDeposit);
                }
                self.clusters[b.cluster as usize - 1].used = used as u32;
                let mb = &mut self.buckets[bucket as usize - 1];
                mb.resource = reserved;
                mb.flow = flow;
                self.accounts.insert(b.owner, payer);
                Ok(None)
            }
            Msg::Settle { bucket } => {
                self.bucket(bucket)?;
                self.settle(bucket)?;
                Ok(None)
            }
            Msg::SetCap { bucket, cap } => {
                let b = self.owned_open(caller, bucket)?.clone();
                let price_cap = self.cluster(b.cluster)?.total_rent;
                self.buckets[bucket as usize - 1].allowance = (cap, price_cap);
                Ok(None)
            }
            Msg::Release { bucket, resource } => {
                if resource > self.owned_open(caller, bucket)?.resource {
                    return Err(Error::InsufficientResources);
                }
                self.release(bucket, resource, false)?;
                Ok(None)
            }
            Msg::Close { bucket } => {
                let all = self.owned_open(caller, bucket)?.resource;
                self.release(bucket, all, true)?;
                Ok(None)
            }
            Msg::Expire { bucket } => {
                let b = self.bucket(bucket)?.clone();
                if b.closed_at.is_some() {
                    return Err(Error::BucketClosed);
                }
                let covered = self.covered_until(b.owner);
                if b.flow.rate == 0 || covered.saturating_add(self.grace) >= self.now {
                    return Err(Error::NotExpired);
                }
                self.release(bucket, b.resource, true)?;
                Ok(None)
            }
            Msg::SetGrace { ms } => {
                if !self.has(caller, PermSel::SuperAdmin) {
                    return Err(Error::Unauthorized);
                }
                if !(MIN_GRACE_MS..=MAX_GRACE_MS).contains(&ms) {
                    return Err(Error::InvalidGracePeriod);
                }
                self.grace = ms;
                Ok(None)
            }
            Msg::ChangeOwner { bucket, owner } => {
                self.change_owner(call, bucket, owner)?;
                Ok(None)
            }
            Msg::SetWriter { bucket, writer } => {
                let b = self.owned_open(caller, bucket)?;
                if writer == b.owner || b.writers.contains(&writer) {
                    return Err(Error::AlreadyWriter);
                }
                if b.writers.len() >= MAX_WRITERS {
                    return Err(Error::TooManyWriters);
                }
                self.buckets[bucket as usize - 1].writers.push(writer);
                Ok(None)
            }
            Msg::RevokeWriter { bucket, writer } => {
                let b = self.owned_open(caller, bucket)?;
                if !b.writers.contains(&writer) {
                    return Err(Error::NotWriter);
                }
                self.buckets[bucket as usize - 1]
                    .writers
                    .retain(|w| *w != writer);
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
                // Within a day-long window the rate stays within half and twice the rate the
                // window began with; a call after the window opens a new one.
                let (anchor, start) = self.rate_window;
                if anchor == 0 || self.now >= start.saturating_add(RATE_WINDOW_MS) {
                    self.rate_window = (self.rate, self.now);
                }
                let anchor = self.rate_window.0;
                if rate < anchor.div_ceil(2) || rate > anchor.saturating_mul(2) {
                    return Err(Error::RateChangeTooLarge);
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
                if big(network_bp) + big(management_bp) > big(MAX_TOTAL_FEE_BP) {
                    return Err(Error::InvalidFeeBasisPoints);
                }
                // The network fees settled so far go to the destination they were settled for.
                let settled = std::mem::take(&mut self.network_fees);
                self.pay_out(self.fees.1, settled);
                self.fees = (network_bp, dest, management_bp);
                Ok(None)
            }
        }
    }

    /// The bucket, if `caller` owns it and it is open.
    fn owned_open(&self, caller: u8, bucket: u32) -> R<&MBucket> {
        let b = self.bucket(bucket)?;
        if b.owner != caller {
            return Err(Error::UnauthorizedOwner);
        }
        if b.closed_at.is_some() {
            return Err(Error::BucketClosed);
        }
        Ok(b)
    }

    /// Settles the bucket's flow at `now` from its owner's deposit into its cluster's revenues.
    fn settle(&mut self, bucket: u32) -> R<()> {
        let b = self.buckets[bucket as usize - 1].clone();
        let payer = self.accounts.get(&b.owner).copied().unwrap_or_default();
        let owed = self.owed_scaled(&b.flow, payer.carry);
        // Pay what the deposit covers of the CERE due.
        let due_cere = &owed / self.cere_unit();
        let in_full = due_cere <= big(payer.deposit);
        let cere = small(&due_cere).unwrap_or(u128::MAX).min(payer.deposit);
        let paid = big(cere) * self.cere_unit();
        // Paid in full: the whole accrual leaves the flow, the fraction not charged is
        // carried. In part: the smallest whole rate-ms amount whose value covers what was paid
        // beyond the carry; what it exceeds that by is the new carry.
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
        // Split by the fee rates in force: the network fee, the management fee on the rest,
        // each rounded down; the providers get what is left.
        let (nbp, _, mbp) = self.fees;
        let network_fee = fit(big(cere) * big(nbp) / big(BP))?;
        let management_fee = fit(big(cere - network_fee) * big(mbp) / big(BP))?;
        let to_providers = cere - network_fee - management_fee;
        let cl = &self.clusters[b.cluster as usize - 1];
        let providers_total = fit(big(cl.to_providers) + big(to_providers))?;
        let network_total = fit(big(self.network_fees) + big(network_fee))?;
        let management_total = fit(big(cl.management_fee) + big(management_fee))?;
        // The same take off the flow and off the payer's sum of flows: arrears first.
        let mut flow = b.flow;
        flow.take(usd)?;
        let mut payable = payer.payable;
        payable.arrears = payable
            .arrears
            .checked_sub(b.flow.arrears - flow.arrears)
            .ok_or(Error::Overflow)?;
        payable.offset = fit(big(payable.offset) + big(flow.offset - b.flow.offset))?;
        let cl = &mut self.clusters[b.cluster as usize - 1];
        cl.to_providers = providers_total;
        cl.management_fee = management_total;
        self.network_fees = network_total;
        self.buckets[bucket as usize - 1].flow = flow;
        let a = self.accounts.entry(b.owner).or_default();
        a.payable = payable;
        a.deposit -= cere;
        a.carry = new_carry;
        *self.paid_scaled.entry(b.owner).or_default() += paid;
        *self.taken_scaled.entry(b.owner).or_default() += big(usd) * big(TOKEN);
        Ok(())
    }

    /// Settles, then lowers the rate by what `resource` costs at the cluster's price (the one
    /// it was allocated at) and restarts the flow at `now` at that rate (what stays unpaid
    /// becomes arrears), gives the capacity back; `close` also closes the bucket.
    fn release(&mut self, bucket: u32, resource: u32, close: bool) -> R<()> {
        self.settle(bucket)?;
        let b = self.buckets[bucket as usize - 1].clone();
        let total_rent = self.clusters[b.cluster as usize - 1].total_rent;
        let rate_off = fit(big(total_rent) * big(u128::from(resource)))?;
        let old = b.flow;
        let new_rate = old.rate.checked_sub(rate_off).ok_or(Error::Overflow)?;
        let mut new = MSchedule::starting(self.now, new_rate)?;
        new.arrears = small(&old.due(self.now)).unwrap_or(u128::MAX);
        let payer = self.accounts.get(&b.owner).copied().unwrap_or_default();
        let payable = payer.payable.minus(&old)?.plus(&new)?;
        let reserved = b
            .resource
            .checked_sub(resource)
            .ok_or(Error::InsufficientResources)?;
        let cl = &self.clusters[b.cluster as usize - 1];
        let used = cl.used.checked_sub(resource).ok_or(Error::Overflow)?;
        self.clusters[b.cluster as usize - 1].used = used;
        self.accounts.entry(b.owner).or_default().payable = payable;
        let mb = &mut self.buckets[bucket as usize - 1];
        mb.flow = new;
        mb.resource = reserved;
        if close {
            mb.closed_at = Some(self.now);
        }
        Ok(())
    }

    /// `bucket_change_owner`: the owner offers the bucket (to itself: withdraws the offer); the
    /// offeree accepts by naming itself, at a rate no higher than offered, once the old owner's
    /// rent is settled in full and its own deposit (with the value sent) covers the rent for
    /// the grace period.
    fn change_owner(&mut self, call: &Call, bucket: u32, owner: u8) -> R<()> {
        let caller = call.caller;
        let b = self.bucket(bucket)?.clone();
        if b.closed_at.is_some() {
            return Err(Error::BucketClosed);
        }
        if caller == b.owner {
            self.buckets[bucket as usize - 1].offer =
                Some((owner, b.flow.rate)).filter(|(to, _)| *to != caller);
            self.accept_value(call);
            return Ok(());
        }
        let Some((offeree, offered_rate)) = b.offer else {
            return Err(Error::UnauthorizedOwner);
        };
        if owner != caller || offeree != caller {
            return Err(Error::UnauthorizedOwner);
        }
        if b.flow.rate > offered_rate {
            return Err(Error::AllowanceExceeded);
        }
        self.settle(bucket)?;
        let flow = self.buckets[bucket as usize - 1].flow;
        if flow.due(self.now) != BigUint::default() {
            return Err(Error::InsufficientBalance);
        }
        let old = self.accounts.entry(b.owner).or_default();
        old.payable = old.payable.minus(&flow)?;
        self.accept_value(call);
        let new = self.accounts.entry(caller).or_default();
        new.payable = new.payable.plus(&flow)?;
        let new = *new;
        if flow.rate > 0 && self.covered_until_of(&new) < self.now.saturating_add(self.grace) {
            return Err(Error::InsufficientDeposit);
        }
        let list = self.owned.entry(b.owner).or_default();
        let at = list.iter().position(|id| *id == bucket).expect("indexed");
        list.swap_remove(at);
        self.owned.entry(caller).or_default().push(bucket);
        let mb = &mut self.buckets[bucket as usize - 1];
        mb.owner = caller;
        mb.offer = None;
        mb.writers.clear();
        mb.allowance = (0, 0);
        Ok(())
    }

    /// The node, if its provider trusts `manager` (SuperAdmin is trusted by all).
    fn trusted_node(&self, manager: u8, node: u32) -> R<&MNode> {
        let n = self.node(node)?;
        if !self.has(manager, PermSel::TrustedBy(n.provider)) {
            return Err(Error::ClusterManagerIsNotTrusted);
        }
        Ok(n)
    }

    /// Pays the fees taken at settlement (every cluster's network fees to the destination,
    /// this cluster's management fee to its manager), then each provider its share of the
    /// rest, in proportion to the prices of the vnodes it hosts (all zero: to the vnodes);
    /// the rounding dust stays.
    fn distribute(&mut self, cluster: u32) -> R<()> {
        let c = self.clusters[cluster as usize - 1].clone();
        let equal = c.prices.iter().all(|&p| p == 0);
        let mut weights: Vec<(u8, BigUint)> = vec![];
        for (&node, &price) in c.vnodes.iter().zip(&c.prices) {
            let w = big(if equal { 1 } else { price });
            // A node removed since (after the cluster's removal): its provider is still paid
            // for what the node hosted.
            let provider = self.nodes[node as usize - 1].provider;
            match weights.iter_mut().find(|(p, _)| *p == provider) {
                Some((_, sum)) => *sum += w,
                None => weights.push((provider, w)),
            }
        }
        let total: BigUint = weights.iter().map(|(_, w)| w.clone()).sum();
        fit(total.clone())?;
        let shares: Vec<(u8, u128)> = weights
            .into_iter()
            .map(|(p, w)| {
                let share = if total == BigUint::default() {
                    BigUint::default()
                } else {
                    big(c.to_providers) * w / &total
                };
                (p, small(&share).expect("a share of the revenues"))
            })
            .collect();
        let distributed: u128 = shares.iter().map(|(_, s)| s).sum();
        let cl = &mut self.clusters[cluster as usize - 1];
        cl.to_providers = c.to_providers - distributed;
        cl.management_fee = 0;
        let network_fees = std::mem::take(&mut self.network_fees);
        self.pay_out(self.fees.1, network_fees);
        self.pay_out(c.manager, c.management_fee);
        for (p, s) in shares {
            self.pay_out(p, s);
        }
        Ok(())
    }

    /// The cluster, if `caller` manages it and it was not removed.
    fn managed(&self, caller: u8, cluster: u32) -> R<&MCluster> {
        let c = self.cluster(cluster)?;
        if c.manager != caller {
            return Err(Error::UnauthorizedClusterManager);
        }
        if c.removed {
            return Err(Error::ClusterWasRemoved);
        }
        Ok(c)
    }

    /// The managed cluster, if no bucket holds resource in it (the ring may change).
    fn unused(&self, caller: u8, cluster: u32) -> R<MCluster> {
        let c = self.managed(caller, cluster)?;
        if c.used > 0 {
            return Err(Error::ClusterInUse);
        }
        Ok(c.clone())
    }

    /// Sets the resource per vnode to `target`: up, every node's provider must still trust the
    /// manager (checked even for no change) and each node give what its vnodes take; down,
    /// the nodes get it back.
    fn resize(&mut self, caller: u8, cluster: u32, target: u32) -> R<()> {
        let c = self.clusters[cluster as usize - 1].clone();
        let grow = target >= c.per_vnode;
        let delta = u64::from(target.abs_diff(c.per_vnode));
        let mut frees = vec![];
        for (node, hosted) in hosting(&c.vnodes) {
            let n = if grow {
                self.trusted_node(caller, node)?
            } else {
                self.node(node)?
            };
            let amount = delta * u64::from(hosted);
            let free = if grow {
                u64::from(n.free).checked_sub(amount)
            } else {
                Some(u64::from(n.free) + amount).filter(|f| *f <= u64::from(u32::MAX))
            }
            .ok_or(Error::InsufficientResources)?;
            frees.push((node, free as u32));
        }
        for (node, free) in frees {
            self.nodes[node as usize - 1].free = free;
        }
        self.clusters[cluster as usize - 1].per_vnode = target;
        Ok(())
    }

    /// The ids of `who`'s buckets in the per-owner index order (what `bucket_list` filtered by
    /// `who` returns).
    pub fn bucket_ids_of(&self, who: u8) -> Vec<u32> {
        self.owned.get(&who).cloned().unwrap_or_default()
    }

    /// What a target must show after the step.
    pub fn observe(&self) -> Obs {
        Obs {
            nodes: self
                .nodes
                .iter()
                .zip(1u32..)
                .filter(|(n, _)| !n.removed)
                .map(|(n, id)| (id, account(n.provider), n.rent, n.free, n.params.clone()))
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
                        fit(c.revenues()).expect("revenues fit"),
                        c.total_rent,
                        c.params.clone(),
                    )
                })
                .collect(),
            buckets: self
                .buckets
                .iter()
                .map(|b| {
                    // A closed bucket is not served after its close.
                    let covered = self.covered_until(b.owner);
                    (
                        account(b.owner),
                        b.cluster,
                        b.resource,
                        b.params.clone(),
                        b.closed_at.map_or(covered, |at| covered.min(at)),
                        std::iter::once(b.owner)
                            .chain(b.writers.iter().copied())
                            .map(account)
                            .collect(),
                    )
                })
                .collect(),
            accounts: (0..=ACTORS)
                .map(|a| {
                    self.accounts.get(&a).map(|x| {
                        let p = x.payable;
                        (x.deposit, p.rate, p.offset, p.arrears, x.carry)
                    })
                })
                .collect(),
            grace: self.grace,
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
        // Each node's capacity is what is free plus what the clusters not removed reserve on it.
        for (n, id) in self.nodes.iter().zip(1u32..).filter(|(n, _)| !n.removed) {
            let reserved: u64 = self
                .clusters
                .iter()
                .filter(|c| !c.removed)
                .map(|c| {
                    let hosted = c.vnodes.iter().filter(|&&v| v == id).count() as u64;
                    u64::from(c.per_vnode) * hosted
                })
                .sum();
            if u64::from(n.free) + reserved != u64::from(n.capacity) {
                return Err(format!(
                    "node {id}: free {} + reserved {reserved} != capacity {}",
                    n.free, n.capacity
                ));
            }
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
        for (i, b) in self.buckets.iter().enumerate() {
            let id = i as u32 + 1;
            // One price per bucket: the cluster's, fixed while buckets hold resource in it.
            let price = self.clusters[b.cluster as usize - 1].total_rent;
            if big(price) * big(u128::from(b.resource)) != big(b.flow.rate) {
                return Err(format!(
                    "bucket {id}: rate {} for {} at {price}",
                    b.flow.rate, b.resource
                ));
            }
            if b.writers.len() > MAX_WRITERS {
                return Err(format!("bucket {id}: too many writers"));
            }
            if b.closed_at.is_some() && b.resource != 0 {
                return Err(format!("closed bucket {id} holds resource"));
            }
            let cl = &self.clusters[b.cluster as usize - 1];
            if cl.prices.len() != cl.vnodes.len()
                || big(cl.total_rent) != cl.prices.iter().map(|&p| big(p)).sum::<BigUint>()
            {
                return Err(format!("cluster {}: prices vs total rent", b.cluster));
            }
            if !self.owned.get(&b.owner).is_some_and(|l| l.contains(&id)) {
                return Err(format!("bucket {id} missing from its owner's index"));
            }
        }
        let indexed: usize = self.owned.values().map(Vec::len).sum();
        if indexed != self.buckets.len() {
            return Err(format!(
                "{indexed} buckets indexed, {} exist",
                self.buckets.len()
            ));
        }
        for (who, a) in &self.accounts {
            // A payer's payable schedule is exactly the sum of its flows.
            let mut sum = MSchedule::default();
            for b in self.buckets.iter().filter(|b| b.owner == *who) {
                sum = sum
                    .plus(&b.flow)
                    .map_err(|e| format!("flows of {who}: {e:?}"))?;
            }
            if sum != a.payable {
                return Err(format!(
                    "payable of {who} {:?}, flows sum {sum:?}",
                    a.payable
                ));
            }
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
