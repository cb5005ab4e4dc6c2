// What a TypeScript user of the package writes. Everything must type-check, and each line
// marked as an expected error must be one (so the types are not merely `any`).
import 'a2e-avatar';
import { A2eError, type A2eTranscriptDetail, type AvatarState } from 'a2e-avatar';
import { A2EClient } from 'a2e-avatar/client';
import { A2eAvatar, type A2eAvatarElement, type A2eAvatarProps } from 'a2e-avatar/react';

// HTMLElementTagNameMap: the element and its methods are typed.
const el: A2eAvatarElement = document.createElement('a2e-avatar');
const found: A2eAvatarElement | null = document.querySelector('a2e-avatar');
void found?.connect();
void el.speak('Hello.');
const state: AvatarState = el.state;

// The a2e-* events, through GlobalEventHandlersEventMap.
el.addEventListener('a2e-transcript', (e) => {
  const detail: A2eTranscriptDetail = e.detail;
  const role: 'user' | 'avatar' = detail.role;
  console.log(role, detail.text.toUpperCase());
});
el.addEventListener('a2e-state-change', (e) => console.log(e.detail.state satisfies AvatarState, e.detail.reason));
el.addEventListener('a2e-error', (e) => console.log(e.detail.code, e.detail.message.length));
// @ts-expect-error: the transcript has no `words`
el.addEventListener('a2e-transcript', (e) => e.detail.words);

const props: A2eAvatarProps = { server: 'https://avatar.example.com', avatarId: 'a', mode: 'speak', controls: ['chat', 'mic'] };
export const usage = (
  <A2eAvatar
    {...props}
    context="FAQ"
    joinTimeout={5000}
    idleTimeout={60}
    autoConnect
    muted={false}
    strings={{ connect: 'Parler' }}
    className="support"
    style={{ maxWidth: 320 }}
    ref={(node) => void node?.ask('When do you open?')}
    onStateChange={(e) => console.log(e.detail.state satisfies AvatarState)}
    onTranscript={(e) => console.log(e.detail.text.length)}
    onError={(e) => console.log(e.detail.code, e.detail.message)}
  />
);
// @ts-expect-error: mode is 'ask' or 'speak'
export const badMode = <A2eAvatar mode="shout" />;
// @ts-expect-error: avatarId is a string
export const badId = <A2eAvatar avatarId={5} />;
// @ts-expect-error: the error event's detail has no `text`
export const badDetail = <A2eAvatar onError={(e) => e.detail.text} />;
// @ts-expect-error: not a control
export const badControl = <A2eAvatar controls={['chat', 'fax']} />;

export const error = new A2eError('network', 'offline');
export const client = new A2EClient({ baseUrl: 'https://avatar.example.com', token: 'admin-token' });
console.log(state);
