/**
 * `<a2e-avatar>`: importing this module defines the element.
 *
 *   import 'a2e-avatar';
 *   <a2e-avatar server="https://avatar.example.com" avatar-id="..."></a2e-avatar>
 */
export { tagName } from './a2e-avatar/define';
export { A2eAvatar, type A2eControl } from './a2e-avatar/a2e-avatar';
export type { A2eErrorDetail, A2eEventMap, A2eStateChangeDetail, A2eTranscriptDetail } from './a2e-avatar/events';
export { A2eError, type A2eErrorCode } from './session/a2e-error';
export type { AvatarState, EndReason } from './session/session-state';
export type { PreloadPolicy } from './transports/preload';
export { defaultStrings, type A2eStrings } from './i18n/strings';
