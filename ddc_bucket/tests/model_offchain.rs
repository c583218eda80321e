//! Model-based randomized testing, off-chain runner: thousands of random call sequences on the
//! plain-Rust `Ddc` (through the `World` harness: a bank whose transfers to eve are refused),
//! compared after every step with the reference model in `model/mod.rs`; proptest shrinks a
//! failing sequence to a minimal one. Also checks, at the end of each sequence, that settling a
//! bucket at many times moves exactly what settling once does (by replaying the sequence twice).
//!
//! `MODEL_SEQUENCES` (default 1000) sets how many sequences run.

mod common;
mod model;

use common::*;
use ddc_bucket::error::Error;
use ddc_bucket::fee::entity::FeeConfig;
use ddc_bucket::types::Balance;
use model::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::cell::RefCell;
use std::collections::BTreeSet;

/// Eve's transfers are refused, as below the existential deposit on a real chain.
const REFUSING: u8 = 6;
const WALLET: Balance = 1000 * model::TOKEN;

struct OffChain {
    w: World,
    /// The successful calls so far and their times, to rebuild the world without a failed
    /// call's writes (see `exec`).
    log: Vec<(u64, Call)>,
}

impl OffChain {
    fn new() -> Self {
        let mut w = World::new();
        w.bank.refuse.insert(account(REFUSING));
        OffChain { w, log: vec![] }
    }

    /// The world as the chain leaves it after a failed call: the successful calls replayed.
    fn revert(&mut self) {
        let now = self.w.now;
        let mut again = OffChain::new();
        for (at, call) in std::mem::take(&mut self.log) {
            again.w.now = at;
            let out = again.dispatch(&call);
            assert!(out.is_ok(), "replaying {call:?}: {out:?}");
            again.log.push((at, call));
        }
        again.w.now = now;
        *self = again;
    }

