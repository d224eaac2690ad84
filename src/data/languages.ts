/**
 * Language names and codes. Titles carry TMDB's `original_language`: ISO 639-1 codes, plus a few of TMDB's own
 * that are not in ISO 639-1 (its `/configuration/languages` list), which the runtime's tables do not name.
 */

/** TMDB's codes outside ISO 639-1. */
const TMDB_ONLY: Readonly<Record<string, string>> = { cn: 'Cantonese', xx: 'No language' };

const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** The English name of a title's language code ("en" → "English", "cn" → "Cantonese"); an unknown code as it is. */
export function languageName(code: string): string {
  return TMDB_ONLY[code] ?? names.of(code) ?? code;
}

/** ISO 639-1 code for an English language name ("English" → "en"), built from the runtime's own tables. */
const languageCodes: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (const a of letters) {
    for (const b of letters) {
      const code = a + b;
      const name = names.of(code);
      if (name && name !== code) map.set(name.toLowerCase(), code);
    }
  }
  return map;
})();

/** The code of a language named in English (case and spaces ignored), or null. */
export function languageCode(name: unknown): string | null {
  return typeof name === 'string' ? (languageCodes.get(name.trim().toLowerCase()) ?? null) : null;
}
