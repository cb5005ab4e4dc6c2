import { defineConfig } from 'vite';

/** Builds the site the Worker serves as static assets: the demo pages and the widget. */
export default defineConfig({
  root: 'demo',
  build: { outDir: '../dist/site', emptyOutDir: true },
});
