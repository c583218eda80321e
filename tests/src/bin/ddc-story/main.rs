//! The main job: deploys the release `ddc_bucket` contract and plays a DDC story on it —
//! providers, trust, nodes with URL params, a cluster with vnodes, reservations, apps that
//! deposit and then allocate (an unfunded allocation is refused), time passing, settlements
//! (fees taken as they are paid), distributions (each provider paid for the prices of the vnodes
//! it hosts), a vnode moved to another provider (paid out first), a provider changing its
//! node's capacity and rent, a second cluster at the new rent, fees changed by the admin and
//! the rate moved by the oracle within their bounds, a bucket shrunk, a payer running short and
//! its bucket expired, a bucket handed to another owner who adds a writer, a bucket closed and
//! its deposit withdrawn, a provider leaving and a cluster taken down — printing the network,
//! the accounts and every money flow as it goes.
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
use ddc_bucket::limits::RATE_WINDOW_MS;
use ddc_bucket::node::entity::NodeStatus;
use ddc_bucket::perm::entity::Permission;
use ddc_bucket::types::{AccountId, Balance, BASIS_POINTS, MS_PER_MONTH, TOKEN};
use ddc_tests::{Transactions, Views};
use ink::scale::{Decode, DecodeAll, Encode};
use show::{date, delta, duration, percent, short, units, usd_whole};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Res<T> = Result<T, String>;

/// 2026-01-05 09:00:00 UTC, a Monday morning.
const T0: u64 = 1_767_603_600_000;
const HOUR: u64 = 3_600_000;
const DAY: u64 = 24 * HOUR;

