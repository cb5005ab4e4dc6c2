import { describe, expect, it } from 'vitest';
import { roomSocketUrl } from './room-url';

describe('roomSocketUrl', () => {
  const path = '/sim/rooms/c%201?token=t&uid=7';

  it("resolves the room path on the broker's origin with the WebSocket scheme", () => {
    expect(roomSocketUrl('https://broker.example', path)).toBe('wss://broker.example/sim/rooms/c%201?token=t&uid=7');
    expect(roomSocketUrl('http://127.0.0.1:8787/', path)).toBe('ws://127.0.0.1:8787/sim/rooms/c%201?token=t&uid=7');
  });

  it('takes an absolute room URL as it is, and the page origin when no server is given', () => {
    expect(roomSocketUrl('https://broker.example', 'wss://rooms.example/r/1')).toBe('wss://rooms.example/r/1');
    expect(roomSocketUrl('', path)).toBe(`${location.origin.replace(/^http/, 'ws')}${path}`);
  });

  it('refuses other schemes', () => {
    expect(() => roomSocketUrl('https://broker.example', 'ftp://x/room')).toThrow(/ws\(s\)/);
  });
});
