/**
 * Where this script was loaded from, read while it first runs (document.currentScript is only set
 * then): the avatar element and the broker live on the same server unless attributes say otherwise.
 */
const scriptSrc = (document.currentScript as HTMLScriptElement | null)?.src ?? '';

/** The broker origin: the `server` attribute, else the origin this script came from, else the page's. */
export function defaultServer(): string {
  try {
    return new URL(scriptSrc).origin;
  } catch {
    return location.origin;
  }
}

let loading: Promise<void> | undefined;

/**
 * Fetches `<a2e-avatar>` (Lit, the session code, the transports) from `server` the first time it is
 * needed, so the launcher a page loads up front stays a few kilobytes.
 */
export function loadAvatarElement(server: string): Promise<void> {
  if (customElements.get('a2e-avatar')) return Promise.resolve();
  loading ??= import(/* @vite-ignore */ new URL('/a2e-avatar.js', server).href).then(
    () => customElements.whenDefined('a2e-avatar').then(() => {}),
    (err: unknown) => {
      loading = undefined; // let a later open try again
      throw err;
    },
  );
  return loading;
}
