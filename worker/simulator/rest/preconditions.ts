import type { EndpointId } from '../../../protocol/a2e-catalogue/index';
import { A2eError, SIM_CODES } from '../a2e-reply';
import type { HandlerContext } from './custom-handlers';
import { BUILT_IN_BACKGROUNDS, CHARACTERS } from './sim-fixtures';
import { presentRecord } from './task-lifecycle';

type Check = (input: Record<string, unknown>, ctx: HandlerContext) => Promise<void>;

/**
 * What A2E checks before it starts a task: the ids a request refers to must exist. Run before
 * the generic create, so a bad reference answers code 404 and creates nothing.
 */
export const preconditions: Partial<Record<EndpointId, Check>> = {
  'avatarVideos.generate': async (input, { store, now }) => {
    const anchorId = String(input.anchor_id);
    if (input.anchor_type === 1) {
      const twin = await store.read('avatarTraining', anchorId);
      if (!twin || presentRecord(twin, now).current_status !== 'completed') {
        throw new A2eError(SIM_CODES.notFound, `anchor_id not found among trained custom avatars: ${anchorId}.`);
      }
    } else if (!CHARACTERS.some((character) => character._id === anchorId)) {
      throw new A2eError(SIM_CODES.notFound, `anchor_id not found: ${anchorId}.`);
    }
    if (input.back_id !== undefined) {
      const backId = String(input.back_id);
      if (!BUILT_IN_BACKGROUNDS.some((bg) => bg._id === backId) && !(await store.read('background', backId))) {
        throw new A2eError(SIM_CODES.notFound, `back_id not found: ${backId}.`);
      }
    }
  },
};
