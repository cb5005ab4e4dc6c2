import type { AvatarAppearance } from '../../protocol/room-messages';

/**
 * Draws the simulated avatar: a friendly face on a canvas whose eyes blink and whose mouth
 * opens as far as it is told. With reduced motion the head stays still and the mouth moves
 * less; blinking stays, since it is small and makes the face read as alive.
 */
export interface FacePose {
  /** 0 closed .. 1 wide open. */
  mouth: number;
  speaking: boolean;
}

export const DEFAULT_APPEARANCE: AvatarAppearance = { skin: '#f2c6a0', hair: '#4a3426', background: '#dfe9f3', hairStyle: 'short' };
/** The same shirt as the avatar's preview portrait, so the poster and the live face match. */
const SHIRT = '#4a6fa5';

const SIZE = 512;
const BLINK_MS = 170;
const REDUCED_MOUTH = 0.6;

export class FaceRenderer {
  readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D;

  constructor(
    private readonly look: AvatarAppearance = DEFAULT_APPEARANCE,
    private readonly reducedMotion = false,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.width = SIZE;
    this.canvas.height = SIZE;
    const context = this.canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw on a canvas.');
    this.context = context;
  }

  /** Draws the face as it looks at `timeMs` (any monotonic clock) in `pose`. */
  render(timeMs: number, pose: FacePose): void {
    const c = this.context;
    const eyes = eyesOpen(timeMs);
    const mouth = Math.max(0, Math.min(1, pose.mouth)) * (this.reducedMotion ? REDUCED_MOUTH : 1);
    // A slow breath while idle, a livelier sway while speaking; none with reduced motion.
    const bob = this.reducedMotion ? 0 : Math.sin(timeMs / (pose.speaking ? 420 : 1300)) * (pose.speaking ? 5 : 2.5);
    const tilt = this.reducedMotion ? 0 : Math.sin(timeMs / 2300) * 0.025;

    c.save();
    this.drawBackground();
    c.translate(SIZE / 2, SIZE * 0.46 + bob);
    if (this.look.hairStyle === 'long') this.drawLongHair(tilt);
    this.drawBody(bob);
    c.rotate(tilt);
    this.drawHead(eyes, mouth, pose.speaking);
    c.restore();
  }

  private drawBackground(): void {
    const c = this.context;
    const gradient = c.createRadialGradient(SIZE / 2, SIZE * 0.4, SIZE * 0.1, SIZE / 2, SIZE / 2, SIZE * 0.75);
    gradient.addColorStop(0, '#ffffff');
    gradient.addColorStop(1, this.look.background);
    c.fillStyle = gradient;
    c.fillRect(0, 0, SIZE, SIZE);
  }

  /** Long hair falls behind the neck onto the shoulders, so it goes down before the body. */
  private drawLongHair(tilt: number): void {
    const c = this.context;
    const rx = SIZE * 0.19 * 1.08;
    const ry = SIZE * 0.235;
    c.save();
    c.rotate(tilt);
    c.fillStyle = this.look.hair;
    c.beginPath();
    c.moveTo(-rx, -ry * 0.1);
    c.quadraticCurveTo(-rx * 1.08, ry * 1.65, -rx * 0.6, ry * 1.75);
    c.lineTo(rx * 0.6, ry * 1.75);
    c.quadraticCurveTo(rx * 1.08, ry * 1.65, rx, -ry * 0.1);
    c.closePath();
    c.fill();
    c.restore();
  }

  private drawBody(bob: number): void {
    const c = this.context;
    // Shoulders stay put while the head bobs, so undo part of the bob.
    c.save();
    c.translate(0, -bob * 0.6);
    c.fillStyle = SHIRT;
    c.beginPath();
    c.ellipse(0, SIZE * 0.5, SIZE * 0.34, SIZE * 0.2, 0, 0, Math.PI * 2);
    c.rect(-SIZE * 0.34, SIZE * 0.5, SIZE * 0.68, SIZE * 0.2);
    c.fill();
    c.fillStyle = this.look.skin;
    c.fillRect(-SIZE * 0.05, SIZE * 0.16, SIZE * 0.1, SIZE * 0.16);
    c.fillStyle = '#ffffff';
    c.beginPath();
    c.moveTo(-SIZE * 0.07, SIZE * 0.3);
    c.lineTo(0, SIZE * 0.37);
    c.lineTo(SIZE * 0.07, SIZE * 0.3);
    c.fill();
    c.restore();
  }

