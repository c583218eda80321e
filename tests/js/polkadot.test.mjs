// polkadot.js compatibility of the built contract: `Abi` loads target/ink/ddc_bucket.json, every
// message has upstream's selector and argument list, encodes to the bytes the real contract
// accepted, and every return type and event decodes from bytes the real contract produced
// (recorded by tests/tests/drink_fixtures.rs into target/fixtures/ddc_bucket.json) to the values
// the contract crate's own types decode them to.
//
// With a node (DDC_NODE_URL, e.g. ws://127.0.0.1:9944, signer DDC_NODE_SURI or //Alice), it also
// deploys the contract with polkadot.js, creates a bucket (its deposit sent along), reads it,
// allocates, settles, withdraws, and grants and revokes a writer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compactStripLength, hexToU8a, u8aToHex, stringCamelCase } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { ROOT, camelKeys, decodeOutput, loadAbi, okValue, plain } from './lib.mjs';
import { bucketStatus, decide, report, writersOf } from './bucket-status.mjs';

const abi = loadAbi();
const fixture = JSON.parse(readFileSync(new URL('target/fixtures/ddc_bucket.json', ROOT), 'utf8'));

// Upstream v0.5.2's ABI, shared with tests/tests/abi.rs: its messages (selectors from its ABI)
// and the messages added here (selector = the ink! rule, checked below for every message).
// Argument and return types as polkadot.js names them; a struct or enum type is a JSON object.
const UPSTREAM = JSON.parse(readFileSync(new URL('tests/abi-upstream.json', ROOT), 'utf8'));
const API = [...UPSTREAM.messages, ...UPSTREAM.added];
const typeName = (t) => (typeof t === 'string' ? t : JSON.stringify(t));

test('Abi loads the metadata: ink! v5, constructor new() with upstream\'s selector', () => {
  assert.equal(abi.metadata.version.toString(), '5');
  assert.deepEqual(abi.constructors.map((c) => [c.identifier, c.selector.toHex(), c.args.length, c.isPayable]),
    UPSTREAM.constructors.map((c) => [c.label, c.selector, c.args.length, c.payable]));
  assert.equal(fixture.contract_code_hash, abi.info.source.wasmHash.toHex(), 'the fixture comes from this build');
});

test('every message: selector, argument names and types, mutability, payability, return type', () => {
  assert.deepEqual(abi.messages.map((m) => m.identifier).sort(), API.map((x) => x.label).sort(), 'the message set');
  for (const { label, selector, args, mutates, payable, returns } of API) {
    const m = abi.findMessage(label);
    const rule = u8aToHex(blake2AsU8a(label, 256).subarray(0, 4));
    assert.equal(m.selector.toHex(), rule, `${label}: ink! selector rule`);
    if (selector) assert.equal(m.selector.toHex(), selector, `${label}: upstream selector`);
    assert.deepEqual(
      m.args.map((a) => `${a.name}:${a.type.type}`),
      args.map(([name, type]) => `${stringCamelCase(name)}:${typeName(type)}`),
      `${label}: arguments`,
    );
    assert.equal(m.isMutating, mutates, `${label}: mutates`);
    assert.equal(m.isPayable, payable, `${label}: payable`);
    if (returns) {
      assert.equal(m.returnType.type, `Result<Result<${returns}, DdcBucketError>, InkPrimitivesLangError>`, `${label}: returns`);
    }
  }
});

test('every message encodes to the bytes the real contract accepted', () => {
  const seen = new Set();
  for (const call of fixture.calls) {
    const m = abi.findMessage(call.message);
    const args = call.args.map((a, i) => toInput(a, m.args[i].type.type));
    // toU8a prefixes the length (it is the `data: Bytes` of a contracts.call).
    const [, bytes] = compactStripLength(m.toU8a(args));
    assert.equal(u8aToHex(bytes), call.data, `${call.message}(${JSON.stringify(call.args)})`);
    seen.add(call.message);
  }
  for (const m of abi.messages) assert.ok(seen.has(m.identifier), `${m.identifier} has a recorded call`);
});

/** Fixture JSON (decimal strings, hex ids, snake_case struct keys) as polkadot.js input. */
function toInput(v, type) {
  if (v === null) return null;
  if (type.startsWith('{"network')) return camelKeys(v);
  return v;
}

test('return values decode from the real contract\'s bytes: BucketStatus, ClusterStatus, NodeStatus, Account, lists, errors', () => {
  const types = new Set();
  for (const r of fixture.returns) {
    const codec = decodeOutput(abi, r.message, r.output);
    assert.equal(u8aToHex(codec.toU8a()), r.output, `${r.message}: decodes all bytes and re-encodes the same`);
    let got;
    if (r.type === 'Error') {
      assert.ok(codec.isOk, `${r.message}: no LangError`);
      assert.ok(codec.asOk.isErr, `${r.message}: an Err`);
      got = plain(codec.asOk.asErr);
    } else {
      got = plain(okValue(codec));
    }
    assert.deepEqual(got, camelKeys(r.expected), `${r.message} as ${r.type}`);
    types.add(r.type);
  }
  for (const t of ['BucketStatus', 'ClusterStatus', 'NodeStatus', 'Account', 'Error']) {
    assert.ok(types.has(t), `${t} is in the fixture`);
  }
});

