/**
 * Every text the element shows or announces. Replace any of them through the element's
 * `strings` property: `el.strings = { connect: 'Parler avec Léa' }`.
 */
export interface A2eStrings {
  connect: string;
  reconnect: string;
  connecting: string;
  reconnecting: string;
  retry: string;
  errorTitle: string;
  disconnected: string;
  idleEnded: string;
  expiredEnded: string;
  inputPlaceholderAsk: string;
  inputPlaceholderSpeak: string;
  inputLabel: string;
  send: string;
  micStart: string;
  micStop: string;
  listening: string;
  micBlocked: string;
  micMissing: string;
  speechFailed: string;
  mute: string;
  unmute: string;
  hangUp: string;
  tapForSound: string;
  captionsLabel: string;
  videoLabel: string;
  you: string;
  avatar: string;
}

/** ASCII only, so the classic script reads right even in a page that is not served as UTF-8. */
export const defaultStrings: Readonly<A2eStrings> = Object.freeze({
  connect: 'Start conversation',
  reconnect: 'Talk again',
  connecting: 'Connecting...',
  reconnecting: 'Connection lost. Reconnecting...',
  retry: 'Try again',
  errorTitle: 'Something went wrong.',
  disconnected: 'Conversation ended.',
  idleEnded: 'Conversation ended after a quiet while.',
  expiredEnded: 'This conversation reached its time limit.',
  inputPlaceholderAsk: 'Ask a question...',
  inputPlaceholderSpeak: 'Type what the avatar should say...',
  inputLabel: 'Message',
  send: 'Send',
  micStart: 'Speak your question',
  micStop: 'Stop listening',
  listening: 'Listening...',
  micBlocked: 'The microphone is blocked. Allow it in the browser\'s site settings, or type instead.',
  micMissing: 'No microphone was found. Type your question instead.',
  speechFailed: 'Speech recognition stopped. Try again, or type instead.',
  mute: 'Mute',
  unmute: 'Unmute',
  hangUp: 'End conversation',
  tapForSound: 'Tap to turn sound on',
  captionsLabel: 'Captions',
  videoLabel: 'Talking avatar',
  you: 'You',
  avatar: 'Avatar',
});
