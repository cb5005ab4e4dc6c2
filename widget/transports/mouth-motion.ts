/**
 * How far open the simulated avatar's mouth is while it says `text`, `elapsedMs` into it:
 * a syllable-like rhythm whose peaks follow the letters (vowels open wide, consonants less),
 * easing in and out at the utterance's edges. 0 is closed, 1 wide open. Deterministic, so
 * the face and the voice, which both read it, move together.
 */
const SYLLABLE_MS = 190;
const EDGE_MS = 120;

export function mouthOpenness(text: string, elapsedMs: number, remainingMs: number): number {
  if (elapsedMs < 0 || remainingMs <= 0) return 0;
  const syllable = Math.floor(elapsedMs / SYLLABLE_MS);
  const phase = (elapsedMs % SYLLABLE_MS) / SYLLABLE_MS;
  const letters = text.replace(/\s+/g, '');
  const letter = letters.charAt(letters.length === 0 ? 0 : (syllable * 2) % letters.length).toLowerCase();
  const peak = 'aeiouy'.includes(letter) ? 0.95 : /[a-z0-9]/.test(letter) ? 0.55 : 0.35;
  const edge = Math.min(1, elapsedMs / EDGE_MS, remainingMs / EDGE_MS);
  return peak * Math.sin(Math.PI * phase) * edge;
}
