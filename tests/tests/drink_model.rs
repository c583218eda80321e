//! Model-based randomized testing on the real runtime: random call sequences (the generator
//! and reference model of `ddc_bucket/tests/model/mod.rs`, shared with the off-chain runner)
//! played against the release contract on pallet-contracts (drink), where an `Err` is a real
//! revert and value sent to a non-payable message is refused by dispatch. After every step the
//! contract's views, every actor's free balance (net of the storage deposits the runtime
//! charged) and the contract's own balance must equal the model's, and a failed call must emit
//! nothing and change nothing. Fewer sequences than off-chain: `DRINK_MODEL_SEQUENCES`
//! (default 8).

#[path = "../../ddc_bucket/tests/model/mod.rs"]
mod model;

use ddc_bucket::account::entity::Account;
use ddc_bucket::bucket::entity::BucketStatus;
use ddc_bucket::cluster::entity::ClusterStatus;
use ddc_bucket::error::Error;
use ddc_bucket::fee::entity::FeeConfig;
use ddc_bucket::node::entity::NodeStatus;
use ddc_tests::{typed_error, Chain, Outcome as Out};
use drink::AccountId32;
use ink::primitives::AccountId;
use ink::scale::Decode;
use model::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::cell::RefCell;
use std::collections::BTreeSet;

const T0: u64 = 1_767_225_600_000;
const WALLET: u128 = 1_000_000 * model::TOKEN;
/// drink's minimal runtime: the contract keeps this much (`env().balance()` excludes it).
const EXISTENTIAL_DEPOSIT: u128 = 1;

fn who(n: u8) -> AccountId32 {
    AccountId32::new([n; 32])
}

struct OnChain {
    c: Chain,
    /// Storage deposits charged to each actor (negative: refunded).
    storage: Vec<i128>,
}

impl OnChain {
    fn list<T: Decode>(
        &mut self,
        name: &str,
        offset: u32,
        limit: u32,
        f: Option<u8>,
    ) -> (Vec<T>, u32) {
        self.c.query(name, (offset, limit, f.map(account)))
    }
}

impl Target for OnChain {
    fn set_time(&mut self, now: u64) {
        self.c.set_time(now);
    }