test('every event decodes from the real contract\'s topics and data', () => {
  const names = new Set();
  for (const e of fixture.events) {
    const record = {
      topics: abi.registry.createType('Vec<H256>', e.topics),
      event: { data: [null, hexToU8a(e.data)] },
    };
    const decoded = abi.decodeEvent(record);
    assert.equal(decoded.event.identifier, `ddc_bucket::events::${e.name}`, 'found by its signature topic');
    const fields = Object.fromEntries(decoded.event.args.map((a, i) => [a.name, plain(decoded.args[i])]));
    assert.deepEqual(fields, camelKeys(e.expected), `${e.name} from ${e.message}`);
    // Every byte is consumed: the decoded fields re-encode to the data.
    const reencoded = decoded.args.map((a) => u8aToHex(a.toU8a()).slice(2)).join('');
    assert.equal(`0x${reencoded}`, e.data, `${e.name}: all bytes`);
    names.add(e.name);
  }
  assert.deepEqual([...names].sort(), abi.events.map((e) => e.identifier.split('::').pop()).sort(), 'every event type');
});

test('bucket-status decides from a real BucketStatus: serve while covered, expired after', () => {
  const r = fixture.returns.find((x) => x.message === 'bucket_get' && x.type === 'BucketStatus');
  const status = bucketStatus(abi, r.output);
  const until = BigInt(status.rentCoveredUntilMs);
  assert.equal(until.toString(), r.expected.rent_covered_until_ms);
  assert.deepEqual(decide(status, until - 1n), { serve: true, code: 0 });
  assert.deepEqual(decide(status, until), { serve: true, code: 0 });
  assert.deepEqual(decide(status, until + 1n), { serve: false, code: 1 });
  const missing = fixture.returns.find((x) => x.message === 'bucket_get' && x.type === 'Error');
  assert.throws(() => bucketStatus(abi, missing.output), /BucketDoesNotExist/);
});

test('bucket-status shows the writers besides the owner, as get_bucket_writers lists them', () => {
  const r = fixture.returns.find((x) => x.message === 'bucket_get' && x.type === 'BucketStatus');
  const status = bucketStatus(abi, r.output);
  const [owner, ...writers] = r.expected.writer_ids;
  assert.equal(owner, r.expected.bucket.owner_id, 'writer_ids starts with the owner');
  assert.ok(writers.length > 0, 'the fixture\'s bucket has writers');
  assert.deepEqual(writersOf(status), writers);
  const listed = fixture.returns.find((x) => x.message === 'get_bucket_writers');
  assert.deepEqual(plain(okValue(decodeOutput(abi, 'get_bucket_writers', listed.output))), writers);
  const text = report(r.expected.bucket_id, status, BigInt(status.rentCoveredUntilMs), { serve: true });
  assert.match(text, new RegExp(`writers: +${writers.join(', ')}\n`));
  assert.match(report(1, { ...status, writerIds: [owner] }, 0n, { serve: true }), /writers: +\(the owner only\)/);
  assert.throws(() => writersOf({ ...status, writerIds: writers }), /does not start with the owner/);
});

