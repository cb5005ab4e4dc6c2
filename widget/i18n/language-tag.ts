/**
 * A well-formed BCP 47 language tag made from what a page or browser says its language is, or
 * undefined when it says nothing usable. Browsers report the system locale as they find it:
 * WebKitGTK under a container's C.UTF-8 says "C", and POSIX names such as "en_US.UTF-8" turn up
 * too. A visitor's locale must never stop a conversation, so what cannot be read is dropped
 * (the broker and the speech recognizer then use their defaults) rather than sent.
 */
export function languageTag(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  // POSIX locale names: language_TERRITORY.codeset@modifier.
  const tag = raw.trim().replace(/[.@].*$/, '').replace(/_/g, '-');
  // Every language in use has a 2- or 3-letter primary subtag; "C" and "POSIX" are locales, not languages.
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(tag)) return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/** The first usable tag among the candidates, in order. */
export function firstLanguageTag(...candidates: (string | null | undefined)[]): string | undefined {
  for (const candidate of candidates) {
    const tag = languageTag(candidate);
    if (tag) return tag;
  }
  return undefined;
}
