import type { Env } from '../../env';
import { SIMULATOR_API_KEY } from '../../config';
import type { SimulatorTasks } from './task-store';

/**
 * The SimulatorTasks methods as called over RPC. Its records are plain JSON, which RPC passes
 * unchanged; naming the methods here spares the compiler from mapping recursive JSON types
 * through the RPC stub types (which it gives up on).
 */
export type SimTasksStub = Pick<
  SimulatorTasks,
  'create' | 'read' | 'readMany' | 'list' | 'update' | 'remove' | 'setting' | 'setSetting' | 'adjust' | 'putFile' | 'getFile' | 'deleteFile'
>;

/** The simulated account of the caller's API key (simulator-app has checked the key already). */
export function simTasks(env: Env, authorization: string | undefined): SimTasksStub {
  const key = authorization?.replace(/^Bearer\s+/i, '').trim() || SIMULATOR_API_KEY;
  return env.SIM_TASKS.get(env.SIM_TASKS.idFromName(key)) as unknown as SimTasksStub;
}
