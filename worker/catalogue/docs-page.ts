import type { JsonSchema, OpenApiDocument, OpenApiOperation } from '../../protocol/a2e-catalogue/openapi';

/**
 * A self-contained HTML page of the OpenAPI document: no script, no CDN, no network. One section
 * per tag, one card per operation with its parameters, body and reply schemas.
 */
export function renderDocsPage(doc: OpenApiDocument): string {
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );
  const title = new Map(doc.tags.map((tag) => [tag.name, tag.description]));
  const section = (name: string) => {
    const ops = operations.filter(({ op }) => op.tags.includes(name));
    if (ops.length === 0) return '';
    return `<section id="${esc(name)}"><h3>${esc(title.get(name) ?? name)} <small>(${ops.length})</small></h3>${ops.map(({ path, method, op }) => card(path, method, op)).join('')}</section>`;
  };
  const sections = doc['x-tagGroups'].map((group) => `<h2>${esc(group.name)}</h2>${group.tags.map(section).join('')}`).join('');
  const toc = doc['x-tagGroups']
    .map((group) => `<li><b>${esc(group.name)}</b>: ${group.tags.map((name) => `<a href="#${esc(name)}">${esc(title.get(name) ?? name)}</a>`).join(', ')}</li>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info.title)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2433;background:#f6f7fb}
header{background:#1d2433;color:#fff;padding:1.5rem 2rem}header p{max-width:60rem;opacity:.85}
nav{padding:1rem 2rem}nav ul{list-style:none;padding:0;margin:0;line-height:1.9}
main{padding:0 2rem 3rem;max-width:72rem}h2{margin-top:2.5rem;border-bottom:2px solid #d5d9e4}
.op{background:#fff;border:1px solid #d5d9e4;border-radius:8px;padding:.75rem 1rem;margin:.75rem 0}
.m{display:inline-block;min-width:4.5rem;font-weight:700;font-family:ui-monospace,monospace}
.GET{color:#1769aa}.POST{color:#1b7f3b}.DELETE{color:#b3261e}.PUT{color:#8a5a00}
code{font-family:ui-monospace,monospace}.conf{float:right;margin-left:.3rem;font-size:.8rem;border-radius:99px;padding:0 .6rem;background:#eef0f6}.src{font-size:.8rem;color:#555}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #e1e4ec;padding:.2rem .5rem;text-align:left;font-size:.9rem}
pre{background:#f1f3f8;padding:.5rem;overflow:auto;font-size:.8rem;max-height:24rem}
</style></head><body>
<header><h1>${esc(doc.info.title)}</h1><p>${prose(doc.info.description)}</p>
<p>Servers: ${doc.servers.map((s) => `<code>${esc(s.url)}</code> (${esc(s.description)})`).join(', ')}. Machine-readable: <a style="color:#9cd3ff" href="openapi.json">openapi.json</a>.</p></header>
<nav><ul>${toc}</ul></nav><main>${sections}</main></body></html>`;
}

function card(path: string, method: string, op: OpenApiOperation): string {
  const verb = method.toUpperCase();
  const params = op.parameters.length
    ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th>type</th></tr>${op.parameters
        .map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : 'no'}</td><td>${esc(typeName(p.schema))}</td></tr>`)
        .join('')}</table>`
    : '';
  const bodySchema = op.requestBody?.content['application/json'].schema;
  const body = bodySchema
    ? `${fieldTable(bodySchema)}<details><summary>Request body schema</summary><pre>${esc(JSON.stringify(bodySchema, null, 2))}</pre></details>`
    : '';
  const reply = op.responses['200']?.content?.['application/json'].schema;
  const source = op['x-source'] ? `<div class="src">source: ${link(op['x-source'])}</div>` : '';
  const badges = `${op['x-read-only'] ? '<span class="conf">read-only</span>' : ''}${op.deprecated ? '<span class="conf">deprecated</span>' : ''}<span class="conf" title="x-confidence">${esc(op['x-confidence'])}</span>`;
  return `<div class="op" id="${esc(op.operationId)}">${badges}
<span class="m ${verb}">${verb}</span> <code>${esc(path)}</code> <div>${esc(op.summary)} <small>(<code>${esc(op.operationId)}</code>)</small></div>${source}
${params}${body}${reply ? `<details><summary>Reply</summary><pre>${esc(JSON.stringify(reply, null, 2))}</pre></details>` : ''}</div>`;
}

/** The body's top-level fields as a table, the way the parameters are shown. */
function fieldTable(schema: JsonSchema): string {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const rows = Object.entries(properties).map(
    ([name, field]) =>
      `<tr><td><code>${esc(name)}</code></td><td>body</td><td>${required.has(name) ? 'yes' : 'no'}</td><td>${esc(typeName(field))}${
        typeof field.description === 'string' ? ` <small>${esc(field.description)}</small>` : ''
      }</td></tr>`,
  );
  return rows.length ? `<table><tr><th>field</th><th>in</th><th>required</th><th>type</th></tr>${rows.join('')}</table>` : '';
}

/** A source: a link where it is a URL at the start, text otherwise. */
function link(source: string): string {
  const url = /^https:\/\/\S+/.exec(source)?.[0];
  if (!url) return esc(source);
  return `<a href="${esc(url)}">${esc(url)}</a>${esc(source.slice(url.length))}`;
}

/** Escaped text with `backticks` shown as code. */
function prose(text: string): string {
  return esc(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function typeName(schema: JsonSchema): string {
  const type = schema.type;
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[]).map(typeName).join(' | ');
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(' | ');
  if (type === 'array' && schema.items) return `${typeName(schema.items as JsonSchema)}[]`;
  return Array.isArray(type) ? type.join(' | ') : typeof type === 'string' ? type : 'any';
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