  private drawHead(eyes: number, mouth: number, speaking: boolean): void {
    const c = this.context;
    const rx = SIZE * 0.19;
    const ry = SIZE * 0.235;
    // Hair behind the head.
    c.fillStyle = this.look.hair;
    c.beginPath();
    c.ellipse(0, -SIZE * 0.03, rx * 1.12, ry * 1.05, 0, 0, Math.PI * 2);
    c.fill();
    // Ears.
    c.fillStyle = this.look.skin;
    for (const side of [-1, 1]) {
      c.beginPath();
      c.ellipse(side * rx * 0.98, SIZE * 0.01, rx * 0.16, ry * 0.16, 0, 0, Math.PI * 2);
      c.fill();
    }
    // Face.
    c.beginPath();
    c.ellipse(0, 0, rx, ry, 0, 0, Math.PI * 2);
    c.fill();
    // Fringe.
    c.fillStyle = this.look.hair;
    c.beginPath();
    c.ellipse(-rx * 0.25, -ry * 0.78, rx * 0.85, ry * 0.32, -0.25, 0, Math.PI * 2);
    c.fill();
    // Cheeks.
    c.fillStyle = 'rgba(240, 110, 110, 0.22)';
    for (const side of [-1, 1]) {
      c.beginPath();
      c.arc(side * rx * 0.55, ry * 0.22, rx * 0.17, 0, Math.PI * 2);
      c.fill();
    }
    this.drawEyes(rx, ry, eyes, speaking);
    // Nose.
    c.strokeStyle = 'rgba(120, 70, 50, 0.45)';
    c.lineWidth = 3;
    c.lineCap = 'round';
    c.beginPath();
    c.arc(0, ry * 0.12, rx * 0.08, 0.2 * Math.PI, 0.8 * Math.PI);
    c.stroke();
    this.drawMouth(rx, ry, mouth);
  }

  private drawEyes(rx: number, ry: number, open: number, speaking: boolean): void {
    const c = this.context;
    const y = -ry * 0.08;
    for (const side of [-1, 1]) {
      const x = side * rx * 0.4;
      // Brows lift a little while speaking.
      c.strokeStyle = this.look.hair;
      c.lineWidth = 6;
      c.lineCap = 'round';
      c.beginPath();
      c.arc(x, y - ry * (speaking ? 0.2 : 0.17), rx * 0.2, 1.2 * Math.PI, 1.8 * Math.PI);
      c.stroke();
      if (open < 0.15) {
        c.strokeStyle = '#3b2a20';
        c.lineWidth = 4;
        c.beginPath();
        c.arc(x, y - 2, rx * 0.13, 0.15 * Math.PI, 0.85 * Math.PI);
        c.stroke();
        continue;
      }
      c.fillStyle = '#ffffff';
      c.beginPath();
      c.ellipse(x, y, rx * 0.15, ry * 0.1 * open, 0, 0, Math.PI * 2);
      c.fill();
      c.save();
      c.clip();
      c.fillStyle = '#3b2a20';
      c.beginPath();
      c.arc(x, y + 1, rx * 0.085, 0, Math.PI * 2);
      c.fill();
      c.fillStyle = '#ffffff';
      c.beginPath();
      c.arc(x + rx * 0.03, y - rx * 0.03, rx * 0.025, 0, Math.PI * 2);
      c.fill();
      c.restore();
    }
  }

  private drawMouth(rx: number, ry: number, open: number): void {
    const c = this.context;
    const y = ry * 0.48;
    const halfWidth = rx * (0.3 - open * 0.06);
    if (open < 0.05) {
      // A closed, smiling mouth.
      c.strokeStyle = '#a0463c';
      c.lineWidth = 5;
      c.lineCap = 'round';
      c.beginPath();
      c.moveTo(-halfWidth, y - 4);
      c.quadraticCurveTo(0, y + ry * 0.1, halfWidth, y - 4);
      c.stroke();
      return;
    }
    const depth = ry * (0.05 + 0.28 * open);
    c.fillStyle = '#6e2430';
    c.beginPath();
    c.moveTo(-halfWidth, y - 4);
    c.quadraticCurveTo(0, y + ry * 0.02, halfWidth, y - 4);
    c.quadraticCurveTo(0, y + depth * 2, -halfWidth, y - 4);
    c.fill();
    // Tongue, once the mouth is open enough to show it.
    if (open > 0.35) {
      c.save();
      c.clip();
      c.fillStyle = '#e0707a';
      c.beginPath();
      c.ellipse(0, y + depth, halfWidth * 0.6, depth * 0.45, 0, 0, Math.PI * 2);
      c.fill();
      c.restore();
    }
  }
}

/** Eyes open (1) or closed (0) at `timeMs`: a short blink at an uneven moment every 3 to 5 s. */
export function eyesOpen(timeMs: number): number {
  const period = 4_000;
  const index = Math.floor(timeMs / period);
  const blinkStart = index * period + 500 + pseudoRandom(index) * 2_800;
  const into = timeMs - blinkStart;
  if (into < 0 || into > BLINK_MS) return 1;
  return 1 - Math.sin((Math.PI * into) / BLINK_MS);
}

function pseudoRandom(seed: number): number {
  const x = Math.sin(seed * 12.9898 + 78.233) * 43758.5453;
  return x - Math.floor(x);
}
