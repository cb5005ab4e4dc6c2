import { describe, expect, it } from 'vitest';
import { firstLanguageTag, languageTag } from './language-tag';

describe('languageTag', () => {
  it('keeps well-formed BCP 47 tags, canonically cased', () => {
    expect(languageTag('en-US')).toBe('en-US');
    expect(languageTag('de')).toBe('de');
    expect(languageTag('zh-hant-tw')).toBe('zh-Hant-TW');
  });

  it('reads POSIX locale names as the tags they mean', () => {
    expect(languageTag('en_US.UTF-8')).toBe('en-US');
    expect(languageTag('pt_BR')).toBe('pt-BR');
    expect(languageTag('de_DE@euro')).toBe('de-DE');
  });

  it('drops what is not a language: WebKitGTK under C.UTF-8 says "C"', () => {
    for (const raw of ['C', 'C.UTF-8', 'POSIX', '', '  ', 'english please', 'x', '--', undefined, null]) expect(languageTag(raw)).toBeUndefined();
  });

  it('takes the first usable candidate', () => {
    expect(firstLanguageTag('', 'C', 'fr-CA', 'en')).toBe('fr-CA');
    expect(firstLanguageTag('C', undefined)).toBeUndefined();
  });
});