/// How much time passes, and what it is called: `(ms, "a day later")`.
type Lapse = (u64, &'static str);

/// How fast the story's clock runs.
struct Pace {
    hour: Lapse,
    day: Lapse,
    week: Lapse,
    month: Lapse,
    /// How long the chat app's deposit is meant to cover its rent.
    short_cover: u64,
    /// The grace period the admin sets, or `None` to keep the contract's.
    grace: Option<u64>,
    /// Whether the story lasts longer than the chat app's cover plus the grace period, so that
    /// it runs short and its bucket can be expired (not in a real chain's seconds).
    runs_dry: bool,
}

struct Story {
    b: Box<dyn Backend>,
    names: Vec<(AccountId, String)>,
    /// Capacity each node was created with (the contract keeps only what is free).
    capacity: BTreeMap<u32, u32>,
    actors: Vec<Actor>,
    step: u32,
    /// Buckets seen closing (`BucketClosed`): when, and whether by expiry. A bucket's status
    /// has no closed flag.
    closed: BTreeMap<u32, (u64, bool)>,
    /// The contract error the next call must be refused with (see [`Story::refused`]).
    expect_refusal: Option<Error>,
    /// The fees in force (from `FeeConfigSet`): they split each settlement as it is paid.
    fees: FeeConfig,
    /// Network fees settled and not yet paid to their destination. The contract pools them
    /// across clusters and no view shows the pool, so the story adds them up from the
    /// settlements and checks each payment of the pool against it.
    network_pool: Balance,
    /// Management fees settled per cluster and not yet paid to its manager.
    management: BTreeMap<u32, Balance>,
    /// Each cluster's ring as the story saw it placed: (node, price) per vnode. A vnode's price
    /// is its node's rent when the vnode was placed; `cluster_get` shows only their sum.
    rings: BTreeMap<u32, Vec<(u32, Balance)>>,
    /// Clusters seen removed (`ClusterRemoved`): their status has no removed flag.
    removed: BTreeSet<u32>,
    /// The oracle's day-long window as the story saw it open: when, and at what rate.
    rate_window: Option<(u64, Balance)>,
    /// Storage deposit the last call charged its caller (a reshaped ring may need more).
    last_storage_deposit: i128,
}

fn root() -> PathBuf {
    ddc_tests::repo_root()
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

    /// Lets one of the pace's steps of time pass, then starts the next step of the story:
    /// "`label`: `what`".
    fn later(&mut self, (ms, label): (u64, &str), what: &str) -> Res<()> {
        self.b.advance(ms)?;
        self.heading(&format!("{label}: {what}"))
    }

    fn account(&mut self, id: &AccountId) -> Res<Option<Account>> {
        match self.account_get(*id)? {
            Ok(a) => Ok(Some(a)),
            Err(Error::AccountDoesNotExist) => Ok(None),
            Err(e) => Err(format!("account_get: {e:?}")),
        }
    }

    fn deposit(&mut self, id: &AccountId) -> Res<Balance> {
        Ok(self.account(id)?.map(|a| a.deposit.value).unwrap_or(0))
    }

    fn bucket(&mut self, id: u32) -> Res<BucketStatus> {
        self.bucket_get(id)?
            .map_err(|e| format!("bucket_get({id}): {e:?}"))
    }

    fn cluster(&mut self, id: u32) -> Res<ClusterStatus> {
        self.cluster_get(id)?
            .map_err(|e| format!("cluster_get({id}): {e:?}"))
    }

    fn node(&mut self, id: u32) -> Res<NodeStatus> {
        self.node_get(id)?
            .map_err(|e| format!("node_get({id}): {e:?}"))
    }

    /// Every entity of a list, 20 a page: `s.list(|s, offset, limit| s.node_list(offset, limit,
    /// None))`.
    fn list<T>(&mut self, page: impl Fn(&mut Self, u32, u32) -> Res<(Vec<T>, u32)>) -> Res<Vec<T>> {
        let mut all = vec![];
        ddc_tests::page_through(20, |offset| {
            let (items, max_id) = page(self, offset, 20)?;
            all.extend(items);
            Ok::<_, String>(max_id)
        })?;
        Ok(all)
    }

    /// What `id` pays for all its buckets, USD per month.
    fn pays(&mut self, id: &AccountId) -> Res<Balance> {
        Ok(self
            .account(id)?
            .map(|a| a.payable_schedule.rate)
            .unwrap_or(0))
    }

    /// A call the contract must refuse with `want` (printed as such); success, or any other
    /// error, stops the story.
    fn refused<T>(&mut self, want: Error, call: impl FnOnce(&mut Self) -> Res<T>) -> Res<()> {
        self.expect_refusal = Some(want);
        let result = call(self);
        let seen = self.expect_refusal.take().is_none();
        match result {
            Err(_) if seen => Ok(()),
            Err(e) => Err(e),
            Ok(_) => Err(format!(
                "the call succeeded; it should be refused with {want:?}"
            )),
        }
    }

    /// What a DDC node reads of a bucket (`bucket_get`) and decides.
    fn print_node_view(&mut self, bucket_id: u32) -> Res<()> {
        let b = self.bucket(bucket_id)?;
        let now = self.b.now()?;
        let until = b.rent_covered_until_ms;
        let writers: Vec<String> = b.writer_ids.iter().map(|w| self.name(w)).collect();
        println!(
            "  a DDC node reads bucket_get({bucket_id}): rent_covered_until {}, writer_ids [{}] → {}",
            date(until),
            writers.join(", "),
            self.node_would(bucket_id, until, now)
        );
        if let Some(&(at, _)) = self.closed.get(&bucket_id) {
            if until > at {
                return Err(format!(
                    "bucket {bucket_id} closed at {} but is covered until {}",
                    date(at),
                    date(until)
                ));
            }
            println!(
                "    closed at {}: covered no later than its close",
                date(at)
            );
        }
        Ok(())
    }

    // ---- money flows -----------------------------------------------------------------------

    /// How a settlement of `value` CERE splits under the fees in force: (network fee, management
    /// fee, providers' part). The network fee first, the management fee on the rest; each
    /// rounded down.
    fn split(&self, value: Balance) -> (Balance, Balance, Balance) {
        let bp = |v: Balance, fee: Balance| v * fee / BASIS_POINTS;
        let network = bp(value, self.fees.network_fee_bp);
        let management = bp(value - network, self.fees.cluster_management_fee_bp);
        (network, management, value - network - management)
    }

    /// The fees in force, as a line: `1 % network fee to treasury, 2 % of the rest to the
    /// manager`.
    fn fee_line(&self) -> String {
        format!(
            "{} network fee to {}, {} of the rest to the cluster's manager",
            percent(self.fees.network_fee_bp),
            self.name(&self.fees.network_fee_destination),
            percent(self.fees.cluster_management_fee_bp)
        )
    }

    /// Follows an event of a successful call: the story's own books (fees settled and unpaid,
    /// the rings' prices, capacities, closed buckets and removed clusters), and checks that
    /// every payment of fees pays exactly what was settled for it.
    fn follow(&mut self, e: &Event) -> Res<()> {
        match e {
            Event::BucketClosed(c) => {
                let now = self.b.now()?;
                self.closed.insert(c.bucket_id, (now, c.expired));
            }
            Event::BucketSettlePayment(p) => {
                let (network, management, _) = self.split(p.value);
                self.network_pool += network;
                *self.management.entry(p.cluster_id).or_default() += management;
            }
            Event::ClusterDistributeFees(f) => {
                let management = self.management.remove(&f.cluster_id).unwrap_or(0);
                if f.network_fee != self.network_pool || f.cluster_management_fee != management {
                    return Err(format!(
                        "cluster {} pays network fees {} and management fees {}; settled and unpaid: {} and {}",
                        f.cluster_id,
                        f.network_fee,
                        f.cluster_management_fee,
                        self.network_pool,
                        management
                    ));
                }
                self.network_pool = 0;
            }
            Event::NetworkFeesPaid(n) => {
                if n.value != self.network_pool {
                    return Err(format!(
                        "{} network fees paid; settled and unpaid: {}",
                        n.value, self.network_pool
                    ));
                }
                self.network_pool = 0;
            }
            Event::FeeConfigSet(f) => {
                self.fees = FeeConfig {
                    network_fee_bp: f.network_fee_bp,
                    network_fee_destination: f.network_fee_destination,
                    cluster_management_fee_bp: f.cluster_management_fee_bp,
                };
            }
            Event::NodeCapacitySet(n) => {
                self.capacity.insert(n.node_id, n.capacity);
            }
            Event::ClusterCreated(c) => {
                let mut ring = vec![];
                for n in self.cluster(c.cluster_id)?.cluster.vnodes {
                    ring.push((n, self.node(n)?.node.rent_per_month));
                }
                self.rings.insert(c.cluster_id, ring);
            }
            Event::ClusterNodeAdded(a) => {
                let rent = self.node(a.node_id)?.node.rent_per_month;
                let ring = self.rings.entry(a.cluster_id).or_default();
                ring.extend(std::iter::repeat_n(
                    (a.node_id, rent),
                    a.vnode_count as usize,
                ));
            }
            Event::ClusterNodeRemoved(r) => {
                if let Some(ring) = self.rings.get_mut(&r.cluster_id) {
                    ring.retain(|(n, _)| *n != r.node_id);
                }
            }
            Event::ClusterNodeReplaced(r) => {
                let vnode = self
                    .rings
                    .get_mut(&r.cluster_id)
                    .and_then(|ring| ring.get_mut(r.vnode_index as usize))
                    .ok_or("a replaced vnode the story has not seen placed")?;
                vnode.0 = r.node_id;
            }
            Event::ClusterRemoved(r) => {
                self.removed.insert(r.cluster_id);
            }
            _ => {}
        }
        Ok(())
    }

    /// Runs a call that moves money and prints how the deposits (and, when they deposit or
    /// withdraw, the free balances) of `who`, the revenues of `cluster_id` and the network fee
    /// pool moved. Checks that they add up with the call's events: the revenues rose by what was
    /// settled into them less the network fees, the pool by those fees, and the deposits of `who`
    /// (every payer the call settles) moved by what was deposited, less what was withdrawn and
    /// settled.
    fn moving<T>(
        &mut self,
        who: &[&Actor],
        cluster_id: u32,
        call: impl FnOnce(&mut Self) -> Res<(T, Vec<Event>)>,
    ) -> Res<(T, Vec<Event>)> {
        let mut before = vec![];
        for a in who {
            before.push((self.deposit(&a.id)?, self.b.free_balance(&a.id)?));
        }
        let revenues0 = self.cluster(cluster_id)?.cluster.revenues.value;
        let pool0 = self.network_pool;
        let (out, events) = call(self)?;
        let revenues1 = self.cluster(cluster_id)?.cluster.revenues.value;
        let (mut settled, mut network, mut deposited, mut withdrawn) = (0, 0, 0, 0);
        let mut cashed = vec![];
        for e in &events {
            match e {
                Event::BucketSettlePayment(p) if p.cluster_id == cluster_id => {
                    settled += p.value;
                    network += self.split(p.value).0;
                }
                Event::Deposit(d) if who.iter().any(|a| a.id == d.account_id) => {
                    deposited += d.value;
                    cashed.push(d.account_id);
                }
                Event::Withdraw(w) if who.iter().any(|a| a.id == w.account_id) => {
                    withdrawn += w.value;
                    cashed.push(w.account_id);
                }
                _ => {}
            }
        }
        println!("    money moved:");
        let (mut sum0, mut sum1) = (0, 0);
        for (a, (dep0, free0)) in who.iter().zip(before) {
            let (dep1, free1) = (self.deposit(&a.id)?, self.b.free_balance(&a.id)?);
            let line = |what: &str, x0, x1| {
                println!(
                    "      {:<28} {} → {} ({})",
                    format!("{} {what}", a.name),
                    units(x0),
                    units(x1),
                    delta(x0, x1)
                )
            };
            line("deposit", dep0, dep1);
            if cashed.contains(&a.id) {
                line("free balance", free0, free1);
            }
            (sum0, sum1) = (sum0 + dep0, sum1 + dep1);
        }
        println!(
            "      {:<28} {} → {} ({})",
            format!("cluster {cluster_id} revenues"),
            units(revenues0),
            units(revenues1),
            delta(revenues0, revenues1)
        );
        if network > 0 {
            println!(
                "      {:<28} {} → {} ({})",
                "network fees unpaid",
                units(pool0),
                units(self.network_pool),
                delta(pool0, self.network_pool)
            );
        }
        if revenues1.checked_sub(revenues0) != Some(settled - network)
            || self.network_pool.checked_sub(pool0) != Some(network)
            || sum0 + deposited != sum1 + withdrawn + settled
        {
            return Err(format!(
                "the money does not add up: settled {settled} (network fees {network}), deposited {deposited}, withdrawn {withdrawn}; deposits {sum0} → {sum1}, revenues {revenues0} → {revenues1}"
            ));
        }
        Ok((out, events))
    }

    /// `keeper` settles each of `buckets` in turn.
    fn settle_all(&mut self, keeper: &Actor, buckets: &[u32]) -> Res<()> {
        buckets.iter().try_for_each(|&b| self.settle(keeper, b))
    }

    /// `keeper` settles a bucket; prints who paid whom and how the fees split it, and checks
    /// that the payer's deposit fell by the settled value, the network fee went to the pool
    /// and the rest (management fee and providers' part) to the cluster's revenues.
    fn settle(&mut self, keeper: &Actor, bucket_id: u32) -> Res<()> {
        let b = self.bucket(bucket_id)?;
        let (payer, cluster_id) = (b.bucket.owner_id, b.bucket.cluster_id);
        let deposit0 = self.deposit(&payer)?;
        let revenues0 = self.cluster(cluster_id)?.cluster.revenues.value;
        let pool0 = self.network_pool;
        let ((), events) = self.bucket_settle_payment(keeper, bucket_id)?;
        let paid = events
            .iter()
            .find_map(|e| match e {
                Event::BucketSettlePayment(s)
                    if s.bucket_id == bucket_id && s.cluster_id == cluster_id =>
                {
                    Some(s.clone())
                }
                _ => None,
            })
            .ok_or("bucket_settle_payment emitted no BucketSettlePayment")?;
        let value = paid.value;
        let (network, management, providers) = self.split(value);
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
            "      {:<28} {} → {} ({}): network fee {} {} CERE, for {}",
            "network fees unpaid",
            units(pool0),
            units(self.network_pool),
            delta(pool0, self.network_pool),
            percent(self.fees.network_fee_bp),
            units(network),
            self.name(&self.fees.network_fee_destination)
        );
        println!(
            "      {:<28} {} → {} ({}): management fee {} {} CERE, providers {} CERE",
            format!("cluster {cluster_id} revenues"),
            units(revenues0),
            units(revenues1),
            delta(revenues0, revenues1),
            percent(self.fees.cluster_management_fee_bp),
            units(management),
            units(providers)
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
            || revenues1.checked_sub(revenues0) != Some(management + providers)
            || self.network_pool.checked_sub(pool0) != Some(network)
        {
            return Err(format!(
                "settlement of bucket {bucket_id} does not add up: event {value}, deposit {deposit0} → {deposit1}, revenues {revenues0} → {revenues1}, network fees {pool0} → {}",
                self.network_pool
            ));
        }
        Ok(())
    }

    /// `keeper` distributes a cluster's revenues (see [`Story::paying_out`]).
    fn distribute(&mut self, keeper: &Actor, cluster_id: u32) -> Res<()> {
        self.paying_out(keeper, cluster_id, |s| {
            s.cluster_distribute_revenues(keeper, cluster_id)
        })?;
        Ok(())
    }

    /// Runs a call by `caller` that pays revenues or fees out: a distribution of `cluster_id`,
    /// a replacement that distributes first, a fee change that pays the network fees settled so
    /// far. Prints every payment and checks it:
    /// - each provider's share is the providers' part of the revenues in proportion to the
    ///   prices of the vnodes its nodes host (the ring before the call), rounded down once;
    /// - the fees paid are those settled and unpaid ([`Story::follow`]);
    /// - the revenues fell by what was paid from them;
    /// - every recipient received exactly what the events say (as free balance, or as deposit
    ///   when a transfer could not be made), and everyone else in the story nothing.
    fn paying_out<T>(
        &mut self,
        caller: &Actor,
        cluster_id: u32,
        call: impl FnOnce(&mut Self) -> Res<(T, Vec<Event>)>,
    ) -> Res<(T, Vec<Event>)> {
        let c = self.cluster(cluster_id)?;
        let revenues0 = c.cluster.revenues.value;
        let (pool0, management0) = (
            self.network_pool,
            self.management.get(&cluster_id).copied().unwrap_or(0),
        );
        // Each provider's weight: the prices of the vnodes its nodes host (all prices zero:
        // the number of vnodes), and how many vnodes that is.
        let ring = self.rings.get(&cluster_id).cloned().unwrap_or_default();
        let by_count = ring.iter().all(|(_, price)| *price == 0);
        let mut weights: BTreeMap<AccountId, (Balance, usize)> = BTreeMap::new();
        for (n, price) in &ring {
            let provider = self.node(*n)?.node.provider_id;
            let w = weights.entry(provider).or_default();
            w.0 += if by_count { 1 } else { *price };
            w.1 += 1;
        }
        let total_weight: Balance = weights.values().map(|w| w.0).sum();
        let mut recipients = vec![c.cluster.manager_id, self.fees.network_fee_destination];
        recipients.extend(weights.keys());
        // Everyone else in the story must receive nothing — except the admin, who on a real
        // chain is the signer that funds the story (and could author blocks), and the caller
        // where it pays for its transaction.
        recipients.extend(self.actors.iter().skip(1).map(|a| a.id));
        recipients.sort();
        recipients.dedup();
        recipients.retain(|r| !(self.b.pays_fees() && *r == caller.id));
        let mut before = BTreeMap::new();
        for r in &recipients {
            before.insert(*r, (self.b.free_balance(r)?, self.deposit(r)?));
        }
        let (out, events) = call(self)?;
        let revenues1 = self.cluster(cluster_id)?.cluster.revenues.value;
        let mut expected: BTreeMap<AccountId, Balance> = BTreeMap::new();
        let (mut management_paid, mut providers_paid) = (0, 0);
        let (mut fees_event, mut distributed) = (false, false);
        for e in &events {
            match e {
                Event::NetworkFeesPaid(n) => {
                    println!(
                        "    money flow: the network fees settled so far, {} CERE → {} (the destination they were settled for)",
                        units(n.value),
                        self.name(&n.destination)
                    );
                    *expected.entry(n.destination).or_default() += n.value;
                }
                Event::ClusterDistributeFees(f) if f.cluster_id == cluster_id => {
                    if !distributed {
                        println!(
                            "    money flow: cluster {cluster_id} revenues {} CERE distributed",
                            units(revenues0)
                        );
                    }
                    (fees_event, distributed) = (true, true);
                    println!(
                        "      network fees     {} CERE → {} (all clusters' network fees settled since the last payment)",
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
                    management_paid += f.cluster_management_fee;
                }
                Event::ClusterDistributeRevenues(p) if p.cluster_id == cluster_id => {
                    if !distributed {
                        println!(
                            "    money flow: cluster {cluster_id} revenues {} CERE distributed",
                            units(revenues0)
                        );
                    }
                    distributed = true;
                    let (weight, vnodes) = weights.get(&p.provider_id).copied().unwrap_or((0, 0));
                    let to_providers = revenues0.saturating_sub(management_paid);
                    let share = if total_weight == 0 {
                        0
                    } else {
                        to_providers * weight / total_weight
                    };
                    println!(
                        "      provider share   {} CERE → {} ({} {}{})",
                        units(p.value),
                        self.name(&p.provider_id),
                        vnodes,
                        if vnodes == 1 { "vnode" } else { "vnodes" },
                        if by_count {
                            String::new()
                        } else {
                            format!(
                                " priced {} of {} USD/month",
                                usd_whole(weight),
                                usd_whole(total_weight)
                            )
                        }
                    );
                    if p.value != share {
                        return Err(format!(
                            "{} is paid {} of the providers' {}; its vnodes' prices make it {share}",
                            self.name(&p.provider_id),
                            p.value,
                            to_providers
                        ));
                    }
                    *expected.entry(p.provider_id).or_default() += p.value;
                    providers_paid += p.value;
                }
                _ => {}
            }
        }
        if distributed {
            println!(
                "      left in cluster  {} CERE (rounding, paid with the next distribution)",
                units(revenues1)
            );
            if !fees_event && (pool0 > 0 || management0 > 0) {
                return Err(format!(
                    "cluster {cluster_id} was distributed without its fees ({pool0} network, {management0} management)"
                ));
            }
        }
        if revenues0.checked_sub(revenues1) != Some(management_paid + providers_paid) {
            return Err(format!(
                "cluster {cluster_id}'s revenues went {revenues0} → {revenues1}, but {} was paid from them",
                management_paid + providers_paid
            ));
        }
        for r in &recipients {
            let (free0, dep0) = before[r];
            let (free1, dep1) = (self.b.free_balance(r)?, self.deposit(r)?);
            let got = (free1 + dep1).checked_sub(free0 + dep0);
            let mut want = expected.get(r).copied().unwrap_or(0);
            // The caller also paid the storage deposit of its call (or got one back).
            if *r == caller.id {
                want = want
                    .checked_add_signed(-self.last_storage_deposit)
                    .ok_or("deposit")?;
            }
            if got != Some(want) {
                return Err(format!(
                    "{} received {got:?}, the events say {want}",
                    self.name(r)
                ));
            }
        }
        Ok((out, events))
    }

    // ---- the oracle -------------------------------------------------------------------------

    /// The oracle's bounds now: (lowest, highest, when the window began, the rate it began
    /// with). A day-long window opens with the first rate set after the last one ended; within
    /// it the rate stays between half and twice the rate the window began with.
    fn rate_bounds(&mut self) -> Res<(Balance, Balance, u64, Balance)> {
        let now = self.b.now()?;
        let (start, anchor) = match self.rate_window {
            Some((start, anchor)) if now < start.saturating_add(RATE_WINDOW_MS) => (start, anchor),
            _ => (now, self.account_get_usd_per_cere()?),
        };
        Ok((anchor.div_ceil(2), anchor.saturating_mul(2), start, anchor))
    }

    /// The oracle sets the rate (within its bounds), and the story notes the window.
    fn set_rate(&mut self, oracle: &Actor, usd_per_cere: Balance) -> Res<()> {
        let (_, _, start, anchor) = self.rate_bounds()?;
        self.account_set_usd_per_cere(oracle, usd_per_cere)?;
        self.rate_window = Some((start, anchor));
        Ok(())
    }
}

/// The messages, as the story calls them: each call is printed with its events, and `Err` (or
/// a revert) stops the story with the contract's typed error.
impl Transactions for Story {
    type Caller = Actor;
    type Tx<T> = Res<(T, Vec<Event>)>;

    fn transact<T: Decode>(
        &mut self,
        who: &Actor,
        message: &str,
        args: impl Encode,
        value: Balance,
    ) -> Res<(T, Vec<Event>)> {
        let out = self.b.tx(who, message, args.encode(), value)?;
        self.last_storage_deposit = out.storage_deposit;
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
                    self.follow(e)?;
                }
                Ok((v, out.events))
            }
            Ok(_) => Err(format!("{message} by {} reverted with Ok", who.name)),
            Err(e) if self.expect_refusal == Some(e) => {
                self.expect_refusal = None;
                println!(
                    "  {} → {message}{value_note}: refused with {e:?}, as it should be",
                    who.name
                );
                Err(format!("{message} refused with {e:?}"))
            }
            Err(e) => Err(format!(
                "{message} by {} failed with the contract error {e:?}",
                who.name
            )),
        }
    }
}

