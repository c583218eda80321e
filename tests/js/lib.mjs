// Shared helpers of the polkadot.js test and the DDC-node client: load the built ABI, decode a
// message's output, and turn decoded codecs into plain JSON (integers as decimal strings,
// account ids as 0x hex, structs keyed by field name, enums as "Variant" / {"Variant": value}).
import { readFileSync } from 'node:fs';
import { Abi } from '@polkadot/api-contract';
import { hexToU8a, u8aToHex, stringCamelCase } from '@polkadot/util';

export const ROOT = new URL('../../', import.meta.url);

export function loadAbi(path = new URL('target/ink/ddc_bucket.json', ROOT)) {
  return new Abi(JSON.parse(readFileSync(path, 'utf8')));
}

/** Decodes the raw output of `message` (its `MessageResult<...>`) with the ABI's return type. */
export function decodeOutput(abi, message, output) {
  const m = abi.findMessage(message);
  const bytes = typeof output === 'string' ? hexToU8a(output) : output;
  const codec = abi.registry.createTypeUnsafe(m.returnType.lookupName || m.returnType.type, [bytes], { isPedantic: true });
  return codec;
}

/** A codec as plain JSON (see above). */
export function plain(codec) {
  const raw = codec.toRawType();
  if (raw === 'AccountId' || raw === 'AccountId32' || raw === '[u8;32]') return u8aToHex(codec.toU8a());
  if (codec.isNone !== undefined && codec.unwrapOr !== undefined) {
    return codec.isNone ? null : plain(codec.unwrap());
  }
  if (typeof codec.toBigInt === 'function') return codec.toBigInt().toString();
  if (raw === 'bool') return codec.isTrue;
  if (raw === 'Text' || raw === 'String') return codec.toString();
  if (raw === 'Null') return null;
  if (codec.isBasic !== undefined && codec.type !== undefined && codec.defKeys !== undefined) {
    // An enum (Result too): unit variants as "Variant", others as {"Variant": value}.
    if (codec.inner.toRawType() === 'Null') return codec.type;
    return { [codec.type]: plain(codec.inner) };
  }
  if (codec instanceof Map) {
    const out = {};
    for (const [k, v] of codec.entries()) out[k] = plain(v);
    return out;
  }
  if (Array.isArray(codec)) return codec.map(plain);
  throw new Error(`plain: unhandled type ${raw}`);
}

/** Expected JSON from the Rust fixture, with struct keys as polkadot.js names them. */
export function camelKeys(v) {
  if (Array.isArray(v)) return v.map(camelKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [
      /^[a-z]/.test(k) ? stringCamelCase(k) : k, camelKeys(x),
    ]));
  }
  return v;
}

/** `Result<Result<T, Error>, LangError>` → T, throwing on either error. */
export function okValue(codec) {
  let v = codec;
  for (let i = 0; i < 2 && v.isOk !== undefined && v.isErr !== undefined; i++) {
    if (v.isErr) throw new Error(`contract error: ${JSON.stringify(plain(v.asErr))}`);
    v = v.asOk;
  }
  return v;
}

/** Connects to a node, failing (instead of retrying forever) if it cannot be reached in `ms`. */
export async function connect(url, ms = 15_000) {
  const { ApiPromise, WsProvider } = await import('@polkadot/api');
  const provider = new WsProvider(url, false);
  provider.on('error', () => {});
  let timer;
  try {
    await provider.connect();
    return await Promise.race([
      ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true }),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timed out')), ms); }),
    ]);
  } catch (e) {
    await provider.disconnect().catch(() => {});
    throw new Error(`cannot reach ${url}: ${e.message || e}`);
  } finally {
    clearTimeout(timer);
  }
}
