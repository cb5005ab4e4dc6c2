/**
 * Runs `fn` when `host` has really left the page: a move within the page (removed, then inserted
 * again in the same task) keeps the conversation and everything around it.
 */
export function whenRemoved(host: Element, fn: () => void): void {
  queueMicrotask(() => {
    if (!host.isConnected) fn();
  });
}
