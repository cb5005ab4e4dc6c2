/**
 * Whether two secrets are equal, compared in constant time over their SHA-256 digests, so
 * neither a secret's content nor its length leaks through timing. Every check of a token the
 * Worker holds (admin token, webhook token, the simulator's control token, upload URLs, room
 * joins) goes through here.
 */
export async function sameSecret(a: string, b: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [da, db] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(a)),
    crypto.subtle.digest('SHA-256', encoder.encode(b)),
  ]);
  return crypto.subtle.timingSafeEqual(da, db);
}