    fn exec(&mut self, call: &Call) -> model::Outcome {
        let caller = who(call.caller);
        let (name, args, returns_id): (&str, Vec<u8>, bool) = {
            use ink::scale::Encode;
            match call.msg.clone() {
                Msg::NodeCreate {
                    rent,
                    params,
                    capacity,
                } => ("node_create", (rent, params, capacity).encode(), true),
                Msg::NodeChangeParams { node, params } => {
                    ("node_change_params", (node, params).encode(), false)
                }
                Msg::NodeChangeCapacity { node, capacity } => {
                    ("node_change_capacity", (node, capacity).encode(), false)
                }
                Msg::NodeChangeRent { node, rent } => {
                    ("node_change_rent", (node, rent).encode(), false)
                }
                Msg::NodeRemove { node } => ("node_remove", node.encode(), false),
                Msg::ClusterSetResource { cluster, resource } => (
                    "cluster_set_resource_per_v_node",
                    (cluster, resource).encode(),
                    false,
                ),
                Msg::ClusterAddNode {
                    cluster,
                    node,
                    vnodes,
                } => ("cluster_add_node", (cluster, node, vnodes).encode(), false),
                Msg::ClusterRemoveNode { cluster, node } => {
                    ("cluster_remove_node", (cluster, node).encode(), false)
                }
                Msg::ClusterRemove { cluster } => ("cluster_remove", cluster.encode(), false),
                Msg::Trust { manager } => ("node_trust_manager", account(manager).encode(), false),
                Msg::Distrust { manager } => {
                    ("node_distrust_manager", account(manager).encode(), false)
                }
                Msg::ClusterCreate {
                    vnodes,
                    nodes,
                    params,
                } => (
                    "cluster_create",
                    (account(call.caller), vnodes, nodes, params).encode(),
                    true,
                ),
                Msg::Reserve { cluster, amount } => (
                    "cluster_reserve_resource",
                    (cluster, amount).encode(),
                    false,
                ),
                Msg::Replace {
                    cluster,
                    vnode,
                    node,
                } => (
                    "cluster_replace_node",
                    (cluster, vnode, node).encode(),
                    false,
                ),
                Msg::Distribute { cluster } => {
                    ("cluster_distribute_revenues", cluster.encode(), false)
                }
                Msg::ClusterParams { cluster, params } => {
                    ("cluster_change_params", (cluster, params).encode(), false)
                }
                Msg::BucketCreate { cluster, params } => {
                    ("bucket_create", (params, cluster).encode(), true)
                }
                Msg::Alloc { bucket, resource } => (
                    "bucket_alloc_into_cluster",
                    (bucket, resource).encode(),
                    false,
                ),
                Msg::Settle { bucket } => ("bucket_settle_payment", bucket.encode(), false),
                Msg::SetCap { bucket, cap } => {
                    ("bucket_set_resource_cap", (bucket, cap).encode(), false)
                }
                Msg::Release { bucket, resource } => (
                    "bucket_release_resource",
                    (bucket, resource).encode(),
                    false,
                ),
                Msg::Close { bucket } => ("bucket_close", bucket.encode(), false),
                Msg::Expire { bucket } => ("bucket_expire", bucket.encode(), false),
                Msg::SetGrace { ms } => ("admin_set_grace_period", ms.encode(), false),
                Msg::ChangeOwner { bucket, owner } => (
                    "bucket_change_owner",
                    (bucket, account(owner)).encode(),
                    false,
                ),
                Msg::SetWriter { bucket, writer } => (
                    "bucket_set_writer_perm",
                    (bucket, account(writer)).encode(),
                    false,
                ),
                Msg::RevokeWriter { bucket, writer } => (
                    "bucket_revoke_writer_perm",
                    (bucket, account(writer)).encode(),
                    false,
                ),
                Msg::BucketParams { bucket, params } => {
                    ("bucket_change_params", (bucket, params).encode(), false)
                }
                Msg::Deposit => ("account_deposit", vec![], false),
                Msg::Withdraw { amount } => ("account_withdraw", amount.encode(), false),
                Msg::SetRate { rate } => ("account_set_usd_per_cere", rate.encode(), false),
                Msg::Grant { grantee, perm } => (
                    "admin_grant_permission",
                    (account(grantee), permission(perm)).encode(),
                    false,
                ),
                Msg::Revoke { grantee, perm } => (
                    "admin_revoke_permission",
                    (account(grantee), permission(perm)).encode(),
                    false,
                ),
                Msg::AdminWithdraw { amount } => ("admin_withdraw", amount.encode(), false),
                Msg::SetFees {
                    network_bp,
                    dest,
                    management_bp,
                } => (
                    "admin_set_fee_config",
                    FeeConfig {
                        network_fee_bp: network_bp,
                        network_fee_destination: account(dest),
                        cluster_management_fee_bp: management_bp,
                    }
                    .encode(),
                    false,
                ),
            }
        };
        let out = self
            .c
            .call(&caller, name, ddc_tests::RawArgs(args), call.value);
        self.storage[call.caller as usize] += self.c.last().storage_deposit;
        let refused = call.value > 0 && !call.msg.payable();
        match out {
            Out::Returned(data) if returns_id => {
                match <Result<Result<u32, Error>, ink::LangError>>::decode(&mut &data[..]) {
                    Ok(Ok(Ok(id))) => model::Outcome::Ok(Some(id)),
                    other => panic!("{name} returned {other:?} without reverting"),
                }
            }
            Out::Returned(data) => {
                match <Result<Result<(), Error>, ink::LangError>>::decode(&mut &data[..]) {
                    Ok(Ok(Ok(()))) => model::Outcome::Ok(None),
                    other => panic!("{name} returned {other:?} without reverting"),
                }
            }
            Out::Reverted(data) => match typed_error(&data) {
                Some(e) => model::Outcome::Err(e),
                None if refused => model::Outcome::Rejected,
                None => panic!("{name} reverted without a typed error: {data:?}"),
            },
            Out::Failed(_) if refused => model::Outcome::Rejected,
            Out::Failed(e) => panic!("{name} trapped: {e}"),
        }
    }

