import { createElement, forwardRef, useCallback, useEffect, useLayoutEffect, useRef, type HTMLAttributes, type Ref } from 'react';
import type { A2eAvatar as A2eAvatarElement } from '../a2e-avatar/a2e-avatar';
// The package's entry: importing it defines the element (in the browser; on the server it only loads).
import { tagName } from '../index';
import { ATTRIBUTE_OPTIONS, attributesOf, EVENT_PROPS, type A2eAvatarEventProps, type A2eAvatarOptions } from './props';

/** Everything `<A2eAvatar>` takes: the element's options, its events, and the usual HTML props. */
export interface A2eAvatarProps
  extends A2eAvatarOptions,
    A2eAvatarEventProps,
    // The element renders its own content and has no slot; React's onError is for <img> and <script>.
    Omit<HTMLAttributes<A2eAvatarElement>, keyof A2eAvatarEventProps | 'children' | 'dangerouslySetInnerHTML'> {}

// React 18 warns about layout effects while rendering on the server; there nothing runs anyway.
const useClientLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;

/**
 * `<a2e-avatar>` for React 18 and 19. Options render as the element's attributes, on the server
 * too, so the element upgrades in the browser with its configuration; events are listened to
 * on the element itself. The element owns its session: a remount (StrictMode runs effects
 * twice) does not start a second one, and an unmounted element ends its session.
 */
export const A2eAvatar = forwardRef<A2eAvatarElement, A2eAvatarProps>(function A2eAvatar(props, forwarded) {
  const { onStateChange, onTranscript, onError, strings, autoConnect, ...rest } = props;
  const element = useRef<A2eAvatarElement | null>(null);
  const handlers = useRef<A2eAvatarEventProps>({});

  const html: Record<string, unknown> = { ...rest };
  for (const option of ATTRIBUTE_OPTIONS) delete html[option];

  // The newest handlers, without re-adding listeners on every render.
  useClientLayoutEffect(() => {
    handlers.current = { onStateChange, onTranscript, onError };
  });

  useClientLayoutEffect(() => {
    const el = element.current;
    if (!el) return;
    const listeners = Object.entries(EVENT_PROPS).map(([prop, type]) => {
      const listener = (event: Event) => (handlers.current[prop as keyof A2eAvatarEventProps] as ((e: Event) => void) | undefined)?.(event);
      el.addEventListener(type, listener);
      return () => el.removeEventListener(type, listener);
    });
    return () => listeners.forEach((remove) => remove());
  }, []);

  // Only once given, so strings set through the ref are left alone; a prop that goes away puts
  // the element's own back.
  const stringsGiven = useRef(false);
  useClientLayoutEffect(() => {
    if (!element.current || (strings === undefined && !stringsGiven.current)) return;
    stringsGiven.current = strings !== undefined;
    element.current.strings = strings ?? {};
  }, [strings]);

  // After the listeners, so the first `connecting` is seen. A second run (StrictMode's remount)
  // finds the element already connecting; an unmount needs nothing here, as the element ends its
  // session when it leaves the page.
  useClientLayoutEffect(() => {
    const el = element.current;
    if (!el) return;
    el.autoConnect = autoConnect === true;
    if (autoConnect && el.state === 'idle') el.connect().catch(() => {}); // reported through onError
  }, [autoConnect]);

  const ref = useCallback(
    (node: A2eAvatarElement | null) => {
      element.current = node;
      assignRef(forwarded, node);
    },
    [forwarded],
  );

  return createElement(tagName, { ...html, ...attributesOf(props), ref });
});
A2eAvatar.displayName = 'A2eAvatar';

function assignRef<T>(ref: Ref<T> | undefined, value: T | null): void {
  if (typeof ref === 'function') ref(value);
  else if (ref) (ref as { current: T | null }).current = value;
}
