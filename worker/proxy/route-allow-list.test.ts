import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { app } from '../app';
import { isRouteAllowed, parseAdminRoutes } from './route-allow-list';

const ADMIN = { Authorization: 'Bearer test-admin-token' };

describe('ADMIN_ROUTES patterns', () => {
  it('allows everything when unset or empty', () => {
    expect(parseAdminRoutes(undefined)).toBeNull();
    expect(parseAdminRoutes(' , ')).toBeNull();
    expect(isRouteAllowed(null, 'DELETE', '/api/v1/video/abc')).toBe(true);
  });

  it('matches * within one segment and ** across segments', () => {
    const rules = parseAdminRoutes('/api/v1/video/*, /api/v1/userFaceSwap**');
    expect(isRouteAllowed(rules, 'GET', '/api/v1/video/allRecords')).toBe(true);
    expect(isRouteAllowed(rules, 'GET', '/api/v1/video/a/b')).toBe(false);
    expect(isRouteAllowed(rules, 'POST', '/api/v1/userFaceSwapTask/add')).toBe(true);
    expect(isRouteAllowed(rules, 'GET', '/api/v1/user/remainingCoins')).toBe(false);
  });

  it('restricts by method when a pattern names one', () => {
    const rules = parseAdminRoutes('GET:/api/v1/video/*');
    expect(isRouteAllowed(rules, 'GET', '/api/v1/video/allRecords')).toBe(true);
    expect(isRouteAllowed(rules, 'DELETE', '/api/v1/video/0123456789abcdef01234567')).toBe(false);
  });

  it('treats regular-expression characters literally', () => {
    const rules = parseAdminRoutes('/api/v1/video/send_tts');
    expect(isRouteAllowed(rules, 'POST', '/api/v1/video/send_tts')).toBe(true);
    expect(isRouteAllowed(rules, 'POST', '/api/v1/videoXsend_tts')).toBe(false);
  });
});

describe('the allow-list in the proxy', () => {
  const limited = { ...env, ADMIN_ROUTES: 'GET:/api/v1/user/remainingCoins' };

  it('forwards an allowed path', async () => {
    const res = await app.request('https://broker.test/api/v1/user/remainingCoins', { headers: ADMIN }, limited);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { code: number }).code).toBe(0);
  });

  it('answers 403 forbidden for a path outside it, before reaching A2E', async () => {
    const res = await app.request(
      'https://broker.test/api/v1/user/exchangeDiamond',
      { method: 'POST', headers: { ...ADMIN, 'Content-Type': 'application/json' }, body: '{"diamonds":1}' },
      limited,
    );
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });

  it('still checks the admin token first', async () => {
    const res = await app.request('https://broker.test/api/v1/user/exchangeDiamond', {}, limited);
    expect(res.status).toBe(401);
  });
});
