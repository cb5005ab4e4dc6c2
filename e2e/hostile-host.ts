import type { Frame, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { CreateSessionReply } from '../protocol/broker-api';

/** A page or an iframe in it: wherever the widget lives. */
export type Host = Page | Frame;

/**
 * A whole visit through the widget's own controls: connect, ask in the text box until the avatar
 * answers, hang up; then the broker must have ended the session. Returns what the element told.
 */
export async function converse(page: Page, host: Host, worker: string): Promise<{ states: string[]; transcripts: string[] }> {
  await host.evaluate(() => {
    const log: { type: string; state?: string; text?: string }[] = [];
    (window as unknown as { a2eLog: typeof log }).a2eLog = log;
    document.addEventListener('a2e-state-change', (e) => log.push({ type: 'state', state: (e as CustomEvent<{ state: string }>).detail.state }));
    document.addEventListener('a2e-transcript', (e) => log.push({ type: 'transcript', text: (e as CustomEvent<{ text: string }>).detail.text }));
  });
  const created = page
    .waitForResponse((res) => res.url() === `${worker}/v1/sessions` && res.request().method() === 'POST', { timeout: 30_000 })
    .then((res) => res.json() as Promise<CreateSessionReply>);
  created.catch(() => {});
  const avatar = host.locator('a2e-avatar');
  await avatar.locator('[part~="connect-button"]').click();
  await waitForState(host, 'connected');
  await avatar.locator('[part~="input"]').fill('When do you open?');
  await avatar.locator('[part~="send-button"]').click();
  await host.waitForFunction(() => (window as unknown as { a2eLog: { type: string }[] }).a2eLog.filter((e) => e.type === 'transcript').length >= 2, null, {
    timeout: 20_000,
  });
  await expect.poll(() => avatar.locator('[part~="captions"]').textContent()).toContain('When do you open?');
  await avatar.locator('[part~="hangup-button"]').click();
  await waitForState(host, 'disconnected');
  const session = await created;
  await expect.poll(() => speakStatus(worker, session, new URL(host.url()).origin), { timeout: 10_000 }).toBe(409);
  const log = await host.evaluate(() => (window as unknown as { a2eLog: { type: string; state?: string; text?: string }[] }).a2eLog);
  return {
    states: log.filter((e) => e.type === 'state').map((e) => e.state!),
    transcripts: log.filter((e) => e.type === 'transcript').map((e) => e.text!),
  };
}

export async function waitForState(host: Host, state: string, timeout = 30_000): Promise<void> {
  try {
    await host.waitForFunction((want) => document.querySelector('a2e-avatar')?.state === want, state, { timeout });
  } catch (err) {
    const now = await host.evaluate(() => document.querySelector('a2e-avatar')?.state).catch(() => 'unknown');
    throw new Error(`the element is ${now}, not ${state}`, { cause: err });
  }
}

/** 200 while the session runs, 409 once the broker has ended it. */
async function speakStatus(worker: string, session: CreateSessionReply, origin: string): Promise<number> {
  const res = await fetch(`${worker}/v1/sessions/${session.sessionId}/speak`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.ticket}`, 'content-type': 'application/json', origin },
    body: JSON.stringify({ text: 'still there?' }),
  });
  return res.status;
}
