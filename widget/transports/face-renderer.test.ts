import { describe, expect, it } from 'vitest';
import { FaceRenderer, eyesOpen } from './face-renderer';
import { mouthOpenness } from './mouth-motion';

function pixels(face: FaceRenderer): Uint8ClampedArray {
  return face.canvas.getContext('2d')!.getImageData(0, 0, face.canvas.width, face.canvas.height).data;
}

/** The rows and columns where two frames differ, or undefined when they are the same. */
function difference(a: Uint8ClampedArray, b: Uint8ClampedArray, width: number) {
  let top = Infinity, bottom = -Infinity, left = Infinity, right = -Infinity, count = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (a[i] === b[i] && a[i + 1] === b[i + 1] && a[i + 2] === b[i + 2]) continue;
    const x = (i / 4) % width, y = Math.floor(i / 4 / width);
    top = Math.min(top, y); bottom = Math.max(bottom, y); left = Math.min(left, x); right = Math.max(right, x);
    count++;
  }
  return count === 0 ? undefined : { top, bottom, left, right, count };
}

/** A moment at which the eyes are fully open, and one in the middle of a blink. */
function openMoment(): number {
  for (let t = 0; ; t += 10) if (eyesOpen(t) === 1 && eyesOpen(t + 400) === 1) return t;
}
function blinkMoment(): number {
  for (let t = 0; ; t += 5) if (eyesOpen(t) < 0.1) return t;
}

describe('FaceRenderer', () => {
  it('opens the mouth, changing only the lower middle of the face', () => {
    const face = new FaceRenderer(undefined, true);
    const at = openMoment();
    face.render(at, { mouth: 0, speaking: true });
    const closed = pixels(face);
    face.render(at, { mouth: 0.9, speaking: true });
    const open = pixels(face);
    const diff = difference(closed, open, face.canvas.width)!;
    expect(diff).toBeDefined();
    expect(diff.top).toBeGreaterThan(face.canvas.height * 0.5);
    expect(diff.bottom).toBeLessThan(face.canvas.height * 0.75);
    expect(diff.left).toBeGreaterThan(face.canvas.width * 0.35);
    expect(diff.right).toBeLessThan(face.canvas.width * 0.65);
  });

  it('blinks: closed eyes change only the upper half of the face', () => {
    const face = new FaceRenderer(undefined, true);
    face.render(openMoment(), { mouth: 0, speaking: false });
    const open = pixels(face);
    face.render(blinkMoment(), { mouth: 0, speaking: false });
    const diff = difference(open, pixels(face), face.canvas.width)!;
    expect(diff).toBeDefined();
    expect(diff.bottom).toBeLessThan(face.canvas.height * 0.5);
  });

  it('moves between frames while speaking', () => {
    const face = new FaceRenderer(undefined, false);
    const text = 'Hello, I am your simulated avatar.';
    const frames = [100, 195].map((elapsed) => {
      face.render(openMoment() + elapsed, { mouth: mouthOpenness(text, elapsed, 2_000 - elapsed), speaking: true });
      return pixels(face);
    });
    expect(difference(frames[0]!, frames[1]!, face.canvas.width)).toBeDefined();
  });

  it('holds the head still with reduced motion, and sways without it', () => {
    const at = openMoment();
    const still = new FaceRenderer(undefined, true);
    still.render(at, { mouth: 0, speaking: false });
    const first = pixels(still);
    still.render(at + 300, { mouth: 0, speaking: false });
    expect(difference(first, pixels(still), still.canvas.width)).toBeUndefined();

    const moving = new FaceRenderer(undefined, false);
    moving.render(at, { mouth: 0, speaking: false });
    const before = pixels(moving);
    moving.render(at + 300, { mouth: 0, speaking: false });
    expect(difference(before, pixels(moving), moving.canvas.width)).toBeDefined();
  });

  it('draws the appearance it is given', () => {
    const at = openMoment();
    const light = new FaceRenderer({ skin: '#f5d0b0', hair: '#222222', background: '#ffffff' }, true);
    const dark = new FaceRenderer({ skin: '#6b4226', hair: '#222222', background: '#ffffff' }, true);
    light.render(at, { mouth: 0, speaking: false });
    dark.render(at, { mouth: 0, speaking: false });
    const centre = (face: FaceRenderer) => face.canvas.getContext('2d')!.getImageData(256, 200, 1, 1).data[0]!;
    expect(centre(light)).toBeGreaterThan(centre(dark));
  });

  it('lets long hair fall beside the neck, as in the avatar portrait', () => {
    const look = { skin: '#f5d0b0', hair: '#000000', background: '#ffffff' };
    const beside = (hairStyle: 'long' | 'short') => {
      const face = new FaceRenderer({ ...look, hairStyle }, true);
      face.render(openMoment(), { mouth: 0, speaking: false });
      return [...face.canvas.getContext('2d')!.getImageData(346, 307, 1, 1).data.slice(0, 3)];
    };
    expect(beside('long')).toEqual([0, 0, 0]);
    expect(Math.min(...beside('short'))).toBeGreaterThan(200);
  });
});

describe('mouthOpenness', () => {
  it('is closed outside the utterance and moves within it', () => {
    expect(mouthOpenness('Hello', -10, 500)).toBe(0);
    expect(mouthOpenness('Hello', 500, 0)).toBe(0);
    const samples = Array.from({ length: 20 }, (_, i) => mouthOpenness('Hello there friend', i * 37, 2_000));
    expect(Math.max(...samples)).toBeGreaterThan(0.3);
    expect(Math.min(...samples)).toBeLessThan(0.1);
  });
});
