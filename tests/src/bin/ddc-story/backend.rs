//! Where the story runs: the embedded chain (drink's pallet-contracts runtime, in this process)
//! or a real node reached through `tests/js/chain-bridge.mjs` (polkadot.js, JSON lines on
//! stdin/stdout). Both take SCALE-encoded call data and give back the raw output and the
//! contract's events, so the story encodes and decodes with the contract crate's own types.

use ddc_bucket::events::Event;
use ddc_bucket::types::{AccountId, Balance};
use ddc_tests::{Chain, Outcome, RawArgs};
use drink::AccountId32;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// Someone in the story: a display name, the contract-side id and (on a real chain) the secret
/// URI that signs for them.
#[derive(Debug, Clone)]
pub struct Actor {
    pub name: String,
    pub id: AccountId,
    pub suri: String,
}

/// What a transaction did.
pub struct TxOut {
    pub output: Vec<u8>,
    pub reverted: bool,
    pub events: Vec<Event>,
    /// Storage deposit the call charged its caller (negative: refunded), where the chain
    /// reports it (embedded); 0 on a real chain, where the caller's balance is not checked.
    pub storage_deposit: i128,
}

pub trait Backend {
    /// One line saying what this chain is.
    fn describe(&self) -> String;
    fn contract(&self) -> AccountId;
    /// A story participant called `name` (index `n`, distinct per participant).
    fn actor(&mut self, name: &str, n: u8) -> Result<Actor, String>;
    /// Gives `who` `amount` to pay with (embedded: minted; real chain: sent by the signer).
    fn fund(&mut self, who: &Actor, amount: Balance) -> Result<(), String>;
    fn free_balance(&mut self, who: &AccountId) -> Result<Balance, String>;
    /// Submits a call of `message` with encoded `args`, sending `value`.
    fn tx(
        &mut self,
        who: &Actor,
        message: &str,
        args: Vec<u8>,
        value: Balance,
    ) -> Result<TxOut, String>;
    /// Reads a view message: its raw output (a `MessageResult`).
    fn query(&mut self, message: &str, args: Vec<u8>) -> Result<Vec<u8>, String>;
    /// The chain's current time, ms since the epoch.
    fn now(&mut self) -> Result<u64, String>;
    /// Lets `ms` pass (embedded: moves the block time; real chain: waits).
    fn advance(&mut self, ms: u64) -> Result<u64, String>;
    /// Whether a caller pays for its transactions out of its free balance (a real chain), so
    /// that its balance does not move by the contract's payments alone.
    fn pays_fees(&self) -> bool;
}

/// The embedded chain: the release contract deployed on drink's minimal runtime.
pub struct Embedded {
    chain: Chain,
    now: u64,
    actors: Vec<(AccountId, AccountId32)>,
}

impl Embedded {
    pub fn deploy(start_ms: u64) -> Result<(Self, Actor), String> {
        let admin = AccountId32::new([1; 32]);
        let artifact = ddc_tests::artifact("ddc_bucket.wasm");
        if !artifact.exists() {
            return Err(format!(
                "{} is missing: run scripts/build.sh first",
                artifact.display()
            ));
        }
        let mut chain = Chain::deploy(&admin, 0);
        chain.set_time(start_ms);
        let admin_actor = Actor {
            name: "admin".into(),
            id: ddc_tests::ink_id(&admin),
            suri: String::new(),
        };
        Ok((
            Self {
                chain,
                now: start_ms,
                actors: vec![(admin_actor.id, admin)],
            },
            admin_actor,
        ))
    }

    fn runtime_id(&self, who: &AccountId) -> AccountId32 {
        self.actors
            .iter()
            .find(|(id, _)| id == who)
            .map(|(_, a)| a.clone())
            .unwrap_or_else(|| AccountId32::new(*AsRef::<[u8; 32]>::as_ref(who)))
    }
}

impl Backend for Embedded {
    fn describe(&self) -> String {
        "embedded chain: pallet-contracts in this process (drink 0.18 minimal runtime)".into()
    }

    fn contract(&self) -> AccountId {
        ddc_tests::ink_id(&self.chain.contract)
    }

