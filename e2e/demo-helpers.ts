import type { Locator, Page, Response } from 'playwright-core';
import type { CreateSessionReply } from '../protocol/broker-api';

/** Helpers the demo and support-page tests share: sessions seen on the wire, frames, the broker's view. */

/** Every session the page creates, in order, as the broker answered it. */
export function watchSessions(page: Page, server: string): CreateSessionReply[] {
  const sessions: CreateSessionReply[] = [];
  page.on('response', (res: Response) => {
    if (res.url() === `${server}/v1/sessions` && res.request().method() === 'POST' && res.status() === 201) {
      void res.json().then((body: CreateSessionReply) => sessions.push(body), () => {});
    }
  });
  return sessions;
}

/**
 * How many different pictures the avatar's <video> showed over a few seconds (while `during`
 * makes it talk). A live, lip-synced face gives several; a frozen or blank one gives one.
 */
export async function distinctFrames(avatar: Locator, during: () => Promise<unknown> = async () => {}): Promise<{ distinct: number; width: number }> {
  const sampling = avatar.evaluate(async (host) => {
    const video = host.shadowRoot!.querySelector('video')!;
    const canvas = document.createElement('canvas');
    const hashes = new Set<string>();
    for (let i = 0; i < 30 && hashes.size < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      if (!video.videoWidth) continue;
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      ctx.drawImage(video, 0, 0);
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let hash = 0;
      for (let j = 0; j < data.length; j += 7) hash = (hash * 31 + data[j]!) | 0;
      hashes.add(String(hash));
    }
    return { distinct: hashes.size, width: video.videoWidth };
  });
  await during();
  return sampling;
}

/** What the broker says to a speak with this session's ticket: 200 while it runs, 409 once ended. */
export async function speakStatus(server: string, session: CreateSessionReply, origin: string): Promise<{ status: number; code?: string }> {
  const res = await fetch(`${server}/v1/sessions/${session.sessionId}/speak`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.ticket}`, 'content-type': 'application/json', origin },
    body: JSON.stringify({ text: 'still there?' }),
  });
  const body = (await res.json()) as { error?: { code: string } };
  return { status: res.status, ...(body.error ? { code: body.error.code } : {}) };
}
