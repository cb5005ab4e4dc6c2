import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AvatarsReply, CreateSessionReply } from '../protocol/broker-api';
import { collectPageErrors, launchChromium } from './browser';
import { createConsumerProject, repoRoot, type ConsumerProject } from './consumer-project';
import { startWidgetPageServer, type WidgetPageServer } from './widget-page';
import { startWorker, type RunningWorker } from './worker-server';

const MB = 1024 * 1024;
const node = process.execPath;
const tsc = (project: ConsumerProject, config: string) => project.run(node, ['node_modules/typescript/bin/tsc', '-p', config]);
const vite = (project: ConsumerProject, react: '18' | '19', args: string[] = []) =>
  // NODE_ENV is vitest's "test" here, which would pick Lit's and React's development builds.
  project.run(node, [join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', ...args], { REACT: react, NODE_ENV: 'production' });
const json = <T>(stdout: string): T => JSON.parse(stdout.trim().split('\n').at(-1)!) as T;

/** The packed package installed into a fresh project: what a user of `npm install a2e-avatar` gets. */
describe('the package, as a consumer installs it', () => {
  let project: ConsumerProject;

  beforeAll(() => {
    project = createConsumerProject();
  }, 300_000);
  afterAll(() => {
    if (project) rmSync(dirname(project.dir), { recursive: true, force: true });
  });

  it('packs only what runs: no tests, fixtures, local state or source maps, within its size', () => {
    const paths = project.packed.files.map((file) => file.path);
    expect(paths).toContain('dist/widget/index.js');
    expect(paths).toContain('dist/widget/react.js');
    expect(paths).toContain('dist/widget/a2e-avatar.global.js');
    const stray = paths.filter((path) => /\.test\.|\/test\/|fixture|\.map$|\.wrangler|\.dev\.vars|node_modules|^(worker|e2e|demo|bench|widget|protocol|client)\//.test(path));
    expect(stray).toEqual([]);
    const agora = project.packed.files.filter((file) => /transports\/AgoraRTC_N-[\w-]+\.js$/.test(file.path));
    expect(agora).toHaveLength(1);
    expect(project.packed.unpackedSize - agora[0]!.size).toBeLessThanOrEqual(1.5 * MB);
    // No file points at a source map (there are none to point at).
    const installed = join(project.dir, 'node_modules/a2e-avatar');
    const mapped = paths.filter((path) => path.endsWith('.js') && /[#@] sourceMappingURL=/.test(readFileSync(join(installed, path), 'utf8')));
    expect(mapped).toEqual([]);

    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(Object.keys(manifest.dependencies!).sort()).toEqual(['lit', 'zod']);
    expect(manifest.peerDependenciesMeta).toEqual({ react: { optional: true } });
  });

  it('imports in Node, as server rendering does, without touching the DOM', () => {
    const script = `await import('a2e-avatar'); await import('a2e-avatar/react'); await import('a2e-avatar/client');
      console.log(JSON.stringify([typeof window, typeof document, typeof HTMLElement]));`;
    const result = project.run(node, ['--input-type=module', '-e', script]);
    expect(result.stderr).toBe('');
    expect(json(result.stdout)).toEqual(['undefined', 'undefined', 'undefined']);
  });

  it('type-checks a user of the component and the typed events under bundler and nodenext resolution, React 19 and 18', { timeout: 240_000 }, () => {
    for (const config of ['tsconfig.bundler.json', 'tsconfig.nodenext.json', 'tsconfig.react18.json']) {
      const result = tsc(project, config);
      expect(result.stdout, config).toBe('');
      expect(result.status, config).toBe(0);
    }
  });

  it('fails to type-check a wrong use of an event', { timeout: 120_000 }, () => {
    const result = tsc(project, 'tsconfig.wrong.json');
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(/typed-wrong\.tsx.*error TS2339: Property 'words' does not exist on type 'A2eTranscriptDetail'/);
  });

  it.each(['19', '18'] as const)('renders the README Next.js page on the server with React %s, attributes included', (react) => {
    const build = vite(project, react, ['--ssr', 'src/server.tsx']);
    expect(build.status, build.stderr).toBe(0);
    const rendered = project.run(node, [`dist-${react}/server.js`]);
    expect(rendered.stderr).toBe('');
    const { react: version, html } = json<{ react: string; html: string }>(rendered.stdout);
    expect(version.split('.')[0]).toBe(react);
    expect(html).toMatch(/<a2e-avatar server="https:\/\/avatar\.example\.com" avatar-id="a2e-demo-avatar" context="Opening hours: 9 to 5\."><\/a2e-avatar>/);
  });

  it('compiles the README Vue component with isCustomElement and renders it on the server', () => {
    const result = project.run(node, ['check-vue.mjs']);
    expect(result.stderr).toBe('');
    const vue = json<{ resolvesWith: boolean; resolvesWithout: boolean; html: string; warnings: string[] }>(result.stdout);
    expect(vue.resolvesWithout).toBe(true); // what the setting is for
    expect(vue.resolvesWith).toBe(false);
    expect(vue.warnings).toEqual([]);
    expect(vue.html).toMatch(/<a2e-avatar server="https:\/\/avatar\.example\.com" avatar-id="a2e-demo-avatar" context="Opening hours: 9 to 5\.">/);
  });

  it('compiles the README Svelte component and renders it on the server', () => {
    const result = project.run(node, ['check-svelte.mjs']);
    expect(result.stderr).toBe('');
    const svelte = json<{ warnings: string[]; listens: boolean; html: string }>(result.stdout);
    expect(svelte.warnings).toEqual([]);
    expect(svelte.listens).toBe(true);
    expect(svelte.html).toMatch(/<a2e-avatar server="https:\/\/avatar\.example\.com" avatar-id="a2e-demo-avatar" context="Opening hours: 9 to 5\.">/);
  });

  describe('a Vite React app in Chromium, against wrangler dev', () => {
    let worker: RunningWorker;
    let browser: Browser;
    let avatarId: string;
    const sites: Partial<Record<'18' | '19', WidgetPageServer>> = {};

    beforeAll(async () => {
      for (const react of ['19', '18'] as const) {
        const build = vite(project, react);
        if (build.status !== 0) throw new Error(`vite build (React ${react}) failed:\n${build.stderr}`);
        const dist = join(project.dir, `dist-${react}`);
        const site = await startWidgetPageServer(dist);
        site.html = readFileSync(join(dist, 'index.html'), 'utf8');
        sites[react] = site;
      }
      [worker, browser] = await Promise.all([startWorker(), launchChromium()]);
      avatarId = ((await (await fetch(`${worker.url}/v1/avatars`)).json()) as AvatarsReply).avatars[0]!.id;
    }, 240_000);
    afterAll(async () => {
      await browser?.close();
      await worker?.stop();
      for (const site of Object.values(sites)) await site?.close();
    });

    async function speakStatus(session: CreateSessionReply, origin: string): Promise<number> {
      const res = await fetch(`${worker.url}/v1/sessions/${session.sessionId}/speak`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session.ticket}`, 'content-type': 'application/json', origin },
        body: JSON.stringify({ text: 'still there?' }),
      });
      return res.status;
    }

    const states = (page: Page) => page.evaluate(() => (window as unknown as { a2eLog: { type: string; state?: string }[] }).a2eLog.filter((e) => e.type === 'state').map((e) => e.state));

    it.each(['19', '18'] as const)('React %s StrictMode: auto-connect makes one session, and removing the component ends it', async (react) => {
      const site = sites[react]!;
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const errors = collectPageErrors(page);
        const creates: string[] = [];
        page.on('request', (req) => {
          if (req.method() === 'POST' && req.url() === `${worker.url}/v1/sessions`) creates.push(req.url());
        });
        const session = page
          .waitForResponse((res) => res.url() === `${worker.url}/v1/sessions` && res.request().method() === 'POST', { timeout: 30_000 })
          .then((res) => res.json() as Promise<CreateSessionReply>);
        await page.goto(`${site.origin}/?server=${encodeURIComponent(worker.url)}&avatar=${encodeURIComponent(avatarId)}`);
        await page.waitForFunction(() => document.querySelector('a2e-avatar')?.state === 'connected', null, { timeout: 30_000 });
        expect(await page.evaluate(() => (window as unknown as { reactVersion: string }).reactVersion)).toMatch(new RegExp(`^${react}\\.`));
        expect(creates).toHaveLength(1);
        expect(await states(page)).toEqual(['connecting', 'connected']);
        const created = await session;
        expect(await speakStatus(created, site.origin)).toBe(200);

        await page.click('#remove');
        await expect.poll(() => speakStatus(created, site.origin), { timeout: 10_000 }).toBe(409);
        expect(await page.evaluate(() => document.querySelectorAll('a2e-avatar').length)).toBe(0);
        expect(creates).toHaveLength(1);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  });
});
