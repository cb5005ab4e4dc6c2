import { TransportError } from './transport';

/**
 * The WebSocket URL of a simulated room: the broker gives `roomUrl` relative to its own origin
 * (`server`), and the page may be served from anywhere, so resolve against the broker and switch
 * http to ws (https to wss).
 */
export function roomSocketUrl(server: string, roomUrl: string): string {
  let url: URL;
  try {
    url = new URL(roomUrl, new URL(server || location.href, location.href));
  } catch {
    throw new TransportError('join_failed', `The room address "${roomUrl}" is not a valid URL.`);
  }
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  else if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new TransportError('join_failed', `The room address must be http(s) or ws(s), not ${url.protocol}`);
  }
  return url.href;
}
