// The real-chain transport of the main job (`scripts/run.sh --url ...`): the Rust story encodes
// calls with the contract crate's own types and sends them here as JSON lines on stdin; this
// script dry-runs and submits them with polkadot.js and answers on stdout (one JSON line per
// request) with the raw output and the contract's events (topics + data) for Rust to decode.
//
//   node chain-bridge.mjs --url ws://127.0.0.1:9944 --suri //Alice --contract ADDRESS
//
// Requests: hello | account {suri} | fund {to, amount} | balance {id} | now | wait {ms}
//           | query {message, args} | tx {suri, message, args, value}
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Keyring } from '@polkadot/api';
import { connect } from './lib.mjs';
import { Abi } from '@polkadot/api-contract';
import { u8aToHex, hexToU8a, u8aConcat } from '@polkadot/util';
import { cryptoWaitReady, decodeAddress } from '@polkadot/util-crypto';

const ROOT = new URL('../../', import.meta.url);

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const url = arg('--url', 'ws://127.0.0.1:9944');
const signerSuri = arg('--suri', '//Alice');
const contractArg = arg('--contract');
if (!contractArg) {
  console.error('chain-bridge: --contract ADDRESS is required');
  process.exit(2);
}

await cryptoWaitReady();
const abi = new Abi(JSON.parse(readFileSync(new URL('target/ink/ddc_bucket.json', ROOT), 'utf8')));
let api;
try {
  api = await connect(url);
} catch (e) {
  console.error(`chain-bridge: ${e.message}`);
  process.exit(2);
}
const keyring = new Keyring({ type: 'sr25519' });
const signer = keyring.addFromUri(signerSuri);
const contract = u8aToHex(decodeAddress(contractArg));

function selector(message) {
  const m = abi.messages.find((x) => x.method === message || x.identifier === message);
  if (!m) throw new Error(`no message ${message} in the metadata`);
  return m.selector.toU8a();
}

/** The call's input as hex: polkadot.js reads a hex string as the bytes themselves, whereas a
 * Uint8Array given for `Bytes` would be taken as already length-prefixed. */
function callData(message, args) {
  return u8aToHex(u8aConcat(selector(message), hexToU8a(args || '0x')));
}

async function dryRun(origin, message, args, value) {
  const r = await api.call.contractsApi.call(origin, contract, value, null, null, callData(message, args));
  if (r.result.isErr) {
    throw new Error(`${message} dry run: ${dispatchError(r.result.asErr)}`);
  }
  const ok = r.result.asOk;
  // ReturnFlags is a u32 bit set (polkadot.js's ContractReturnFlags, or the runtime metadata's
  // `{ bits: u32 }`); either way bit 0 of its SCALE bytes is REVERT.
  const reverted = (ok.flags.toU8a()[0] & 1) === 1;
  return { gasRequired: r.gasRequired, output: u8aToHex(ok.data.toU8a(true)), reverted };
}

function dispatchError(err) {
  if (err.isModule) {
    const m = api.registry.findMetaError(err.asModule);
    return `${m.section}.${m.name}`;
  }
  return err.toString();
}

/** Signs and submits `tx` as `pair`; resolves with the block's records of this extrinsic. */
function submit(tx, pair) {
  return new Promise((resolve, reject) => {
    let unsub = () => {};
    tx.signAndSend(pair, { nonce: -1 }, (result) => {
      if (result.dispatchError) {
        unsub();
        reject(new Error(dispatchError(result.dispatchError)));
      } else if (result.status.isInBlock || result.status.isFinalized) {
        unsub();
        resolve(result.events);
      } else if (result.isError) {
        unsub();
        reject(new Error(`transaction ${result.status.type}`));
      }
    }).then((u) => { unsub = u; }, reject);
  });
}

const handlers = {
  async hello() {
    return { signer: u8aToHex(signer.publicKey), contract, chain: (await api.rpc.system.chain()).toString() };
  },
  async account({ suri }) {
    return { id: u8aToHex(keyring.addFromUri(suri).publicKey) };
  },
  async fund({ to, amount }) {
    await submit(api.tx.balances.transferKeepAlive(to, amount), signer);
    return {};
  },
  async balance({ id }) {
    const info = await api.query.system.account(id);
    return { free: info.data.free.toString() };
  },
  async now() {
    return { ms: (await api.query.timestamp.now()).toNumber() };
  },
  async wait({ ms }) {
    await new Promise((r) => setTimeout(r, ms));
    return { ms: Math.max(Date.now(), (await api.query.timestamp.now()).toNumber()) };
  },
  async query({ message, args }) {
    const r = await dryRun(contract, message, args, 0);
    return { output: r.output, reverted: r.reverted };
  },
  async tx({ suri, message, args, value }) {
    const pair = keyring.addFromUri(suri);
    const dry = await dryRun(pair.address, message, args, value);
    // A call that reverts changes nothing: report its typed error without submitting.
    if (dry.reverted) return { output: dry.output, reverted: true, events: [] };
    // Exactly the dry run's estimate, as polkadot.js apps and Contracts UI submit: the call runs
    // in a later block, and the contract costs the same whatever the time (no margin needed).
    const gasLimit = dry.gasRequired;
    const tx = api.tx.contracts.call(contract, value, gasLimit, null, callData(message, args));
    const records = await submit(tx, pair);
    const events = records
      .filter(({ event }) => api.events.contracts.ContractEmitted.is(event)
        && u8aToHex(event.data[0].toU8a()) === contract)
      .map(({ event, topics }) => ({
        topics: topics.map((t) => t.toHex()),
        data: u8aToHex(event.data[1].toU8a(true)),
      }));
    return { output: dry.output, reverted: false, events };
  },
};

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  let answer;
  try {
    const request = JSON.parse(line);
    const handler = handlers[request.op];
    if (!handler) throw new Error(`unknown op ${request.op}`);
    answer = await handler(request);
  } catch (e) {
    answer = { error: e.message || String(e) };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
await api.disconnect();
