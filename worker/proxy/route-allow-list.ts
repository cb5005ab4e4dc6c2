/**
 * ADMIN_ROUTES: the A2E paths an operator lets the back office reach, for those who expose only
 * part of the API. Comma- or whitespace-separated patterns, each a full path from `/api/v1/`,
 * optionally preceded by a method and a colon: `/api/v1/video/*`, `GET:/api/v1/user/remainingCoins`,
 * `/api/v1/userFaceSwap**`. `*` matches within one path segment, `**` across segments.
 * Unset or empty: every path is allowed.
 */
export interface RouteRule {
  method?: string;
  pattern: RegExp;
}

export function parseAdminRoutes(raw: string | undefined): RouteRule[] | null {
  const items = (raw ?? '').split(/[\s,]+/).filter(Boolean);
  if (items.length === 0) return null;
  return items.map((item) => {
    const match = /^([A-Za-z]+):(\/.*)$/.exec(item);
    const method = match?.[1]?.toUpperCase();
    const path = match?.[2] ?? item;
    const source = path
      .split('**')
      .map((part) => part.split('*').map(escapeRegExp).join('[^/]*'))
      .join('.*');
    return { ...(method ? { method } : {}), pattern: new RegExp(`^${source}$`) };
  });
}

export function isRouteAllowed(rules: RouteRule[] | null, method: string, path: string): boolean {
  if (!rules) return true;
  return rules.some((rule) => (!rule.method || rule.method === method.toUpperCase()) && rule.pattern.test(path));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
