/**
 * Loads `<a2e-avatar>` from the Worker's /a2e-avatar.js, exactly as the embed snippet does, so the
 * demo runs the very files an embedding site gets. Resolves once the element is defined.
 */
export async function loadAvatarElement(server: string): Promise<void> {
  if (!customElements.get('a2e-avatar')) {
    const url = new URL('/a2e-avatar.js', server).href;
    await import(/* @vite-ignore */ url);
  }
  await customElements.whenDefined('a2e-avatar');
}
