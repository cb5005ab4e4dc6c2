/**
 * How the client names A2E's operations: a section per reference tag, and within it a name read
 * from the method and path, so `POST /api/v1/userImage2Video/start` is `imageToVideo.start` and
 * `GET /api/v1/userVoice/{_id}` is `tts.getVoice`. Deterministic, so a new reference renames
 * nothing that did not change. No imports: the generator (Node) and the Worker both run it.
 */

/** Tags whose plain camelCase reads badly or would rename what the client has long called them. */
const SECTION_KEYS: Record<string, string> = {
  'TTS and Voice Clone': 'tts',
  'Generate Avatar Videos': 'avatarVideos',
  'Create Avatars': 'customAvatars',
  'Background Matting': 'backgrounds',
  'AI Dubbing': 'dubbing',
  Miscellaneous: 'misc',
  'Seedance 1.5 Pro': 'seedance15',
  'Seedance 2.x': 'seedance2',
  'Sora 2 Pro Video': 'sora2',
  'Streaming Avatar': 'streaming',
};

export function sectionKey(tag: string): string {
  const known = SECTION_KEYS[tag];
  if (known) return known;
  const words = tag.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words
    .map((word, i) => {
      if (i > 0) return word[0]!.toUpperCase() + word.slice(1);
      return word === word.toUpperCase() ? word.toLowerCase() : word[0]!.toLowerCase() + word.slice(1);
    })
    .join('');
}

export interface NamedOperation {
  method: string;
  path: string;
  tag: string;
}

/** `{ section: { name: operation } }`, in the order given; throws on a name it cannot make unique. */
export function nameOperations<T extends NamedOperation>(operations: T[]): Map<string, Map<string, T>> {
  const bySection = new Map<string, T[]>();
  for (const op of operations) {
    const key = sectionKey(op.tag);
    bySection.set(key, [...(bySection.get(key) ?? []), op]);
  }
  const out = new Map<string, Map<string, T>>();
  for (const [section, ops] of bySection) {
    const resources = [...new Set(ops.map((op) => segments(op.path)[0] ?? ''))];
    const stems = stemsOf(resources);
    const names = ops.map((op) => baseName(op, resources.length > 1 ? stems.get(segments(op.path)[0] ?? '')! : null));
    const named = new Map<string, T>();
    ops.forEach((op, i) => {
      let name = names[i]!;
      // The same path under two methods (`anchor/voice_list`): all but the POST say their method.
      if (names.filter((n) => n === name).length > 1 && op.method !== 'POST') name = op.method.toLowerCase() + cap(name);
      if (named.has(name)) throw new Error(`Two operations of section ${section} would both be named ${name}.`);
      named.set(name, op);
    });
    out.set(section, named);
  }
  return out;
}

const PARAM = /^\{\w+\}$/;
const VERB_OF: Record<string, string> = { GET: 'get', DELETE: 'delete', PUT: 'update', POST: 'post' };

/**
 * Each resource's prefix within its section: `userFaceSwapTask` is `task` beside
 * `userFaceSwapImage` (the words all share are dropped), `userVoice` is `voice`.
 */
function stemsOf(resources: string[]): Map<string, string> {
  const words = resources.map((r) => r.replace(/^user(?=[A-Z])/, '').split(/(?=[A-Z])/));
  let common = 0;
  while (words.every((w) => w.length > common + 1 && w[common]?.toLowerCase() === words[0]![common]?.toLowerCase())) common += 1;
  return new Map(resources.map((r, i) => [r, camel([words[i]!.slice(common).join('')])]));
}

function baseName(op: NamedOperation, stem: string | null): string {
  const [resource = '', ...rest] = segments(op.path);
  const prefixed = stem !== null;
  const verb = VERB_OF[op.method] ?? op.method.toLowerCase();
  const words = rest.filter((s) => !PARAM.test(s));
  const hasParam = rest.some((s) => PARAM.test(s));
  // `{_id}` alone, or behind `detail` / `delete`: the verb is the name (`get`, `delete`, `update`).
  const plain = words.length === 0 || (hasParam && words.length === 1 && (words[0] === 'detail' || words[0] === 'delete'));
  if (plain && hasParam) return stem !== null ? verb + cap(stem) : verb;
  if (hasParam && op.method === 'GET' && words.length === 1 && /^\d/.test(words[0]!)) {
    return (stem !== null ? verb + cap(stem) : verb) + words[0]; // `{_id}/1080p`
  }
  if (hasParam && rest.length === 2 && PARAM.test(rest[1]!) && op.method !== 'GET') {
    const name = verb + cap(camel(words));
    return stem !== null ? verb + cap(stem) + cap(camel(words)) : name; // `preview/{id}` DELETE
  }
  const name = camel(words.length ? words : [resource]);
  return prefixed ? stem + cap(name) : name;
}

function segments(path: string): string[] {
  return path.split('/').filter(Boolean).slice(2); // drop `api`, `v1`
}

function camel(words: string[]): string {
  const parts = words.flatMap((w) => w.split(/[_-]/)).filter(Boolean);
  return parts.map((p, i) => (i === 0 ? p[0]!.toLowerCase() + p.slice(1) : cap(p))).join('');
}

function cap(word: string): string {
  return word ? word[0]!.toUpperCase() + word.slice(1) : word;
}
