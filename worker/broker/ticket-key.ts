import type { Env } from '../env';
import { readConfig } from '../config';
import { simulatorState } from '../simulator/sim-stubs';

/** HKDF `info` for the key derived from the A2E key when no SESSION_SECRET is set. */
const DERIVATION_INFO = 'a2e-avatar session tickets';
const HMAC = { name: 'HMAC', hash: 'SHA-256' } as const;
/** Generated and derived keys: 256 bits, the hash's output size. */
const HMAC_256 = { ...HMAC, length: 256 } as const;
const encoder = new TextEncoder();

/** Keys by the secret they come from, so an isolate imports each once. Memory only. */
const keys = new Map<string, Promise<CryptoKey>>();
let warnedAboutDerivation = false;

/**
 * The HMAC-SHA-256 key that signs and checks session tickets, never extractable:
 * SESSION_SECRET when set; else, in live mode, a key derived from the A2E key with HKDF (so a
 * Worker started with only the A2E key works, and a leaked ticket says nothing of the key);
 * else, in simulator mode, a random secret the simulator makes once and shares with every isolate
 * (a key per isolate would refuse a ticket whenever the next request lands on another one).
 */
export function ticketKey(env: Env): Promise<CryptoKey> {
  const secret = env.SESSION_SECRET?.trim();
  if (secret) return cached(`secret:${secret}`, () => importHmacKey(secret));
  const config = readConfig(env);
  if (config.mode === 'live') {
    if (!warnedAboutDerivation) {
      warnedAboutDerivation = true;
      console.warn(
        JSON.stringify({
          level: 'warn',
          message: 'SESSION_SECRET is not set: session tickets are signed with a key derived from A2E_API_KEY. Set SESSION_SECRET (wrangler secret put SESSION_SECRET) so tickets do not depend on the A2E key.',
        }),
      );
    }
    return cached(`derived:${config.apiKey}`, () => deriveHmacKey(config.apiKey));
  }
  return cached('simulator', async () => importHmacKey(await simulatorState(env).ticketSecret()));
}

function cached(source: string, make: () => Promise<CryptoKey>): Promise<CryptoKey> {
  let key = keys.get(source);
  if (!key) {
    key = make();
    keys.set(source, key);
    // A failed fetch of the secret is tried again by the next request, not remembered.
    key.catch(() => keys.delete(source));
  }
  return key;
}

function importHmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), HMAC, false, ['sign', 'verify']);
}

async function deriveHmacKey(apiKey: string): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', encoder.encode(apiKey), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: encoder.encode(DERIVATION_INFO) },
    base,
    HMAC_256,
    false,
    ['sign', 'verify'],
  );
}
