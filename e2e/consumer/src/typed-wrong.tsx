import { A2eAvatar } from 'a2e-avatar/react';

// A transcript's detail is { role, text }: reading anything else must not compile.
export const wrong = <A2eAvatar server="https://avatar.example.com" avatarId="x" onTranscript={(e) => e.detail.words} />;
