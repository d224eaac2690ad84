/**
 * Search-as-you-type for the Head-to-Head title pickers (`/api/titles?q=`): titles whose name starts with, has a
 * word starting with, or contains the typed text (in that order), the most voted first. Each match comes with the
 * label `resolveTitle` accepts back unambiguously ("Dune (movie, 2021)"), which is what the picker puts in the URL.
 */
import type { Catalog } from '../../data/catalog.ts';
import { releaseYear, type MediaType, type Title } from '../../data/title.ts';
import { normaliseName, titleLabel } from '../../core/resolve/title.ts';

export interface TitleMatch {
  /** The name as shown in the list. */
  label: string;
  /** What the picker puts in its field and the URL. */
  value: string;
  year: number | null;
  mediaType: MediaType;
}

const names = new WeakMap<Catalog, string[]>();

function namesOf(catalog: Catalog): string[] {
  let found = names.get(catalog);
  if (!found) {
    found = catalog.titles.map((t) => ` ${normaliseName(t.title)}`);
    names.set(catalog, found);
  }
  return found;
}

export const MAX_QUERY_LENGTH = 100;

/** Up to `limit` titles matching `query`; an empty or one-letter query matches nothing. */
export function searchTitles(catalog: Catalog, query: string, limit = 8): TitleMatch[] {
  const q = normaliseName(query.slice(0, MAX_QUERY_LENGTH));
  if (q.length < 2) return [];
  const all = namesOf(catalog);
  const found: { title: Title; rank: number }[] = [];
  all.forEach((name, i) => {
    const at = name.indexOf(q);
    if (at < 0) return;
    const rank = at === 1 ? 0 : name[at - 1] === ' ' ? 1 : 2;
    found.push({ title: catalog.titles[i], rank });
  });
  return found
    .sort((a, b) => a.rank - b.rank || b.title.voteCount - a.title.voteCount || a.title.id - b.title.id)
    .slice(0, limit)
    .map(({ title }) => ({
      label: title.title,
      value: titleLabel(title),
      year: releaseYear(title),
      mediaType: title.mediaType,
    }));
}
