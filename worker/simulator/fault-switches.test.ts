import { afterEach, describe, expect, it } from 'vitest';
import { streamingEndpoints as endpoints } from '../catalogue/streaming-endpoints';
import { upstreamFetch } from '../upstream/upstream-fetch';
import { SIMULATOR_API_KEY } from '../config';
import { NO_FAULTS, takeFault, type FaultSwitches } from './fault-switches';
import { a2e, a2eJson, env, sim, stats } from './test-support';

function setFaults(body: unknown): Promise<Response> {
  return sim('/sim/faults', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

afterEach(async () => {
  await sim('/sim/faults', { method: 'DELETE' });
});

describe('takeFault', () => {
  it('fires one armed fault per call in priority order and counts it down', () => {
    let switches: FaultSwitches = { ...NO_FAULTS, fail5xx: 1, timeout: 1, errorCode: { code: 1001, msg: 'busy', count: 1 } };
    const fired: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      const { plan, next } = takeFault(switches);
      fired.push(plan.fault);
      switches = next;
    }
    expect(fired).toEqual(['timeout', 'fail5xx', { code: 1001, msg: 'busy' }, null]);
    expect(switches).toEqual(NO_FAULTS);
  });
});

describe('fault switches on simulated A2E calls', () => {
  it('fail5xx answers the next N calls with HTTP 503 and never runs them', async () => {
    expect((await setFaults({ fail5xx: 2 })).status).toBe(200);
    const open = (await stats()).openChannels;
    for (let i = 0; i < 2; i++) {
      const res = await a2e(endpoints.createToken.path, { body: { avatar_id: 'a2e500000000000000000a01' } });
      expect(res.status).toBe(503);
    }
    expect((await stats()).openChannels).toBe(open);
    expect((await a2e(endpoints.listAvatars.path)).status).toBe(200);
  });

  it('malformed answers with JSON that does not parse', async () => {
    await setFaults({ malformed: 1 });
    const res = await a2e(endpoints.listAvatars.path);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/json/);
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
    expect((await a2eJson(endpoints.listAvatars.path)).code).toBe(0);
  });

  it('errorCode answers with the given non-zero code and msg, count times', async () => {
    await setFaults({ errorCode: { code: 1001, msg: 'all hosts are occupied', count: 2 } });
    const open = (await stats()).openChannels;
    const refused = await a2eJson(endpoints.createToken.path, { body: { avatar_id: 'a2e500000000000000000a01' } });
    expect(refused).toEqual({ code: 1001, msg: 'all hosts are occupied' });
    expect((await stats()).openChannels).toBe(open);
    const second = await a2e(endpoints.listAvatars.path);
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ code: 1001, msg: 'all hosts are occupied' });
    expect((await a2eJson(endpoints.listAvatars.path)).code).toBe(0);
  });

  it('timeout hangs until the caller aborts, then the call rejects with the abort reason', async () => {
    await setFaults({ timeout: 1 });
    const controller = new AbortController();
    const call = a2e(endpoints.listAvatars.path, { signal: controller.signal });
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
    expect((await a2e(endpoints.listAvatars.path)).status).toBe(200);
  });

  it('timeout through upstreamFetch rejects with the TimeoutError of the broker signal', async () => {
    await setFaults({ timeout: 1 });
    const call = upstreamFetch(env, endpoints.listAvatars.path, {
      headers: { Authorization: `Bearer ${SIMULATOR_API_KEY}` },
      signal: AbortSignal.timeout(50),
    });
    await expect(call).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('latencyMs delays every call until cleared (an impatient caller gives up)', async () => {
    await setFaults({ latencyMs: 60_000 });
    for (let i = 0; i < 2; i++) {
      await expect(a2e(endpoints.listAvatars.path, { signal: AbortSignal.timeout(30) })).rejects.toMatchObject({
        name: 'TimeoutError',
      });
    }
    expect(await (await sim('/sim/faults')).json()).toMatchObject({ latencyMs: 60_000 });
    await sim('/sim/faults', { method: 'DELETE' });
    expect((await a2e(endpoints.listAvatars.path, { signal: AbortSignal.timeout(5_000) })).status).toBe(200);
  });

  it('merges a patch into the current switches and clears them all on DELETE', async () => {
    await setFaults({ fail5xx: 3 });
    const merged = await (await setFaults({ malformed: 1 })).json();
    expect(merged).toEqual({ ...NO_FAULTS, fail5xx: 3, malformed: 1 });
    expect(await (await sim('/sim/faults', { method: 'DELETE' })).json()).toEqual(NO_FAULTS);
    expect(await (await sim('/sim/faults')).json()).toEqual(NO_FAULTS);
  });

  it('refuses invalid switches in the error shape', async () => {
    for (const body of [{ fail5xx: -1 }, { latency: 5 }, { errorCode: { code: 0, msg: 'ok' } }, 'not json']) {
      const res = await sim('/sim/faults', { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('bad_request');
    }
    expect(await (await sim('/sim/faults')).json()).toEqual(NO_FAULTS);
  });
});
