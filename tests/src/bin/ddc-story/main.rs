//! The main job: deploys the release `ddc_bucket` contract and plays a DDC story on it —
//! providers, trust, nodes with URL params, a cluster with vnodes, reservations, two apps with
//! buckets, deposits, allocations, time passing, settlements, distributions, a payer running
//! short, a withdrawal — printing the network, the accounts and every money flow as it goes.
//!
//! By default on the embedded chain (pallet-contracts in this process, block time set by the
//! story). With `--url ws://HOST:PORT --suri //Alice` on a real chain: deployed with
//! cargo-contract (`scripts/deploy.sh`), called through polkadot.js (`tests/js/chain-bridge.mjs`),
//! and time passes for real (seconds instead of hours, days and a month).
//!
//! Every step is checked: a failed call, or money that does not add up, stops the story with an
//! error and exit status 1.

mod backend;
mod show;

use backend::{Actor, Backend, Embedded, Remote};
use ddc_bucket::account::entity::Account;
use ddc_bucket::bucket::entity::BucketStatus;
use ddc_bucket::cluster::entity::ClusterStatus;
use ddc_bucket::error::Error;
use ddc_bucket::events::Event;
use ddc_bucket::fee::entity::FeeConfig;
use ddc_bucket::node::entity::NodeStatus;
use ddc_bucket::perm::entity::Permission;
use ddc_bucket::types::{AccountId, Balance, MS_PER_MONTH, TOKEN};
use ink::scale::{Decode, DecodeAll, Encode};
use show::{date, delta, duration, table, units};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

type Res<T> = Result<T, String>;

/// 2026-01-05 09:00:00 UTC, a Monday morning.
const T0: u64 = 1_767_603_600_000;
const HOUR: u64 = 3_600_000;
const DAY: u64 = 24 * HOUR;

