//! The runner: a `Target` (the contract, off-chain or on drink) plays a sequence beside the
//! model (`run_sequence`) and must show the model's observation (`Obs`) after every step;
//! lists are read with the documented paging loop (`read_list`).

use super::operations::*;
use super::reference_model::Model;
use ddc_bucket::bucket::entity::BucketStatus;
use ddc_bucket::cluster::entity::ClusterStatus;
use ddc_bucket::node::entity::NodeStatus;
use ddc_bucket::paging::{pages, Page, FIRST_OFFSET};
use ddc_bucket::types::AccountId;

pub fn all_perms() -> Vec<PermSel> {
    let mut v = vec![PermSel::SuperAdmin, PermSel::SetExchangeRate];
    v.extend((0..=ACTORS).map(PermSel::TrustedBy));
    v
}

/// Everything the runners compare, in the contract's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Obs {
    /// (id, provider, rent, free, params) of the nodes not removed, by id.
    pub nodes: Vec<NodeObs>,
    /// (manager, vnodes, resource per vnode, used, revenues, total rent, params) by id.
    pub clusters: Vec<(AccountId, Vec<u32>, u32, u32, u128, u128, String)>,
    /// (owner, cluster, resource, params, rent covered until, writer ids) by id.
    pub buckets: Vec<BucketObs>,
    /// (deposit, payable rate, payable offset, payable arrears, carry) of accounts 0..=ACTORS.
    pub accounts: Vec<Option<(u128, u128, u128, u128, u128)>>,
    /// `has_permission` of accounts 0..=ACTORS for `all_perms()`.
    pub perms: Vec<Vec<bool>>,
    pub rate: u128,
    /// `bucket_get_grace_period`.
    pub grace: u64,
    pub contract: u128,
    pub wallets: Vec<u128>,
}

/// A node as `Obs` holds it: (id, provider, rent, free, params).
pub type NodeObs = (u32, AccountId, u128, u32, String);

/// A bucket as `Obs` holds it: (owner, cluster, resource, params, rent covered until, writer ids).
pub type BucketObs = (AccountId, u32, u32, String, u64, Vec<AccountId>);

/// The views' part of an observation: what `node_list`, `cluster_list` and `bucket_list` returned,
/// in `Obs`'s shape (both runners read them the same way).
pub type Views = (
    Vec<NodeObs>,
    Vec<(AccountId, Vec<u32>, u32, u32, u128, u128, String)>,
    Vec<BucketObs>,
);

pub fn views(
    nodes: Vec<NodeStatus>,
    clusters: Vec<ClusterStatus>,
    buckets: Vec<BucketStatus>,
) -> Views {
    let nodes = nodes
        .into_iter()
        .map(|n| {
            (
                n.node_id,
                n.node.provider_id,
                n.node.rent_per_month,
                n.node.free_resource,
                n.params.as_str().to_owned(),
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
                c.params.as_str().to_owned(),
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
                b.params.as_str().to_owned(),
                b.rent_covered_until_ms,
                b.writer_ids,
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
        cmp!(grace);
        cmp!(contract);
        cmp!(wallets);
        None
    }
}

/// Reads a whole list with the documented loop (offset 1, then += limit while offset < max_id)
/// and checks that it returns ids `expected`, each exactly once, in order. `gone`: ids the
/// (unfiltered) list skips, removed entities.
pub fn read_list<T>(
    limit: u32,
    expected: &[u32],
    gone: &[u32],
    fetch: impl FnMut(u32, u32) -> (Vec<T>, u32),
    id_of: impl Fn(&T) -> u32,
) -> Result<Vec<T>, String> {
    let mut out = vec![];
    for (read, page) in (1..).zip(pages(FIRST_OFFSET, limit, fetch)) {
        // Never a short page but for removed ids: the loop advances by `limit`, so a page must
        // hold every entity of its window.
        let Page { offset, max_id, .. } = page;
        let first = offset.max(1);
        let skipped = gone
            .iter()
            .filter(|id| (first..first.saturating_add(page.window())).contains(id))
            .count() as u32;
        let window = page.window() - skipped;
        if page.items.len() != window as usize {
            return Err(format!(
                "page of {} at offset {offset}, limit {limit}, max_id {max_id}: expected {window}",
                page.items.len()
            ));
        }
        out.extend(page.items);
        if read > 10_000 {
            return Err("paging does not end".into());
        }
    }
    let ids: Vec<u32> = out.iter().map(&id_of).collect();
    if ids != expected {
        return Err(format!("paged ids {ids:?}, expected {expected:?}"));
    }
    Ok(out)
}

/// A bucket's, cluster's or node's status as its list returns it: its id, and the account the
/// list filters by.
pub trait Listed {
    fn id(&self) -> u32;
    fn owner(&self) -> AccountId;
}

impl Listed for NodeStatus {
    fn id(&self) -> u32 {
        self.node_id
    }
    fn owner(&self) -> AccountId {
        self.node.provider_id
    }
}

impl Listed for ClusterStatus {
    fn id(&self) -> u32 {
        self.cluster_id
    }
    fn owner(&self) -> AccountId {
        self.cluster.manager_id
    }
}

impl Listed for BucketStatus {
    fn id(&self) -> u32 {
        self.bucket_id
    }
    fn owner(&self) -> AccountId {
        self.bucket.owner_id
    }
}

/// Reads a list of entities `ids` (`gone`: the removed ones it skips) with `read_list`
/// (`fetch(offset, limit, filter)`), and with `full` also each account's filtered list, which
/// must hold exactly the entities it owns, in the order `order(account)` gives (`None`:
/// ascending ids).
pub fn read_entities<T: Listed>(
    limit: u32,
    ids: &[u32],
    gone: &[u32],
    full: bool,
    order: impl Fn(u8) -> Option<Vec<u32>>,
    mut fetch: impl FnMut(u32, u32, Option<AccountId>) -> (Vec<T>, u32),
) -> Result<Vec<T>, String> {
    let all = read_list(limit, ids, gone, |o, l| fetch(o, l, None), T::id)?;
    if full {
        let owners: Vec<(u32, AccountId)> = all.iter().map(|x| (x.id(), x.owner())).collect();
        for n in 0..=ACTORS {
            let who = account(n);
            let mine = owned_ids(&owners, who);
            let expected = match order(n) {
                Some(ordered) => {
                    let mut sorted = ordered.clone();
                    sorted.sort_unstable();
                    if sorted != mine {
                        return Err(format!("index of {n}: {ordered:?}, owner of {mine:?}"));
                    }
                    ordered
                }
                None => mine,
            };
            read_list(limit, &expected, &[], |o, l| fetch(o, l, Some(who)), T::id)?;
        }
    }
    Ok(all)
}

/// Ids of the entities `who` owns, from (id, owner) pairs.
pub fn owned_ids(owners: &[(u32, AccountId)], who: AccountId) -> Vec<u32> {
    owners
        .iter()
        .filter(|(_, o)| *o == who)
        .map(|(id, _)| *id)
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
        // Permissions, the owner and provider indexes and the writers are read whole after the
        // calls that change them.
        let perm_call = matches!(
            call.msg,
            Msg::Grant { .. } | Msg::Revoke { .. } | Msg::Trust { .. } | Msg::Distrust { .. }
        ) || matches!(
            (&call.msg, &got),
            (
                Msg::ChangeOwner { .. }
                    | Msg::SetWriter { .. }
                    | Msg::RevokeWriter { .. }
                    | Msg::NodeRemove { .. },
                Outcome::Ok(_)
            )
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