    fn dispatch(&mut self, call: &Call) -> Result<Option<u32>, Error> {
        let caller = account(call.caller);
        let contract_balance = self.w.bank.contract;
        match call.msg.clone() {
            Msg::NodeCreate {
                rent,
                params,
                capacity,
            } => self.w.call(caller, call.value, |d, c, _, e| {
                d.node_create(c, rent, params.into(), capacity, e).map(Some)
            }),
            Msg::NodeChangeParams { node, params } => {
                self.w.call(caller, call.value, |d, c, _, e| {
                    d.node_change_params(c, node, params.into(), e)
                        .map(|_| None)
                })
            }
            Msg::NodeChangeCapacity { node, capacity } => {
                self.w.call(caller, call.value, |d, c, _, e| {
                    d.node_change_capacity(c, node, capacity, e).map(|_| None)
                })
            }
            Msg::NodeChangeRent { node, rent } => self.w.call(caller, call.value, |d, c, _, e| {
                d.node_change_rent(c, node, rent, e).map(|_| None)
            }),
            Msg::NodeRemove { node } => self.w.call(caller, call.value, |d, c, _, e| {
                d.node_remove(c, node, e).map(|_| None)
            }),
            Msg::ClusterSetResource { cluster, resource } => {
                self.w.call(caller, call.value, |d, c, _, e| {
                    d.cluster_set_resource_per_v_node(c, cluster, resource, e)
                        .map(|_| None)
                })
            }
            Msg::ClusterAddNode {
                cluster,
                node,
                vnodes,
            } => self.w.call(caller, call.value, |d, c, p, e| {
                d.cluster_add_node(c, cluster, node, vnodes, &mut { p }, e)
                    .map(|_| None)
            }),
            Msg::ClusterRemoveNode { cluster, node } => {
                self.w.call(caller, call.value, |d, c, p, e| {
                    d.cluster_remove_node(c, cluster, node, &mut { p }, e)
                        .map(|_| None)
                })
            }
            Msg::ClusterRemove { cluster } => self.w.call(caller, call.value, |d, c, p, e| {
                d.cluster_remove(c, cluster, &mut { p }, e).map(|_| None)
            }),
            Msg::Trust { manager } => self.w.call(caller, call.value, |d, c, _, e| {
                d.node_trust_manager(c, account(manager), e).map(|_| None)
            }),
            Msg::Distrust { manager } => self.w.call(caller, call.value, |d, c, _, e| {
                d.node_distrust_manager(c, account(manager), e)
                    .map(|_| None)
            }),
            Msg::ClusterCreate {
                vnodes,
                nodes,
                params,
            } => self.w.call(caller, call.value, |d, c, _, e| {
                d.cluster_create(c, vnodes, nodes, params.into(), e)
                    .map(Some)
            }),
            Msg::Reserve { cluster, amount } => self.w.call(caller, call.value, |d, c, _, e| {
                d.cluster_reserve_resource(c, cluster, amount, e)
                    .map(|_| None)
            }),
            Msg::Replace {
                cluster,
                vnode,
                node,
            } => self.w.call(caller, call.value, |d, c, p, e| {
                d.cluster_replace_node(c, cluster, vnode, node, &mut { p }, e)
                    .map(|_| None)
            }),
            Msg::Distribute { cluster } => self.w.call(caller, call.value, |d, _, p, e| {
                d.cluster_distribute_revenues(cluster, &mut { p }, e)
                    .map(|_| None)
            }),
            Msg::ClusterParams { cluster, params } => {
                self.w.call(caller, call.value, |d, c, _, e| {
                    d.cluster_change_params(c, cluster, params.into(), e)
                        .map(|_| None)
                })
            }
            Msg::BucketCreate { cluster, params } => {
                self.w.call(caller, call.value, |d, c, _, e| {
                    d.bucket_create(c, params.into(), cluster, e).map(Some)
                })
            }
            Msg::Alloc { bucket, resource } => self.w.call(caller, call.value, |d, c, _, e| {
                d.bucket_alloc_into_cluster(c, bucket, resource, e)
                    .map(|_| None)
            }),
            Msg::Settle { bucket } => self.w.call(caller, call.value, |d, c, _, e| {
                d.bucket_settle_payment(c, bucket, e).map(|_| None)
            }),
            Msg::SetCap { bucket, cap } => self.w.call(caller, call.value, |d, c, _, e| {
                d.bucket_set_resource_cap(c, bucket, cap, e).map(|_| None)
            }),
            Msg::Release { bucket, resource } => self.w.call(caller, call.value, |d, c, _, e| {
                d.bucket_release_resource(c, bucket, resource, e)
                    .map(|_| None)
            }),
            Msg::Close { bucket } => self.w.call(caller, call.value, |d, c, _, e| {
                d.bucket_close(c, bucket, e).map(|_| None)
            }),
            Msg::Expire { bucket } => self.w.call(caller, call.value, |d, c, _, e| {
                d.bucket_expire(c, bucket, e).map(|_| None)
            }),
            Msg::SetGrace { ms } => self.w.call(caller, call.value, |d, c, _, e| {
                d.admin_set_grace_period(c, ms, e).map(|_| None)
            }),
            Msg::ChangeOwner { bucket, owner } => self.w.call(caller, call.value, |d, c, _, e| {
                d.bucket_change_owner(c, bucket, account(owner), e)
                    .map(|_| None)
            }),
            Msg::SetWriter { bucket, writer } => self.w.call(caller, call.value, |d, c, _, e| {
                d.bucket_set_writer_perm(c, bucket, account(writer), e)
                    .map(|_| None)
            }),
            Msg::RevokeWriter { bucket, writer } => {
                self.w.call(caller, call.value, |d, c, _, e| {
                    d.bucket_revoke_writer_perm(c, bucket, account(writer), e)
                        .map(|_| None)
                })
            }
            Msg::BucketParams { bucket, params } => {
                self.w.call(caller, call.value, |d, c, _, e| {
                    d.bucket_change_params(c, bucket, params.into(), e)
                        .map(|_| None)
                })
            }
            Msg::Deposit => self.w.call(caller, call.value, |d, c, _, e| {
                d.account_deposit(c, e).map(|_| None)
            }),
            Msg::Withdraw { amount } => self.w.call(caller, call.value, |d, c, p, e| {
                d.account_withdraw(c, amount, &mut { p }, e).map(|_| None)
            }),
            Msg::SetRate { rate } => self.w.call(caller, call.value, |d, c, _, e| {
                d.account_set_usd_per_cere(c, rate, e).map(|_| None)
            }),
            Msg::Grant { grantee, perm } => self.w.call(caller, call.value, |d, c, _, e| {
                d.admin_grant_permission(c, account(grantee), permission(perm), e)
                    .map(|_| None)
            }),
            Msg::Revoke { grantee, perm } => self.w.call(caller, call.value, |d, c, _, e| {
                d.admin_revoke_permission(c, account(grantee), permission(perm), e)
                    .map(|_| None)
            }),
            Msg::AdminWithdraw { amount } => self.w.call(caller, call.value, |d, c, p, e| {
                d.admin_withdraw(c, amount, contract_balance, &mut { p }, e)
                    .map(|_| None)
            }),
            Msg::SetFees {
                network_bp,
                dest,
                management_bp,
            } => {
                let config = FeeConfig {
                    network_fee_bp: network_bp,
                    network_fee_destination: account(dest),
                    cluster_management_fee_bp: management_bp,
                };
                self.w.call(caller, call.value, |d, c, p, e| {
                    d.admin_set_fee_config(c, config, &mut { p }, e)
                        .map(|_| None)
                })
            }
        }
    }
}

