import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { app } from '../app';

const CREDITS = 'https://broker.test/api/v1/user/remainingCoins';

describe('the admin gate of /api/v1/*', () => {
  it('forwards a call carrying the admin token, swapping it for the A2E key', async () => {
    const res = await SELF.fetch(CREDITS, { headers: { Authorization: 'Bearer test-admin-token' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { code: number; data: { coins: number } };
    expect(body.code).toBe(0);
    expect(typeof body.data.coins).toBe('number');
    expect(res.headers.get('X-Request-Id')).toMatch(/\S/);
  });

  it.each([
    ['no Authorization header', undefined],
    ['a wrong token', 'Bearer not-the-token'],
    ['a token with a shared prefix', 'Bearer test-admin-token-and-more'],
    ['a non-Bearer scheme', 'Basic dGVzdC1hZG1pbi10b2tlbg=='],
  ])('answers 401 in the error shape for %s', async (_label, authorization) => {
    const res = await SELF.fetch(CREDITS, authorization ? { headers: { Authorization: authorization } } : {});
    expect(res.status).toBe(401);
    expect(res.headers.get('WWW-Authenticate')).toBe('Bearer');
    const body = (await res.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe('unauthorized');
    expect(body.error.requestId).toMatch(/\S/);
  });

  it('stays closed with 503 not_configured when no ADMIN_TOKEN is set', async () => {
    const res = await app.request(CREDITS, { headers: { Authorization: 'Bearer ' } }, { ...env, ADMIN_TOKEN: undefined });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_configured');
    const blank = await app.request(CREDITS, { headers: { Authorization: 'Bearer  ' } }, { ...env, ADMIN_TOKEN: '  ' });
    expect(blank.status).toBe(503);
  });

  it('never echoes the admin token or the A2E key in a reply', async () => {
    const res = await SELF.fetch(CREDITS, { headers: { Authorization: 'Bearer wrong' } });
    const text = await res.text();
    expect(text).not.toContain('test-admin-token');
    expect(text).not.toContain('wrong');
  });
});
