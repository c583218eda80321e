//! Test harness for the domain logic: a `Ddc` with a clock, a bank (wallets and the contract's
//! balance, with transfers that can be refused), and checks for "nothing changed" and
//! "every token is accounted for".
#![allow(dead_code)]

use ddc_bucket::core::Ddc;
use ddc_bucket::error::Result;
use ddc_bucket::events::{Event, Events};
use ddc_bucket::fee::entity::FeeConfig;
use ddc_bucket::paging::{pages, read_all_pages, Page, FIRST_OFFSET};
use ddc_bucket::types::{AccountId, Balance, ClusterId, Ctx, NodeId, TOKEN};
use std::collections::{BTreeMap, BTreeSet};

mod kinds;
#[allow(unused_imports)]
pub use kinds::*;

pub fn acc(n: u8) -> AccountId {
    AccountId::from([n; 32])
}
pub fn admin() -> AccountId {
    acc(1)
}
pub fn alice() -> AccountId {
    acc(2)
}
pub fn bob() -> AccountId {
    acc(3)
}
pub fn charlie() -> AccountId {
    acc(4)
}
pub fn django() -> AccountId {
    acc(5)
}
pub fn eve() -> AccountId {
    acc(6)
}
pub fn zero() -> AccountId {
    AccountId::from([0; 32])
}
/// Everyone the tests use, for snapshots and conservation sums.
pub fn everyone() -> Vec<AccountId> {
    vec![zero(), admin(), alice(), bob(), charlie(), django(), eve()]
}

#[derive(Debug, Default)]
pub struct Bank {
    pub wallets: BTreeMap<AccountId, Balance>,
    /// The contract account's balance.
    pub contract: Balance,
    /// Transfers to these accounts are refused (like a transfer below the existential deposit).
    pub refuse: BTreeSet<AccountId>,
    /// Every transfer out of the contract that went through, in order.
    pub transfers: Vec<(AccountId, Balance)>,
}

impl Bank {
    pub fn wallet(&self, who: AccountId) -> Balance {
        self.wallets.get(&who).copied().unwrap_or(0)
    }

    fn transfer_out(&mut self, to: AccountId, amount: Balance) -> bool {
        if self.refuse.contains(&to) || self.contract < amount {
            return false;
        }
        self.contract -= amount;
        *self.wallets.entry(to).or_default() += amount;
        self.transfers.push((to, amount));
        true
    }
}

/// Every page of a list, read by the documented loop at limit 20.
pub fn all_pages<T>(list: impl FnMut(u32, u32) -> (Vec<T>, u32)) -> Vec<Page<T>> {
    pages(FIRST_OFFSET, 20, list).collect()
}

pub type Pay<'a> = &'a mut dyn FnMut(AccountId, Balance) -> bool;

pub struct World {
    pub ddc: Ddc,
    pub bank: Bank,
    pub now: u64,
    /// Events of the last successful call.
    pub events: Events,
}

impl World {
    /// A fresh contract deployed by `admin()`; every actor's wallet holds 1000 TOKEN.
    pub fn new() -> Self {
        // The off-chain storage engine keys storage by the running contract, and it lives as
        // long as the thread: each `World` runs as a contract of its own, so that several worlds
        // built one after the other in one thread (proptest cases) never share storage.
        // Use one `World` at a time per thread.
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut callee = [99u8; 32];
        callee[..8].copy_from_slice(&n.to_le_bytes());
        ink::env::test::set_callee::<ink::env::DefaultEnvironment>(AccountId::from(callee));
        let mut events = Events::new();
        let ddc = Ddc::new(admin(), &mut events);
        let mut bank = Bank::default();
        for who in everyone() {
            bank.wallets.insert(who, 1000 * TOKEN);
        }
        World {
            ddc,
            bank,
            now: 0,
            events,
        }
    }

    pub fn ctx(&self, caller: AccountId, value: Balance) -> Ctx {
        Ctx {
            caller,
            now: self.now,
            value,
        }
    }

    /// Calls a message as `caller` sending `value`, the way the chain would: the value moves
    /// from the wallet to the contract only if the call succeeds; events are kept on success.
    pub fn call<T>(
        &mut self,
        caller: AccountId,
        value: Balance,
        message: impl FnOnce(&mut Ddc, Ctx, Pay, &mut Events) -> Result<T>,
    ) -> Result<T> {
        let ctx = self.ctx(caller, value);
        let wallet = self.bank.wallet(caller);
        assert!(wallet >= value, "test wallet too small");
        self.bank.contract += value;
        let mut ev = Events::new();
        let bank = &mut self.bank;
        let mut pay = |to: AccountId, amount: Balance| bank.transfer_out(to, amount);
        let out = message(&mut self.ddc, ctx, &mut pay, &mut ev);
        match out {
            Ok(_) => {
                *self.bank.wallets.entry(caller).or_default() -= value;
                self.events = ev;
            }
            Err(_) => self.bank.contract -= value,
        }
        out
    }

