import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { sampleFaq } from './demo/lib/sample-faq.ts';

const demo = fileURLToPath(new URL('./demo', import.meta.url));

/**
 * The demo site the Worker serves as static assets (`npm run build` runs this after the widget
 * build): the playground at / and the sample support site at /support/. Both load the widget the
 * way an embedder does, from the Worker's own /a2e-avatar.js and /a2e-support.js.
 */
export default defineConfig({
  root: demo,
  base: '/',
  plugins: [sampleFaqInHtml()],
  build: {
    outDir: fileURLToPath(new URL('./dist/site', import.meta.url)),
    emptyOutDir: true,
    rollupOptions: {
      input: { demo: `${demo}/index.html`, support: `${demo}/support/index.html` },
    },
  },
});

/** The sample site's `<a2e-support context="%SAMPLE_FAQ%">` gets the same FAQ as the playground. */
function sampleFaqInHtml(): Plugin {
  const escaped = sampleFaq.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return {
    name: 'a2e-sample-faq',
    transformIndexHtml: (html) => html.replaceAll('%SAMPLE_FAQ%', escaped),
  };
}
