/**
 * Whether a raw request path (as sent, still percent-encoded) may be forwarded to A2E: it must
 * stay under `/api/v1/` however many times it is decoded. Refused: dot segments (`.`, `..`, also
 * encoded or double-encoded), encoded slashes and backslashes (`%2f`, `%5c`), raw backslashes,
 * NUL and control characters. Upstreams and CDNs decode differently; refusing all of these is
 * the only way to be sure none of them resolves outside `/api/v1/`.
 */
export function isSafeUpstreamPath(rawPath: string): boolean {
  if (!rawPath.startsWith('/api/v1/')) return false;
  let current = rawPath;
  for (let round = 0; round < 4; round += 1) {
    if (/[\\\u0000-\u001f\u007f]/.test(current)) return false;
    if (/%(2f|5c)/i.test(current)) return false;
    if (current.split('/').some((segment) => segment === '.' || segment === '..')) return false;
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return false;
    }
    if (decoded === current) return current.startsWith('/api/v1/');
    current = decoded;
  }
  return false;
}
