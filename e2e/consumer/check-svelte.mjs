// Compiles the README's Svelte component for the browser and the server, and renders it on the
// server. Prints one JSON line.
import { readFileSync, writeFileSync } from 'node:fs';
import { compile } from 'svelte/compiler';
import { render } from 'svelte/server';

const source = readFileSync(new URL('./src/SupportAvatar.svelte', import.meta.url), 'utf8');
const client = compile(source, { filename: 'SupportAvatar.svelte', generate: 'client' });
const server = compile(source, { filename: 'SupportAvatar.svelte', generate: 'server' });
const out = new URL('./SupportAvatar.server.js', import.meta.url);
writeFileSync(out, server.js.code);
const { default: Component } = await import(out.href);
const { body } = render(Component, { props: { server: 'https://avatar.example.com', avatarId: 'a2e-demo-avatar' } });
console.log(
  JSON.stringify({
    warnings: [...client.warnings, ...server.warnings].map((w) => w.message),
    listens: /\$\.event\('a2e-transcript'/.test(client.js.code),
    html: body,
  }),
);