impl Views for Story {
    type View<T> = Res<T>;

    fn view<T: Decode>(&mut self, message: &str, args: impl Encode) -> Res<T> {
        let out = self.b.query(message, args.encode())?;
        <Result<T, ink::LangError>>::decode_all(&mut &out[..])
            .map_err(|e| format!("{message}: undecodable output: {e}"))?
            .map_err(|e| format!("{message}: {e:?}"))
    }
}

fn play(mut s: Story, pace: &Pace, admin: Actor) -> Res<()> {
    println!("Chain: {}", s.b.describe());
    println!("Contract: {}", short(&s.b.contract()));
    s.names.push((s.b.contract(), "(contract)".into()));

    // ---- 1. the cast --------------------------------------------------------------------------
    s.heading(
        "the cast: an admin, an oracle, a cluster manager, four providers, four apps, a keeper, two fee recipients",
    )?;
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
        "video-app",
        "gallery-app",
        "community-fund",
    ];
    let mut people = vec![];
    for (i, name) in cast.iter().enumerate() {
        let a = s.b.actor(name, 2 + i as u8)?;
        s.b.fund(&a, 1000 * TOKEN)?;
        people.push(s.add(a));
    }
    let [oracle, manager, fra, iad, sin, gru, photos, chat, treasury, keeper, video, gallery, fund] =
        <[Actor; 13]>::try_from(people).map_err(|_| "cast")?;
    println!(
        "  each was given 1000 CERE to pay with (the photos app gets 1000 more before it deposits)"
    );

    // ---- 2. governance ------------------------------------------------------------------------
    s.heading("the admin appoints an oracle and sets fees; the oracle sets CERE/USD")?;
    s.admin_grant_permission(&admin, oracle.id, Permission::SetExchangeRate, 0)?;
    s.set_rate(&oracle, 8 * TOKEN / 10)?;
    s.admin_set_fee_config(
        &admin,
        FeeConfig {
            network_fee_bp: 100,
            network_fee_destination: treasury.id,
            cluster_management_fee_bp: 200,
        },
    )?;
    if let Some(ms) = pace.grace {
        s.admin_set_grace_period(&admin, ms)?;
    }
    let rate = s.account_get_usd_per_cere()?;
    let grace = s.bucket_get_grace_period()?;
    println!(
        "  1 CERE = {} USD; fees, taken from each settlement as it is paid: {}",
        units(rate),
        s.fee_line()
    );
    println!(
        "  grace period {}: an allocation needs a deposit that covers all the payer's rent that long, and a bucket unpaid for longer can be expired by anyone",
        duration(grace)
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
        s.node_trust_manager(p, manager.id, 0)?;
        let params = format!("{{\"url\":\"{url}\",\"region\":\"{region}\"}}");
        let (id, _) = s.node_create(p, rent * TOKEN, params.into(), capacity, 0)?;
        s.capacity.insert(id, capacity);
        nodes.push(id);
    }
    let [fra_node, iad_node, sin_node] =
        <[u32; 3]>::try_from(nodes.clone()).map_err(|_| "nodes")?;
    s.print_nodes()?;
    s.print_accounts()?;

    // ---- 4. the cluster -----------------------------------------------------------------------
    s.heading("the manager builds a cluster of 6 vnodes and reserves capacity")?;
    let (cluster, _) = s.cluster_create(
        &manager,
        manager.id,
        6,
        nodes.clone(),
        "{\"replication\":3,\"name\":\"eu-us-asia\"}".into(),
        0,
    )?;
    s.cluster_reserve_resource(&manager, cluster, 10)?;
    println!(
        "  each vnode is priced at its node's rent now; a unit of resource costs their sum per month"
    );
    s.print_nodes()?;
    s.print_clusters()?;
    s.print_accounts()?;

    // ---- 5. apps ------------------------------------------------------------------------------
    s.heading("apps deposit CERE, then allocate; an unfunded allocation is refused")?;
    let (photos_bucket, _) = s.bucket_create(
        &photos,
        "{\"name\":\"photos\",\"replication\":3}".into(),
        cluster,
        100 * TOKEN,
    )?;
    s.b.fund(&photos, 1000 * TOKEN)?;
    s.account_deposit(&photos, 600 * TOKEN)?;
    s.bucket_alloc_into_cluster(&photos, photos_bucket, 5)?;
    let (chat_bucket, _) = s.bucket_create(
        &chat,
        "{\"name\":\"chat\",\"replication\":3}".into(),
        cluster,
        0,
    )?;
    // The chat app deposits just enough for a while: the rent of 2 units at the cluster's
    // price, converted at today's rate. Then it allocates.
    let price = s.cluster(cluster)?.cluster.total_rent;
    let chat_usd_month = price * 2;
    let chat_cere_month = usd_to_cere(chat_usd_month, rate);
    let chat_deposit =
        chat_cere_month.saturating_mul(Balance::from(pace.short_cover)) / MS_PER_MONTH;
    println!(
        "  chat-app will pay 2 units × {} = {} USD/month = {} CERE/month; it deposits enough for {}, then allocates",
        units(price),
        units(chat_usd_month),
        units(chat_cere_month),
        duration(pace.short_cover)
    );
    s.account_deposit(&chat, chat_deposit)?;
    s.bucket_alloc_into_cluster(&chat, chat_bucket, 2)?;
    if s.pays(&chat.id)? != chat_usd_month {
        return Err("chat-app does not pay what its allocation costs".into());
    }
    let (video_bucket, _) = s.bucket_create(
        &video,
        "{\"name\":\"video\",\"replication\":3}".into(),
        cluster,
        0,
    )?;
    s.refused(Error::InsufficientDeposit, |s| {
        s.bucket_alloc_into_cluster(&video, video_bucket, 3)
    })?;
    println!(
        "  video-app has no deposit: its rent would not be covered for the grace period, so the capacity stays free"
    );
    s.print_clusters()?;
    s.print_buckets()?;
    s.print_accounts()?;

    // ---- 6. time passes -----------------------------------------------------------------------
    let buckets = [photos_bucket, chat_bucket];
    s.later(pace.hour, "a keeper settles the rent of both buckets")?;
    s.settle_all(&keeper, &buckets)?;
    s.print_accounts()?;

    s.later(
        pace.day,
        "settlements, then the cluster's revenues go to providers",
    )?;
    s.settle_all(&keeper, &buckets)?;
    println!(
        "  each provider's share: the providers' part in proportion to the prices of the vnodes its node hosts"
    );
    s.distribute(&keeper, cluster)?;
    s.print_clusters()?;
    s.print_accounts()?;

    // ---- 7. a vnode moves ---------------------------------------------------------------------
    s.later(
        pace.day,
        "a fourth provider joins; the manager moves vnode 2 from provider-sin's node to its node",
    )?;
    s.node_trust_manager(&gru, manager.id, 0)?;
    let (gru_node, _) = s.node_create(
        &gru,
        11 * TOKEN,
        "{\"url\":\"https://ddc-gru-1.example.net\",\"region\":\"sa-east\"}".into(),
        100,
        0,
    )?;
    s.capacity.insert(gru_node, 100);
    s.settle_all(&keeper, &buckets)?;
    s.print_nodes()?;
    s.print_clusters()?;
    s.print_accounts()?;
    let rent0 = s.cluster(cluster)?.cluster.total_rent;
    println!(
        "  cluster 1 holds {} CERE settled while vnode 2 was on provider-sin's node: the move pays it out first, at the old assignment",
        units(s.cluster(cluster)?.cluster.revenues.value)
    );
    s.paying_out(&manager, cluster, |s| {
        s.cluster_replace_node(&manager, cluster, 2, gru_node)
    })?;
    let rent1 = s.cluster(cluster)?.cluster.total_rent;
    let moved_price = s.rings[&cluster][2].1;
    if rent1 != rent0 {
        return Err(format!(
            "the move changed cluster 1's rent: {rent0} → {rent1}"
        ));
    }
    println!(
        "  vnode 2 keeps its price, {} USD/month (provider-sin's rent when it was placed), not provider-gru's 11: cluster 1's rent stays {} USD/month per unit and no bucket pays more; provider-gru is paid for vnode 2 from now on",
        usd_whole(moved_price),
        usd_whole(rent1)
    );
    s.print_nodes()?;
    s.print_clusters()?;
    s.print_accounts()?;

    // ---- 8. a node grows, its rent rises ------------------------------------------------------
    s.heading(
        "provider-fra enlarges its node and raises its rent; the vnodes it hosts keep their price",
    )?;
    s.print_nodes()?;
    s.print_clusters()?;
    let pays0 = (s.pays(&photos.id)?, s.pays(&chat.id)?);
    s.node_change_capacity(&fra, fra_node, 200)?;
    let reserved_iad = s.capacity[&iad_node] - s.node(iad_node)?.node.free_resource;
    s.refused(Error::InsufficientResources, |s| {
        s.node_change_capacity(&iad, iad_node, reserved_iad - 5)
    })?;
    println!("  provider-iad cannot shrink its node below the {reserved_iad} its vnodes reserve");
    s.node_change_rent(&fra, fra_node, 14 * TOKEN)?;
    let rent2 = s.cluster(cluster)?.cluster.total_rent;
    let pays1 = (s.pays(&photos.id)?, s.pays(&chat.id)?);
    if rent2 != rent1 || pays1 != pays0 {
        return Err("a rent change re-priced vnodes already placed".into());
    }
    println!(
        "    money moved: none. Cluster 1 still costs {} USD/month per unit: its two vnodes on node {fra_node} keep the price they were placed at ({}); photos-app and chat-app pay what they paid ({} and {} USD/month)",
        usd_whole(rent2),
        usd_whole(s.rings[&cluster][0].1),
        units(pays1.0),
        units(pays1.1)
    );
    s.print_nodes()?;
    s.print_clusters()?;

    // ---- 9. vnodes placed later ---------------------------------------------------------------
    s.heading("the manager builds a second cluster: vnodes placed now are priced at the new rent")?;
    s.refused(Error::ClusterInUse, |s| {
        s.cluster_add_node(&manager, cluster, fra_node, 1)
    })?;
    println!(
        "  cluster 1's ring stays as it is while buckets hold resource in it (their rent was priced on it)"
    );
    let (cluster2, _) = s.cluster_create(
        &manager,
        manager.id,
        2,
        vec![fra_node],
        "{\"replication\":3,\"name\":\"eu-us\"}".into(),
        0,
    )?;
    s.cluster_add_node(&manager, cluster2, iad_node, 1)?;
    s.cluster_set_resource_per_v_node(&manager, cluster2, 5)?;
    let prices2: Vec<String> = s.rings[&cluster2]
        .iter()
        .map(|(_, p)| usd_whole(*p))
        .collect();
    println!(
        "  cluster 2 costs {} = {} USD/month per unit: its vnodes on node {fra_node} are priced at provider-fra's new rent, while cluster 1 still prices its own at {}",
        prices2.join(" + "),
        usd_whole(s.cluster(cluster2)?.cluster.total_rent),
        usd_whole(s.rings[&cluster][0].1)
    );
    println!("    money moved: none (no bucket in cluster 2 yet)");
    s.print_nodes()?;
    s.print_clusters()?;

    // ---- 10. a bucket shrinks -----------------------------------------------------------------
    s.later(
        pace.week,
        "the photos app shrinks its bucket from 5 to 3 units",
    )?;
    s.print_clusters()?;
    s.print_buckets()?;
    let (pays0, until0) = (
        s.pays(&photos.id)?,
        s.bucket(photos_bucket)?.rent_covered_until_ms,
    );
    let used0 = s.cluster(cluster)?.cluster.resource_used;
    let (_, events) = s.moving(&[&photos], cluster, |s| {
        s.bucket_release_resource(&photos, photos_bucket, 2)
    })?;
    let (pays1, until1) = (
        s.pays(&photos.id)?,
        s.bucket(photos_bucket)?.rent_covered_until_ms,
    );
    let used1 = s.cluster(cluster)?.cluster.resource_used;
    let released: Balance = events
        .iter()
        .filter_map(|e| match e {
            Event::BucketReleased(r) if r.bucket_id == photos_bucket => Some(r.rate),
            _ => None,
        })
        .sum();
    if pays0.checked_sub(pays1) != Some(released) || used0.checked_sub(used1) != Some(2) {
        return Err(format!(
            "the release does not add up: rent {pays0} → {pays1}, event {released}, used {used0} → {used1}"
        ));
    }
    println!(
        "  photos-app pays {} → {} USD/month; the cluster's capacity in use {used0} → {used1} per vnode; rent covered until {} → {}",
        units(pays0),
        units(pays1),
        date(until0),
        date(until1)
    );
    s.print_clusters()?;
    s.print_buckets()?;
    s.print_accounts()?;

    // ---- 11. the admin changes the fees -------------------------------------------------------
    s.later(
        pace.day,
        "the admin raises the fees and sends the network fee to a community fund",
    )?;
    s.settle_all(&keeper, &buckets)?;
    s.print_clusters()?;
    s.print_accounts()?;
    println!(
        "  fees now: {}; network fees settled and unpaid: {} CERE, for {}",
        s.fee_line(),
        units(s.network_pool),
        s.name(&s.fees.network_fee_destination)
    );
    let too_high = FeeConfig {
        network_fee_bp: 600,
        network_fee_destination: fund.id,
        cluster_management_fee_bp: 500,
    };
    s.refused(Error::InvalidFeeBasisPoints, |s| {
        s.admin_set_fee_config(&admin, too_high)
    })?;
    println!(
        "  6 % + 5 % is refused: the two fees together stay within 10 %, a cap every contract is built with"
    );
    let management_before = s.management.get(&cluster).copied().unwrap_or(0);
    s.paying_out(&admin, cluster, |s| {
        s.admin_set_fee_config(
            &admin,
            FeeConfig {
                network_fee_bp: 200,
                network_fee_destination: fund.id,
                cluster_management_fee_bp: 300,
            },
        )
    })?;
    println!(
        "  fees from now on: {}. What was settled before keeps its fees: the network fees went to treasury, and cluster 1 still holds {} CERE of management fees settled at 2 %",
        s.fee_line(),
        units(management_before)
    );
    s.print_accounts()?;
    s.later(pace.hour, "settlements under the new fees")?;
    s.settle_all(&keeper, &buckets)?;
    s.print_clusters()?;
    s.print_accounts()?;

    // ---- 12. the oracle moves the rate --------------------------------------------------------
    s.heading("the oracle moves CERE/USD within its bound; a larger move is refused")?;
    s.print_buckets()?;
    let covered0 = s.bucket(photos_bucket)?.rent_covered_until_ms;
    let (lowest, highest, start, anchor) = s.rate_bounds()?;
    println!(
        "  the oracle's day-long window: from {} to {} the rate stays within {} ..= {} USD, half and twice the {} it began with",
        date(start),
        date(start.saturating_add(RATE_WINDOW_MS)),
        units(lowest),
        units(highest),
        units(anchor)
    );
    s.set_rate(&oracle, TOKEN)?;
    let beyond = highest + TOKEN / 100;
    s.refused(Error::RateChangeTooLarge, |s| {
        s.account_set_usd_per_cere(&oracle, beyond)
    })?;
    println!(
        "  {} USD is refused: more than twice {}, the rate this window began with",
        units(beyond),
        units(anchor)
    );
    let covered1 = s.bucket(photos_bucket)?.rent_covered_until_ms;
    println!(
        "    money moved: none. Deposits are worth more USD now, so they cover rent for longer (photos-app until {}, was {}); settlements convert at {} USD/CERE from now on",
        date(covered1),
        date(covered0),
        units(s.account_get_usd_per_cere()?)
    );
    s.print_buckets()?;

    // ---- 13. a month later --------------------------------------------------------------------
    s.later(
        pace.month,
        if pace.runs_dry {
            "the chat app has run short; settlements and a distribution"
        } else {
            "settlements and a distribution"
        },
    )?;
    s.settle_all(&keeper, &buckets)?;
    println!(
        "  provider-gru is paid for vnode 2 from its move on; the network fees go to the community fund; the manager's fees were settled at 2 % before the change and 3 % since"
    );
    s.distribute(&keeper, cluster)?;
    let now = s.b.now()?;
    let chat_until = s.bucket(chat_bucket)?.rent_covered_until_ms;
    if pace.runs_dry {
        if chat_until >= now {
            return Err("the chat app was meant to run short by now".into());
        }
        println!(
            "  chat-app's bucket {chat_bucket} is no longer covered: DDC nodes stop serving it (exit 1 from tests/js/bucket-status.mjs)"
        );
    }
    s.print_all()?;

    // ---- 14. a withdrawal ---------------------------------------------------------------------
    s.heading("the photos app withdraws 50 CERE of its deposit")?;
    let dep0 = s.deposit(&photos.id)?;
    let until0 = s.bucket(photos_bucket)?.rent_covered_until_ms;
    let ((), events) = s.account_withdraw(&photos, 50 * TOKEN)?;
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

    // ---- 15. an unpaid bucket expires ---------------------------------------------------------
    s.heading("a stranger expires the chat app's unpaid bucket; the video app takes the capacity")?;
    if pace.runs_dry {
        expire(
            &mut s,
            &keeper,
            &chat,
            &video,
            chat_bucket,
            video_bucket,
            cluster,
        )?;
    } else {
        println!(
            "  skipped on a real chain: the chat app's deposit covers the grace period ({}), which does not pass in the story's seconds",
            duration(grace)
        );
    }

    // ---- 16. a bucket changes hands -----------------------------------------------------------
    s.heading("the photos app hands its bucket to a gallery app, which adds it as a writer")?;
    s.print_buckets()?;
    s.print_accounts()?;
    let pays_photos = s.pays(&photos.id)?;
    s.bucket_change_owner(&photos, photos_bucket, gallery.id, 0)?;
    println!("  the offer alone changes nothing: gallery-app must accept it, and pay from then on");
    s.moving(&[&photos, &gallery], cluster, |s| {
        s.bucket_change_owner(&gallery, photos_bucket, gallery.id, 100 * TOKEN)
    })?;
    s.bucket_set_writer_perm(&gallery, photos_bucket, photos.id)?;
    let writers = s
        .get_bucket_writers(photos_bucket)?
        .map_err(|e| format!("get_bucket_writers: {e:?}"))?;
    let owner = s.bucket(photos_bucket)?.bucket.owner_id;
    if owner != gallery.id || writers != vec![photos.id] || s.pays(&gallery.id)? != pays_photos {
        return Err("the bucket, its rent and its writer did not move to gallery-app".into());
    }
    println!(
        "  get_bucket_writers({photos_bucket}) = [{}]; gallery-app now pays the {} USD/month photos-app paid",
        s.name(&writers[0]),
        units(pays_photos)
    );
    s.print_node_view(photos_bucket)?;
    s.print_buckets()?;
    s.print_accounts()?;

    // ---- 17. a bucket closes ------------------------------------------------------------------
    s.later(
        pace.hour,
        "the gallery app closes the bucket and withdraws all it does not owe",
    )?;
    s.print_clusters()?;
    s.print_buckets()?;
    s.moving(&[&gallery], cluster, |s| {
        s.bucket_close(&gallery, photos_bucket)
    })?;
    s.print_node_view(photos_bucket)?;
    let everything = s.deposit(&gallery.id)?;
    println!(
        "  gallery-app pays {} USD/month now: all of its {} CERE deposit is free",
        units(s.pays(&gallery.id)?),
        units(everything)
    );
    s.moving(&[&gallery], cluster, |s| {
        s.account_withdraw(&gallery, everything)
    })?;
    if s.deposit(&gallery.id)? != 0 {
        return Err("gallery-app's deposit should be empty".into());
    }
    s.print_all()?;

    // ---- 18. a provider leaves; a cluster is taken down ---------------------------------------
    s.later(
        pace.day,
        "provider-sin leaves the network; the manager takes the second cluster down",
    )?;
    s.settle_all(&keeper, &[video_bucket])?;
    s.print_nodes()?;
    s.print_clusters()?;
    s.refused(Error::NodeInUse, |s| s.node_remove(&sin, sin_node))?;
    println!(
        "  node {sin_node} still hosts vnode 5 of cluster 1: the manager moves it to provider-gru's node first, which pays provider-sin for what was settled while it hosted"
    );
    s.paying_out(&manager, cluster, |s| {
        s.cluster_replace_node(&manager, cluster, 5, gru_node)
    })?;
    s.node_remove(&sin, sin_node)?;
    match s.node_get(sin_node)? {
        Err(Error::NodeDoesNotExist) => {}
        other => return Err(format!("node {sin_node} after node_remove: {other:?}")),
    }
    println!("  node_get({sin_node}) → NodeDoesNotExist");
    s.cluster_remove_node(&manager, cluster2, iad_node)?;
    s.cluster_remove(&manager, cluster2)?;
    s.refused(Error::ClusterWasRemoved, |s| {
        s.bucket_create(&video, "{\"name\":\"late\"}".into(), cluster2, 0)
    })?;
    println!(
        "  cluster 2's reservations went back to nodes {fra_node} and {iad_node}; it takes no bucket any more"
    );
    s.print_nodes()?;
    s.print_clusters()?;
    s.print_accounts()?;

    // ---- 19. the books -------------------------------------------------------------------------
    s.heading("the books: the contract holds what it owes")?;
    let mut owed: Balance = 0;
    for a in s.actors.clone() {
        owed += s.deposit(&a.id)?;
    }
    let clusters = s.list(|s, offset, limit| s.cluster_list(offset, limit, None))?;
    owed += clusters
        .iter()
        .map(|c| c.cluster.revenues.value)
        .sum::<Balance>();
    owed += s.network_pool;
    let contract = s.b.contract();
    let held = s.b.free_balance(&contract)?;
    println!(
        "  the contract holds {} CERE; deposits, undistributed revenues and unpaid network fees ({} CERE) come to {} CERE",
        units(held),
        units(s.network_pool),
        units(owed)
    );
    if held < owed {
        return Err(format!("the contract holds {held} but owes {owed}"));
    }

    // ---- 20. the picture ----------------------------------------------------------------------
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