    /// Everything observable: lists, accounts, rate, fees, permissions, totals, balances.
    pub fn snapshot(&self) -> String {
        use ddc_bucket::perm::entity::Permission;
        let d = &self.ddc;
        let mut s = String::new();
        // Every page with its request and max_id, so that a change of either shows.
        s += &format!("{:?}", all_pages(|o, l| d.bucket_list(o, l, None).unwrap()));
        s += &format!(
            "{:?}",
            all_pages(|o, l| d.cluster_list(o, l, None).unwrap())
        );
        s += &format!("{:?}", all_pages(|o, l| d.node_list(o, l, None).unwrap()));
        for who in everyone() {
            s += &format!("{:?}", d.account_get(who));
            for p in [Permission::SuperAdmin, Permission::SetExchangeRate] {
                s += &format!("{}", d.has_permission(who, p));
            }
            for other in everyone() {
                s += &format!(
                    "{}",
                    d.has_permission(who, Permission::ManagerTrustedBy(other))
                );
            }
        }
        s += &format!(
            "{} {:?} {} {:?}",
            d.account_get_usd_per_cere(),
            d.fee_config(),
            d.total_owed(),
            self.bank
        );
        s
    }

    /// Calls a message that must succeed and emit exactly `events`, in order; returns what it
    /// returned.
    pub fn expect_ok<T>(
        &mut self,
        caller: AccountId,
        value: Balance,
        events: Vec<Event>,
        message: impl FnOnce(&mut Ddc, Ctx, Pay, &mut Events) -> Result<T>,
    ) -> T {
        let out = self.call(caller, value, message);
        let Ok(out) = out else {
            panic!("the call failed: {:?}", out.err());
        };
        self.assert_events(events);
        out
    }

    /// Calls a message that must succeed, emit exactly `events` and change nothing.
    pub fn expect_unchanged<T>(
        &mut self,
        caller: AccountId,
        value: Balance,
        events: Vec<Event>,
        message: impl FnOnce(&mut Ddc, Ctx, Pay, &mut Events) -> Result<T>,
    ) {
        let before = self.snapshot();
        self.expect_ok(caller, value, events, message);
        assert_eq!(self.snapshot(), before, "the call changed state");
    }

    /// Calls a message that must fail with `expected` and checks that it changed nothing.
    pub fn expect_err<T: std::fmt::Debug>(
        &mut self,
        caller: AccountId,
        value: Balance,
        expected: ddc_bucket::error::Error,
        message: impl FnOnce(&mut Ddc, Ctx, Pay, &mut Events) -> Result<T>,
    ) {
        let before = self.snapshot();
        let out = self.call(caller, value, message);
        assert_eq!(out.err(), Some(expected));
        assert_eq!(self.snapshot(), before, "a failed call changed state");
    }

    /// Σ deposits of everyone + Σ cluster revenues + the network fees not yet paid out.
    pub fn owed_by_sum(&self) -> Balance {
        let deposits: Balance = everyone()
            .into_iter()
            .filter_map(|w| self.ddc.account_get(w).ok())
            .map(|a| a.deposit.value)
            .sum();
        let revenues: Balance =
            read_all_pages(20, |o, l| self.ddc.cluster_list(o, l, None).unwrap())
                .iter()
                .map(|c| c.cluster.revenues.value)
                .sum();
        deposits + revenues + self.ddc.undistributed_network_fees()
    }

    /// Every token is accounted for: what the contract owes is exactly the sum of deposits and
    /// revenues, and the contract holds at least that (the rest is surplus).
    pub fn assert_conserved(&self) {
        assert_eq!(
            self.ddc.total_owed(),
            self.owed_by_sum(),
            "total_owed drifted"
        );
        assert!(
            self.bank.contract >= self.ddc.total_owed(),
            "contract is insolvent"
        );
        let total: Balance = self.bank.wallets.values().sum::<Balance>() + self.bank.contract;
        assert_eq!(
            total,
            everyone().len() as Balance * 1000 * TOKEN,
            "tokens created or lost"
        );
    }

    pub fn last_events(&self) -> &[Event] {
        &self.events
    }

    /// The last successful call emitted exactly `expected`, in order.
    pub fn assert_events(&self, expected: Vec<Event>) {
        assert_eq!(self.last_events(), expected.as_slice());
    }

    /// Moves `amount` from `from`'s wallet into the contract's balance without any message,
    /// like an endowment sent to the constructor: it becomes surplus.
    pub fn endow(&mut self, from: AccountId, amount: Balance) {
        let wallet = self.bank.wallets.entry(from).or_default();
        assert!(*wallet >= amount, "test wallet too small");
        *wallet -= amount;
        self.bank.contract += amount;
    }
}

