#!/usr/bin/env node
// For DDC node operators: may this bucket be served now?
//
//   node tests/js/bucket-status.mjs --url ws://127.0.0.1:9944 --contract ADDRESS --bucket ID
//                                   [--abi target/ink/ddc_bucket.json] [--json]
//
// Reads `bucket_get(ID)` (a dry run: no signer, no fee) and the chain's time, prints the bucket's
// owner, cluster, writers (the accounts besides the owner that may write; the owner always may),
// resources and until when its rent is covered, and exits with
//   0  the bucket may be served now (its rent is covered at the chain's current time),
//   1  its rent has expired (covered only until a time in the past),
//   2  on error (bad arguments, unreachable node, no such contract or bucket, ...).
import { fileURLToPath } from 'node:url';
import { connect, decodeOutput, loadAbi, okValue, plain } from './lib.mjs';

/** The serving decision for a decoded `BucketStatus` at chain time `nowMs`. */
export function decide(status, nowMs) {
  const until = BigInt(status.rent_covered_until_ms ?? status.rentCoveredUntilMs);
  const now = BigInt(nowMs);
  return until >= now ? { serve: true, code: 0 } : { serve: false, code: 1 };
}

/**
 * The accounts besides the owner allowed to write: `writer_ids` is the owner, then the writers
 * the owner granted (`bucket_set_writer_perm`).
 */
export function writersOf(status) {
  const [owner, ...writers] = status.writerIds;
  if (owner !== status.bucket.ownerId) throw new Error(`writer_ids does not start with the owner: ${status.writerIds}`);
  return writers;
}

/** A decoded `bucket_get` output as a plain status, or throws with the contract's error. */
export function bucketStatus(abi, output) {
  return plain(okValue(decodeOutput(abi, 'bucket_get', output)));
}

function isoDate(ms) {
  const n = BigInt(ms);
  if (n > 8_640_000_000_000_000n) return 'never (no rent)';
  return new Date(Number(n)).toISOString();
}

/** The human-readable report. */
export function report(bucketId, status, nowMs, decision) {
  const b = status.bucket;
  return [
    `bucket ${bucketId}`,
    `  owner:              ${b.ownerId}`,
    `  cluster:            ${b.clusterId}`,
    `  writers:            ${writersOf(status).join(', ') || '(the owner only)'}`,
    `  resource reserved:  ${b.resourceReserved} per vnode`,
    `  params:             ${status.params}`,
    `  rent covered until: ${isoDate(status.rentCoveredUntilMs)}`,
    `  chain time:         ${isoDate(nowMs)}`,
    `  decision:           ${decision.serve ? 'SERVE (rent covered)' : 'DO NOT SERVE (rent expired)'}`,
  ].join('\n');
}

function args(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') out.json = true;
    else if (a.startsWith('--') && i + 1 < argv.length) out[a.slice(2)] = argv[++i];
    else throw new Error(`unexpected argument ${a}`);
  }
  if (!out.url || !out.contract || out.bucket === undefined) {
    throw new Error('usage: bucket-status.mjs --url ws://HOST:PORT --contract ADDRESS --bucket ID [--abi PATH] [--json]');
  }
  if (!/^\d+$/.test(out.bucket) || Number(out.bucket) > 0xffffffff) throw new Error(`bad bucket id ${out.bucket}`);
  return out;
}

async function main() {
  let api;
  try {
    const opts = args(process.argv.slice(2));
    const abi = loadAbi(opts.abi);
    api = await connect(opts.url);
    const info = await api.query.contracts.contractInfoOf(opts.contract);
    if (info.isNone) throw new Error(`no contract at ${opts.contract}`);
    const data = abi.findMessage('bucket_get').toU8a([opts.bucket]);
    const r = await api.call.contractsApi.call(opts.contract, opts.contract, 0, null, null, data);
    if (r.result.isErr) throw new Error(`bucket_get failed: ${r.result.asErr.toString()}`);
    const status = bucketStatus(abi, r.result.asOk.data.toU8a(true));
    const now = (await api.query.timestamp.now()).toBigInt();
    const decision = decide(status, now);
    if (opts.json) {
      console.log(JSON.stringify({ bucket: opts.bucket, status, now: now.toString(), ...decision }));
    } else {
      console.log(report(opts.bucket, status, now, decision));
    }
    await api.disconnect();
    process.exit(decision.code);
  } catch (e) {
    console.error(`bucket-status: ${e.message || e}`);
    if (api) await api.disconnect().catch(() => {});
    process.exit(2);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main();
}
