//! A typed client for the built `ddc_bucket` contract (`target/ink/`, built by
//! `scripts/build.sh`) running on pallet-contracts in-process (drink's minimal runtime).
//!
//! Calls are SCALE-encoded with the contract crate's own types and the selectors of the built
//! metadata; results, events, gas and storage deposits come from the runtime's call records.
//! [`messages`] gives every message a typed method (`c.bucket_create(&app, params, cluster,
//! value)`); `Chain::call` / `tx` / `query` take a message's name and encoded arguments, for the
//! tests whose point is the bytes.

use ddc_bucket::error::Error;
use ddc_bucket::events::Event;
use drink::minimal::{MinimalSandbox, MinimalSandboxRuntime, RuntimeEvent};
use drink::pallet_contracts::{self, Determinism, StorageDeposit};
use drink::sandbox_api::prelude::*;
use drink::{AccountId32, Sandbox};
use ink::scale::{Decode, DecodeAll, Encode};
use std::collections::HashMap;

pub mod bench;
pub mod messages;
pub mod size;

pub use messages::{CalledBy, Transactions, Views};

use std::path::PathBuf;

/// The root of the clone the tests run in, found at run time: cargo sets `CARGO_MANIFEST_DIR`
/// (the `tests` crate's folder) for `cargo test` and `cargo run`; otherwise the nearest folder up
/// from the current one that holds `rust-toolchain.toml`. Never a path fixed at compile time:
/// binaries cached in a shared target dir serve clones at other paths.
pub fn repo_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR") {
        let dir = PathBuf::from(dir);
        if let Some(root) = dir
            .parent()
            .filter(|p| p.join("rust-toolchain.toml").exists())
        {
            return root.to_path_buf();
        }
    }
    let here = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    here.ancestors()
        .find(|p| p.join("rust-toolchain.toml").exists())
        .map(PathBuf::from)
        .unwrap_or(here)
}

/// `target/ink/<name>` in the repository.
pub fn artifact(name: &str) -> PathBuf {
    repo_root().join("target/ink").join(name)
}

/// The accounts the drink suites play with: `who(n)` is the account of 32 bytes `n`, and the
/// reference network's roles have fixed numbers.
pub mod actors {
    use drink::AccountId32;

    pub fn who(n: u8) -> AccountId32 {
        AccountId32::new([n; 32])
    }
    pub fn admin() -> AccountId32 {
        who(1)
    }
    pub fn manager() -> AccountId32 {
        who(2)
    }
    pub fn providers() -> [AccountId32; 3] {
        [who(3), who(4), who(5)]
    }
    pub fn app() -> AccountId32 {
        who(6)
    }
    pub fn treasury() -> AccountId32 {
        who(7)
    }
    pub fn stranger() -> AccountId32 {
        who(8)
    }
}

/// The contract's ink! `AccountId` for a runtime account.
pub fn ink_id(a: &AccountId32) -> ink::primitives::AccountId {
    ink::primitives::AccountId::from(<[u8; 32]>::from(a.clone()))
}

/// Already SCALE-encoded arguments, so that calls with different argument types fit one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawArgs(pub Vec<u8>);

impl RawArgs {
    pub fn of(args: impl Encode) -> Self {
        Self(args.encode())
    }
}

impl Encode for RawArgs {
    fn size_hint(&self) -> usize {
        self.0.len()
    }
    fn encode_to<W: ink::scale::Output + ?Sized>(&self, dest: &mut W) {
        dest.write(&self.0);
    }
}

/// The typed error in a message's output, if it is `Ok(Err(error))` and nothing more (the
/// `Ok` type of the inner `Result` is never read on the `Err` branch, so `()` fits any message).
pub fn typed_error(output: &[u8]) -> Option<Error> {
    match <Result<Result<(), Error>, ink::LangError>>::decode_all(&mut &output[..]) {
        Ok(Ok(Err(e))) => Some(e),
        _ => None,
    }
}

/// What one call cost and emitted.
#[derive(Debug, Clone)]
pub struct CallRecord {
    pub message: String,
    pub ref_time: u64,
    pub proof_size: u64,
    /// Storage deposit charged to the caller (negative: refunded).
    pub storage_deposit: i128,
    pub events: Vec<Event>,
    /// The same events as emitted: (topics, data), for clients that decode bytes themselves.
    pub raw_events: Vec<(Vec<[u8; 32]>, Vec<u8>)>,
    /// The call's encoded output (empty for the constructor).
    pub output: Vec<u8>,
}