/// Step 15: the video app, funded now, asks for more than the cluster has free and is
/// refused; a stranger (the keeper) expires the chat app's bucket, unpaid for longer than the
/// grace period, which gives its capacity back; the video app's allocation then succeeds.
fn expire(
    s: &mut Story,
    stranger: &Actor,
    chat: &Actor,
    video: &Actor,
    chat_bucket: u32,
    video_bucket: u32,
    cluster: u32,
) -> Res<()> {
    s.print_clusters()?;
    s.print_buckets()?;
    s.print_accounts()?;
    s.account_deposit(video, 300 * TOKEN)?;
    let c = s.cluster(cluster)?.cluster;
    let free = c.resource_per_vnode - c.resource_used;
    println!(
        "  the cluster has {free} of {} per vnode free",
        c.resource_per_vnode
    );
    s.refused(Error::InsufficientResources, |s| {
        s.bucket_alloc_into_cluster(video, video_bucket, free + 2)
    })?;
    let until = s.bucket(chat_bucket)?.rent_covered_until_ms;
    let grace = s.bucket_get_grace_period()?;
    println!(
        "  chat-app's rent is covered until {}; a grace period of {} later, {}, anyone may expire its bucket",
        date(until),
        duration(grace),
        date(until.saturating_add(grace))
    );
    let (_, events) = s.moving(&[chat], cluster, |s| s.bucket_expire(stranger, chat_bucket))?;
    let arrears = events
        .iter()
        .find_map(|e| match e {
            Event::BucketClosed(c) if c.bucket_id == chat_bucket && c.expired => Some(c.arrears),
            _ => None,
        })
        .ok_or("bucket_expire emitted no BucketClosed (expired)")?;
    let owed = s
        .account(&chat.id)?
        .map(|a| a.payable_schedule.arrears)
        .unwrap_or(0);
    if owed != arrears || s.pays(&chat.id)? != 0 {
        return Err(format!(
            "chat-app should owe the bucket's arrears {arrears} and pay nothing more; it owes {owed}"
        ));
    }
    let usd = arrears / MS_PER_MONTH;
    let rate = s.account_get_usd_per_cere()?;
    println!(
        "  arrears: chat-app still owes {} USD (≈ {} CERE at today's rate), the rent its deposit did not cover; its next deposit pays it by a settlement of bucket {chat_bucket}",
        units(usd),
        units(usd_to_cere(usd, rate))
    );
    s.print_node_view(chat_bucket)?;
    let c = s.cluster(cluster)?.cluster;
    println!(
        "  the capacity is back: {} of {} per vnode free",
        c.resource_per_vnode - c.resource_used,
        c.resource_per_vnode
    );
    s.bucket_alloc_into_cluster(video, video_bucket, free + 2)?;
    s.print_clusters()?;
    s.print_buckets()?;
    s.print_accounts()
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
                    hour: (HOUR, "an hour later"),
                    day: (DAY - HOUR, "a day later"),
                    week: (6 * DAY, "a week later"),
                    month: (30 * DAY, "a month later"),
                    short_cover: 12 * DAY,
                    grace: None,
                    runs_dry: true,
                };
                (Box::new(chain), admin, pace)
            }
            Some(url) => {
                let address = match &contract {
                    Some(a) => a.clone(),
                    None => deploy_remote(url, &suri)?,
                };
                let (remote, admin) = Remote::connect(&root(), url, &suri, &address)?;
                // The shortest grace period the contract allows; an allocation needs a deposit
                // covering it, so the chat app's cannot run out in the story's seconds.
                let pace = Pace {
                    hour: (6_000, "6 s later (real time)"),
                    day: (12_000, "12 s later"),
                    week: (6_000, "6 s later"),
                    month: (30_000, "30 s later"),
                    short_cover: HOUR + 60_000,
                    grace: Some(HOUR),
                    runs_dry: false,
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
            closed: BTreeMap::new(),
            expect_refusal: None,
            fees: FeeConfig::default(),
            network_pool: 0,
            management: BTreeMap::new(),
            rings: BTreeMap::new(),
            removed: BTreeSet::new(),
            rate_window: None,
            last_storage_deposit: 0,
        };
        play(story, &pace, admin)
    })();
    if let Err(e) = result {
        eprintln!("\nThe story stopped: {e}");
        std::process::exit(1);
    }
}
