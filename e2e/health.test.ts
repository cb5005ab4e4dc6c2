import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from './worker-server';

describe('a Worker started with wrangler dev', () => {
  let worker: RunningWorker;
  beforeAll(async () => {
    worker = await startWorker();
  });
  afterAll(() => worker?.stop());

  it('runs on the simulator when no A2E key is set', async () => {
    const res = await fetch(`${worker.url}/health`);
    expect(await res.json()).toEqual({ ok: true, mode: 'simulator', brain: 'a2e', stt: false });
  });

  it('switches to live mode with --var A2E_API_KEY', async () => {
    const live = await startWorker({ A2E_API_KEY: 'test-key', A2E_BASE_URL: 'http://127.0.0.1:9' });
    try {
      const res = await fetch(`${live.url}/health`);
      expect(await res.json()).toEqual({ ok: true, mode: 'live', brain: 'a2e', stt: false });
    } finally {
      await live.stop();
    }
  });
});