/// How a call ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Returned normally, with the encoded return value.
    Returned(Vec<u8>),
    /// Reverted (state rolled back), with the encoded return value.
    Reverted(Vec<u8>),
    /// Trapped or rejected by the runtime.
    Failed(String),
}

/// A dry run's estimate of a call, as clients use it for the real call's limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Estimate {
    pub gas_required: drink::Weight,
    /// Storage deposit the call would charge (0 if it refunds).
    pub storage_deposit: u128,
    pub outcome: Outcome,
}

pub struct Chain {
    pub sandbox: MinimalSandbox,
    pub contract: AccountId32,
    selectors: HashMap<String, [u8; 4]>,
    /// Every call made through `call`, in order.
    pub log: Vec<CallRecord>,
    /// The gas limit of every call made through `call` (drink's default unless changed).
    pub gas_limit: drink::Weight,
}

fn selectors_of(metadata: &serde_json::Value, section: &str) -> HashMap<String, [u8; 4]> {
    let mut out = HashMap::new();
    for m in metadata["spec"][section].as_array().expect("metadata spec") {
        let hex = m["selector"]
            .as_str()
            .expect("selector")
            .trim_start_matches("0x");
        let mut sel = [0u8; 4];
        for (i, b) in sel.iter_mut().enumerate() {
            *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("hex selector");
        }
        out.insert(m["label"].as_str().expect("label").to_string(), sel);
    }
    out
}

