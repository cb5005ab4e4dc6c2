import { afterAll, describe, expect, it } from 'vitest';
import { spawnOwned, type OwnedProcess } from './support/owned-process';

/**
 * `npm start`, exactly as the README tells a newcomer to run it (with PORT set): it builds, starts
 * the Worker on the simulator, prints one local URL, and that URL serves the demo.
 */
describe('npm start', () => {
  // One of this suite's own ports; the inspector gets the next one.
  const port = 8857;
  let started: OwnedProcess | undefined;

  afterAll(() => started?.stop());

  it('prints one local URL that serves the demo, the widget and /health on the simulator', { timeout: 240_000 }, async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), INSPECTOR_PORT: String(port + 1) };
    delete env.A2E_API_KEY;
    // npm, wrangler and workerd: one owned process group, ended together.
    started = spawnOwned('npm', ['start'], { env });
    const { child } = started;
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));

    const deadline = Date.now() + 220_000;
    while (!/https?:\/\/\S+/.test(stdout)) {
      if (child.exitCode !== null) throw new Error(`npm start exited early (${child.exitCode}):\n${stdout}\n${stderr}`);
      if (Date.now() > deadline) throw new Error(`npm start printed no URL:\n${stdout}\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // Let anything else it would print arrive, then check there is exactly one URL, on PORT.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const urls = stdout.match(/https?:\/\/[^\s)]+/g) ?? [];
    expect(urls).toEqual([`http://localhost:${port}/`]);
    expect(stdout).toContain('simulator');

    const base = `http://127.0.0.1:${port}`;
    // Speech-to-text offline too: npm start points STT_BASE_URL at the simulator's stand-in.
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ ok: true, mode: 'simulator', brain: 'a2e', stt: true });
    const demo = await fetch(`${base}/`);
    expect(demo.headers.get('content-type')).toContain('text/html');
    expect(await demo.text()).toContain('Talk to');
    expect((await fetch(`${base}/support/`)).status).toBe(200);
    const widget = await fetch(`${base}/a2e-avatar.js`);
    expect(widget.headers.get('content-type')).toContain('javascript');
    expect(widget.headers.get('access-control-allow-origin')).toBe('*');
    // The voice chunk the widget loads at the first press of the microphone, from the same place.
    expect((await fetch(`${base}/voice/voice-loop.js`)).headers.get('access-control-allow-origin')).toBe('*');
    expect((await fetch(`${base}/a2e-support.js`)).status).toBe(200);
  });
});
