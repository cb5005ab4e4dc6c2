/**
 * Whether the support panel was open, kept across page loads of one tab. sessionStorage, not
 * localStorage: a visitor moving between pages of a site keeps their conversation open, but a new
 * tab or a browser restarted next week does not silently start a paid session.
 */
const key = (scope: string) => `a2e-support:open:${scope}`;

export function wasOpen(scope: string): boolean {
  try {
    return sessionStorage.getItem(key(scope)) === '1';
  } catch {
    return false; // storage blocked (privacy settings, sandboxed frame): start closed
  }
}

export function rememberOpen(scope: string, open: boolean): void {
  try {
    if (open) sessionStorage.setItem(key(scope), '1');
    else sessionStorage.removeItem(key(scope));
  } catch {
    // storage blocked: the panel just will not reopen by itself
  }
}
