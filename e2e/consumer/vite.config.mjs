// REACT=18 builds against React 18 (installed as react-18 / react-dom-18), else React 19.
// `--ssr src/server.tsx` builds the server render instead of the browser app.
const react18 = process.env.REACT === '18';
const alias = react18
  ? [
      { find: /^react$/, replacement: 'react-18' },
      { find: /^react\/(.*)$/, replacement: 'react-18/$1' },
      { find: /^react-dom$/, replacement: 'react-dom-18' },
      { find: /^react-dom\/(.*)$/, replacement: 'react-dom-18/$1' },
    ]
  : [];

export default {
  logLevel: 'warn',
  resolve: { alias },
  oxc: { jsx: { runtime: 'automatic' } },
  // React 19's server render leaves the package external, as Next.js does, so Node resolves it
  // (and Lit's Node build); React 18's is bundled, so the aliases reach into every import.
  ssr: react18 ? { noExternal: true } : {},
  build: { outDir: `dist-${react18 ? 18 : 19}`, emptyOutDir: true, minify: false },
};
