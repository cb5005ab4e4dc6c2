import type { z } from 'zod';
import type { Endpoint, SimBehaviour, TaskResource } from './endpoint';
import { tokens } from './sections/tokens';
import { tts } from './sections/tts';
import { avatarVideos } from './sections/avatar-videos';
import { customAvatars } from './sections/custom-avatars';
import { backgrounds } from './sections/backgrounds';
import { faceSwap } from './sections/face-swap';
import { dubbing } from './sections/dubbing';
import { imageToVideo } from './sections/image-to-video';
import { captionRemoval } from './sections/caption-removal';
import { streaming } from './sections/streaming';
import { misc } from './sections/misc';

/**
 * The A2E HTTP API (shared/a2e-api.md), all sections, described once. It lives in protocol/
 * because the Worker (proxy, OpenAPI, simulator) and the typed client in client/ both import it;
 * it depends on zod only, never on Workers or DOM types.
 */
export const catalogue = {
  tokens,
  tts,
  avatarVideos,
  customAvatars,
  backgrounds,
  faceSwap,
  dubbing,
  imageToVideo,
  captionRemoval,
  streaming,
  misc,
} as const;

export type Catalogue = typeof catalogue;
export type SectionName = keyof Catalogue;

/** Section titles as A2E's documentation names them (used by the OpenAPI tags). */
export const sectionTitles: Record<SectionName, string> = {
  tokens: 'Tokens',
  tts: 'TTS and voice clone',
  avatarVideos: 'Avatar videos',
  customAvatars: 'Custom avatars and lip-sync training',
  backgrounds: 'Background matting',
  faceSwap: 'Face swap',
  dubbing: 'AI dubbing',
  imageToVideo: 'Image to video',
  captionRemoval: 'Caption removal',
  streaming: 'Streaming avatar',
  misc: 'Miscellaneous',
};

/** `section.name`, e.g. `avatarVideos.generate`: the endpoint's stable id. */
export type EndpointId = { [S in SectionName]: `${S}.${keyof Catalogue[S] & string}` }[SectionName];

export interface CatalogueEntry {
  id: EndpointId;
  section: SectionName;
  name: string;
  endpoint: Endpoint;
}

/** Every endpoint as a flat list, in catalogue order. */
export function catalogueEntries(): CatalogueEntry[] {
  return Object.entries(catalogue).flatMap(([section, endpoints]) =>
    Object.entries(endpoints as Record<string, Endpoint>).map(([name, endpoint]) => ({
      id: `${section}.${name}` as EndpointId,
      section: section as SectionName,
      name,
      endpoint,
    })),
  );
}

/** For each task kind: the endpoint that reads one record, which `waitFor` polls. */
export const taskStatusEndpoints = {
  video: 'avatarVideos.get',
  avatarTraining: 'customAvatars.get',
  voiceClone: 'tts.getVoice',
  faceSwap: 'faceSwap.taskStatus',
  faceSwapPreview: 'faceSwap.previewStatus',
  dubbing: 'dubbing.get',
  image2video: 'imageToVideo.get',
  captionRemoval: 'captionRemoval.get',
} as const satisfies Record<TaskResource, EndpointId>;

export type EndpointOf<Id extends EndpointId> = Id extends `${infer S extends SectionName}.${infer N}`
  ? N extends keyof Catalogue[S]
    ? Catalogue[S][N]
    : never
  : never;
export type InputOf<E> = E extends Endpoint<infer I, z.ZodType, SimBehaviour> ? z.input<I> : never;
export type ReplyOf<E> = E extends Endpoint<z.ZodType, infer R, SimBehaviour> ? z.output<R> : never;

/** The endpoints the simulator answers with a handler of their own (`sim: { action: 'custom' }`). */
export type CustomEndpointId = {
  [S in SectionName]: {
    [N in keyof Catalogue[S] & string]: Catalogue[S][N] extends { sim: { action: 'custom' } } ? `${S}.${N}` : never;
  }[keyof Catalogue[S] & string];
}[SectionName];

export * from './endpoint';
export * from './schemas';
