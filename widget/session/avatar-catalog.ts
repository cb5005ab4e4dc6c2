import type { AvatarsReply } from '../../protocol/broker-api';
import { oncePerPage } from './once-per-page';

/** The broker's avatar list (posters, and which transport its sessions use), once per page and broker. */
export const avatarCatalog = oncePerPage<AvatarsReply>((client) => client.avatars());