impl Target for OffChain {
    fn set_time(&mut self, now: u64) {
        self.w.now = now;
    }

    fn exec(&mut self, call: &Call) -> Outcome {
        match self.dispatch(call) {
            Ok(id) => {
                self.log.push((self.w.now, call.clone()));
                Outcome::Ok(id)
            }
            Err(e) => {
                // cluster_add_node pays out the pending revenues before it sums the new ring's
                // prices (`Overflow`); on chain the revert undoes the payments, here the world
                // is rebuilt without the call.
                if matches!(call.msg, Msg::ClusterAddNode { .. }) {
                    self.revert();
                }
                Outcome::Err(e)
            }
        }
    }

    fn observe(&mut self, model: &Model, limit: u32, full: bool) -> Result<Obs, String> {
        let d = &self.w.ddc;
        let nodes = read_entities(
            limit,
            &model.node_ids(),
            &model.removed_node_ids(),
            full,
            |n| Some(model.node_ids_of(n)),
            |o, l, f| d.node_list(o, l, f).unwrap(),
        )?;
        for n in &nodes {
            let one = d
                .node_get(n.node_id)
                .map_err(|e| format!("node_get: {e:?}"))?;
            if &one != n {
                return Err("node_get differs from node_list".into());
            }
        }
        for id in model.removed_node_ids() {
            if d.node_get(id) != Err(Error::NodeDoesNotExist) {
                return Err(format!("removed node {id} still found"));
            }
        }
        let c_ids: Vec<u32> = (1..=model.clusters.len() as u32).collect();
        let clusters = read_entities(
            limit,
            &c_ids,
            &[],
            full,
            |_| None,
            |o, l, f| d.cluster_list(o, l, f).unwrap(),
        )?;
        let order = |n| Some(model.bucket_ids_of(n));
        let b_ids: Vec<u32> = (1..=model.buckets.len() as u32).collect();
        let buckets = read_entities(limit, &b_ids, &[], full, order, |o, l, f| {
            d.bucket_list(o, l, f).unwrap()
        })?;
        for (i, b) in buckets.iter().enumerate() {
            let id = i as u32 + 1;
            let one = d.bucket_get(id).map_err(|e| format!("bucket_get: {e:?}"))?;
            if &one != b {
                return Err("bucket_get differs from bucket_list".into());
            }
            // `writer_ids` is the owner, then `get_bucket_writers`.
            let writers = d.get_bucket_writers(id);
            if writers.as_deref() != Ok(&b.writer_ids[1..]) {
                return Err(format!(
                    "get_bucket_writers({id}) {writers:?}, status {:?}",
                    b.writer_ids
                ));
            }
        }
        let (nodes, clusters, buckets) = views(nodes, clusters, buckets);
        Ok(Obs {
            nodes,
            clusters,
            buckets,
            accounts: (0..=ACTORS)
                .map(|a| {
                    d.account_get(account(a)).ok().map(|x| {
                        let p = x.payable_schedule;
                        (
                            x.deposit.value,
                            p.rate,
                            p.offset,
                            p.arrears,
                            x.settlement_carry,
                        )
                    })
                })
                .collect(),
            // Only grants, revokes and trust change permissions: read them on full observations
            // (which follow every such call); otherwise they are the model's.
            perms: if full {
                (0..=ACTORS)
                    .map(|a| {
                        all_perms()
                            .into_iter()
                            .map(|p| d.has_permission(account(a), permission(p)))
                            .collect()
                    })
                    .collect()
            } else {
                model.observe().perms
            },
            rate: d.account_get_usd_per_cere(),
            grace: d.bucket_get_grace_period(),
            contract: self.w.bank.contract,
            wallets: (0..=ACTORS)
                .map(|a| self.w.bank.wallet(account(a)))
                .collect(),
        })
    }

    fn snapshot(&mut self, model: &Model) -> Result<String, String> {
        // The world's, and what it leaves out: writers and the grace period.
        let d = &self.w.ddc;
        let writers: Vec<_> = (1..=model.buckets.len() as u32)
            .map(|id| d.get_bucket_writers(id))
            .collect();
        Ok(format!(
            "{} {writers:?} {}",
            self.w.snapshot(),
            d.bucket_get_grace_period()
        ))
    }

