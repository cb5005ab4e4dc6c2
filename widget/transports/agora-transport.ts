import type { AvatarTransport } from './transport';
import { TransportError } from './transport';

/** Placeholder until the agora transport lands (issue 3). */
export class AgoraTransport implements AvatarTransport {
  readonly kind = 'agora' as const;
  async join(): Promise<void> {
    throw new TransportError('unsupported', 'The agora transport is not built yet.');
  }
  async interrupt(): Promise<boolean> {
    return false;
  }
  async leave(): Promise<void> {}
}