/// Upstream's reference network (docs/upstream.md §6.7): alice, bob and charlie trust django
/// and each create a node (rent 10 TOKEN, capacity 100); django creates a 6-vnode cluster over
/// the three nodes and reserves 10 per vnode. Returns (cluster id, node ids).
pub fn reference_cluster(w: &mut World) -> (ClusterId, Vec<NodeId>) {
    let mut nodes = vec![];
    for provider in [alice(), bob(), charlie()] {
        w.call(provider, 0, |d, c, _, e| {
            d.node_trust_manager(c, django(), e)
        })
        .unwrap();
    }
    for provider in [alice(), bob(), charlie()] {
        let id = w
            .call(provider, 0, |d, c, _, e| {
                d.node_create(c, 10 * TOKEN, "{\"url\":\"https://n\"}".into(), 100, e)
            })
            .unwrap();
        nodes.push(id);
    }
    let ids = nodes.clone();
    let cluster = w
        .call(django(), 0, |d, c, _, e| {
            d.cluster_create(c, 6, ids, "{}".into(), e)
        })
        .unwrap();
    w.call(django(), 0, |d, c, _, e| {
        d.cluster_reserve_resource(c, cluster, 10, e)
    })
    .unwrap();
    (cluster, nodes)
}

/// Upstream's reference fees (docs/upstream.md §10): 1 % network fee to `zero()`, 2 %
/// management fee, set by the admin.
pub fn reference_fees(w: &mut World) {
    let fees = FeeConfig {
        network_fee_bp: 100,
        network_fee_destination: zero(),
        cluster_management_fee_bp: 200,
    };
    w.call(admin(), 0, |d, c, p, e| {
        d.admin_set_fee_config(c, fees, &mut { p }, e)
    })
    .unwrap();
}

/// A one-day grace period: the reference deposit (10 TOKEN) covers 5.17 days of the reference
/// rent, less than the default grace (7 days) that an allocation must be covered for.
pub const REFERENCE_GRACE_MS: u64 = 24 * 3600 * 1000;

/// Upstream's reference bucket: django creates a bucket in `cluster`, deposits 10 TOKEN and
/// allocates 1 (the seed's order: deposit, then allocate), after the admin set the grace
/// period to [`REFERENCE_GRACE_MS`]. Returns the bucket id.
pub fn reference_bucket(w: &mut World, cluster: ClusterId) -> u32 {
    w.call(admin(), 0, |d, c, _, e| {
        d.admin_set_grace_period(c, REFERENCE_GRACE_MS, e)
    })
    .unwrap();
    let bucket = w
        .call(django(), 0, |d, c, _, e| {
            d.bucket_create(c, "{}".into(), cluster, e)
        })
        .unwrap();
    w.call(django(), 10 * TOKEN, |d, c, _, e| d.account_deposit(c, e))
        .unwrap();
    w.call(django(), 0, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, bucket, 1, e)
    })
    .unwrap();
    bucket
}

/// Moves the exchange rate to `target` as the oracle may: at most ×2 or ÷2 per day-long
/// window, one window (a day of the world's clock) per step.
pub fn walk_rate_to(w: &mut World, target: Balance) {
    loop {
        let current = w.ddc.account_get_usd_per_cere();
        if current == target {
            break;
        }
        let next = if target > current {
            target.min(current.saturating_mul(2))
        } else {
            target.max(current.div_ceil(2))
        };
        w.call(admin(), 0, |d, c, _, e| {
            d.account_set_usd_per_cere(c, next, e)
        })
        .unwrap();
        w.now += ddc_bucket::limits::RATE_WINDOW_MS;
    }
}

/// `owner` deposits `deposit`, creates a bucket in `cluster` and allocates `resource` (the
/// seed's order: deposit, then allocate). Returns the bucket id.
pub fn funded_bucket(
    w: &mut World,
    owner: AccountId,
    cluster: ClusterId,
    deposit: Balance,
    resource: u32,
) -> u32 {
    w.call(owner, deposit, |d, c, _, e| d.account_deposit(c, e))
        .unwrap();
    let bucket = w
        .call(owner, 0, |d, c, _, e| {
            d.bucket_create(c, "{}".into(), cluster, e)
        })
        .unwrap();
    w.call(owner, 0, |d, c, _, e| {
        d.bucket_alloc_into_cluster(c, bucket, resource, e)
    })
    .unwrap();
    w.assert_conserved();
    bucket
}

/// bob settles `bucket`; returns the CERE the settlement moved (its event's value).
pub fn settle_by_bob(w: &mut World, bucket: u32) -> Balance {
    w.call(bob(), 0, |d, c, _, e| d.bucket_settle_payment(c, bucket, e))
        .unwrap();
    w.assert_conserved();
    w.last_events()
        .iter()
        .find_map(|e| match e {
            Event::BucketSettlePayment(s) => Some(s.value),
            _ => None,
        })
        .expect("a settlement event")
}