    fn actor(&mut self, name: &str, n: u8) -> Result<Actor, String> {
        let account = AccountId32::new([n; 32]);
        let id = ddc_tests::ink_id(&account);
        self.actors.push((id, account));
        Ok(Actor {
            name: name.into(),
            id,
            suri: String::new(),
        })
    }

    fn fund(&mut self, who: &Actor, amount: Balance) -> Result<(), String> {
        let account = self.runtime_id(&who.id);
        self.chain.mint(&account, amount);
        Ok(())
    }

    fn free_balance(&mut self, who: &AccountId) -> Result<Balance, String> {
        let account = self.runtime_id(who);
        Ok(self.chain.balance(&account))
    }

    fn tx(
        &mut self,
        who: &Actor,
        message: &str,
        args: Vec<u8>,
        value: Balance,
    ) -> Result<TxOut, String> {
        if self.chain.selector(message).is_none() {
            return Err(format!("the metadata has no message {message}"));
        }
        let caller = self.runtime_id(&who.id);
        let (output, reverted) = match self.chain.call(&caller, message, RawArgs(args), value) {
            Outcome::Returned(d) => (d, false),
            Outcome::Reverted(d) => (d, true),
            Outcome::Failed(e) => return Err(format!("{message} failed in the runtime: {e}")),
        };
        Ok(TxOut {
            output,
            reverted,
            events: self.chain.last().events.clone(),
            storage_deposit: self.chain.last().storage_deposit,
        })
    }

    fn query(&mut self, message: &str, args: Vec<u8>) -> Result<Vec<u8>, String> {
        if self.chain.selector(message).is_none() {
            return Err(format!("the metadata has no message {message}"));
        }
        Ok(self.chain.query_raw(message, RawArgs(args)))
    }

    fn now(&mut self) -> Result<u64, String> {
        Ok(self.now)
    }

    fn advance(&mut self, ms: u64) -> Result<u64, String> {
        self.now = self.now.checked_add(ms).ok_or("time overflow")?;
        self.chain.set_time(self.now);
        Ok(self.now)
    }

    /// drink calls the contract directly: no transaction fee.
    fn pays_fees(&self) -> bool {
        false
    }
}

/// A real chain with pallet-contracts, through the polkadot.js bridge.
pub struct Remote {
    url: String,
    contract: AccountId,
    address: String,
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    signer: String,
}

pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::from("0x");
    for b in bytes {
        s += &format!("{b:02x}");
    }
    s
}

pub fn unhex(s: &str) -> Result<Vec<u8>, String> {
    let s = s.trim_start_matches("0x");
    if s.len() % 2 != 0 {
        return Err(format!("odd hex: {s}"));
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).map_err(|e| format!("hex {s}: {e}")))
        .collect()
}

fn account_of(hex_id: &str) -> Result<AccountId, String> {
    let bytes: [u8; 32] = unhex(hex_id)?
        .try_into()
        .map_err(|_| format!("not a 32-byte account: {hex_id}"))?;
    Ok(AccountId::from(bytes))
}

fn balance_of(v: &Value) -> Result<Balance, String> {
    v.as_str()
        .ok_or_else(|| format!("not a balance: {v}"))?
        .parse()
        .map_err(|e| format!("balance {v}: {e}"))
}

