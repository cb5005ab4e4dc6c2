// The browser app: ?server=<broker>&avatar=<id>. Under StrictMode (effects run twice) it shows
// <A2eAvatar autoConnect> until "Remove" is pressed; ?view=support shows the README's component.
import { StrictMode, useState, version } from 'react';
import { createRoot } from 'react-dom/client';
import { A2eAvatar } from 'a2e-avatar/react';
import { SupportAvatar } from './app/support/support-avatar';

const params = new URLSearchParams(location.search);
const server = params.get('server') ?? '';
const avatarId = params.get('avatar') ?? '';
const log: { type: string; state?: string; text?: string; code?: string }[] = [];
Object.assign(window, { a2eLog: log, reactVersion: version });

function Harness() {
  const [shown, setShown] = useState(true);
  return (
    <main>
      {shown && (
        <A2eAvatar
          server={server}
          avatarId={avatarId}
          autoConnect
          onStateChange={(e) => log.push({ type: 'state', state: e.detail.state })}
          onTranscript={(e) => log.push({ type: 'transcript', text: e.detail.text })}
          onError={(e) => log.push({ type: 'error', code: e.detail.code })}
        />
      )}
      <button id="remove" type="button" onClick={() => setShown(false)}>
        Remove
      </button>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>{params.get('view') === 'support' ? <SupportAvatar server={server} avatarId={avatarId} /> : <Harness />}</StrictMode>,
);