impl Chain {
    /// A fresh runtime with the contract deployed by `admin` (funded first) with `endowment`.
    pub fn deploy(admin: &AccountId32, endowment: u128) -> Chain {
        let wasm = std::fs::read(artifact("ddc_bucket.wasm"))
            .unwrap_or_else(|e| panic!("{e}: run scripts/build.sh first"));
        let metadata: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(artifact("ddc_bucket.json")).expect("metadata"),
        )
        .expect("metadata JSON");
        let ctor = selectors_of(&metadata, "constructors")["new"];
        let mut sandbox = MinimalSandbox::default();
        sandbox
            .mint_into(admin, 1_000_000_000_000_000_000)
            .expect("mint");
        let result = sandbox.deploy_contract(
            wasm,
            endowment,
            ctor.to_vec(),
            vec![],
            admin.clone(),
            MinimalSandbox::default_gas_limit(),
            None,
        );
        let deployed = result.result.expect("instantiate");
        assert!(!deployed.result.did_revert(), "constructor reverted");
        let mut chain = Chain {
            sandbox,
            contract: deployed.account_id,
            selectors: selectors_of(&metadata, "messages"),
            log: vec![],
            gas_limit: MinimalSandbox::default_gas_limit(),
        };
        let (events, raw_events) = chain.contract_events(result.events.unwrap_or_default());
        chain.log.push(CallRecord {
            message: "new".into(),
            ref_time: result.gas_consumed.ref_time(),
            proof_size: result.gas_consumed.proof_size(),
            storage_deposit: deposit_of(&result.storage_deposit),
            events,
            raw_events,
            output: vec![],
        });
        chain
    }

    /// The contract's events among `records`, decoded and as emitted (topics, data).
    #[allow(clippy::type_complexity)]
    fn contract_events(
        &self,
        records: Vec<ink_sandbox::EventRecordOf<MinimalSandboxRuntime>>,
    ) -> (Vec<Event>, Vec<(Vec<[u8; 32]>, Vec<u8>)>) {
        records
            .into_iter()
            .filter_map(|r| match r.event {
                RuntimeEvent::Contracts(
                    pallet_contracts::Event::<MinimalSandboxRuntime>::ContractEmitted {
                        contract,
                        data,
                    },
                ) if contract == self.contract => {
                    let signature = r.topics.first().expect("signature topic");
                    let event = Event::decode(signature.as_bytes(), &data).unwrap_or_else(|| {
                        panic!("not a known event: topics {:?}, data {data:02x?}", r.topics)
                    });
                    let topics = r.topics.iter().map(|t| t.to_fixed_bytes()).collect();
                    Some((event, (topics, data)))
                }
                _ => None,
            })
            .unzip()
    }

    /// Calls `message` with SCALE-encoded `args` as `caller`, sending `value`; records the call.
    pub fn call(
        &mut self,
        caller: &AccountId32,
        message: &str,
        args: impl Encode,
        value: u128,
    ) -> Outcome {
        self.call_limited(caller, message, args, value, self.gas_limit, None)
    }

    /// `call` with the gas and storage-deposit limits a client would pass, e.g. a dry run's
    /// [`Estimate`]; records the call.
    pub fn call_limited(
        &mut self,
        caller: &AccountId32,
        message: &str,
        args: impl Encode,
        value: u128,
        gas_limit: drink::Weight,
        storage_deposit_limit: Option<u128>,
    ) -> Outcome {
        let data = self.call_data(message, args);
        // The runtime keeps a block's events; each record should hold only this call's.
        self.sandbox.reset_events();
        let result = self.sandbox.call_contract(
            self.contract.clone(),
            value,
            data,
            caller.clone(),
            gas_limit,
            storage_deposit_limit,
            Determinism::Enforced,
        );
        let (events, raw_events) = self.contract_events(result.events.clone().unwrap_or_default());
        self.log.push(CallRecord {
            message: message.into(),
            ref_time: result.gas_consumed.ref_time(),
            proof_size: result.gas_consumed.proof_size(),
            storage_deposit: deposit_of(&result.storage_deposit),
            events,
            raw_events,
            output: match &result.result {
                Ok(r) => r.data.clone(),
                Err(_) => vec![],
            },
        });
        match result.result {
            Ok(r) if r.did_revert() => Outcome::Reverted(r.data),
            Ok(r) => Outcome::Returned(r.data),
            Err(e) => Outcome::Failed(format!("{e:?}")),
        }
    }

    /// What a client's dry run of the call estimates at the current state and time, as
    /// cargo-contract and polkadot.js read it: the gas required and the storage deposit
    /// charged. Nothing persists.
    pub fn estimate(
        &mut self,
        caller: &AccountId32,
        message: &str,
        args: impl Encode,
        value: u128,
    ) -> Estimate {
        let data = self.call_data(message, args);
        let (contract, gas_limit) = (self.contract.clone(), self.gas_limit);
        self.sandbox.dry_run(|sandbox| {
            let result = sandbox.call_contract(
                contract,
                value,
                data,
                caller.clone(),
                gas_limit,
                None,
                Determinism::Enforced,
            );
            Estimate {
                gas_required: result.gas_required,
                storage_deposit: match result.storage_deposit {
                    StorageDeposit::Charge(c) => c,
                    StorageDeposit::Refund(_) => 0,
                },
                outcome: match result.result {
                    Ok(r) if r.did_revert() => Outcome::Reverted(r.data),
                    Ok(r) => Outcome::Returned(r.data),
                    Err(e) => Outcome::Failed(format!("{e:?}")),
                },
            }
        })
    }

    fn call_data(&self, message: &str, args: impl Encode) -> Vec<u8> {
        let selector = *self
            .selectors
            .get(message)
            .unwrap_or_else(|| panic!("no message {message}"));
        let mut data = selector.to_vec();
        args.encode_to(&mut data);
        data
    }

    /// Calls a message returning `Result<T, Error>`: `Ok` must return, `Err` must revert.
    pub fn tx<T: Decode>(
        &mut self,
        caller: &AccountId32,
        message: &str,
        args: impl Encode,
        value: u128,
    ) -> Result<T, Error> {
        let (data, reverted) = match self.call(caller, message, args, value) {
            Outcome::Returned(d) => (d, false),
            Outcome::Reverted(d) => (d, true),
            Outcome::Failed(e) => panic!("{message} failed in the runtime: {e}"),
        };
        let out = <Result<Result<T, Error>, ink::LangError>>::decode(&mut &data[..])
            .unwrap_or_else(|e| panic!("{message} output: {e}"))
            .unwrap_or_else(|e| panic!("{message}: {e:?}"));
        assert_eq!(
            out.is_err(),
            reverted,
            "{message}: Err must revert, Ok must not"
        );
        out
    }

    /// Calls a view message (as a dry run: nothing persists) and decodes its output.
    pub fn query<T: Decode>(&mut self, message: &str, args: impl Encode) -> T {
        let (contract, selectors) = (&self.contract, &self.selectors);
        self.sandbox.dry_run(|sandbox| {
            DryRunViews {
                sandbox,
                contract,
                selectors,
            }
            .view(message, args)
        })
    }

    /// Moves the pending storage changes into the in-memory backend (what a new block would
    /// hold), so that calls after a long set-up do not work through an ever-growing overlay.
    pub fn flush(&mut self) {
        let snapshot = self.sandbox.take_snapshot();
        self.sandbox.restore_snapshot(snapshot);
    }

    /// The whole runtime state, to come back to with [`Chain::rollback`].
    pub fn checkpoint(&mut self) -> ink_sandbox::Snapshot {
        self.sandbox.take_snapshot()
    }

    /// Back to a [`Chain::checkpoint`]: storage, balances and block time.
    pub fn rollback(&mut self, snapshot: ink_sandbox::Snapshot) {
        self.sandbox.restore_snapshot(snapshot);
    }

    /// Every message label of the built metadata, sorted.
    pub fn messages(&self) -> Vec<String> {
        let mut m: Vec<String> = self.selectors.keys().cloned().collect();
        m.sort();
        m
    }

    /// Calls a view message (as a dry run) and returns its raw output, `MessageResult` included.
    pub fn query_raw(&mut self, message: &str, args: impl Encode) -> Vec<u8> {
        let (contract, selectors) = (&self.contract, &self.selectors);
        let selector = *selectors
            .get(message)
            .unwrap_or_else(|| panic!("no message {message}"));
        self.sandbox
            .dry_run(|sandbox| view(sandbox, contract, selector, args))
            .unwrap_or_else(|e| panic!("{message}: {e:?}"))
    }

    /// The selector of `message` in the built metadata.
    pub fn selector(&self, message: &str) -> Option<[u8; 4]> {
        self.selectors.get(message).copied()
    }

    pub fn last(&self) -> &CallRecord {
        self.log.last().expect("a call")
    }

    pub fn balance(&mut self, who: &AccountId32) -> u128 {
        self.sandbox.free_balance(who)
    }

    pub fn mint(&mut self, who: &AccountId32, amount: u128) {
        self.sandbox.mint_into(who, amount).expect("mint");
    }

    /// Moves the block time (ms since epoch) for the calls that follow.
    pub fn set_time(&mut self, ms: u64) {
        self.sandbox.set_timestamp(ms);
    }

    /// The block time (ms since epoch).
    pub fn time(&mut self) -> u64 {
        self.sandbox.get_timestamp()
    }

    /// Moves the exchange rate to `target` as `oracle` may (SuperAdmin or SetExchangeRate):
    /// the steps of [`rate_walk`] from the current rate, one per day-long window from now on;
    /// the block time ends a window after the last set, where a new window begins. Panics if
    /// a set fails.
    pub fn walk_usd_per_cere(&mut self, oracle: &AccountId32, target: ddc_bucket::types::Balance) {
        let from: ddc_bucket::types::Balance = self.query("account_get_usd_per_cere", ());
        for rate in rate_walk(from, target) {
            self.tx::<()>(oracle, "account_set_usd_per_cere", rate, 0)
                .unwrap_or_else(|e| panic!("account_set_usd_per_cere({rate}): {e:?}"));
            let now = self.time();
            self.set_time(now + ddc_bucket::limits::RATE_WINDOW_MS);
        }
    }

    /// Everything a caller can observe, to check that a call changed nothing: every page of the
    /// three lists; for each of `actors` its `account_get`, free balance, and `has_permission`
    /// for `SuperAdmin`, `SetExchangeRate` and `ManagerTrustedBy(each actor)`; the exchange rate
    /// and the grace period. All read in one dry run.
    pub fn snapshot(&mut self, actors: &[AccountId32]) -> String {
        let (contract, selectors) = (&self.contract, &self.selectors);
        self.sandbox.dry_run(|sandbox| {
            let mut views = DryRunViews {
                sandbox,
                contract,
                selectors,
            };
            snapshot_in(&mut views, actors)
        })
    }

    /// The recorded costs as a Markdown table.
    pub fn cost_table(&self) -> String {
        let mut s = String::from(
            "| message | ref_time | proof_size | storage deposit |\n|---|---:|---:|---:|\n",
        );
        for r in &self.log {
            s += &format!(
                "| {} | {} | {} | {} |\n",
                r.message, r.ref_time, r.proof_size, r.storage_deposit
            );
        }
        s
    }
}

