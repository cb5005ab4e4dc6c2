import { chromium, type Browser } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../chromium';

/**
 * Chromium with a fake microphone that plays `wav` (in a loop) to every page that opens it,
 * and grants the microphone without asking, as a visitor who clicked "Allow" would.
 */
export function launchChromiumWithMic(wav: string): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [...chromiumArgs, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`],
  });
}
