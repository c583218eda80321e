//! A typed client for the built `ddc_bucket` contract (`target/ink/`, built by
//! `scripts/build.sh`) running on pallet-contracts in-process (drink's minimal runtime).
//!
//! Calls are SCALE-encoded with the contract crate's own types and the selectors of the built
//! metadata; results, events, gas and storage deposits come from the runtime's call records.

use ddc_bucket::error::Error;
use ddc_bucket::events::Event;
use drink::minimal::{MinimalSandbox, MinimalSandboxRuntime, RuntimeEvent};
use drink::pallet_contracts::{self, Determinism, StorageDeposit};
use drink::sandbox_api::prelude::*;
use drink::{AccountId32, Sandbox};
use ink::scale::{Decode, Encode};
use std::collections::HashMap;

use std::path::PathBuf;

/// `target/ink/<name>` in the repository.
pub fn artifact(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../target/ink")
        .join(name)
}

/// The contract's ink! `AccountId` for a runtime account.
pub fn ink_id(a: &AccountId32) -> ink::primitives::AccountId {
    ink::primitives::AccountId::from(<[u8; 32]>::from(a.clone()))
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

pub struct Chain {
    pub sandbox: MinimalSandbox,
    pub contract: AccountId32,
    selectors: HashMap<String, [u8; 4]>,
    /// Every call made through `call`, in order.
    pub log: Vec<CallRecord>,
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
        };
        chain.log.push(CallRecord {
            message: "new".into(),
            ref_time: result.gas_consumed.ref_time(),
            proof_size: result.gas_consumed.proof_size(),
            storage_deposit: deposit_of(&result.storage_deposit),
            events: chain.contract_events(result.events.unwrap_or_default()),
        });
        chain
    }

    fn contract_events(
        &self,
        records: Vec<ink_sandbox::EventRecordOf<MinimalSandboxRuntime>>,
    ) -> Vec<Event> {
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
                    Some(Event::decode(signature.as_bytes(), &data).expect("a known event"))
                }
                _ => None,
            })
            .collect()
    }

    /// Calls `message` with SCALE-encoded `args` as `caller`, sending `value`; records the call.
    pub fn call(
        &mut self,
        caller: &AccountId32,
        message: &str,
        args: impl Encode,
        value: u128,
    ) -> Outcome {
        let selector = *self
            .selectors
            .get(message)
            .unwrap_or_else(|| panic!("no message {message}"));
        let mut data = selector.to_vec();
        args.encode_to(&mut data);
        // The runtime keeps a block's events; each record should hold only this call's.
        self.sandbox.reset_events();
        let result = self.sandbox.call_contract(
            self.contract.clone(),
            value,
            data,
            caller.clone(),
            MinimalSandbox::default_gas_limit(),
            None,
            Determinism::Enforced,
        );
        let events = self.contract_events(result.events.clone().unwrap_or_default());
        self.log.push(CallRecord {
            message: message.into(),
            ref_time: result.gas_consumed.ref_time(),
            proof_size: result.gas_consumed.proof_size(),
            storage_deposit: deposit_of(&result.storage_deposit),
            events,
        });
        match result.result {
            Ok(r) if r.did_revert() => Outcome::Reverted(r.data),
            Ok(r) => Outcome::Returned(r.data),
            Err(e) => Outcome::Failed(format!("{e:?}")),
        }
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
        let caller = self.contract.clone();
        let selector = self.selectors[message];
        let mut data = selector.to_vec();
        args.encode_to(&mut data);
        let contract = self.contract.clone();
        let result = self.sandbox.dry_run(|s| {
            s.call_contract(
                contract,
                0,
                data,
                caller,
                MinimalSandbox::default_gas_limit(),
                None,
                Determinism::Enforced,
            )
        });
        let data = result
            .result
            .unwrap_or_else(|e| panic!("{message}: {e:?}"))
            .data;
        <Result<T, ink::LangError>>::decode(&mut &data[..])
            .unwrap_or_else(|e| panic!("{message} output: {e}"))
            .unwrap_or_else(|e| panic!("{message}: {e:?}"))
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

fn deposit_of(d: &StorageDeposit<u128>) -> i128 {
    match d {
        StorageDeposit::Charge(c) => i128::try_from(*c).unwrap_or(i128::MAX),
        StorageDeposit::Refund(r) => -i128::try_from(*r).unwrap_or(i128::MAX),
    }
}
