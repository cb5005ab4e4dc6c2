import type { SessionRtc } from '../../protocol/broker-api';
import type { Config } from '../config';
import type { StreamingRoom } from '../upstream/streaming-client';

/** The transport every session of this broker uses. */
export function transportFor(config: Config): SessionRtc['transport'] {
  return config.mode === 'simulator' ? 'simulator' : 'agora';
}

/** What the widget's transport needs to join the room A2E (or the simulator) made. */
export function rtcFor(config: Config, room: StreamingRoom): SessionRtc {
  const { appId, channel, token, uid } = room;
  if (config.mode === 'live') return { transport: 'agora', appId, channel, token, uid };
  return {
    transport: 'simulator',
    appId,
    channel,
    token,
    uid,
    roomUrl: `/sim/rooms/${encodeURIComponent(channel)}?token=${encodeURIComponent(token)}&uid=${uid}`,
  };
}
