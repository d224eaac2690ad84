/**
 * Splitting a message into tokens: `key=value` pairs, quoted strings ("Dune: Part Two", “curly” too) and words.
 * Words keep their original spelling (for titles and echoes) and a normalised form (lower case, surrounding
 * punctuation removed) for matching. Pure and total: any string gives a token list, never an exception.
 */

export type Token =
  | { kind: 'kv'; key: string; value: string; raw: string }
  | { kind: 'quoted'; text: string; raw: string }
  | { kind: 'word'; text: string; norm: string; raw: string };

/** Longest message the parser reads; anything beyond is ignored (chat messages are short). */
export const MAX_INPUT_CHARS = 2000;

const TOKEN_PATTERN = /([A-Za-z][\w-]*)\s*=\s*(?:"([^"]*)"|“([^”]*)”|'([^']*)'|([^\s"“]+))|"([^"]*)"|“([^”]*)”|«([^»]*)»|(\S+)/gu;

/**
 * Lower-cases and trims punctuation a sentence wraps words in, keeping inner hyphens, apostrophes and slashes,
 * and a dollar sign before a number ("$200m").
 */
export function normaliseWord(word: string): string {
  return word
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/^(?:(?!\$\d)[^\p{L}\p{N}/])+|[^\p{L}\p{N}%/]+$/gu, '');
}

/** Removes chat decorations adapters may pass through: user mentions (`<@U123>`), a leading slash command name. */
export function stripMentions(text: string): string {
  return text.replace(/<@[^>]*>/g, ' ').replace(/<#[^>]*>/g, ' ');
}

export function tokenize(input: string): Token[] {
  const text = stripMentions(input.slice(0, MAX_INPUT_CHARS));
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN_PATTERN)) {
    const raw = m[0];
    if (m[1] !== undefined) {
      const value = m[2] ?? m[3] ?? m[4] ?? m[5] ?? '';
      tokens.push({ kind: 'kv', key: m[1].toLowerCase(), value: value.trim(), raw });
      continue;
    }
    const quoted = m[6] ?? m[7] ?? m[8];
    if (quoted !== undefined) {
      if (quoted.trim() !== '') tokens.push({ kind: 'quoted', text: quoted.trim(), raw });
      continue;
    }
    // A word glued to a comma list ("Drama,Comedy") is several words; thousands separators ("40,000,000") are not.
    for (const piece of raw.split(/(?<!\d),(?=\S)|(?<=\d),(?=\S)(?!\d{3}(?!\d))/)) {
      const norm = normaliseWord(piece);
      if (norm === '' && !/[?!]/.test(piece)) continue;
      tokens.push({ kind: 'word', text: piece.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N})]+$/gu, ''), norm, raw: piece });
    }
  }
  return tokens;
}

/** The normalised words of a token list (quoted strings and pairs excluded), e.g. for cue matching. */
export function wordsOf(tokens: readonly Token[]): string[] {
  return tokens.flatMap((t) => (t.kind === 'word' && t.norm !== '' ? [t.norm] : []));
}
