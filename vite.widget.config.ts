import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

/**
 * The widget's build into dist/widget/, in three passes (`npm run build:widget` runs them):
 *
 * - `--mode transports`: each transport as a standalone ES module under transports/, and the voice
 *   code (microphone capture, voice-activity detection, turn-taking) as voice/voice-loop.js, loaded
 *   the first time a visitor turns the microphone on. Agora's SDK (about 430 KB gzipped) lives
 *   only in transports/agora-transport.js.
 * - `--mode module` (the package's `exports["."]`): a2e-avatar.js, the element with Lit bundled
 *   in; its only imports are the dynamic ones of the transports, made at connect(), and of the voice.
 * - `--mode classic` (`unpkg` / `jsdelivr`): a2e-avatar.global.js, one classic script for
 *   `<script src>`, which loads the same transport modules with import() relative to its own URL
 *   (dynamic import works in classic scripts), so Agora stays lazy there too.
 *
 * Both entries load the same transport files, so a page never downloads the SDK twice.
 */
const root = fileURLToPath(new URL('.', import.meta.url));
// A2E_WIDGET_OUT_DIR lets the browser tests build a private copy that no concurrent build wipes.
const outDir = process.env.A2E_WIDGET_OUT_DIR ?? `${root}dist/widget`;
/** The modules loaded lazily, as `<folder>/<name>`, each with the one file that imports it. */
const lazyModules = {
  'transports/agora-transport': '/widget/transports/transport.ts',
  'transports/simulator-transport': '/widget/transports/transport.ts',
  'voice/voice-loop': '/widget/voice/load-voice.ts',
} as const;
type LazyModule = keyof typeof lazyModules;

/** Where a lazy module is imported (`import('./name')`), point at its built file instead of bundling it. */
function externalLazyModules(target: (module: LazyModule) => string): Plugin {
  return {
    name: 'a2e-external-lazy-modules',
    enforce: 'pre',
    resolveId(source, importer) {
      const name = source.replace(/^\.\//, '').replace(/\.ts$/, '');
      const module = (Object.keys(lazyModules) as LazyModule[]).find((m) => m.endsWith(`/${name}`) && importer?.endsWith(lazyModules[m]));
      return module ? { id: target(module), external: true } : null;
    },
  };
}

const CLASSIC_MARK = '__a2e_transport__:';

/** In the classic script, resolve transport URLs against the script's own src, captured as it runs. */
function classicTransportUrls(): Plugin {
  return {
    name: 'a2e-classic-transport-urls',
    renderChunk(code) {
      const pattern = new RegExp(`import\\((["'])${CLASSIC_MARK}([\\w/-]+)\\1\\)`, 'g');
      if (!pattern.test(code)) throw new Error('classic build: no lazy import found to rewrite');
      return code.replace(pattern, (_m, _q, module: string) => `import(new URL("./${module}.js", __a2eBase).href)`);
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
  build: { outDir, emptyOutDir: false, target: 'es2022', minify: true, sourcemap: true, reportCompressedSize: false },
};

export default defineConfig(({ mode }): UserConfig => {
  if (mode === 'transports') {
    return {
      ...shared,
      build: {
        ...shared.build,
        emptyOutDir: true,
        lib: {
          entry: Object.fromEntries(Object.keys(lazyModules).map((module) => [module, `${root}widget/${module}.ts`])),
          formats: ['es'],
        },
        rollupOptions: { output: { entryFileNames: '[name].js', chunkFileNames: 'transports/[name]-[hash].js', minify: true } },
      },
    };
  }
  if (mode === 'classic') {
    return {
      ...shared,
      plugins: [externalLazyModules((module) => `${CLASSIC_MARK}${module}`), classicTransportUrls()],
      build: {
        ...shared.build,
        // The URL rewrite below would shift the map; debug with the module build instead.
        sourcemap: false,
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
  return {
    ...shared,
    // Relative to the entry file, which sits beside transports/.
    plugins: [externalLazyModules((module) => `./${module}.js`)],
    build: {
      ...shared.build,
      lib: { entry: `${root}widget/index.ts`, formats: ['es'], fileName: () => 'a2e-avatar.js' },
      // Vite leaves ES libraries unminified for the app's bundler; this file also goes straight to browsers.
      rollupOptions: { output: { minify: true } },
    },
  };
});
