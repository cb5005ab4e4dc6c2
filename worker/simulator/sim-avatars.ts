import type { AvatarAppearance } from '../../protocol/room-messages';

/** One avatar of the simulated account, with what its offline portrait and the widget draw. */
export interface SimAvatar {
  _id: string;
  name: string;
  gender: 'female' | 'male';
  appearance: AvatarAppearance;
}

/** The simulator's streaming avatars; ids are 24 hex characters like A2E's. */
export const SIM_AVATARS: readonly SimAvatar[] = [
  { _id: 'a2e500000000000000000a01', name: 'Maya', gender: 'female', appearance: { skin: '#e8b896', hair: '#3b2a20', background: '#cfe3f7', hairStyle: 'long' } },
  { _id: 'a2e500000000000000000b02', name: 'Leo', gender: 'male', appearance: { skin: '#c68c62', hair: '#1f1a17', background: '#d9f0dc', hairStyle: 'short' } },
  { _id: 'a2e500000000000000000c03', name: 'Aiko', gender: 'female', appearance: { skin: '#f1cfb0', hair: '#111111', background: '#f7dde6', hairStyle: 'long' } },
  { _id: 'a2e500000000000000000d04', name: 'Sam', gender: 'male', appearance: { skin: '#8d5a3b', hair: '#2a2a2a', background: '#fbeccb', hairStyle: 'short' } },
];

export function findSimAvatar(id: string): SimAvatar | undefined {
  return SIM_AVATARS.find((avatar) => avatar._id === id);
}

/** Where media-routes serves the avatar's portrait (relative to the Worker's origin). */
export function previewPath(id: string): string {
  return `/sim/avatars/${id}/preview.svg`;
}

/** The avatar as `all_avatars` lists it. */
export function listedAvatar(avatar: SimAvatar) {
  return {
    _id: avatar._id,
    name: avatar.name,
    gender: avatar.gender,
    /** A2E's cover image of the avatar's preview video. */
    video_cover: previewPath(avatar._id),
    preview_url: previewPath(avatar._id),
  };
}
