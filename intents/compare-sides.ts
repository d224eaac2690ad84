/**
 * The two sides of a comparison: "Drama vs Comedy", `"Dune: Part Two" vs "Oppenheimer"`, "horror or thriller",
 * "between Barbie and Oppenheimer", "is Barbie doing better than Oppenheimer". Sides stay as written; the core's
 * `validateParams` decides genre or title and resolves titles against the catalog (fuzzy, asking on a clash).
 */
import type { Slots } from './slots.ts';

export interface Sides {
  left: string;
  right: string;
}

const QUOTED = /(?:"([^"]+)"|“([^”]+)”|«([^»]+)»)(\s*\([^()]*\))?/g;
const STRONG_SEPARATOR =
  /\s+(?:vs\.?|versus|v\.?|against|compared? (?:to|with|against)|compares (?:to|with|against)|stacks? up (?:to|against)|(?:doing |do |does |did |perform(?:ing|s)? |perform )?(?:better|worse|stronger|weaker) than|outperforms?|beats?)\s+/i;
const WEAK_SEPARATOR = /\s+(?:and|or|with|to)\s+|\s*,\s*/i;
/** Words around a side in a plain question that are not part of it. */
const LEAD_IN = /^.*?\b(?:compare|comparing|between|is|are|does|did|which is doing better|which is better|which does better)\s+/i;
const TRAIL = /\s*(?:[?.!]+|\b(?:doing|performing|right now|these days|lately|overall|in \d{4}))*\s*$/i;

function clean(side: string): string {
  return side
    .replace(/^[\s,:;-]+|[\s,:;?!.-]+$/g, '')
    .replace(/^["“«]|["”»]$/g, '')
    .trim();
}

/** Quoted sides, each with a hint in brackets when one follows the quotes: `"Dune" (2021)`. */
function quotedSides(text: string): Sides | null {
  const found = [...text.matchAll(QUOTED)].map((m) => `${m[1] ?? m[2] ?? m[3] ?? ''}${m[4] ?? ''}`.trim());
  return found.length >= 2 ? { left: found[0], right: found[1] } : null;
}

function split(text: string, separator: RegExp): Sides | null {
  const m = separator.exec(text);
  if (!m) return null;
  const left = clean(text.slice(0, m.index));
  const right = clean(text.slice(m.index + m[0].length));
  return left && right ? { left, right } : null;
}

/** Sides of a `/compare` command's argument text. */
export function commandSides(args: string, slots: Slots): Sides | null {
  const quoted = quotedSides(args);
  if (quoted) return quoted;
  const sides = split(args, STRONG_SEPARATOR) ?? split(args, WEAK_SEPARATOR);
  if (sides) return sides;
  if (slots.genres.length === 2) return { left: slots.genres[0], right: slots.genres[1] };
  const one = clean(args);
  return one ? { left: one, right: '' } : null;
}

/** Sides of a plain question, or null when it names fewer than two things. */
export function questionSides(text: string, slots: Slots): Sides | null {
  const quoted = quotedSides(text);
  if (quoted) return quoted;
  // Titles found without quotes ("How does Stranger Things compare to Wednesday?") before genre words, which a
  // title may contain.
  if (slots.titles.length >= 2) return { left: slots.titles[0], right: slots.titles[1] };
  if (slots.genres.length >= 2) return { left: slots.genres[0], right: slots.genres[1] };
  const body = text.replace(/^.*?[,:]\s*(?=\S+\s+(?:or|vs\.?|versus)\s)/i, '');
  const sides = split(body, STRONG_SEPARATOR) ?? split(body, /\s+(?:and|or|with|to)\s+/i);
  if (!sides) return null;
  const left = clean(sides.left.replace(LEAD_IN, ''));
  const right = clean(sides.right.replace(TRAIL, ''));
  return left && right ? { left, right } : null;
}
