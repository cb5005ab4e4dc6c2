import { configDefaults, defineConfig } from 'vitest/config';
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { chromiumArgs, chromiumPath } from './e2e/chromium.ts';


/**
 * Three kinds of test, each where its code runs: the Worker in workerd, the widget in headless
 * Chromium, and whole-product end-to-end tests from Node against a running Worker.
 */
export default defineConfig({
  test: {
    // The Worker logs a line per admin call and the SDK its banner: show them only for a failing test.
    silent: 'passed-only',
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: { ADMIN_TOKEN: 'test-admin-token', SESSION_SECRET: 'test-session-secret', ALLOWED_ORIGINS: 'https://shop.example' },
              // Tests never reach the network: any outbound fetch fails loudly.
              outboundService: (request: Request) =>
                new Response(`unexpected outbound request: ${request.url}`, { status: 599 }),
            },
          }),
        ],
        test: { name: 'worker', include: ['worker/**/*.test.ts'] },
      },
      {
        // The Agora SDK is one large UMD file: pre-bundle it up front so the browser tests load it
        // as ESM without a mid-run dependency re-optimisation (which reloads the page).
        optimizeDeps: { include: ['agora-rtc-sdk-ng'] },
        test: {
          name: 'widget',
          include: ['widget/**/*.test.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'e2e/engines/**'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          globalSetup: ['e2e/global-setup.ts'],
          setupFiles: ['e2e/support/exit-with-parent.ts'],
        },
      },
      {
        // The widget in each engine: one file per engine, each with its own Worker, browser and
        // page server, so vitest runs them side by side where it has the workers for it.
        test: {
          name: 'engines',
          include: ['e2e/engines/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 120_000,
          globalSetup: ['e2e/global-setup.ts'],
          setupFiles: ['e2e/support/exit-with-parent.ts'],
        },
      },
    ],
  },
});
