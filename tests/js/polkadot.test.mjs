// polkadot.js compatibility of the built contract: `Abi` loads target/ink/ddc_bucket.json, every
// message has upstream's selector and argument list, encodes to the bytes the real contract
// accepted, and every return type and event decodes from bytes the real contract produced
// (recorded by tests/tests/drink_fixtures.rs into target/fixtures/ddc_bucket.json) to the values
// the contract crate's own types decode them to.
//
// With a node (DDC_NODE_URL, e.g. ws://127.0.0.1:9944, signer DDC_NODE_SURI or //Alice), it also
// deploys the contract with polkadot.js, calls bucket_create and reads bucket_get.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compactStripLength, hexToU8a, u8aToHex, stringCamelCase } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { ROOT, camelKeys, decodeOutput, loadAbi, okValue, plain } from './lib.mjs';
import { bucketStatus, decide } from './bucket-status.mjs';

const abi = loadAbi();
const fixture = JSON.parse(readFileSync(new URL('target/fixtures/ddc_bucket.json', ROOT), 'utf8'));

const PERMISSION = '{"_enum":{"ManagerTrustedBy":"AccountId","SetExchangeRate":"Null","SuperAdmin":"Null"}}';
const FEE_CONFIG = '{"networkFeeBp":"u128","networkFeeDestination":"AccountId","clusterManagementFeeBp":"u128"}';

// Upstream v0.5.2's API (selectors from its ABI); account_withdraw is new (selector = the ink!
// rule, checked below for every message). [label, selector, [arg: type], mutates, payable, returns]
const API = [
  ['bucket_create', '0x0aeb2379', ['bucket_params:Text', 'cluster_id:u32'], true, true, 'u32'],
  ['bucket_alloc_into_cluster', '0x4c482d19', ['bucket_id:u32', 'resource:u32'], true, false, 'Null'],
  ['bucket_settle_payment', '0x15974555', ['bucket_id:u32'], true, false, 'Null'],
  ['bucket_change_params', '0x9f2d075b', ['bucket_id:u32', 'params:Text'], true, true, 'Null'],
  ['bucket_get', '0x3802cb77', ['bucket_id:u32'], false, false, 'DdcBucketBucketEntityBucketStatus'],
  ['bucket_list', '0x417ab584', ['offset:u32', 'limit:u32', 'filter_owner_id:Option<AccountId>'], false, false, null],
  ['cluster_create', '0x4c0f21f6', ['_unused:AccountId', 'vnode_count:u32', 'node_ids:Vec<u32>', 'cluster_params:Text'], true, true, 'u32'],
  ['cluster_reserve_resource', '0xb5e38125', ['cluster_id:u32', 'amount:u32'], true, false, 'Null'],
  ['cluster_replace_node', '0x48194ab1', ['cluster_id:u32', 'vnode_i:u32', 'new_node_id:u32'], true, false, 'Null'],
  ['cluster_distribute_revenues', '0xe71e66fc', ['cluster_id:u32'], true, false, 'Null'],
  ['cluster_change_params', '0x1207912c', ['cluster_id:u32', 'params:Text'], true, true, 'Null'],
  ['cluster_get', '0xe75411f5', ['cluster_id:u32'], false, false, 'DdcBucketClusterEntityClusterStatus'],
  ['cluster_list', '0xd9db9d44', ['offset:u32', 'limit:u32', 'filter_manager_id:Option<AccountId>'], false, false, null],
  ['node_trust_manager', '0x6fd54a01', ['manager:AccountId'], true, true, 'Null'],
  ['node_distrust_manager', '0x40912279', ['manager:AccountId'], true, false, 'Null'],
  ['node_create', '0xb77ac1bb', ['rent_per_month:Balance', 'node_params:Text', 'capacity:u32'], true, true, 'u32'],
  ['node_change_params', '0x258ccb2a', ['node_id:u32', 'params:Text'], true, true, 'Null'],
  ['node_get', '0x847f3997', ['node_id:u32'], false, false, 'DdcBucketNodeEntityNodeStatus'],
  ['node_list', '0x423286d6', ['offset:u32', 'limit:u32', 'filter_provider_id:Option<AccountId>'], false, false, null],
  ['account_deposit', '0xc311af62', [], true, true, 'Null'],
  ['account_withdraw', null, ['amount:Balance'], true, false, 'Null'],
  ['account_get', '0x1d4220fa', ['account_id:AccountId'], false, false, 'DdcBucketAccountEntityAccount'],
  ['account_get_usd_per_cere', '0xe4a4652a', [], false, false, null],
  ['account_set_usd_per_cere', '0x48d45ee8', ['usd_per_cere:Balance'], true, false, 'Null'],
  ['has_permission', '0xe0942492', ['grantee:AccountId', `permission:${PERMISSION}`], false, false, null],
  ['admin_grant_permission', '0xbe41ea55', ['grantee:AccountId', `permission:${PERMISSION}`], true, true, 'Null'],
  ['admin_revoke_permission', '0x6b150666', ['grantee:AccountId', `permission:${PERMISSION}`], true, false, 'Null'],
  ['admin_withdraw', '0x2f6e0868', ['amount:Balance'], true, false, 'Null'],
  ['admin_set_fee_config', '0x00d441e7', [`config:${FEE_CONFIG}`], true, false, 'Null'],
  // Payers in control (new); bucket_set_resource_cap has upstream v0.6's name, arguments and selector.
  ['bucket_set_resource_cap', '0x85010c6d', ['bucket_id:u32', 'new_resource_cap:u32'], true, false, 'Null'],
  ['bucket_release_resource', null, ['bucket_id:u32', 'resource:u32'], true, false, 'Null'],
  ['bucket_close', null, ['bucket_id:u32'], true, false, 'Null'],
  ['bucket_expire', null, ['bucket_id:u32'], true, false, 'Null'],
  ['bucket_get_grace_period', null, [], false, false, null],
  ['admin_set_grace_period', null, ['grace_period_ms:u64'], true, false, 'Null'],
];

test('Abi loads the metadata: ink! v5, constructor new() with upstream\'s selector', () => {
  assert.equal(abi.metadata.version.toString(), '5');
  assert.deepEqual(abi.constructors.map((c) => [c.identifier, c.selector.toHex(), c.args.length, c.isPayable]),
    [['new', '0x9bae9d5e', 0, true]]);
  assert.equal(fixture.contract_code_hash, abi.info.source.wasmHash.toHex(), 'the fixture comes from this build');
});

test('every message: selector, argument names and types, mutability, payability, return type', () => {
  assert.deepEqual(abi.messages.map((m) => m.identifier).sort(), API.map((x) => x[0]).sort(), 'the message set');
  for (const [label, selector, args, mutates, payable, returns] of API) {
    const m = abi.findMessage(label);
    const rule = u8aToHex(blake2AsU8a(label, 256).subarray(0, 4));
    assert.equal(m.selector.toHex(), rule, `${label}: ink! selector rule`);
    if (selector) assert.equal(m.selector.toHex(), selector, `${label}: upstream selector`);
    assert.deepEqual(
      m.args.map((a) => `${a.name}:${a.type.type}`),
      args.map((a) => {
        const [name, ...type] = a.split(':');
        return `${stringCamelCase(name)}:${type.join(':')}`;
      }),
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

test('on a node: deploy with polkadot.js, bucket_create, bucket_get, settle with the dry run\'s gas', { skip: !process.env.DDC_NODE_URL && 'set DDC_NODE_URL (e.g. ws://127.0.0.1:9944) to run against a node' }, async () => {
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
