/**
 * Snapshot import: the real TMDB-derived data in `shared/tmdb/` (movies.jsonl.gz, tv.jsonl.gz) → `Catalog`.
 *
 * Movies are TMDB records already. TV comes from two sources (see the snapshot's README): rows with a TMDB id,
 * votes and popularity but no genres, and older TMDB/IMDb hybrid rows with genres, seasons, networks and
 * language but no TMDB id. A hybrid row linked to a TMDB row by `matched_tmdb_id` fills in the fields the TMDB
 * row lacks (never overriding one it has); hybrid rows without that link are not TMDB titles (no id, IMDb votes,
 * a popularity of another scale) and are left out, counted under their reason.
 */
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { buildCatalog, latestReleaseDate, type Catalog } from './catalog.ts';
import { canonicalGenres } from './genres.ts';
import { languageCode } from './languages.ts';
import { normaliseRecord, type RawRecord } from './normalise.ts';
import { countSkip, titleKey, type SkipCounts, type Title } from './title.ts';

export const SNAPSHOT_FILES = { movie: 'movies.jsonl.gz', tv: 'tv.jsonl.gz' } as const;

const HYBRID_SOURCE = 'nikhilkaushik631_tv_series';

/**
 * When each snapshot source observed its popularity and votes, as its README states it, for rows without a
 * `collected` date of their own. Sources are dated by what the README says of the collection, not by the newest
 * release they hold (a title may be released after its collection: it is upcoming then).
 */
export const SOURCE_COLLECTED: Readonly<Record<string, string>> = {
  top10k_tmdb_2022: '2022-06-30', // "taken from the API around mid-2022"; newest release 2022-06-24
  asaniczka_v11_subset: '2024-06-30', // the v11 export, "published about mid-2024"
  royrusso_top_rated_2025: '2025-10-08', // "collected around October 2025" (commit 2025-10-08)
  breebyte_cinemaroi_2025: '2025-11-20', // values "from about November 2025" (file committed 2025-11-20)
  shreyagupta90_discover_tv_2025: '2025-01-06', // "collected about early January 2025" (file committed 2025-01-06)
};

/** A row's collection date: its own ISO `collected` timestamp's day, else its source's (see `SOURCE_COLLECTED`). */
export function collectedDate(raw: RawRecord): string | null {
  const own = typeof raw.collected === 'string' ? /^(\d{4}-\d{2}-\d{2})(T|$)/.exec(raw.collected)?.[1] : undefined;
  return own ?? SOURCE_COLLECTED[String(raw.source)] ?? null;
}

/** The newest collection date among the titles: what "as of" means for a snapshot. */
export function latestCollected(titles: readonly Title[]): string | null {
  let latest = '';
  for (const t of titles) if (t.collected && t.collected > latest) latest = t.collected;
  return latest || null;
}

async function* readJsonLines(path: string, skipped: SkipCounts): AsyncGenerator<RawRecord> {
  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (value && typeof value === 'object' && !Array.isArray(value)) yield value as RawRecord;
      else countSkip(skipped, 'line is not a JSON object');
    } catch {
      countSkip(skipped, 'line is not valid JSON');
    }
  }
}

/** Fills the TMDB TV row's missing fields from its linked hybrid row. */
function enrichTv(title: Title, hybrid: RawRecord): Title {
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);
  return {
    ...title,
    genres: title.genres.length > 0 ? title.genres : canonicalGenres(list(hybrid.genres)),
    originalLanguage: title.originalLanguage ?? languageCode(hybrid.original_language_name),
    numberOfSeasons: title.numberOfSeasons ?? int(hybrid.number_of_seasons),
    numberOfEpisodes: title.numberOfEpisodes ?? int(hybrid.number_of_episodes),
    networks: title.networks.length > 0 ? title.networks : list(hybrid.networks),
  };
}

export async function assertSnapshotDir(dir: string): Promise<void> {
  for (const file of Object.values(SNAPSHOT_FILES)) {
    try {
      await access(join(dir, file));
    } catch {
      throw new Error(
        `No snapshot at ${resolve(dir)}: ${file} is missing. Point GREENLIGHT_SNAPSHOT (or --snapshot) ` +
          'at a folder holding movies.jsonl.gz and tv.jsonl.gz, such as ../shared/tmdb.',
      );
    }
  }
}

export async function importSnapshot(dir: string, now: Date): Promise<Catalog> {
  await assertSnapshotDir(dir);
  const skipped: SkipCounts = {};
  const byKey = new Map<string, Title>();
  const add = (title: Title) => {
    const key = titleKey(title);
    if (byKey.has(key)) countSkip(skipped, `duplicate ${title.mediaType} id`);
    else byKey.set(key, title);
  };

  for await (const raw of readJsonLines(join(dir, SNAPSHOT_FILES.movie), skipped)) {
    const result = normaliseRecord('movie', raw, String(raw.source ?? 'snapshot'), undefined, collectedDate(raw));
    if (result.ok) add(result.title);
    else countSkip(skipped, `movie: ${result.reason}`);
  }

  const hybridByTmdbId = new Map<number, RawRecord>();
  for await (const raw of readJsonLines(join(dir, SNAPSHOT_FILES.tv), skipped)) {
    if (raw.source === HYBRID_SOURCE) {
      const linked = raw.matched_tmdb_id;
      if (typeof linked === 'number' && !hybridByTmdbId.has(linked)) hybridByTmdbId.set(linked, raw);
      else if (typeof linked !== 'number') countSkip(skipped, 'tv: hybrid TMDB/IMDb row without a TMDB id');
      else countSkip(skipped, 'tv: second hybrid row linked to the same TMDB id');
      continue;
    }
    const result = normaliseRecord('tv', raw, String(raw.source ?? 'snapshot'), undefined, collectedDate(raw));
    if (result.ok) add(result.title);
    else countSkip(skipped, `tv: ${result.reason}`);
  }
  for (const [id, hybrid] of hybridByTmdbId) {
    const key = titleKey({ mediaType: 'tv', id });
    const title = byKey.get(key);
    if (title) byKey.set(key, enrichTv(title, hybrid));
    else countSkip(skipped, 'tv: hybrid row linked to a TMDB id not in the file');
  }

  const titles = [...byKey.values()];
  return buildCatalog(titles, {
    source: `snapshot ${resolve(dir)}`,
    fetchedAt: now,
    // As of the newest collection, not the newest release: titles dated after it are upcoming, not history.
    asOf: latestCollected(titles) ?? latestReleaseDate(titles, now.toISOString().slice(0, 10)),
    skipped,
  });
}