    fn after_step(&mut self, model: &Model, outcome: &Outcome) -> Result<u64, String> {
        // What the contract owes is exactly the deposits plus the revenues, and it holds it.
        let owed = self.w.ddc.total_owed();
        if num_bigint::BigUint::from(owed) != model.owed() {
            return Err(format!("total_owed {owed}, model {}", model.owed()));
        }
        let pool = self.w.ddc.undistributed_network_fees();
        if pool != model.network_fees {
            return Err(format!("network fees {pool}, model {}", model.network_fees));
        }
        if self.w.bank.contract < owed {
            return Err("contract holds less than it owes".into());
        }
        let total: Balance = self.w.bank.wallets.values().sum::<Balance>() + self.w.bank.contract;
        if total != everyone().len() as Balance * WALLET {
            return Err("tokens created or lost".into());
        }
        let fee = self.w.ddc.fee_config();
        let (nbp, dest, mbp) = model.fees;
        if (
            fee.network_fee_bp,
            fee.network_fee_destination,
            fee.cluster_management_fee_bp,
        ) != (nbp, account(dest), mbp)
        {
            return Err("fee config differs".into());
        }
        let _ = outcome;
        Ok(5)
    }
}

fn fresh() -> (OffChain, Model) {
    let t = OffChain::new();
    let model = Model::new(
        t.w.now,
        t.w.bank.contract,
        WALLET,
        BTreeSet::from([REFUSING]),
    );
    (t, model)
}

/// Replays `ops` (already known to pass), then settles `bucket` at each of `times`; returns
/// (payer deposit, cluster revenues + network fees), or `None` if a settlement failed (e.g.
/// `Overflow`).
fn settle_at(ops: &[Op], bucket: u32, times: &[u64]) -> Option<(Balance, Balance)> {
    let (mut t, mut m) = fresh();
    for op in ops {
        match m.resolve_op(op) {
            Err(now) => {
                m.now = now;
                t.set_time(now);
            }
            Ok(call) => {
                m.apply(&call);
                t.exec(&call);
            }
        }
    }
    let b = t.w.ddc.bucket_get(bucket).ok()?;
    for &at in times {
        t.set_time(at);
        t.w.call(account(1), 0, |d, c, _, e| {
            d.bucket_settle_payment(c, bucket, e)
        })
        .ok()?;
    }
    let deposit = t.w.ddc.account_get(b.bucket.owner_id).ok()?.deposit.value;
    let revenues =
        t.w.ddc
            .cluster_get(b.bucket.cluster_id)
            .ok()?
            .cluster
            .revenues
            .value;
    // The fees are split off each settlement (rounded each time): what left the deposit is
    // the revenues and the network fees together.
    Some((deposit, revenues + t.w.ddc.undistributed_network_fees()))
}

#[test]
fn model_based_random_sequences_offchain() {
    let sequences: u32 = std::env::var("MODEL_SEQUENCES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let totals = RefCell::new(Totals::default());
    let probes = RefCell::new(0u64);
    let started = std::time::Instant::now();
    let mut runner = TestRunner::new(Config {
        cases: sequences,
        max_shrink_iters: 2000,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&sequence(26, false), |ops| {
        let (mut t, mut m) = fresh();
        let mut tot = Totals::default();
        let out = run_sequence(&mut t, &mut m, &ops, 5, &mut tot);
        let now = m.now;
        let buckets = m.buckets.len() as u32;
        drop(t);
        // Settling many times equals settling once (constant rate, no other call between).
        let mut probe = Ok(());
        if out.is_ok() && buckets > 0 {
            let bucket = buckets;
            let month = 2_678_400_000u64;
            let many: Vec<u64> = (1..=6).map(|k| now + k * month / 2).collect();
            let once = [now + 3 * month];
            let a = settle_at(&ops, bucket, &many);
            let b = settle_at(&ops, bucket, &once);
            tot.checks += 1;
            *probes.borrow_mut() += 1;
            if a != b {
                probe = Err(format!("settling 6 times moved {a:?}, once {b:?}"));
            }
        }
        let mut all = totals.borrow_mut();
        all.sequences += tot.sequences;
        all.calls += tot.calls;
        all.failed_calls += tot.failed_calls;
        all.checks += tot.checks;
        out.and(probe).map_err(|e| {
            all.failures += 1;
            TestCaseError::fail(e)
        })
    });
    let t = *totals.borrow();
    println!(
        "model (off-chain): {} sequences, {} calls ({} rejected with a typed error), {} invariant checks, {} settle-once probes, {} failures (with shrinking), {:.1} s",
        sequences,
        t.calls,
        t.failed_calls,
        t.checks,
        probes.borrow(),
        if result.is_ok() { 0 } else { 1 },
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}
