import { findChromium } from './engines/engine-executables.ts';

/**
 * The Chromium the tests drive: CHROMIUM_PATH, else the system's (Debian's), else Playwright's
 * own (`npm test` installs one when none is there), launched the way this sandbox (and CI)
 * allows: no downloads, no network chatter.
 */
export const chromiumPath = findChromium() ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--autoplay-policy=no-user-gesture-required',
];
