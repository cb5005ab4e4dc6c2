/**
 * The launcher's look, all inside its shadow root: the host page's CSS cannot reach in, and none of
 * this leaks out. Themed by `--a2e-support-*` properties; `--a2e-*` ones pass on to the avatar.
 */
export const supportStyles = /* css */ `
:host {
  --_accent: var(--a2e-support-accent, #4f46e5);
  --_on-accent: var(--a2e-support-on-accent, #fff);
  --_surface: var(--a2e-support-surface, #fff);
  --_text: var(--a2e-support-text, #111827);
  --_muted: var(--a2e-support-muted, #6b7280);
  --_border: var(--a2e-support-border, rgb(17 24 39 / 10%));
  --_offset: var(--a2e-support-offset, 24px);
  position: fixed;
  z-index: var(--a2e-support-z-index, 2147483000);
  right: var(--_offset);
  bottom: var(--_offset);
  font-family: var(--a2e-support-font, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif);
  font-size: 15px;
  line-height: 1.4;
  color: var(--_text);
}
:host([hidden]) { display: none; }
@media (prefers-color-scheme: dark) {
  :host {
    --_surface: var(--a2e-support-surface, #171a23);
    --_text: var(--a2e-support-text, #eef0f6);
    --_muted: var(--a2e-support-muted, #9aa1b5);
    --_border: var(--a2e-support-border, rgb(255 255 255 / 10%));
  }
}
*, *::before, *::after { box-sizing: border-box; }
button { font: inherit; color: inherit; cursor: pointer; }
button:focus-visible { outline: 2px solid var(--_accent); outline-offset: 3px; }
svg { width: 26px; height: 26px; fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; }

.launcher {
  position: relative;
  display: grid;
  place-items: center;
  width: 60px;
  height: 60px;
  border: 0;
  border-radius: 50%;
  background: var(--_accent);
  color: var(--_on-accent);
  box-shadow: 0 6px 20px rgb(0 0 0 / 22%), 0 2px 6px rgb(0 0 0 / 12%);
  transition: transform 0.2s ease;
}
.launcher:hover { transform: scale(1.06); }
.launcher svg { position: absolute; transition: opacity 0.2s, transform 0.2s; }
.launcher .icon-close { opacity: 0; transform: rotate(-45deg); }
:host([open]) .launcher .icon-chat { opacity: 0; transform: rotate(45deg); }
:host([open]) .launcher .icon-close { opacity: 1; transform: none; }
.badge {
  position: absolute;
  top: 2px;
  right: 2px;
  width: 14px;
  height: 14px;
  border-radius: 50%;
  border: 2px solid var(--_on-accent);
  background: #22c55e;
}
:host([open]) .badge { display: none; }

.panel {
  position: absolute;
  right: 0;
  bottom: 76px;
  display: flex;
  flex-direction: column;
  width: min(380px, calc(100vw - 2 * var(--_offset)));
  height: min(640px, calc(100vh - 76px - 2 * var(--_offset)));
  overflow: hidden;
  border-radius: 20px;
  background: var(--_surface);
  box-shadow: 0 24px 64px rgb(0 0 0 / 28%), 0 0 0 1px var(--_border);
  transform-origin: bottom right;
  animation: pop 0.22s cubic-bezier(0.2, 0.9, 0.3, 1.2);
}
.panel[hidden] { display: none; }
@keyframes pop { from { opacity: 0; transform: translateY(12px) scale(0.96); } }
@media (prefers-reduced-motion: reduce) {
  .panel { animation: none; }
  .launcher, .launcher svg { transition: none; }
}

.header {
  display: flex;
  align-items: center;
  gap: 12px;
  padding: 14px 14px 14px 16px;
  background: var(--_accent);
  color: var(--_on-accent);
}
.face {
  flex: none;
  width: 40px;
  height: 40px;
  border-radius: 50%;
  object-fit: cover;
  background: rgb(255 255 255 / 25%);
  border: 2px solid rgb(255 255 255 / 55%);
}
.face[hidden] { display: none; }
.titles { min-width: 0; flex: 1; }
.title { margin: 0; font-size: 1rem; font-weight: 650; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.status { display: flex; align-items: center; gap: 6px; margin: 1px 0 0; font-size: 0.8rem; opacity: 0.9; }
.status::before { content: ''; width: 8px; height: 8px; border-radius: 50%; background: rgb(255 255 255 / 60%); }
.status[data-state='connected']::before, .status[data-state='speaking']::before { background: #4ade80; }
.status[data-state='connecting']::before, .status[data-state='reconnecting']::before { background: #fbbf24; }
.status[data-state='error']::before { background: #f87171; }
.close {
  flex: none;
  display: grid;
  place-items: center;
  width: 40px;
  height: 40px;
  border: 0;
  border-radius: 50%;
  background: transparent;
  color: inherit;
}
.close:hover { background: rgb(255 255 255 / 16%); }
.close svg { width: 22px; height: 22px; }

.body {
  position: relative;
  flex: 1;
  min-height: 0;
  display: flex;
  background: #0f1118;
}
.body a2e-avatar {
  flex: 1;
  --a2e-max-width: none;
  --a2e-radius: 0;
  --a2e-accent: var(--_accent);
}
.body a2e-avatar::part(base) { height: 100%; aspect-ratio: auto; }
.message {
  margin: auto;
  padding: 24px;
  color: #e5e7eb;
  text-align: center;
  font-size: 0.92rem;
}
.message button {
  margin-top: 12px;
  padding: 8px 18px;
  border: 0;
  border-radius: 999px;
  background: var(--_accent);
  color: var(--_on-accent);
  font-weight: 600;
}
.footnote {
  margin: 0;
  padding: 8px 12px;
  font-size: 0.72rem;
  color: var(--_muted);
  text-align: center;
  border-top: 1px solid var(--_border);
}

/* Phones: the conversation takes the whole screen; the launcher steps aside while it is open. */
@media (max-width: 480px) {
  .panel {
    position: fixed;
    inset: 0;
    width: 100%;
    height: 100%;
    height: 100dvh;
    border-radius: 0;
    animation-name: rise;
  }
  @keyframes rise { from { transform: translateY(24px); opacity: 0; } }
  :host([open]) .launcher { display: none; }
}
`;
