import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { isSafeUpstreamPath } from './safe-path';

const ADMIN = { Authorization: 'Bearer test-admin-token' };

describe('isSafeUpstreamPath', () => {
  it.each([
    '/api/v1/video/allRecords',
    '/api/v1/userVideoTwin/0123456789abcdef01234567',
    '/api/v1/tos/transferToStorage',
    '/api/v1/video/name%20with%20space',
  ])('accepts %s', (path) => {
    expect(isSafeUpstreamPath(path)).toBe(true);
  });

  it.each([
    ['a dot-dot segment', '/api/v1/../admin'],
    ['a dot segment', '/api/v1/./video'],
    ['an encoded dot-dot', '/api/v1/%2e%2e/admin'],
    ['a mixed-case encoded dot-dot', '/api/v1/.%2E/admin'],
    ['a double-encoded dot-dot', '/api/v1/%252e%252e/admin'],
    ['an encoded slash', '/api/v1/video%2f..%2fadmin'],
    ['an upper-case encoded slash', '/api/v1/video%2F..%2Fadmin'],
    ['a double-encoded slash', '/api/v1/video%252f..'],
    ['an encoded backslash', '/api/v1/video%5c..%5cadmin'],
    ['a raw backslash', '/api/v1/video\\..\\admin'],
    ['an encoded NUL', '/api/v1/video%00'],
    ['a path outside /api/v1/', '/api/v2/video'],
    ['a bad escape', '/api/v1/%zz'],
  ])('refuses %s', (_label, path) => {
    expect(isSafeUpstreamPath(path)).toBe(false);
  });
});

describe('path escapes through the Worker', () => {
  it.each([
    '/api/v1/video%2f..%2f..%2fsecret',
    '/api/v1/%252e%252e/%252e%252e/secret',
    '/api/v1/video%5c..%5csecret',
    '/api/v1/%2e%2e%2fsecret',
  ])('answers 400 for %s and forwards nothing', async (path) => {
    const res = await SELF.fetch(`https://broker.test${path}`, { headers: ADMIN });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string } };
    expect(body.error.code).toBe('bad_request');
  });

  it('never lets URL-normalised dot segments reach a path outside /api/v1/', async () => {
    // The URL parser resolves these before the Worker sees them; whatever they become, the proxy
    // must not forward them (they end up on a non-proxy route or are refused).
    for (const path of ['/api/v1/../../health', '/api/v1/%2e%2e/%2e%2e/health', '/api/v1/./../openapi.json']) {
      const res = await SELF.fetch(`https://broker.test${path}`, { headers: ADMIN });
      const text = await res.text();
      expect(text).not.toMatch(/"code":\s*0/);
    }
  });
});
