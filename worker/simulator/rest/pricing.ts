import type { FamilyName } from '../../../protocol/a2e-catalogue/index';

/**
 * The simulator's price list: plausible credits per task, so `generation/quote`, the balance and
 * the credits history agree with one another. A2E publishes no price table in its reference;
 * these numbers are ours, of the right order (images a few credits, video per second).
 */
const PER_IMAGE = 2;
const PER_VIDEO_SECOND = 4;
const FLAT: Partial<Record<FamilyName, number>> = {
  voiceClone: 20,
  videoTwin: 50,
  faceSwapPreview: 1,
  dubbing: 30,
  captionRemoval: 10,
  upscale: 8,
  thinkSound: 6,
  avatarVideo: 20,
};
const IMAGE_FAMILIES = new Set<FamilyName>([
  'textToImage', 'nanoBanana', 'gptImage', 'flux2', 'qwenImage', 'klingImage', 'imageEdit', 'headSwap', 'virtualTryOn', 'productAvatar', 'photobook', 'faceSwapPreview',
]);

export interface Quote {
  credits: number;
  unit: 'per_image' | 'per_second' | 'flat';
  quantity: number;
}

export function priceOf(family: FamilyName, body: Record<string, unknown>): Quote {
  const flat = FLAT[family];
  if (flat !== undefined) return { credits: flat, unit: 'flat', quantity: 1 };
  if (IMAGE_FAMILIES.has(family)) {
    const count = Number(body.total_count ?? body.number_of_images ?? body.max_images ?? body.n ?? 1) || 1;
    return { credits: PER_IMAGE * count, unit: 'per_image', quantity: count };
  }
  const seconds =
    Number(body.duration ?? body.video_time ?? body.duration_seconds ?? (body.parameters as Record<string, unknown> | undefined)?.duration ?? 5) || 5;
  const quantity = Math.max(1, Math.min(60, seconds));
  return { credits: PER_VIDEO_SECOND * quantity, unit: 'per_second', quantity };
}
