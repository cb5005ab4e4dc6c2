import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

/**
 * The widget's build into dist/widget/, in four passes (`npm run build:widget` runs them):
 *
 * - `--mode transports`: each transport as a standalone ES module under transports/. Agora's SDK
 *   (about 430 KB gzipped) lives only in transports/agora-transport.js's chunk.
 * - `--mode module` (served as /a2e-avatar.js): a2e-avatar.js, the element with Lit bundled in,
 *   for browsers with no bundler; its only imports are the dynamic ones of the transports, made
 *   at connect().
 * - `--mode classic` (served as /a2e-avatar.global.js; `unpkg` / `jsdelivr`): one classic script
 *   for `<script src>`, which loads the same transport modules with import() relative to its own
 *   URL (dynamic import works in classic scripts), so Agora stays lazy there too.
 * - `--mode package` (the package's `exports`): index.js and react.js for bundlers and Node, with
 *   `lit` and `react` left as imports, so Node resolves Lit's server build (importing the
 *   package while rendering on the server never throws) and an app bundles one Lit and one
 *   React. Unminified, so it needs no source map.
 *
 * Every entry loads the same transport files, so a page never downloads the SDK twice. No pass
 * writes source maps: the package would carry maps of sources it does not ship (Agora's alone
 * is 3 MB), and a map that points outside the package resolves nowhere.
 */
const root = fileURLToPath(new URL('.', import.meta.url));
// A2E_WIDGET_OUT_DIR lets the browser tests build a private copy that no concurrent build wipes.
const outDir = process.env.A2E_WIDGET_OUT_DIR ?? `${root}dist/widget`;
const transports = ['agora-transport', 'simulator-transport'] as const;

/** Where `loadTransport` imports a transport, point at the built module instead of bundling it. */
function externalTransports(target: (name: string) => string): Plugin {
  return {
    name: 'a2e-external-transports',
    enforce: 'pre',
    resolveId(source, importer) {
      const name = source.replace(/^\.\//, '').replace(/\.ts$/, '');
      if (importer?.endsWith('/widget/transports/transport.ts') && (transports as readonly string[]).includes(name)) {
        return { id: target(name), external: true };
      }
      return null;
    },
  };
}

const CLASSIC_MARK = '__a2e_transport__:';

/** In the classic script, resolve transport URLs against the script's own src, captured as it runs. */
function classicTransportUrls(): Plugin {
  return {
    name: 'a2e-classic-transport-urls',
    renderChunk(code) {
      const pattern = new RegExp(`import\\((["'])${CLASSIC_MARK}([\\w-]+)\\1\\)`, 'g');
      if (!pattern.test(code)) throw new Error('classic build: no transport import found to rewrite');
      return code.replace(pattern, (_m, _q, name: string) => `import(new URL("./transports/${name}.js", __a2eBase).href)`);
    },
  };
}

const shared: UserConfig = {
  publicDir: false,
  // The passes use --mode for their name, which Vite would otherwise take as "not production"
  // and so bundle Lit's development build.
  resolve: { conditions: ['module', 'browser', 'production'] },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warn',
  build: { outDir, emptyOutDir: false, target: 'es2022', minify: true, sourcemap: false, reportCompressedSize: false },
};

export default defineConfig(({ mode }): UserConfig => {
  if (mode === 'transports') {
    return {
      ...shared,
      build: {
        ...shared.build,
        emptyOutDir: true,
        lib: {
          entry: Object.fromEntries(transports.map((name) => [`transports/${name}`, `${root}widget/transports/${name}.ts`])),
          formats: ['es'],
        },
        rollupOptions: { output: { entryFileNames: '[name].js', chunkFileNames: 'transports/[name]-[hash].js', minify: true } },
      },
    };
  }
  if (mode === 'classic') {
    return {
      ...shared,
      plugins: [externalTransports((name) => `${CLASSIC_MARK}${name}`), classicTransportUrls()],
      build: {
        ...shared.build,
        lib: { entry: `${root}widget/index.ts`, formats: ['iife'], name: 'A2eAvatar', fileName: () => 'a2e-avatar.global.js' },
        rollupOptions: {
          output: {
            // document.currentScript is only set while the script first runs.
            intro: 'var __a2eBase = (document.currentScript && document.currentScript.src) || location.href;',
          },
        },
      },
    };
  }
  if (mode === 'package') {
    return {
      ...shared,
      plugins: [externalTransports((name) => `./transports/${name}.js`)],
      build: {
        ...shared.build,
        minify: false,
        lib: {
          entry: { index: `${root}widget/index.ts`, react: `${root}widget/react/index.ts` },
          formats: ['es'],
          fileName: (_format, name) => `${name}.js`,
        },
        rollupOptions: {
          external: [/^lit(\/|$)/, /^@lit\//, /^react(\/|$)/],
          output: {
            // Beside the entries: the transports' paths are relative to the file that imports them.
            chunkFileNames: '[name]-[hash].js',
            // Next.js's App Router may then render <A2eAvatar> from a server component as well.
            banner: (chunk) => (chunk.name === 'react' ? "'use client';" : ''),
          },
        },
      },
    };
  }
  return {
    ...shared,
    // Relative to the entry file, which sits beside transports/.
    plugins: [externalTransports((name) => `./transports/${name}.js`)],
    build: {
      ...shared.build,
      lib: { entry: `${root}widget/index.ts`, formats: ['es'], fileName: () => 'a2e-avatar.js' },
      // Vite leaves ES libraries unminified for the app's bundler; this file also goes straight to browsers.
      rollupOptions: { output: { minify: true } },
    },
  };
});
