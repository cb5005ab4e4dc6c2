import { registerHooks } from 'node:module';

/**
 * Lets Node run the project's TypeScript as it is: the catalogue in protocol/ imports its
 * siblings without an extension (`./endpoint`), as the bundlers and tsc read it, which Node's own
 * resolver does not. A relative import Node cannot find is tried again as `.ts`, then `/index.ts`.
 */
export function registerTsResolution(): void {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      try {
        return nextResolve(specifier, context);
      } catch (err) {
        if (!isRelative(specifier) || (err as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw err;
        for (const suffix of ['.ts', '/index.ts']) {
          try {
            return nextResolve(specifier + suffix, context);
          } catch {
            // try the next form
          }
        }
        throw err;
      }
    },
  });
}

function isRelative(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../');
}
