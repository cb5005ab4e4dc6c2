/**
 * The broker may give preview images as paths on itself (the simulator does): resolve them
 * against the broker, not the page, which may be another site.
 */
export function absoluteUrl(url: string | undefined, server: string): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url, server).href;
  } catch {
    return undefined;
  }
}
