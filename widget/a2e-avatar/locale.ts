import { firstLanguageTag } from '../i18n/language-tag';
import { defaultStrings, type A2eStrings } from '../i18n/strings';

export interface LocaleHost extends Element {
  readonly strings: Partial<A2eStrings>;
  readonly language: string;
}

/** The element's words and the visitor's language, both overridable by the page. */
export class Locale {
  constructor(private readonly host: LocaleHost) {}

  readonly t = (key: keyof A2eStrings): string => this.host.strings[key] ?? defaultStrings[key];

  /**
   * The `language` attribute, else the page's nearest `lang`, else the browser's: the first that
   * is a valid BCP 47 tag, or undefined (a locale such as WebKitGTK's "C" is never sent).
   */
  language(): string | undefined {
    return firstLanguageTag(this.host.language, this.host.closest('[lang]')?.getAttribute('lang'), ...(navigator.languages ?? []), navigator.language);
  }
}
