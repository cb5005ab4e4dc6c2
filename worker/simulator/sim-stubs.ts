import type { Env } from '../env';

/** The simulated A2E account: one Durable Object for the whole Worker. */
export function simulatorState(env: Env) {
  return env.SIMULATOR.get(env.SIMULATOR.idFromName('a2e'));
}

/** The room of one simulated streaming channel. */
export function simRoom(env: Env, channel: string) {
  return env.SIM_ROOM.get(env.SIM_ROOM.idFromName(channel));
}
