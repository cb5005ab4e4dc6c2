import { css } from 'lit';

/**
 * Everything is inside the shadow root and themed by `--a2e-*` properties and `::part()`, so a
 * host page's CSS cannot break the widget and the widget cannot leak into the page.
 */
export const styles = css`
  :host {
    --_accent: var(--a2e-accent, #4f46e5);
    --_accent-contrast: var(--a2e-accent-contrast, #fff);
    --_bg: var(--a2e-background, #111827);
    --_fg: var(--a2e-foreground, #f9fafb);
    --_surface: var(--a2e-surface, rgb(17 24 39 / 72%));
    --_danger: var(--a2e-danger, #dc2626);
    --_focus: var(--a2e-focus-ring, 2px solid var(--_accent));
    display: block;
    position: relative;
    width: 100%;
    max-width: var(--a2e-max-width, 420px);
    font-family: var(--a2e-font, system-ui, sans-serif);
    font-size: 15px;
    line-height: 1.4;
    color: var(--_fg);
    contain: layout paint;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  .base {
    /*
     * A fresh start for everything inside: a host page's inherited text styles (a reset such as
     * "* { all: unset }" reaching the host, text-transform, letter-spacing, ...) stop here, and
     * what the host's own box lost to such a reset is set again. Custom properties pass through.
     */
    all: initial;
    box-sizing: border-box;
    display: block;
    width: 100%;
    max-width: var(--a2e-max-width, 420px);
    font-family: var(--a2e-font, system-ui, sans-serif);
    font-size: 15px;
    line-height: 1.4;
    color: var(--_fg);
    container-type: inline-size;
    position: relative;
    overflow: hidden;
    aspect-ratio: var(--a2e-aspect-ratio, 3 / 4);
    min-height: 240px;
    border-radius: var(--a2e-radius, 16px);
    background: var(--_bg);
  }
  video {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    object-fit: var(--a2e-video-fit, cover);
    background: var(--_bg);
  }
  .overlay {
    position: absolute;
    inset: 0;
    z-index: var(--a2e-z-index, 1);
    display: flex;
    flex-direction: column;
    align-items: center;
    /* Low in the frame, so the prompt does not cover the avatar's face. */
    justify-content: flex-end;
    gap: 12px;
    padding: 16px 16px 28px;
    text-align: center;
    background: linear-gradient(to top, rgb(0 0 0 / 45%), transparent 60%);
  }
  .overlay[role='status'] {
    justify-content: center;
  }
  .overlay.passive {
    /* Only the button takes pointer input; the rest of the layer lets clicks through. */
    pointer-events: none;
    background: none;
  }
  .overlay.passive > * {
    pointer-events: auto;
  }
  .status,
  .error {
    margin: 0;
    padding: 8px 12px;
    border-radius: 10px;
    background: var(--_surface);
    max-width: 100%;
  }
  .error {
    display: flex;
    flex-direction: column;
    gap: 4px;
    border-left: 4px solid var(--_danger);
    text-align: start;
  }
  .error .detail {
    font-size: 0.9em;
    opacity: 0.9;
    overflow-wrap: anywhere;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
    border: 0;
    border-radius: 999px;
    min-width: 44px;
    min-height: 44px;
    background: var(--_surface);
    display: inline-flex;
    align-items: center;
    justify-content: center;
    padding: 0 12px;
  }
  button:disabled {
    cursor: default;
    opacity: 0.5;
  }
  button:focus-visible,
  input:focus-visible {
    outline: var(--_focus);
    outline-offset: 2px;
  }
  .primary {
    background: var(--_accent);
    color: var(--_accent-contrast);
    padding: 0 20px;
    font-weight: 600;
    box-shadow: 0 4px 14px rgb(0 0 0 / 30%);
  }
  .unmute {
    position: absolute;
    top: 12px;
  }
  svg {
    width: 22px;
    height: 22px;
    fill: currentColor;
  }
  .spinner {
    width: 40px;
    height: 40px;
    border-radius: 50%;
    border: 4px solid rgb(255 255 255 / 30%);
    border-top-color: var(--_fg);
    animation: spin 0.9s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  .notice {
    position: absolute;
    top: 8px;
    left: 8px;
    right: 8px;
    z-index: var(--a2e-z-index, 1);
    margin: 0;
    padding: 8px 12px;
    border-radius: 10px;
    border-left: 4px solid var(--_danger);
    background: var(--_surface);
  }
  .captions {
    position: absolute;
    left: 8px;
    right: 8px;
    bottom: var(--_captions-bottom, 68px);
    z-index: var(--a2e-z-index, 1);
    display: flex;
    flex-direction: column;
    gap: 4px;
    pointer-events: none;
  }
  .caption {
    margin: 0;
    padding: 6px 10px;
    border-radius: 10px;
    background: var(--_surface);
  }
  /* The visitor knows what they said: two lines of it are enough. */
  .caption.user {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    overflow: hidden;
  }
  /* A long answer scrolls inside its caption rather than being cut off mid-line. */
  .caption.avatar {
    max-height: 5.6em;
    max-height: calc(4lh + 12px);
    overflow-y: auto;
    overscroll-behavior: contain;
    scrollbar-width: thin;
    pointer-events: auto;
  }
  .caption .who {
    font-weight: 600;
  }
  .caption.user {
    align-self: flex-end;
  }
  .controls {
    position: absolute;
    left: 0;
    right: 0;
    bottom: 0;
    z-index: var(--a2e-z-index, 1);
    display: flex;
    align-items: center;
    gap: 6px;
    padding: 8px;
    background: linear-gradient(to top, rgb(0 0 0 / 55%), transparent);
  }
  .form,
  .spacer {
    flex: 1;
    min-width: 0;
    display: flex;
    gap: 6px;
  }
  input {
    flex: 1;
    min-width: 0;
    min-height: 44px;
    padding: 0 14px;
    font: inherit;
    color: var(--_fg);
    border: 1px solid rgb(255 255 255 / 25%);
    border-radius: 999px;
    background: var(--_surface);
  }
  input::placeholder {
    color: rgb(255 255 255 / 70%);
  }
  [part='mic-button'][aria-pressed='true'] {
    background: var(--_accent);
    color: var(--_accent-contrast);
  }
  .hangup {
    background: var(--_danger);
    color: #fff;
  }
  /* A phone-sized frame: the text box gets a row of its own, the buttons the row below. */
  @container (max-width: 360px) {
    .captions {
      --_captions-bottom: 118px;
    }
    .controls {
      flex-wrap: wrap;
      justify-content: flex-end;
    }
    .form {
      flex-basis: 100%;
    }
    .spacer {
      display: none;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
      border-top-color: rgb(255 255 255 / 30%);
    }
  }
`;
