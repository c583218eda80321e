//! The reference model: the contract's state in plain Rust, on unbounded integers, and what
//! each call must do to it (`Model::apply`), written from the specification.

use super::operations::*;
use super::runner::{all_perms, Obs};
use ddc_bucket::error::Error;
use num_bigint::BigUint;
use std::collections::{BTreeMap, BTreeSet};

pub const MS_PER_MONTH: u128 = 31 * 24 * 3600 * 1000;
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
