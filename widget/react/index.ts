/**
 * `a2e-avatar/react`: the `<a2e-avatar>` element as a React component (React 18 and 19).
 *
 *   import { A2eAvatar } from 'a2e-avatar/react';
 *   <A2eAvatar server="https://avatar.example.com" avatarId="..." onTranscript={(e) => console.log(e.detail.text)} />
 *
 * Importing it defines the element in the browser and is harmless on the server.
 */
export { A2eAvatar, type A2eAvatarProps } from './a2e-avatar-component';
export type { A2eAvatarEventProps, A2eAvatarOptions } from './props';
export type { A2eAvatar as A2eAvatarElement, A2eControl } from '../a2e-avatar/a2e-avatar';
export type { A2eErrorDetail, A2eStateChangeDetail, A2eTranscriptDetail } from '../a2e-avatar/events';
export type { A2eStrings } from '../i18n/strings';
