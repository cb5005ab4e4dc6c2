import { launchChromiumEngine } from './chromium-engine.ts';
import type { EngineBrowser } from './engine.ts';
import { findChromium, findFirefox, findWebKit, type EngineName, DEBIAN_PACKAGES } from './engine-executables.ts';
import { launchFirefoxEngine } from './firefox-engine.ts';
import { launchWebKitEngine } from './webkit-engine.ts';

/** Starts one engine as found on this machine; `npm test` has made sure it is there. */
export async function launchEngine(name: EngineName): Promise<EngineBrowser> {
  const missing = () => new Error(`${name} is not installed: run npm test (it installs it), or apt-get install ${DEBIAN_PACKAGES[name].join(' ')}`);
  switch (name) {
    case 'chromium': {
      const path = findChromium();
      if (!path) throw missing();
      return launchChromiumEngine(path);
    }
    case 'firefox': {
      const path = findFirefox();
      if (!path) throw missing();
      return launchFirefoxEngine(path);
    }
    case 'webkit': {
      const paths = findWebKit();
      if (!paths) throw missing();
      return launchWebKitEngine(paths);
    }
  }
}
