import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * `/a2e-support.js`: the support launcher as one classic script (an IIFE), so a site embeds it with
 * a plain `<script src>` and one `<a2e-support>` element. It stays small: the avatar element
 * (with Lit and the transports) is fetched from the same server only when a visitor opens the panel.
 */
export default defineConfig({
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../../dist/site', import.meta.url)),
    emptyOutDir: false,
    lib: {
      entry: fileURLToPath(new URL('./a2e-support.ts', import.meta.url)),
      name: 'A2eSupport',
      formats: ['iife'],
      fileName: () => 'a2e-support.js',
    },
  },
});
