import type { AvatarTransport } from './transport';
import { TransportError } from './transport';

/** Placeholder until the simulator transport lands (issue 3). */
export class SimulatorTransport implements AvatarTransport {
  readonly kind = 'simulator' as const;
  async join(): Promise<void> {
    throw new TransportError('unsupported', 'The simulator transport is not built yet.');
  }
  async interrupt(): Promise<boolean> {
    return false;
  }
  async leave(): Promise<void> {}
}
