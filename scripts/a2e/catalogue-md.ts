import type { Json, JsonObject } from './spec-facts.ts';

/**
 * Reads `shared/a2e-dev-catalogue.md` (our line-per-endpoint transcription of A2E's developer
 * reference, made while the reference itself could not be fetched) back into an OpenAPI 3.0
 * document of facts, in the shape `specFacts` gives A2E's own document. This bootstraps the
 * snapshot offline; the first `npm run a2e:sync` with network replaces it with A2E's own facts
 * and lists every difference.
 *
 * The line grammar is the catalogue's header: `METHOD path — summary ; body: field type REQ def
 * enum a|b min..max ; query: ... ; 200/400/401`, with types s i n b o, `[]` for arrays.
 */

const TYPES: Record<string, JsonObject> = {
  s: { type: 'string' },
  's(uri)': { type: 'string', format: 'uri' },
  i: { type: 'integer' },
  n: { type: 'number' },
  b: { type: 'boolean' },
  o: { type: 'object' },
  's[]': { type: 'array', items: { type: 'string' } },
  'o[]': { type: 'array', items: { type: 'object' } },
};

/** Fields whose type the catalogue leaves out where it is the same everywhere. */
const IMPLIED: Record<string, JsonObject> = {
  ids: { type: 'array', items: { type: 'string' } },
  pageNum: { type: 'integer' },
  pageSize: { type: 'integer' },
  page: { type: 'integer' },
  page_size: { type: 'integer' },
  current: { type: 'integer' },
  webhook_url: { type: 'string', maxLength: 2048 },
  webhook_token: { type: 'string', maxLength: 256 },
};

export interface CatalogueOperation {
  group: string;
  tag: string;
  method: string;
  path: string;
  summary: string;
  webhook: boolean;
  deprecated: boolean;
  fields: { name: string; schema: JsonObject; required: boolean; in: 'query' | 'body' }[];
  responses: { status: string; description: string }[];
  noBody: boolean;
}

export function parseCatalogue(markdown: string): { groups: { name: string; tags: string[] }[]; operations: CatalogueOperation[] } {
  const groups: { name: string; tags: string[] }[] = [];
  const operations: CatalogueOperation[] = [];
  let current: CatalogueOperation | null = null;
  let tag = '';
  for (const raw of markdown.split('\n')) {
    const group = /^#### (.+)$/.exec(raw);
    if (group) {
      groups.push({ name: group[1]!.trim(), tags: [] });
      continue;
    }
    const section = /^##### (.+)$/.exec(raw);
    if (section) {
      tag = section[1]!.trim();
      groups.at(-1)?.tags.push(tag);
      continue;
    }
    const op = /^- `(GET|POST|PUT|DELETE) (\/api\/v1\/\S+)` — (.*)$/.exec(raw);
    // The catalogue notes operations of the white-label copy that A2E's own copy lacks: not A2E's.
    if (op && /absent from A2E's own copy/.test(raw)) {
      current = null;
      continue;
    }
    if (op) {
      current = {
        group: groups.at(-1)?.name ?? '',
        tag,
        method: op[1]!,
        path: op[2]!,
        summary: '',
        webhook: false,
        deprecated: false,
        fields: [],
        responses: [],
        noBody: false,
      };
      operations.push(current);
      const [summary, ...segments] = splitSegments(op[3]!);
      current.summary = cleanSummary(summary ?? '');
      current.webhook = /\bwebhook\b/.test(summary ?? '');
      for (const segment of segments) readSegment(current, segment);
      continue;
    }
    const more = /^ {2}- (.*)$/.exec(raw);
    if (more && /^(documented states|status flow documented)/.test(more[1]!)) continue;
    if (more && current) for (const segment of splitSegments(more[1]!)) readSegment(current, segment);
  }
  return { groups, operations };
}

/** Splits on ` ; ` outside parentheses and brackets. */
function splitSegments(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '(' || ch === '[') depth += 1;
    if (ch === ')' || ch === ']') depth = Math.max(0, depth - 1);
    if (depth === 0 && text.startsWith(' ; ', i)) {
      out.push(text.slice(start, i));
      start = i + 3;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}

/** The summary without our notes: parentheses, brackets and `NOTE`s are the catalogue's, not A2E's. */
function cleanSummary(text: string): string {
  let out = text;
  for (let previous = ''; previous !== out; ) {
    previous = out;
    out = out.replace(/\s*\([^()]*\)/g, '').replace(/\s*\[[^[\]]*\]/g, '');
  }
  return out.replace(/\s+NOTE.*$/, '').split(';')[0]!.replace(/[!.\s]+$/, '').trim();
}