    fn observe(&mut self, model: &Model, limit: u32, full: bool) -> Result<Obs, String> {
        let n_ids = model.node_ids();
        let c_ids: Vec<u32> = (1..=model.clusters.len() as u32).collect();
        let b_ids: Vec<u32> = (1..=model.buckets.len() as u32).collect();
        // Removed nodes are skipped: an unfiltered page may be shorter by them.
        let nodes: Vec<NodeStatus> = read_list(
            limit,
            &n_ids,
            &model.removed_node_ids(),
            |o, l| self.list("node_list", o, l, None),
            |n: &NodeStatus| n.node_id,
        )?;
        let clusters: Vec<ClusterStatus> = read_list(
            limit,
            &c_ids,
            &[],
            |o, l| self.list("cluster_list", o, l, None),
            |c: &ClusterStatus| c.cluster_id,
        )?;
        let buckets: Vec<BucketStatus> = read_list(
            limit,
            &b_ids,
            &[],
            |o, l| self.list("bucket_list", o, l, None),
            |b: &BucketStatus| b.bucket_id,
        )?;
        if full {
            let providers: Vec<(u32, AccountId)> = nodes
                .iter()
                .map(|n| (n.node_id, n.node.provider_id))
                .collect();
            let managers: Vec<(u32, AccountId)> = clusters
                .iter()
                .map(|c| (c.cluster_id, c.cluster.manager_id))
                .collect();
            let owners: Vec<(u32, AccountId)> = buckets
                .iter()
                .map(|b| (b.bucket_id, b.bucket.owner_id))
                .collect();
            for a in 0..=ACTORS {
                // Nodes in the provider index's order (a removed node's place goes to the
                // provider's last one).
                let mut mine = model.node_ids_of(a);
                let ordered = mine.clone();
                mine.sort_unstable();
                if mine != owned_ids(&providers, account(a)) {
                    return Err(format!("nodes of {a}: {ordered:?}"));
                }
                read_list(
                    limit,
                    &ordered,
                    &[],
                    |o, l| self.list::<NodeStatus>("node_list", o, l, Some(a)),
                    |n| n.node_id,
                )?;
                read_list(
                    limit,
                    &owned_ids(&managers, account(a)),
                    &[],
                    |o, l| self.list::<ClusterStatus>("cluster_list", o, l, Some(a)),
                    |c| c.cluster_id,
                )?;
                // Buckets in the owner index's order (a bucket changing hands moves).
                let mut mine = model.bucket_ids_of(a);
                let ordered = mine.clone();
                mine.sort_unstable();
                if mine != owned_ids(&owners, account(a)) {
                    return Err(format!("index of {a}: {ordered:?}"));
                }
                read_list(
                    limit,
                    &ordered,
                    &[],
                    |o, l| self.list::<BucketStatus>("bucket_list", o, l, Some(a)),
                    |b| b.bucket_id,
                )?;
            }
            // `writer_ids` is the owner, then `get_bucket_writers`.
            for b in &buckets {
                let writers: Result<Vec<AccountId>, Error> =
                    self.c.query("get_bucket_writers", b.bucket_id);
                if writers.as_deref() != Ok(&b.writer_ids[1..]) {
                    return Err(format!(
                        "get_bucket_writers({}) {writers:?}, status {:?}",
                        b.bucket_id, b.writer_ids
                    ));
                }
            }
        }
        let accounts = (0..=ACTORS)
            .map(|a| {
                let r: Result<Account, Error> = self.c.query("account_get", account(a));
                r.ok().map(|x| {
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
            .collect();
        let perms = if full {
            (0..=ACTORS)
                .map(|a| {
                    all_perms()
                        .into_iter()
                        .map(|p| {
                            self.c
                                .query::<bool>("has_permission", (account(a), permission(p)))
                        })
                        .collect()
                })
                .collect()
        } else {
            model.observe().perms
        };
        let contract = self.c.contract.clone();
        let wallets = (0..=ACTORS)
            .map(|a| {
                let free = self.c.balance(&who(a)) as i128;
                (free + self.storage[a as usize]) as u128
            })
            .collect();
        let (nodes, clusters, buckets) = views(nodes, clusters, buckets);
        Ok(Obs {
            nodes,
            clusters,
            buckets,
            accounts,
            perms,
            rate: self.c.query("account_get_usd_per_cere", ()),
            grace: self.c.query("bucket_get_grace_period", ()),
            contract: self.c.balance(&contract) - EXISTENTIAL_DEPOSIT,
            wallets,
        })
    }

    fn snapshot(&mut self, model: &Model) -> Result<String, String> {
        // Lists, accounts, balances and the rate; permissions change only through the calls
        // after which the runner reads them all.
        Ok(format!("{:?}", self.observe(model, 25, false)?))
    }

    fn after_step(&mut self, _model: &Model, outcome: &model::Outcome) -> Result<u64, String> {
        if !matches!(outcome, model::Outcome::Ok(_)) && !self.c.last().events.is_empty() {
            return Err(format!("a failed call emitted {:?}", self.c.last().events));
        }
        Ok(1)
    }
}

#[test]
fn model_based_random_sequences_on_drink() {
    let sequences: u32 = std::env::var("DRINK_MODEL_SEQUENCES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8);
    let totals = RefCell::new(Totals::default());
    let started = std::time::Instant::now();
    let mut runner = TestRunner::new(Config {
        cases: sequences,
        max_shrink_iters: 50,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&sequence(16, true), |ops| {
        // A surplus of 5 TOKEN beside what the contract will owe, for admin_withdraw.
        let mut c = Chain::deploy(&who(1), 5 * model::TOKEN);
        c.set_time(T0);
        for a in 2..=ACTORS {
            c.mint(&who(a), WALLET);
        }
        let contract = c.contract.clone();
        let mut m = Model::new(
            T0,
            c.balance(&contract) - EXISTENTIAL_DEPOSIT,
            WALLET,
            BTreeSet::new(),
        );
        for a in 0..=ACTORS {
            m.wallets.insert(a, c.balance(&who(a)));
        }
        let mut t = OnChain {
            c,
            storage: vec![0; ACTORS as usize + 1],
        };
        let mut tot = Totals::default();
        let out = run_sequence(&mut t, &mut m, &ops, 10, &mut tot);
        let mut all = totals.borrow_mut();
        all.sequences += tot.sequences;
        all.calls += tot.calls;
        all.failed_calls += tot.failed_calls;
        all.checks += tot.checks;
        out.map_err(|e| {
            all.failures += 1;
            TestCaseError::fail(e)
        })
    });
    let t = *totals.borrow();
    println!(
        "model (drink): {} sequences, {} calls ({} reverted or refused), {} invariant checks, {} failures (with shrinking), {:.1} s",
        sequences,
        t.calls,
        t.failed_calls,
        t.checks,
        if result.is_ok() { 0 } else { 1 },
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}
