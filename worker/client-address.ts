import type { Context } from 'hono';

/**
 * The caller's address. Cloudflare sets CF-Connecting-IP on every request from the internet and
 * overwrites any value a client sends, so it cannot be forged from outside; `wrangler dev` sets
 * it to the local caller. Calls without it come from inside Cloudflare (service bindings, the
 * test pool's SELF) and have no client address.
 */
export function clientAddress(c: Context): string | undefined {
  return c.req.header('CF-Connecting-IP')?.trim() || undefined;
}

export function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
