import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgoraRtc } from '../../protocol/broker-api';
import { AgoraTransport } from './agora-transport';
import { TransportError, type TransportEvents } from './transport';

/**
 * The real `agora-rtc-sdk-ng` in Chromium, with no network: its join would retry for minutes,
 * so the transport's join bound must end it with `join_timeout`, and leave() must stop the
 * SDK's join attempts (calls to Agora's gateway), not just stop waiting for them.
 */
const GATEWAY_PATH = '/api/v2/transpond/';

describe('AgoraTransport with the real Agora SDK and no network', () => {
  const gatewayCalls: string[] = [];
  let restore: () => void;

  beforeAll(() => {
    // The SDK reaches its gateway with XMLHttpRequest; count those calls.
    const open = XMLHttpRequest.prototype.open;
    XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, ...args: Parameters<XMLHttpRequest['open']>) {
      if (String(args[1]).includes(GATEWAY_PATH)) gatewayCalls.push(String(args[1]));
      return open.apply(this, args as Parameters<typeof open>);
    } as XMLHttpRequest['open'];
    restore = () => (XMLHttpRequest.prototype.open = open);
  });
  afterAll(() => restore());

  it('fails the join with join_timeout within the bound, and leave stops the SDK retrying', async () => {
    const rtc: AgoraRtc = { transport: 'agora', appId: '0123456789abcdef0123456789abcdef', channel: 'no-network', token: '007eJxTYBBb', uid: 4242 };
    const ended: string[] = [];
    const events: TransportEvents = {
      stream: () => undefined,
      speaking: () => undefined,
      connection: () => undefined,
      ended: (reason) => ended.push(reason),
    };
    const transport = new AgoraTransport();
    const error = await transport.join(rtc, { server: 'https://broker.example', joinTimeoutMs: 3_000, events }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('join_timeout');
    await transport.leave();
    // After leaving, the SDK's join loop (whose retry waits last a few seconds) makes no further attempt.
    const afterLeave = gatewayCalls.length;
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    expect(gatewayCalls.length).toBe(afterLeave);
    expect(ended).toEqual([]);
  }, 30_000);
});
