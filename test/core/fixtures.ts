/** Small hand-made catalogs for the core's unit tests (never copied data). */
import { buildCatalog, type Catalog } from '../../src/data/catalog.ts';
import type { Title } from '../../src/data/title.ts';

let nextId = 1;

/** A movie with neutral defaults; override what the test is about. */
export function title(overrides: Partial<Title> = {}): Title {
  const id = overrides.id ?? nextId++;
  return {
    mediaType: 'movie',
    id,
    title: `Title ${id}`,
    originalTitle: null,
    originalLanguage: 'en',
    overview: '',
    popularity: 10,
    voteAverage: 6,
    voteCount: 100,
    releaseDate: '2020-06-15',
    genres: ['Drama'],
    posterPath: null,
    budget: null,
    revenue: null,
    runtime: null,
    status: null,
    numberOfSeasons: null,
    numberOfEpisodes: null,
    networks: [],
    source: 'test',
    ...overrides,
  };
}

export function catalogOf(titles: readonly Title[], asOf = '2024-12-31'): Catalog {
  return buildCatalog(titles, { source: 'test', fetchedAt: new Date(`${asOf}T12:00:00Z`), asOf });
}

/** Every primitive value (number or string) anywhere inside a value, for "is this figure in the result?". */
export function primitivesOf(value: unknown, out: Set<number | string> = new Set()): Set<number | string> {
  if (typeof value === 'number' || typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const v of value) primitivesOf(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) primitivesOf(v, out);
  return out;
}