test('on a node: deploy with polkadot.js, bucket_create, bucket_get, settle, writers, each with the dry run\'s gas', { skip: !process.env.DDC_NODE_URL && 'set DDC_NODE_URL (e.g. ws://127.0.0.1:9944) to run against a node' }, async () => {
  const { ApiPromise, Keyring, WsProvider } = await import('@polkadot/api');
  const { CodePromise, ContractPromise } = await import('@polkadot/api-contract');
  const bundle = JSON.parse(readFileSync(new URL('target/ink/ddc_bucket.contract', ROOT), 'utf8'));
  const api = await ApiPromise.create({ provider: new WsProvider(process.env.DDC_NODE_URL), noInitWarn: true });
  try {
    const alice = new Keyring({ type: 'sr25519' }).addFromUri(process.env.DDC_NODE_SURI || '//Alice');
    const gasLimit = api.registry.createType('WeightV2', { refTime: 200_000_000_000n, proofSize: 2_000_000n });
    const code = new CodePromise(api, bundle, bundle.source.wasm);
    const salt = u8aToHex(blake2AsU8a(`${Date.now()}-${Math.random()}`, 256));
    const address = await new Promise((resolve, reject) => {
      code.tx.new({ gasLimit, storageDepositLimit: null, salt }).signAndSend(alice, (result) => {
        if (result.dispatchError) reject(new Error(result.dispatchError.toString()));
        else if (result.status.isInBlock) resolve(result.contract.address.toString());
      }).catch(reject);
    });
    const contract = new ContractPromise(api, bundle, address);
    // A bucket needs a cluster: Alice trusts herself, registers a node and builds a cluster.
    // As polkadot.js apps and Contracts UI do: dry-run, then submit with exactly the dry run's
    // gasRequired (no margin; the call runs in a later block).
    const send = async (message, value, ...args) => {
      const dry = await contract.query[message](alice.address, { gasLimit, storageDepositLimit: null, value }, ...args);
      assert.ok(dry.result.isOk && !dry.result.asOk.flags.isRevert, `${message} dry run`);
      return new Promise((resolve, reject) => {
        contract.tx[message]({ gasLimit: dry.gasRequired, storageDepositLimit: null, value }, ...args).signAndSend(alice, (result) => {
          if (result.dispatchError) reject(new Error(`${message}: ${result.dispatchError.toString()}`));
          else if (result.status.isInBlock) resolve(result);
        }).catch(reject);
      });
    };
    const readOk = async (message, ...args) => {
      const { result, output } = await contract.query[message](alice.address, { gasLimit }, ...args);
      assert.ok(result.isOk, `${message} dry run`);
      return output;
    };
    await send('nodeTrustManager', 0, alice.address);
    const nodeId = plain(okValue(await readOk('nodeCreate', 10n ** 10n, '{"url":"https://n.example"}', 100)));
    await send('nodeCreate', 0, 10n ** 10n, '{"url":"https://n.example"}', 100);
    const clusterId = plain(okValue(await readOk('clusterCreate', alice.address, 3, [nodeId], '{}')));
    await send('clusterCreate', 0, alice.address, 3, [nodeId], '{}');
    // The deposit comes first, with bucket_create: 1 CERE covers 10 days of this rent (3 USD a
    // month at 1 USD per CERE), more than the grace period (7 days) an allocation needs.
    const bucketId = plain(okValue(await readOk('bucketCreate', '{"name":"js"}', clusterId)));
    const created = await send('bucketCreate', 10n ** 10n, '{"name":"js"}', clusterId);
    const events = created.contractEvents?.map((e) => e.event.identifier) ?? [];
    assert.ok(events.some((i) => i.endsWith('BucketCreated')), `BucketCreated in ${events}`);
    const status = plain(okValue(await readOk('bucketGet', bucketId)));
    assert.equal(status.bucketId, bucketId);
    assert.equal(status.bucket.ownerId, u8aToHex(alice.publicKey));
    assert.equal(status.bucket.clusterId, clusterId);
    assert.equal(status.params, '{"name":"js"}');
    // Allocate, let real seconds pass, settle: each with its own dry run's estimate.
    await send('clusterReserveResource', 0, clusterId, 10);
    await send('bucketAllocIntoCluster', 0, bucketId, 1);
    await new Promise((r) => setTimeout(r, 3000));
    const settled = await send('bucketSettlePayment', 0, bucketId);
    const settledEvents = settled.contractEvents?.map((e) => e.event.identifier) ?? [];
    assert.ok(settledEvents.some((i) => i.endsWith('BucketSettlePayment')), `BucketSettlePayment in ${settledEvents}`);
    await send('accountWithdraw', 0, 1000);
    // A writer, granted then revoked: writer_ids is the owner, then the writers.
    const writer = u8aToHex(new Keyring({ type: 'sr25519' }).addFromUri('//Charlie').publicKey);
    await send('bucketSetWriterPerm', 0, bucketId, writer);
    assert.deepEqual(plain(okValue(await readOk('getBucketWriters', bucketId))), [writer]);
    assert.deepEqual(plain(okValue(await readOk('bucketGet', bucketId))).writerIds, [u8aToHex(alice.publicKey), writer]);
    await send('bucketRevokeWriterPerm', 0, bucketId, writer);
    assert.deepEqual(plain(okValue(await readOk('getBucketWriters', bucketId))), []);
  } finally {
    await api.disconnect();
  }
});

test('bucket-status CLI exits 2 on bad arguments and on an unreachable node', async () => {
  const { spawnSync } = await import('node:child_process');
  const script = new URL('bucket-status.mjs', import.meta.url).pathname;
  const run = (...args) => spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 30_000 });
  const usage = run('--url', 'ws://127.0.0.1:9944', '--bucket', '1');
  assert.equal(usage.status, 2, usage.stderr);
  assert.match(usage.stderr, /usage/);
  const badId = run('--url', 'ws://127.0.0.1:9944', '--contract', '5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM', '--bucket', 'x');
  assert.equal(badId.status, 2, badId.stderr);
  // Port 9 (discard) is closed here: the connection is refused.
  const down = run('--url', 'ws://127.0.0.1:9', '--contract', '5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM', '--bucket', '1');
  assert.equal(down.status, 2, down.stderr);
  assert.match(down.stderr, /bucket-status:/);
});