impl Remote {
    /// Starts the bridge to `url`, signing as `suri`, for the contract at `address` (SS58 or hex).
    pub fn connect(
        root: &std::path::Path,
        url: &str,
        suri: &str,
        address: &str,
    ) -> Result<(Self, Actor), String> {
        let script = root.join("tests/js/chain-bridge.mjs");
        if !root.join("tests/js/node_modules/@polkadot/api").exists() {
            return Err("run `npm ci --prefix tests/js` first (scripts/run.sh does)".into());
        }
        let mut child = Command::new("node")
            .arg(&script)
            .args(["--url", url, "--suri", suri, "--contract", address])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("node {}: {e}", script.display()))?;
        let stdin = child.stdin.take().ok_or("bridge stdin")?;
        let stdout = BufReader::new(child.stdout.take().ok_or("bridge stdout")?);
        let mut remote = Self {
            url: url.into(),
            contract: AccountId::from([0; 32]),
            address: address.into(),
            child,
            stdin,
            stdout,
            signer: suri.into(),
        };
        let hello = remote.ask(json!({"op": "hello"}))?;
        remote.contract = account_of(hello["contract"].as_str().unwrap_or_default())?;
        let admin = Actor {
            name: "admin".into(),
            id: account_of(hello["signer"].as_str().unwrap_or_default())?,
            suri: suri.into(),
        };
        Ok((remote, admin))
    }

    fn ask(&mut self, request: Value) -> Result<Value, String> {
        writeln!(self.stdin, "{request}").map_err(|e| format!("bridge: {e}"))?;
        self.stdin.flush().map_err(|e| format!("bridge: {e}"))?;
        let mut line = String::new();
        self.stdout
            .read_line(&mut line)
            .map_err(|e| format!("bridge: {e}"))?;
        if line.is_empty() {
            return Err("the polkadot.js bridge exited".into());
        }
        let answer: Value =
            serde_json::from_str(&line).map_err(|e| format!("bridge answer {line:?}: {e}"))?;
        match answer.get("error") {
            Some(e) => Err(format!("{}: {}", request["op"], e)),
            None => Ok(answer),
        }
    }
}

impl Drop for Remote {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Backend for Remote {
    fn describe(&self) -> String {
        format!(
            "real chain at {} (signer {}), contract {}",
            self.url, self.signer, self.address
        )
    }

    fn contract(&self) -> AccountId {
        self.contract
    }

    fn actor(&mut self, name: &str, _n: u8) -> Result<Actor, String> {
        let suri = format!("{}//ddc-story//{name}", self.signer);
        let answer = self.ask(json!({"op": "account", "suri": suri}))?;
        Ok(Actor {
            name: name.into(),
            id: account_of(answer["id"].as_str().unwrap_or_default())?,
            suri,
        })
    }

    fn fund(&mut self, who: &Actor, amount: Balance) -> Result<(), String> {
        self.ask(json!({"op": "fund", "to": hex(who.id.as_ref()), "amount": amount.to_string()}))?;
        Ok(())
    }

    fn free_balance(&mut self, who: &AccountId) -> Result<Balance, String> {
        let answer = self.ask(json!({"op": "balance", "id": hex(who.as_ref())}))?;
        balance_of(&answer["free"])
    }

    fn tx(
        &mut self,
        who: &Actor,
        message: &str,
        args: Vec<u8>,
        value: Balance,
    ) -> Result<TxOut, String> {
        let answer = self.ask(json!({
            "op": "tx", "suri": who.suri, "message": message,
            "args": hex(&args), "value": value.to_string(),
        }))?;
        let mut events = vec![];
        for e in answer["events"].as_array().cloned().unwrap_or_default() {
            let topics = e["topics"].as_array().cloned().unwrap_or_default();
            let signature = unhex(topics.first().and_then(Value::as_str).unwrap_or(""))?;
            let data = unhex(e["data"].as_str().unwrap_or_default())?;
            events.push(
                Event::decode(&signature, &data)
                    .ok_or_else(|| format!("{message}: an event this contract does not emit"))?,
            );
        }
        Ok(TxOut {
            output: unhex(answer["output"].as_str().unwrap_or_default())?,
            reverted: answer["reverted"].as_bool().unwrap_or(false),
            events,
            storage_deposit: 0,
        })
    }

    fn query(&mut self, message: &str, args: Vec<u8>) -> Result<Vec<u8>, String> {
        let answer = self.ask(json!({"op": "query", "message": message, "args": hex(&args)}))?;
        unhex(answer["output"].as_str().unwrap_or_default())
    }

    fn now(&mut self) -> Result<u64, String> {
        let answer = self.ask(json!({"op": "now"}))?;
        answer["ms"].as_u64().ok_or_else(|| "now: no ms".into())
    }

    fn advance(&mut self, ms: u64) -> Result<u64, String> {
        let answer = self.ask(json!({"op": "wait", "ms": ms}))?;
        answer["ms"].as_u64().ok_or_else(|| "wait: no ms".into())
    }

    fn pays_fees(&self) -> bool {
        true
    }
}