/// Calls a message as the contract itself and returns its raw output.
fn view(
    sandbox: &mut MinimalSandbox,
    contract: &AccountId32,
    selector: [u8; 4],
    args: impl Encode,
) -> Result<Vec<u8>, drink::DispatchError> {
    let mut data = selector.to_vec();
    args.encode_to(&mut data);
    sandbox
        .call_contract(
            contract.clone(),
            0,
            data,
            contract.clone(),
            MinimalSandbox::default_gas_limit(),
            None,
            Determinism::Enforced,
        )
        .result
        .map(|r| r.data)
}

/// A message's output (its `MessageResult<T>`) decoded as `T`: every byte, and no `LangError`.
pub(crate) fn decode_output<T: Decode>(message: &str, out: &[u8]) -> T {
    <Result<T, ink::LangError>>::decode_all(&mut &out[..])
        .unwrap_or_else(|e| panic!("{message} output: {e}"))
        .unwrap_or_else(|e| panic!("{message}: {e:?}"))
}

/// Views read as the contract itself, inside a dry run ([`Chain::query`], [`Chain::snapshot`]).
struct DryRunViews<'a> {
    sandbox: &'a mut MinimalSandbox,
    contract: &'a AccountId32,
    selectors: &'a HashMap<String, [u8; 4]>,
}

