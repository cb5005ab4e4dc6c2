import type { EndpointId } from '../../../protocol/a2e-catalogue/index';
import { refuse, type SimContext } from './sim-context';
import { SYSTEM_AVATARS, SYSTEM_BACKGROUNDS } from './sim-fixtures';
import { presentRecord } from './task-lifecycle';

type Check = (input: Record<string, unknown>, ctx: SimContext) => Promise<void>;

/** A2E's error code for `back_id` and `custom_back_id` sent together (ref, video/generate). */
export const CODE_BOTH_BACKGROUNDS = 30005;

/**
 * What A2E checks before it starts a task, beyond the schema: run before the record is made, so a
 * refused request creates and charges nothing.
 */
export const preconditions: Partial<Record<EndpointId, Check>> = {
  'avatarVideos.videoGenerate': async (input, ctx) => {
    if (input.back_id !== undefined && input.custom_back_id !== undefined) {
      throw refuse(ctx, 400, 'Send back_id or custom_back_id, not both.', CODE_BOTH_BACKGROUNDS);
    }
    if (!input.audioSrc && !input.custom_voice) throw refuse(ctx, 400, 'audioSrc or custom_voice is required.');
    const anchorId = String(input.anchor_id);
    if (input.anchor_type === 1) {
      const twin = (await ctx.store.read('customAvatar', anchorId)) ?? (await ctx.store.read('videoTwin', anchorId));
      const status = twin ? presentRecord(twin, ctx.now).status : undefined;
      if (!twin || (twin.family === 'videoTwin' && status !== 'completed')) {
        throw refuse(ctx, 400, `anchor_id is not one of your avatars (or not trained yet): ${anchorId}.`);
      }
    } else if (!SYSTEM_AVATARS.some((avatar) => avatar._id === anchorId)) {
      throw refuse(ctx, 400, `anchor_id is not a system avatar: ${anchorId}.`);
    }
    if (input.back_id !== undefined && !SYSTEM_BACKGROUNDS.some((bg) => bg._id === input.back_id)) {
      throw refuse(ctx, 400, `back_id is not a system background: ${String(input.back_id)}.`);
    }
    if (input.custom_back_id !== undefined && !(await ctx.store.read('background', String(input.custom_back_id)))) {
      throw refuse(ctx, 400, `custom_back_id is not one of your backgrounds: ${String(input.custom_back_id)}.`);
    }
  },
};
