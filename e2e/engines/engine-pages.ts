/**
 * What the cross-engine suite puts in pages, written as plain functions the engines run in the
 * page (each uses only its argument) and HTML the suite serves.
 */

/** A host page on another origin: no `lang` (so the widget falls back to the browser's locale), the classic script, and a log of the element's events kept from the first moment, so no test has to reach into the page (which, in Chromium and Firefox, would count as a user gesture) before the widget has tried to play. */
export function hostPage(server: string, avatarId: string, attributes: string): string {
  return `<!doctype html><html><head><meta name="viewport" content="width=device-width"></head><body>
<script>
  window.a2eLog = [];
  window.a2eSessions = [];
  for (const type of ['a2e-state-change', 'a2e-transcript', 'a2e-error']) {
    document.addEventListener(type, (e) => {
      window.a2eLog.push({ type, ...e.detail });
      // Tells the test server, which the test waits on without touching the page.
      fetch('/mark/' + type + '/' + (e.detail.code || e.detail.state || e.detail.role), { method: 'POST', keepalive: true }).catch(() => {});
    });
  }
  // Whether the engine let the page know it went away, as the widget's beacon relies on.
  addEventListener('pagehide', () => navigator.sendBeacon('/mark/pagehide'));
  ${recordSessions.toString()}
  recordSessions();
</script>
<script src="/a2e-avatar.global.js"></script>
<a2e-avatar server="${server}" avatar-id="${avatarId}" ${attributes}></a2e-avatar>
</body></html>`;
}

/** Keeps each session the page creates (id and ticket), so the test can ask the broker about it. */
export function recordSessions(): void {
  const w = window as unknown as { a2eSessions: unknown[]; a2eFetchWrapped?: boolean };
  w.a2eSessions ??= [];
  if (w.a2eFetchWrapped) return;
  w.a2eFetchWrapped = true;
  const original = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const res = await original(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (/\/v1\/sessions$/.test(url) && (init?.method ?? 'GET') === 'POST' && res.status === 201) {
      res.clone().json().then((body: unknown) => w.a2eSessions.push(body), () => {});
    }
    return res;
  };
}

/** The element's state, what it logged, and what its video and audio are doing. */
export function widgetStatus(host: string): {
  state: string;
  log: Record<string, string>[];
  sessions: { sessionId: string; ticket: string }[];
  video: { width: number; paused: boolean; muted: boolean; readyState: number } | null;
  audio: { paused: boolean; muted: boolean } | null;
  parts: string[];
} {
  const el = document.querySelector(host) as (HTMLElement & { state: string }) | null;
  const root = el?.shadowRoot;
  const video = root?.querySelector('video') ?? null;
  const audio = root?.querySelector('audio') ?? null;
  const w = window as unknown as { a2eLog?: Record<string, string>[]; a2eSessions?: { sessionId: string; ticket: string }[] };
  return {
    state: el?.state ?? 'absent',
    log: w.a2eLog ?? [],
    sessions: w.a2eSessions ?? [],
    video: video && { width: video.videoWidth, paused: video.paused, muted: video.muted, readyState: video.readyState },
    audio: audio && { paused: audio.paused, muted: audio.muted },
    parts: [...(root?.querySelectorAll('[part]') ?? [])].map((part) => part.getAttribute('part')!),
  };
}

/**
 * How many different pictures the avatar's video showed over a few seconds. A live face gives
 * several; a frozen or black one gives one (or none, with no frame at all).
 */
export async function distinctVideoFrames(host: string | string[]): Promise<{ distinct: number; width: number }> {
  // The element, through the shadow roots of the elements that hold it (the support panel's).
  let root: Document | ShadowRoot = document;
  let el: Element | null = null;
  for (const selector of typeof host === 'string' ? [host] : host) {
    el = root.querySelector(selector);
    root = el?.shadowRoot ?? root;
  }
  const video = el!.shadowRoot!.querySelector('video')!;
  const canvas = document.createElement('canvas');
  const hashes = new Set<number>();
  for (let i = 0; i < 40 && hashes.size < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    if (!video.videoWidth) continue;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(video, 0, 0);
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let hash = 0;
    for (let j = 0; j < data.length; j += 7) hash = (hash * 31 + data[j]!) | 0;
    hashes.add(hash);
  }
  return { distinct: hashes.size, width: video.videoWidth };
}

/** Scrolls to the top of the page and waits for it to be painted there (for a screenshot). */
export async function scrollToTop(): Promise<void> {
  scrollTo({ top: 0, behavior: 'instant' });
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}