function readSegment(op: CatalogueOperation, segment: string): void {
  let text = segment.replace(/\s+\(NOTE[^)]*\)\s*$/, '').trim();
  if (/^\[.*\]$/.test(text) || /^\(.*\)$/.test(text)) {
    if (/webhook/.test(text)) op.webhook = true;
    text = text.replace(/^\((.*)\)$/, '$1');
    if (!/^\w+ \w+ /.test(text) && !/^pageNum/.test(text)) return;
  }
  if (/^(documented states|status flow documented)/.test(text)) return;
  if (/no body documented|no body\)|\(no params|no params\)/.test(text)) op.noBody = true;
  const statuses = /^(?:resp\s+)?(\d{3}(?:\s*\([^)]*\))?(?:\/\d{3}(?:\s*\([^)]*\))?)*)\s*(?:\(.*\))?$/.exec(text);
  if (statuses) {
    for (const match of statuses[1]!.matchAll(/(\d{3})\s*(?:\(([^)]*)\))?/g)) {
      const note = match[2]?.trim() ?? '';
      // Our own remarks after the list are not A2E's words for the status.
      const description = /^(absent|no webhook|one public client)/.test(note) ? '' : note;
      op.responses.push({ status: match[1]!, description });
    }
    return;
  }
  const fields = /^(?:body(?: \(cont\.\))?|query|path)\s*:?\s*(.*)$/.exec(text);
  let list = (fields ? fields[1]! : text).replace(/^\([^)]*\)\s*/, '');
  if (/^path\b/.test(text)) {
    // Path parameters come from the path itself; a body may follow in the same segment.
    const body = /;\s*(body\b.*)$/.exec(text);
    if (body) readSegment(op, body[1]!);
    return;
  }
  if (/^(ONLY|same fields)/.test(list)) {
    if (/same fields as above/.test(list)) op.fields.push(...structuredClone(previousFields));
    if (/webhook_url/.test(list)) op.webhook = true;
    return;
  }
  for (const spec of splitFields(list)) {
    const field = readField(spec, op.method === 'GET' || op.method === 'DELETE' ? 'query' : 'body');
    if (!field) continue;
    if (field.name === 'webhook_url' || field.name === 'webhook_token') {
      op.webhook = true;
      continue;
    }
    // A field the catalogue states twice (its notes repeat it) is one field: the fuller line wins.
    const twice = op.fields.findIndex((f) => f.name === field.name);
    if (twice >= 0) {
      const before = op.fields[twice]!;
      op.fields[twice] = { ...field, required: field.required || before.required, schema: { ...before.schema, ...field.schema } };
    } else op.fields.push(field);
  }
  previousFields = op.fields;
}

let previousFields: CatalogueOperation['fields'] = [];

/** Fields are separated by `;` or `,` outside parentheses. */
function splitFields(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '(') depth += 1;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && (ch === ';' || ch === ',')) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  // Two paging fields written without a separator: `pageNum def1 pageSize def10`.
  return out.flatMap((s) => s.split(/\s+(?=(?:pageSize|page_size|current)\b)/)).map((s) => s.trim()).filter(Boolean);
}

function readField(spec: string, where: 'query' | 'body'): CatalogueOperation['fields'][number] | null {
  const name = /^([A-Za-z_]\w*)\b/.exec(spec)?.[1];
  if (!name || /^(the|one|these|body|REQ|no|all|only)$/i.test(name)) return null;
  let rest = spec.slice(name.length).trim();
  // Our notes in parentheses carry limits sometimes: keep `max N`, `<=N`, `up to N`.
  const notes = [...rest.matchAll(/\(([^)]*)\)/g)].map((m) => m[1]!);
  rest = rest.replace(/\([^)]*\)/g, ' ').replace(/\s+/g, ' ').trim();
  const tokens = rest.split(' ').filter(Boolean);
  let schema: JsonObject = structuredClone(IMPLIED[name] ?? { type: 'string' });
  let required = false;
  let deprecated = false;
  const limits: { min?: number; max?: number } = {};
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (TYPES[token]) schema = structuredClone(TYPES[token]);
    else if (token === 'REQ') required = true;
    else if (token === 'DEPRECATED') deprecated = true;
    else if (token === 'enum' && tokens[i + 1]) {
      const values = tokens[i + 1]!;
      i += 1;
      const range = /^"(\d+)"\.\."(\d+)"$/.exec(values);
      const listed = range ? rangeOf(Number(range[1]), Number(range[2])).map(String) : values.split('|').map((v) => v.replace(/^"|"$/g, ''));
      schema.enum = listed.map((v) => value(v, schema));
    } else if (token === 'def' && tokens[i + 1] !== undefined) {
      schema.default = value(tokens[i + 1]!.replace(/^"|"$/g, ''), schema);
      i += 1;
    } else if (/^def\S+$/.test(token)) {
      schema.default = value(token.slice(3), schema);
    } else if (token === 'max' && tokens[i + 1] && /^\d+$/.test(tokens[i + 1]!)) {
      limits.max = Number(tokens[i + 1]);
      i += 1;
    } else if (/^min\d+$/.test(token)) limits.min = Number(token.slice(3));
    else if (token === 'min' && tokens[i + 1] && /^\d+$/.test(tokens[i + 1]!)) {
      limits.min = Number(tokens[i + 1]);
      i += 1;
    } else if (/^-?[\d.]+\.\.-?[\d.]+$/.test(token)) {
      const [lo, hi] = token.split('..').map(Number);
      limits.min = lo;
      limits.max = hi;
    }
  }
  for (const note of notes) {
    if (note === 'uri' && schema.type === 'string') schema.format = 'uri';
    const max = /(?:^|\s)(?:max|<=|up to)\s*(\d+)\b/.exec(note);
    if (max && limits.max === undefined) limits.max = Number(max[1]);
  }
  applyLimits(schema, limits);
  if (deprecated) schema.deprecated = true;
  return { name, schema, required, in: where };
}

function applyLimits(schema: JsonObject, { min, max }: { min?: number; max?: number }): void {
  const kind = schema.type;
  const [lo, hi] = kind === 'string' ? ['minLength', 'maxLength'] : kind === 'array' ? ['minItems', 'maxItems'] : ['minimum', 'maximum'];
  if (min !== undefined) schema[lo!] = min;
  if (max !== undefined) schema[hi!] = max;
}

function value(text: string, schema: JsonObject): Json {
  if (schema.type === 'integer' || schema.type === 'number') return Number(text);
  if (schema.type === 'boolean') return text === 'true';
  if (text === '""') return '';
  return text;
}

function rangeOf(lo: number, hi: number): number[] {
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}
