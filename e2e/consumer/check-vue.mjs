// Compiles the README's Vue component as @vitejs/plugin-vue does (script setup with the
// template inlined), with and without the isCustomElement setting, then renders the server
// build of it. Prints one JSON line.
import { readFileSync, writeFileSync } from 'node:fs';
import ts from 'typescript';
import { compileScript, parse } from 'vue/compiler-sfc';
import { createSSRApp } from 'vue';
import { renderToString } from 'vue/server-renderer';

const isCustomElement = (tag) => tag.startsWith('a2e-');
const source = readFileSync(new URL('./src/SupportAvatar.vue', import.meta.url), 'utf8');
// The plugin hands the same compilerOptions to the parser (which decides what is an element)
// and to the template compiler.
const build = (ssr, compilerOptions) => {
  const { descriptor, errors } = parse(source, { filename: 'SupportAvatar.vue', templateParseOptions: compilerOptions });
  if (errors.length) throw errors[0];
  return compileScript(descriptor, { id: 'support-avatar', inlineTemplate: true, templateOptions: { ssr, ssrCssVars: [], compilerOptions } }).content;
};

const browser = build(false, { isCustomElement });
const unset = build(false, {});
const server = ts.transpileModule(build(true, { isCustomElement }), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
const out = new URL('./SupportAvatar.server.mjs', import.meta.url);
writeFileSync(out, server);
const { default: Component } = await import(out.href);
const warnings = [];
const app = createSSRApp(Component, { server: 'https://avatar.example.com', avatarId: 'a2e-demo-avatar' });
app.config.warnHandler = (message) => warnings.push(message);
const html = await renderToString(app);
const resolves = (code) => /resolveComponent\("a2e-avatar"/.test(code);
console.log(JSON.stringify({ resolvesWith: resolves(browser), resolvesWithout: resolves(unset), html, warnings }));