/// How fast the story's clock runs.
struct Pace {
    /// "An hour later", "a day later", "a month later": how much time passes at each step.
    steps: [(u64, &'static str); 3],
    /// How long the second app's deposit is meant to cover its rent.
    short_cover: u64,
}

struct Story {
    b: Box<dyn Backend>,
    names: Vec<(AccountId, String)>,
    /// Capacity each node was created with (the contract keeps only what is free).
    capacity: BTreeMap<u32, u32>,
    actors: Vec<Actor>,
    step: u32,
}

fn root() -> PathBuf {
    ddc_tests::repo_root()
}

/// The URL in a node's params (`{"url": ...}`), or the params themselves.
fn url_of(params: &str) -> String {
    serde_json::from_str::<serde_json::Value>(params)
        .ok()
        .and_then(|v| v["url"].as_str().map(str::to_string))
        .unwrap_or_else(|| params.to_string())
}

/// USD per month (10-decimal units) as CERE per month at `usd_per_cere`.
fn usd_to_cere(usd: Balance, usd_per_cere: Balance) -> Balance {
    usd.saturating_mul(TOKEN) / usd_per_cere.max(1)
}

impl Story {
    fn name(&self, id: &AccountId) -> String {
        self.names
            .iter()
            .find(|(a, _)| a == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| short(id))
    }

    fn add(&mut self, a: Actor) -> Actor {
        self.names.push((a.id, a.name.clone()));
        self.actors.push(a.clone());
        a
    }

    fn heading(&mut self, what: &str) -> Res<()> {
        self.step += 1;
        let now = self.b.now()?;
        let rule = "=".repeat(60usize.saturating_sub(what.chars().count()).max(2));
        println!("\n== Step {} · {} · {what} {rule}", self.step, date(now));
        Ok(())
    }

    /// Submits a call; `Err` (or a revert) stops the story with the contract's typed error.
    fn tx<T: Decode>(
        &mut self,
        who: &Actor,
        message: &str,
        args: impl Encode,
        value: Balance,
    ) -> Res<(T, Vec<Event>)> {
        let out = self.b.tx(who, message, args.encode(), value)?;
        let decoded = <Result<Result<T, Error>, ink::LangError>>::decode_all(&mut &out.output[..])
            .map_err(|e| format!("{message}: undecodable output: {e}"))?
            .map_err(|e| format!("{message}: {e:?}"))?;
        let value_note = if value > 0 {
            format!(" sending {} CERE", units(value))
        } else {
            String::new()
        };
        match decoded {
            Ok(v) if !out.reverted => {
                println!("  {} → {message}{value_note}: ok", who.name);
                for e in &out.events {
                    println!("      event {}", self.event_line(e));
                }
                Ok((v, out.events))
            }
            Ok(_) => Err(format!("{message} by {} reverted with Ok", who.name)),
            Err(e) => Err(format!(
                "{message} by {} failed with the contract error {e:?}",
                who.name
            )),
        }
    }

    fn q<T: Decode>(&mut self, message: &str, args: impl Encode) -> Res<T> {
        let out = self.b.query(message, args.encode())?;
        <Result<T, ink::LangError>>::decode_all(&mut &out[..])
            .map_err(|e| format!("{message}: undecodable output: {e}"))?
            .map_err(|e| format!("{message}: {e:?}"))
    }

    fn account(&mut self, id: &AccountId) -> Res<Option<Account>> {
        match self.q::<Result<Account, Error>>("account_get", id)? {
            Ok(a) => Ok(Some(a)),
            Err(Error::AccountDoesNotExist) => Ok(None),
            Err(e) => Err(format!("account_get: {e:?}")),
        }
    }

    fn deposit(&mut self, id: &AccountId) -> Res<Balance> {
        Ok(self.account(id)?.map(|a| a.deposit.value).unwrap_or(0))
    }

    fn bucket(&mut self, id: u32) -> Res<BucketStatus> {
        self.q::<Result<BucketStatus, Error>>("bucket_get", id)?
            .map_err(|e| format!("bucket_get({id}): {e:?}"))
    }

    fn cluster(&mut self, id: u32) -> Res<ClusterStatus> {
        self.q::<Result<ClusterStatus, Error>>("cluster_get", id)?
            .map_err(|e| format!("cluster_get({id}): {e:?}"))
    }

    fn node(&mut self, id: u32) -> Res<NodeStatus> {
        self.q::<Result<NodeStatus, Error>>("node_get", id)?
            .map_err(|e| format!("node_get({id}): {e:?}"))
    }

    /// Every entity of a list, page by page (offset = 1, += limit while offset < max_id).
    fn list<T: Decode>(&mut self, message: &str) -> Res<Vec<T>> {
        let mut all = vec![];
        let mut offset = 1u32;
        loop {
            let (page, max_id): (Vec<T>, u32) =
                self.q(message, (offset, 20u32, None::<AccountId>))?;
            all.extend(page);
            offset += 20;
            if offset >= max_id {
                return Ok(all);
            }
        }
    }

    fn event_line(&self, e: &Event) -> String {
        let n = |id: &AccountId| self.name(id);
        match e {
            Event::BucketCreated(e) => {
                format!(
                    "BucketCreated bucket {} owner {}",
                    e.bucket_id,
                    n(&e.owner_id)
                )
            }
            Event::BucketAllocated(e) => format!(
                "BucketAllocated bucket {} in cluster {}: {} per vnode",
                e.bucket_id, e.cluster_id, e.resource
            ),
            Event::BucketSettlePayment(e) => format!(
                "BucketSettlePayment bucket {} → cluster {}: {} CERE",
                e.bucket_id,
                e.cluster_id,
                units(e.value)
            ),
            Event::ClusterCreated(e) => format!(
                "ClusterCreated cluster {} manager {}",
                e.cluster_id,
                n(&e.manager)
            ),
            Event::ClusterNodeReplaced(e) => format!(
                "ClusterNodeReplaced cluster {} vnode {} → node {}",
                e.cluster_id, e.vnode_index, e.node_id
            ),
            Event::ClusterReserveResource(e) => format!(
                "ClusterReserveResource cluster {}: {} per vnode",
                e.cluster_id, e.resource
            ),
            Event::ClusterDistributeRevenues(e) => format!(
                "ClusterDistributeRevenues cluster {} → {}: {} CERE",
                e.cluster_id,
                n(&e.provider_id),
                units(e.value)
            ),
            Event::ClusterDistributeFees(e) => format!(
                "ClusterDistributeFees cluster {}: network {} CERE → {}, management {} CERE → {}",
                e.cluster_id,
                units(e.network_fee),
                n(&e.network_fee_destination),
                units(e.cluster_management_fee),
                n(&e.manager_id)
            ),
            Event::NodeCreated(e) => format!(
                "NodeCreated node {} provider {} rent {} USD/month params {}",
                e.node_id,
                n(&e.provider_id),
                units(e.rent_per_month),
                e.node_params
            ),
            Event::Deposit(e) => format!("Deposit {} +{} CERE", n(&e.account_id), units(e.value)),
            Event::Withdraw(e) => format!("Withdraw {} -{} CERE", n(&e.account_id), units(e.value)),
            Event::GrantPermission(e) => {
                format!(
                    "GrantPermission {} {}",
                    n(&e.account_id),
                    self.perm(&e.permission)
                )
            }
            Event::RevokePermission(e) => {
                format!(
                    "RevokePermission {} {}",
                    n(&e.account_id),
                    self.perm(&e.permission)
                )
            }
            Event::ExchangeRateSet(e) => {
                format!("ExchangeRateSet {} USD per CERE", units(e.usd_per_cere))
            }
            Event::FeeConfigSet(e) => format!(
                "FeeConfigSet network {} bp → {}, management {} bp",
                e.network_fee_bp,
                n(&e.network_fee_destination),
                e.cluster_management_fee_bp
            ),
            other => format!("{other:?}"),
        }
    }

    fn perm(&self, p: &Permission) -> String {
        match p {
            Permission::ManagerTrustedBy(a) => format!("ManagerTrustedBy({})", self.name(a)),
            other => format!("{other:?}"),
        }
    }

    // ---- tables ----------------------------------------------------------------------------

    fn print_nodes(&mut self) -> Res<()> {
        let nodes: Vec<NodeStatus> = self.list("node_list")?;
        let rows = nodes
            .iter()
            .map(|n| {
                vec![
                    n.node_id.to_string(),
                    self.name(&n.node.provider_id),
                    units(n.node.rent_per_month),
                    self.capacity
                        .get(&n.node_id)
                        .map(|c| c.to_string())
                        .unwrap_or_default(),
                    n.node.free_resource.to_string(),
                    url_of(&n.params),
                ]
            })
            .collect::<Vec<_>>();
        print!(
            "{}",
            table(
                "Nodes",
                &[
                    "node",
                    "provider",
                    "rent USD/month",
                    "capacity",
                    "free",
                    "url"
                ],
                &rows
            )
        );
        Ok(())
    }

    fn print_clusters(&mut self) -> Res<()> {
        let clusters: Vec<ClusterStatus> = self.list("cluster_list")?;
        let rows = clusters
            .iter()
            .map(|c| {
                let map = c
                    .cluster
                    .vnodes
                    .iter()
                    .enumerate()
                    .map(|(i, n)| format!("{i}→{n}"))
                    .collect::<Vec<_>>()
                    .join(" ");
                vec![
                    c.cluster_id.to_string(),
                    self.name(&c.cluster.manager_id),
                    map,
                    c.cluster.resource_per_vnode.to_string(),
                    c.cluster.resource_used.to_string(),
                    units(c.cluster.total_rent),
                    units(c.cluster.revenues.value),
                ]
            })
            .collect::<Vec<_>>();
        print!(
            "{}",
            table(
                "Clusters",
                &[
                    "cluster",
                    "manager",
                    "vnode→node",
                    "reserved/vnode",
                    "used/vnode",
                    "rent USD/month",
                    "revenues CERE"
                ],
                &rows
            )
        );
        Ok(())
    }

    fn print_buckets(&mut self) -> Res<()> {
        let now = self.b.now()?;
        let buckets: Vec<BucketStatus> = self.list("bucket_list")?;
        let rows = buckets
            .iter()
            .map(|b| {
                let until = b.rent_covered_until_ms;
                let state = if until >= now {
                    format!("serve ({} left)", duration(until - now))
                } else {
                    format!("EXPIRED {} ago", duration(now - until))
                };
                vec![
                    b.bucket_id.to_string(),
                    self.name(&b.bucket.owner_id),
                    b.bucket.cluster_id.to_string(),
                    b.bucket.resource_reserved.to_string(),
                    b.writer_ids
                        .iter()
                        .map(|w| self.name(w))
                        .collect::<Vec<_>>()
                        .join(","),
                    date(until),
                    state,
                ]
            })
            .collect::<Vec<_>>();
        print!(
            "{}",
            table(
                "Buckets",
                &[
                    "bucket",
                    "owner",
                    "cluster",
                    "resource",
                    "writers",
                    "rent covered until",
                    "a DDC node would"
                ],
                &rows
            )
        );
        Ok(())
    }

    fn print_accounts(&mut self) -> Res<()> {
        let mut rows = vec![];
        let contract = self.b.contract();
        for a in self.actors.clone() {
            let free = self.b.free_balance(&a.id)?;
            let account = self.account(&a.id)?;
            rows.push(vec![
                a.name.clone(),
                short(&a.id),
                units(free),
                account
                    .map(|x| units(x.deposit.value))
                    .unwrap_or_else(|| "-".into()),
                account
                    .map(|x| units(x.payable_schedule.rate))
                    .unwrap_or_else(|| "-".into()),
            ]);
        }
        let held = self.b.free_balance(&contract)?;
        rows.push(vec![
            "(contract)".into(),
            short(&contract),
            units(held),
            String::new(),
            String::new(),
        ]);
        print!(
            "{}",
            table(
                "Accounts",
                &[
                    "who",
                    "address",
                    "free balance CERE",
                    "deposit in contract CERE",
                    "pays USD/month"
                ],
                &rows
            )
        );
        Ok(())
    }

    // ---- money flows -----------------------------------------------------------------------

    /// `keeper` settles a bucket; prints who paid whom and checks that the payer's deposit fell
    /// and the cluster's revenues rose by exactly the settled value.
    fn settle(&mut self, keeper: &Actor, bucket_id: u32) -> Res<()> {
        let b = self.bucket(bucket_id)?;
        let (payer, cluster_id) = (b.bucket.owner_id, b.bucket.cluster_id);
        let deposit0 = self.deposit(&payer)?;
        let revenues0 = self.cluster(cluster_id)?.cluster.revenues.value;
        let ((), events) = self.tx(keeper, "bucket_settle_payment", bucket_id, 0)?;
        let value: Balance = events
            .iter()
            .filter_map(|e| match e {
                Event::BucketSettlePayment(s)
                    if s.bucket_id == bucket_id && s.cluster_id == cluster_id =>
                {
                    Some(s.value)
                }
                _ => None,
            })
            .sum();
        let deposit1 = self.deposit(&payer)?;
        let revenues1 = self.cluster(cluster_id)?.cluster.revenues.value;
        let now = self.b.now()?;
        let until = self.bucket(bucket_id)?.rent_covered_until_ms;
        let payer_name = self.name(&payer);
        println!(
            "    money flow: bucket {bucket_id} rent, {payer_name} → cluster {cluster_id}: {} CERE",
            units(value)
        );
        println!(
            "      {:<28} {} → {} ({})",
            format!("{payer_name} deposit"),
            units(deposit0),
            units(deposit1),
            delta(deposit0, deposit1)
        );
        println!(
            "      {:<28} {} → {} ({})",
            format!("cluster {cluster_id} revenues"),
            units(revenues0),
            units(revenues1),
            delta(revenues0, revenues1)
        );
        if until >= now {
            println!(
                "      rent covered until {} ({} ahead)",
                date(until),
                duration(until - now)
            );
        } else {
            println!(
                "      SHORT: the deposit is empty; rent covered only until {} ({} ago); the rest stays owed",
                date(until),
                duration(now - until)
            );
        }
        if deposit0.checked_sub(deposit1) != Some(value)
            || revenues1.checked_sub(revenues0) != Some(value)
        {
            return Err(format!(
                "settlement of bucket {bucket_id} does not add up: event {value}, deposit {deposit0} → {deposit1}, revenues {revenues0} → {revenues1}"
            ));
        }
        Ok(())
    }

    /// `keeper` distributes a cluster's revenues; prints the fees and each provider's payment
    /// and checks every recipient received exactly what the events say (as free balance, or as
    /// deposit when a transfer could not be made), and that the revenues fell by the total.
    fn distribute(&mut self, keeper: &Actor, cluster_id: u32) -> Res<()> {
        let c = self.cluster(cluster_id)?;
        let revenues0 = c.cluster.revenues.value;
        let mut vnodes_of: BTreeMap<AccountId, usize> = BTreeMap::new();
        let mut recipients = vec![c.cluster.manager_id];
        for &n in &c.cluster.vnodes {
            let provider = self.node(n)?.node.provider_id;
            *vnodes_of.entry(provider).or_default() += 1;
            recipients.push(provider);
        }
        // Everyone else in the story must receive nothing — except the admin, who on a real
        // chain is the signer that funds the story (and could author blocks).
        recipients.extend(self.actors.iter().skip(1).map(|a| a.id));
        recipients.sort();
        recipients.dedup();
        recipients.retain(|r| *r != keeper.id);
        let mut before = BTreeMap::new();
        for r in &recipients {
            before.insert(*r, (self.b.free_balance(r)?, self.deposit(r)?));
        }
        let ((), events) = self.tx(keeper, "cluster_distribute_revenues", cluster_id, 0)?;
        let revenues1 = self.cluster(cluster_id)?.cluster.revenues.value;
        let mut expected: BTreeMap<AccountId, Balance> = BTreeMap::new();
        println!(
            "    money flow: cluster {cluster_id} revenues {} CERE distributed",
            units(revenues0)
        );
        let mut total: Balance = 0;
        for e in &events {
            match e {
                Event::ClusterDistributeFees(f) => {
                    println!(
                        "      network fee      {} CERE → {}",
                        units(f.network_fee),
                        self.name(&f.network_fee_destination)
                    );
                    println!(
                        "      management fee   {} CERE → {}",
                        units(f.cluster_management_fee),
                        self.name(&f.manager_id)
                    );
                    *expected.entry(f.network_fee_destination).or_default() += f.network_fee;
                    *expected.entry(f.manager_id).or_default() += f.cluster_management_fee;
                    total += f.network_fee + f.cluster_management_fee;
                }
                Event::ClusterDistributeRevenues(p) => {
                    println!(
                        "      provider share   {} CERE → {} ({})",
                        units(p.value),
                        self.name(&p.provider_id),
                        match vnodes_of.get(&p.provider_id).copied().unwrap_or(0) {
                            1 => "1 vnode".to_string(),
                            k => format!("{k} vnodes"),
                        }
                    );
                    *expected.entry(p.provider_id).or_default() += p.value;
                    total += p.value;
                }
                _ => {}
            }
        }
        println!(
            "      left in cluster  {} CERE (rounding, paid with the next distribution)",
            units(revenues1)
        );
        if revenues0.checked_sub(revenues1) != Some(total) {
            return Err(format!(
                "distribution of cluster {cluster_id} does not add up: revenues {revenues0} → {revenues1}, paid {total}"
            ));
        }
        for r in &recipients {
            let (free0, dep0) = before[r];
            let (free1, dep1) = (self.b.free_balance(r)?, self.deposit(r)?);
            let got = (free1 + dep1).checked_sub(free0 + dep0);
            let want = expected.get(r).copied().unwrap_or(0);
            if got != Some(want) {
                return Err(format!(
                    "distribution of cluster {cluster_id}: {} received {got:?}, the events say {want}",
                    self.name(r)
                ));
            }
        }
        Ok(())
    }

    fn print_all(&mut self) -> Res<()> {
        self.print_nodes()?;
        self.print_clusters()?;
        self.print_buckets()?;
        self.print_accounts()
    }

    /// The network as a Mermaid flowchart: clusters → vnodes → nodes → providers,
    /// buckets → clusters and owners.
    fn mermaid(&mut self) -> Res<String> {
        let nodes: Vec<NodeStatus> = self.list("node_list")?;
        let clusters: Vec<ClusterStatus> = self.list("cluster_list")?;
        let buckets: Vec<BucketStatus> = self.list("bucket_list")?;
        let now = self.b.now()?;
        let id = |a: &AccountId| {
            let bytes: &[u8; 32] = a.as_ref();
            format!("A{}", backend::hex(&bytes[..6]).trim_start_matches("0x"))
        };
        let mut m = String::from("flowchart LR\n");
        let mut people: Vec<AccountId> = vec![];
        for c in &clusters {
            m += &format!(
                "  subgraph C{0}[\"cluster {0} · {1} vnodes · manager {2}\"]\n",
                c.cluster_id,
                c.cluster.vnodes.len(),
                self.name(&c.cluster.manager_id)
            );
            for i in 0..c.cluster.vnodes.len() {
                m += &format!("    C{0}V{i}([\"vnode {i}\"])\n", c.cluster_id);
            }
            m += "  end\n";
            for (i, n) in c.cluster.vnodes.iter().enumerate() {
                m += &format!("  C{}V{i} --> N{n}\n", c.cluster_id);
            }
            m += &format!(
                "  C{} -. managed by .-> {}\n",
                c.cluster_id,
                id(&c.cluster.manager_id)
            );
            people.push(c.cluster.manager_id);
        }
        for n in &nodes {
            m += &format!(
                "  N{0}[\"node {0}<br/>{1}<br/>{2} USD/month · free {3}\"]\n",
                n.node_id,
                url_of(&n.params).replace('"', "'"),
                units(n.node.rent_per_month),
                n.node.free_resource
            );
            m += &format!("  N{} --> {}\n", n.node_id, id(&n.node.provider_id));
            people.push(n.node.provider_id);
        }
        for b in &buckets {
            let state = if b.rent_covered_until_ms >= now {
                "covered"
            } else {
                "EXPIRED"
            };
            m += &format!(
                "  B{0}[/\"bucket {0}<br/>resource {1} · rent {2}\"/]\n",
                b.bucket_id, b.bucket.resource_reserved, state
            );
            m += &format!("  B{} --> C{}\n", b.bucket_id, b.bucket.cluster_id);
            m += &format!(
                "  B{} -. owned by .-> {}\n",
                b.bucket_id,
                id(&b.bucket.owner_id)
            );
            people.push(b.bucket.owner_id);
        }
        people.sort();
        people.dedup();
        for p in &people {
            m += &format!("  {}((\"{}\"))\n", id(p), self.name(p));
        }
        Ok(m)
    }
}

fn short(id: &AccountId) -> String {
    let s = drink::AccountId32::new(*AsRef::<[u8; 32]>::as_ref(id)).to_string();
    format!("{}…{}", &s[..6], &s[s.len() - 4..])
}

fn play(mut s: Story, pace: &Pace, admin: Actor) -> Res<()> {
    println!("Chain: {}", s.b.describe());
    println!("Contract: {}", short(&s.b.contract()));
    s.names.push((s.b.contract(), "(contract)".into()));

    // ---- 1. the cast --------------------------------------------------------------------------
    s.heading("the cast: an admin, an oracle, a cluster manager, four providers, two apps")?;
    let admin = s.add(admin);
    let cast = [
        "oracle",
        "manager",
        "provider-fra",
        "provider-iad",
        "provider-sin",
        "provider-gru",
        "photos-app",
        "chat-app",
        "treasury",
        "keeper",
    ];
    let mut people = vec![];
    for (i, name) in cast.iter().enumerate() {
        let a = s.b.actor(name, 2 + i as u8)?;
        s.b.fund(&a, 1000 * TOKEN)?;
        people.push(s.add(a));
    }
    let [oracle, manager, fra, iad, sin, gru, photos, chat, treasury, keeper] =
        <[Actor; 10]>::try_from(people).map_err(|_| "cast")?;
    println!(
        "  each was given 1000 CERE to pay with (the photos app gets 1000 more before it deposits)"
    );

    // ---- 2. governance ------------------------------------------------------------------------
    s.heading("the admin appoints an oracle and sets fees; the oracle sets CERE/USD")?;
    s.tx::<()>(
        &admin,
        "admin_grant_permission",
        (oracle.id, Permission::SetExchangeRate),
        0,
    )?;
    s.tx::<()>(&oracle, "account_set_usd_per_cere", 8 * TOKEN / 10, 0)?;
    s.tx::<()>(
        &admin,
        "admin_set_fee_config",
        FeeConfig {
            network_fee_bp: 100,
            network_fee_destination: treasury.id,
            cluster_management_fee_bp: 200,
        },
        0,
    )?;
    let rate: Balance = s.q("account_get_usd_per_cere", ())?;
    println!(
        "  1 CERE = {} USD; fees: 1% of each distribution to the treasury, 2% of the rest to the cluster's manager",
        units(rate)
    );
    s.print_accounts()?;

    // ---- 3. providers -------------------------------------------------------------------------
    s.heading("providers trust the manager and register nodes with their URLs")?;
    let specs = [
        (&fra, 10, 100, "https://ddc-fra-1.example.net", "eu-central"),
        (&iad, 12, 120, "https://ddc-iad-1.example.net", "us-east"),
        (&sin, 9, 80, "https://ddc-sin-1.example.net", "ap-southeast"),
    ];
    let mut nodes = vec![];
    for (p, rent, capacity, url, region) in specs {
        s.tx::<()>(p, "node_trust_manager", manager.id, 0)?;
        let params = format!("{{\"url\":\"{url}\",\"region\":\"{region}\"}}");
        let (id, _) = s.tx::<u32>(p, "node_create", (rent * TOKEN, params, capacity as u32), 0)?;
        s.capacity.insert(id, capacity);
        nodes.push(id);
    }
    s.print_nodes()?;
    s.print_accounts()?;

    // ---- 4. the cluster -----------------------------------------------------------------------
    s.heading("the manager builds a cluster of 6 vnodes and reserves capacity")?;
    let (cluster, _) = s.tx::<u32>(
        &manager,
        "cluster_create",
        (
            manager.id,
            6u32,
            nodes.clone(),
            String::from("{\"replication\":3,\"name\":\"eu-us-asia\"}"),
        ),
        0,
    )?;
    s.tx::<()>(&manager, "cluster_reserve_resource", (cluster, 20u32), 0)?;
    s.print_nodes()?;
    s.print_clusters()?;
    s.print_accounts()?;

    // ---- 5. apps ------------------------------------------------------------------------------
    s.heading("two apps create buckets, deposit CERE and allocate resources")?;
    let (photos_bucket, _) = s.tx::<u32>(
        &photos,
        "bucket_create",
        (
            String::from("{\"name\":\"photos\",\"replication\":3}"),
            cluster,
        ),
        100 * TOKEN,
    )?;
    s.tx::<()>(
        &photos,
        "bucket_alloc_into_cluster",
        (photos_bucket, 5u32),
        0,
    )?;
    s.b.fund(&photos, 1000 * TOKEN)?;
    s.tx::<()>(&photos, "account_deposit", (), 600 * TOKEN)?;
    let (chat_bucket, _) = s.tx::<u32>(
        &chat,
        "bucket_create",
        (
            String::from("{\"name\":\"chat\",\"replication\":3}"),
            cluster,
        ),
        0,
    )?;
    s.tx::<()>(&chat, "bucket_alloc_into_cluster", (chat_bucket, 2u32), 0)?;
    // The chat app deposits just enough for a while: its rent, converted at today's rate.
    let chat_usd_month = s
        .account(&chat.id)?
        .map(|a| a.payable_schedule.rate)
        .unwrap_or(0);
    let chat_cere_month = usd_to_cere(chat_usd_month, rate);
    let chat_deposit =
        chat_cere_month.saturating_mul(Balance::from(pace.short_cover)) / MS_PER_MONTH;
    println!(
        "  chat-app pays {} USD/month = {} CERE/month; it deposits enough for {}",
        units(chat_usd_month),
        units(chat_cere_month),
        duration(pace.short_cover)
    );
    s.tx::<()>(&chat, "account_deposit", (), chat_deposit)?;
    s.print_clusters()?;
    s.print_buckets()?;
    s.print_accounts()?;

    // ---- 6. time passes -----------------------------------------------------------------------
    let buckets = [photos_bucket, chat_bucket];
    let (first, first_label) = pace.steps[0];
    s.b.advance(first)?;
    s.heading(&format!(
        "{first_label}: a keeper settles the rent of both buckets"
    ))?;
    for b in buckets {
        s.settle(&keeper, b)?;
    }
    s.print_accounts()?;

    let (second, second_label) = pace.steps[1];
    s.b.advance(second)?;
    s.heading(&format!(
        "{second_label}: settlements, then the cluster's revenues go to providers"
    ))?;
    for b in buckets {
        s.settle(&keeper, b)?;
    }
    s.distribute(&keeper, cluster)?;
    s.print_clusters()?;
    s.print_accounts()?;

    // ---- 7. a node joins, a vnode moves -------------------------------------------------------
    s.heading("a fourth provider joins; the manager moves vnode 2 onto its node")?;
    s.tx::<()>(&gru, "node_trust_manager", manager.id, 0)?;
    let (gru_node, _) = s.tx::<u32>(
        &gru,
        "node_create",
        (
            11 * TOKEN,
            String::from("{\"url\":\"https://ddc-gru-1.example.net\",\"region\":\"sa-east\"}"),
            100u32,
        ),
        0,
    )?;
    s.capacity.insert(gru_node, 100);
    s.tx::<()>(
        &manager,
        "cluster_replace_node",
        (cluster, 2u32, gru_node),
        0,
    )?;
    s.print_nodes()?;
    s.print_clusters()?;
    s.print_accounts()?;

    // ---- 8. a month later ---------------------------------------------------------------------
    let (third, third_label) = pace.steps[2];
    s.b.advance(third)?;
    s.heading(&format!(
        "{third_label}: the chat app has run short; settlements and a distribution"
    ))?;
    for b in buckets {
        s.settle(&keeper, b)?;
    }
    s.distribute(&keeper, cluster)?;
    let now = s.b.now()?;
    let chat_status = s.bucket(chat_bucket)?;
    if chat_status.rent_covered_until_ms >= now {
        return Err("the chat app was meant to run short by now".into());
    }
    println!(
        "  chat-app's bucket {chat_bucket} is no longer covered: DDC nodes stop serving it (exit 1 from tests/js/bucket-status.mjs)"
    );
    s.print_all()?;

    // ---- 9. a withdrawal ----------------------------------------------------------------------
    s.heading("the photos app withdraws 50 CERE of its deposit")?;
    let dep0 = s.deposit(&photos.id)?;
    let until0 = s.bucket(photos_bucket)?.rent_covered_until_ms;
    let ((), events) = s.tx::<()>(&photos, "account_withdraw", 50 * TOKEN, 0)?;
    let dep1 = s.deposit(&photos.id)?;
    let withdrawn: Balance = events
        .iter()
        .filter_map(|e| match e {
            Event::Withdraw(w) if w.account_id == photos.id => Some(w.value),
            _ => None,
        })
        .sum();
    if withdrawn != 50 * TOKEN || dep0.checked_sub(dep1) != Some(50 * TOKEN) {
        return Err(format!(
            "withdrawal does not add up: event {withdrawn}, deposit {dep0} → {dep1}"
        ));
    }
    let until1 = s.bucket(photos_bucket)?.rent_covered_until_ms;
    println!(
        "    money flow: contract → photos-app 50 CERE; deposit {} → {}; rent now covered until {} (was {})",
        units(dep0),
        units(dep1),
        date(until1),
        date(until0)
    );
    s.print_all()?;

    // ---- 10. the books -------------------------------------------------------------------------
    s.heading("the books: the contract holds what it owes")?;
    let mut owed: Balance = 0;
    for a in s.actors.clone() {
        owed += s.deposit(&a.id)?;
    }
    let clusters: Vec<ClusterStatus> = s.list("cluster_list")?;
    owed += clusters
        .iter()
        .map(|c| c.cluster.revenues.value)
        .sum::<Balance>();
    let contract = s.b.contract();
    let held = s.b.free_balance(&contract)?;
    println!(
        "  the contract holds {} CERE; deposits and undistributed revenues come to {} CERE",
        units(held),
        units(owed)
    );
    if held < owed {
        return Err(format!("the contract holds {held} but owes {owed}"));
    }

    // ---- 11. the picture ----------------------------------------------------------------------
    s.heading("the network as a diagram")?;
    let diagram = s.mermaid()?;
    let path = root().join("target/ddc-network.mmd");
    std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    std::fs::write(&path, &diagram).map_err(|e| format!("{}: {e}", path.display()))?;
    println!(
        "  Mermaid diagram (clusters → vnodes → nodes → providers, buckets → owners) written to {}",
        path.display()
    );
    println!("  view it at https://mermaid.live or in any Markdown viewer with Mermaid support");
    println!("\nThe story ran to the end: every call succeeded and every money flow added up.");
    Ok(())
}

fn usage() -> ! {
    eprintln!(
        "usage: ddc-story                                  # the embedded chain (default)\n       \
         ddc-story --url ws://HOST:PORT --suri //Alice [--contract ADDRESS]\n\
         On a real chain the contract is deployed with scripts/deploy.sh (cargo-contract) unless\n\
         --contract names one already deployed."
    );
    std::process::exit(2)
}

/// Deploys with scripts/deploy.sh (cargo-contract) and returns the contract's address.
fn deploy_remote(url: &str, suri: &str) -> Res<String> {
    let script = root().join("scripts/deploy.sh");
    println!(
        "Deploying with {} --url {url} --suri {suri}",
        script.display()
    );
    let out = std::process::Command::new(&script)
        .args(["--url", url, "--suri", suri])
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("{}: {e}", script.display()))?;
    let text = String::from_utf8_lossy(&out.stdout);
    print!("{text}");
    if !out.status.success() {
        return Err("scripts/deploy.sh failed".into());
    }
    text.lines()
        .find_map(|l| l.strip_prefix("contract: "))
        .map(|a| a.trim().to_string())
        .ok_or_else(|| "scripts/deploy.sh printed no `contract:` line".into())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut url = None;
    let mut suri = String::from("//Alice");
    let mut contract = None;
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).cloned();
        match (args[i].as_str(), value) {
            ("--url", Some(v)) => url = Some(v),
            ("--suri", Some(v)) => suri = v,
            ("--contract", Some(v)) => contract = Some(v),
            _ => usage(),
        }
        i += 2;
    }
    let result = (|| -> Res<()> {
        let (b, admin, pace): (Box<dyn Backend>, Actor, Pace) = match &url {
            None => {
                let (chain, admin) = Embedded::deploy(T0)?;
                let pace = Pace {
                    steps: [
                        (HOUR, "an hour later"),
                        (DAY - HOUR, "a day later"),
                        (30 * DAY, "a month later"),
                    ],
                    short_cover: 12 * DAY,
                };
                (Box::new(chain), admin, pace)
            }
            Some(url) => {
                let address = match &contract {
                    Some(a) => a.clone(),
                    None => deploy_remote(url, &suri)?,
                };
                let (remote, admin) = Remote::connect(&root(), url, &suri, &address)?;
                let pace = Pace {
                    steps: [
                        (6_000, "6 s later (real time)"),
                        (12_000, "12 s later"),
                        (30_000, "30 s later"),
                    ],
                    short_cover: 25_000,
                };
                (Box::new(remote), admin, pace)
            }
        };
        let story = Story {
            b,
            names: vec![],
            capacity: BTreeMap::new(),
            actors: vec![],
            step: 0,
        };
        play(story, &pace, admin)
    })();
    if let Err(e) = result {
        eprintln!("\nThe story stopped: {e}");
        std::process::exit(1);
    }
}
