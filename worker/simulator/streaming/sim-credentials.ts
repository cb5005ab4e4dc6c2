/**
 * Credentials of a simulated streaming channel, shaped like A2E's Agora ones so that nothing
 * downstream can tell them apart by form: a 32-hex app id, an opaque token, a numeric uid.
 */

/** One Agora project for the whole simulated account, as with A2E. */
export const SIM_APP_ID = 'a2e5170a0000000000000000000051a0';

export function newChannelName(): string {
  return `sim_${hex(crypto.getRandomValues(new Uint8Array(10)))}`;
}

export function newRtcToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(48));
  return `007${btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

/** A browser uid in Agora's positive 32-bit range, clear of small ids an avatar might use. */
export function newUid(): number {
  return 100_000 + (crypto.getRandomValues(new Uint32Array(1))[0]! % 2_000_000_000);
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
