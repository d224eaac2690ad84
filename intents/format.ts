/**
 * Intent → command text: the inverse of the grammar. Buttons (clarifications, suggestions, follow-ups) carry
 * these commands, so pressing one runs exactly the reading it shows; `parse(formatCommand(i))` gives `i` back.
 */
import { formatUsd } from '../src/core/params.ts';
import { titleLabel } from '../src/core/resolve/title.ts';
import type { StageName } from '../src/core/types.ts';
import type { Catalog } from '../src/data/catalog.ts';
import { titleKey } from '../src/data/title.ts';
import { PREDICT_DEFAULTS } from './params.ts';

export interface Formattable {
  stage: StageName | 'help';
  params: Record<string, unknown>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : []);

function mediaWord(v: unknown): string | undefined {
  if (v === 'movie') return 'movies';
  if (v === 'tv') return 'tv';
  return undefined;
}

function yearsWords(params: Record<string, unknown>): string | undefined {
  const from = str(params.yearFrom);
  const to = str(params.yearTo);
  if (from && to) return from === to ? `years ${from}` : `years ${from}-${to}`;
  if (from) return `since ${from}`;
  if (to) return `until ${to}`;
  const raw = str(params.years);
  return raw ? `years=${raw}` : undefined;
}

/** A compare side: a genre as written, a title key as its label in quotes (which resolves back uniquely). */
function side(value: unknown, catalog: Catalog | undefined): string {
  const text = str(value) ?? '';
  if (/^(movie|tv):\d+$/.test(text) && catalog) {
    const title = catalog.titles.find((t) => titleKey(t) === text);
    if (title) return `"${titleLabel(title)}"`;
  }
  return /\s|:/.test(text) && !/^(movie|tv):\d+$/.test(text) ? `"${text}"` : text;
}

export function formatCommand(intent: Formattable, catalog?: Catalog): string {
  const p = intent.params;
  const parts: (string | undefined)[] = [];
  switch (intent.stage) {
    case 'help':
      return 'help';
    case 'explore':
    case 'understand':
    case 'identify':
      parts.push(mediaWord(p.mediaType), ...list(p.genres ?? p.genre), yearsWords(p));
      if (str(p.language)) parts.push(`language=${str(p.language)}`);
      break;
    case 'predict':
      parts.push(str(p.genre), str(p.mediaType) ?? undefined);
      // A dollar budget stays in dollars (the revenue model reads it); otherwise the level.
      // TV has no budgets (TMDB has none; its prediction makes no money claim): the command names one only when asked for.
      if (typeof p.budgetUsd === 'number' && p.mediaType !== 'tv') parts.push(`budget ${formatUsd(p.budgetUsd)}`);
      else if (str(p.budgetLevel) && !(p.mediaType === 'tv' && p.budgetLevel === PREDICT_DEFAULTS.budgetLevel)) parts.push(`budget ${str(p.budgetLevel)}`);
      if (str(p.quarter)) parts.push(/^q/i.test(str(p.quarter) ?? '') ? str(p.quarter) : `Q${str(p.quarter)}`);
      break;
    case 'forecast':
      parts.push(...list(p.genres ?? p.genre));
      if (str(p.horizonMonths) && str(p.horizonMonths) !== '12') parts.push(`horizon=${str(p.horizonMonths)}`);
      break;
    case 'compare':
      if (p.kind === 'genre' && typeof p.left === 'string' && typeof p.right === 'string') parts.push(`${p.left} vs ${p.right}`);
      else parts.push(`${side(p.left, catalog)} vs ${side(p.right, catalog)}`);
      break;
  }
  return [`/${intent.stage}`, ...parts.filter((x): x is string => Boolean(x))].join(' ');
}