impl Views for DryRunViews<'_> {
    type View<T> = T;

    fn view<T: Decode>(&mut self, message: &str, args: impl Encode) -> T {
        let out = view(self.sandbox, self.contract, self.selectors[message], args)
            .unwrap_or_else(|e| panic!("{message}: {e:?}"));
        decode_output(message, &out)
    }
}

/// The rates an oracle sets, one per day-long window, to move the exchange rate from `from` to
/// `to` within the contract's bound (at most ×2 or ÷2 of the window's first rate): doubling or
/// halving (rounded up) each window, the last step landing on `to`. Empty if `from == to`.
pub fn rate_walk(
    from: ddc_bucket::types::Balance,
    to: ddc_bucket::types::Balance,
) -> Vec<ddc_bucket::types::Balance> {
    let mut steps = vec![];
    let mut current = from;
    while current != to {
        current = if to > current {
            to.min(current.saturating_mul(2))
        } else {
            to.max(current.div_ceil(2))
        };
        steps.push(current);
    }
    steps
}

/// The seed's paging loop: `page(offset)` for `offset` = 1, 1 + `limit`, … while `offset` is
/// below the `max_id` that `page` returns.
pub fn page_through<E>(limit: u32, mut page: impl FnMut(u32) -> Result<u32, E>) -> Result<(), E> {
    let mut offset = 1u32;
    loop {
        let max_id = page(offset)?;
        offset = offset.saturating_add(limit);
        if offset >= max_id {
            return Ok(());
        }
    }
}

fn snapshot_in(v: &mut DryRunViews<'_>, actors: &[AccountId32]) -> String {
    use ddc_bucket::perm::entity::Permission;
    use std::convert::Infallible;
    fn shown<T: std::fmt::Debug>((page, max_id): (Vec<T>, u32)) -> (String, u32) {
        (format!("{page:?}"), max_id)
    }
    let mut s = String::new();
    for list in ["bucket_list", "cluster_list", "node_list"] {
        let Ok(()) = page_through(25, |offset| {
            let (items, max_id) = match list {
                "bucket_list" => shown(v.bucket_list(offset, 25, None)),
                "cluster_list" => shown(v.cluster_list(offset, 25, None)),
                _ => shown(v.node_list(offset, 25, None)),
            };
            s += &format!("{list}@{offset}: {items} max_id {max_id}\n");
            Ok::<_, Infallible>(max_id)
        });
    }
    let mut perms = vec![Permission::SuperAdmin, Permission::SetExchangeRate];
    perms.extend(
        actors
            .iter()
            .map(|p| Permission::ManagerTrustedBy(ink_id(p))),
    );
    for a in actors {
        let account = v.account_get(ink_id(a));
        let balance = v.sandbox.free_balance(a);
        let held: Vec<bool> = perms
            .iter()
            .map(|&p| v.has_permission(ink_id(a), p))
            .collect();
        s += &format!("{a:?}: {account:?} free {balance} perms {held:?}\n");
    }
    let rate = v.account_get_usd_per_cere();
    let grace = v.bucket_get_grace_period();
    s + &format!("usd_per_cere {rate} grace_period_ms {grace}\n")
}

fn deposit_of(d: &StorageDeposit<u128>) -> i128 {
    match d {
        StorageDeposit::Charge(c) => i128::try_from(*c).unwrap_or(i128::MAX),
        StorageDeposit::Refund(r) => -i128::try_from(*r).unwrap_or(i128::MAX),
    }
}
