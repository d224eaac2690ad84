import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/data/catalog.ts';
import { fingerprintTitles, summarizeCatalog } from '../../src/data/catalog.ts';
import { languageCode, languageName } from '../../src/data/languages.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { CatalogStore } from '../../src/data/store.ts';
import { titleKey } from '../../src/data/title.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';

type Row = Record<string, unknown>;
async function rows(file: string): Promise<Row[]> {
  const text = gunzipSync(await readFile(join(SNAPSHOT_DIR, file))).toString('utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Row);
}

describe('snapshot import (real data in ../shared/tmdb)', () => {
  let catalog: Catalog;
  let movies: Row[];
  let tv: Row[];
  beforeAll(async () => {
    catalog = await importSnapshot(SNAPSHOT_DIR, new Date('2026-01-01T00:00:00Z'));
    movies = await rows('movies.jsonl.gz');
    tv = await rows('tv.jsonl.gz');
  });

  it('keeps every movie and every TMDB-id TV show once', () => {
    const tmdbTv = tv.filter((r) => typeof r.id === 'number');
    expect(catalog.meta.counts.movie).toBe(new Set(movies.map((r) => r.id)).size);
    expect(catalog.meta.counts.tv).toBe(new Set(tmdbTv.map((r) => r.id)).size);
    expect(new Set(catalog.titles.map(titleKey)).size).toBe(catalog.titles.length);
  });

  it('normalises a movie field by field', () => {
    const raw = movies.find((r) => r.title === 'Inception')!;
    const t = catalog.titles.find((x) => x.mediaType === 'movie' && x.id === raw.id)!;
    expect(t).toMatchObject({
      title: 'Inception',
      originalLanguage: 'en',
      popularity: raw.popularity,
      voteAverage: raw.vote_average,
      voteCount: raw.vote_count,
      releaseDate: raw.release_date,
      genres: ['Action', 'Science Fiction', 'Adventure'],
      budget: raw.budget,
      revenue: raw.revenue,
      runtime: raw.runtime,
    });
  });

  it('fills a TMDB TV show from its linked hybrid row without overriding TMDB fields', () => {
    const hybrid =
      tv.find((r) => r.source === 'nikhilkaushik631_tv_series' && r.matched_tmdb_id === 1396) ?? tv.find((r) => typeof r.matched_tmdb_id === 'number')!;
    const id = hybrid.matched_tmdb_id as number;
    const raw = tv.find((r) => r.id === id)!;
    const t = catalog.titles.find((x) => x.mediaType === 'tv' && x.id === id)!;
    expect(t.popularity).toBe(raw.popularity);
    expect(t.voteCount).toBe(raw.vote_count);
    expect(t.releaseDate).toBe(raw.first_air_date);
    expect(t.genres.length).toBeGreaterThan(0);
    expect(t.numberOfSeasons).toBe(hybrid.number_of_seasons);
    expect(t.originalLanguage).toBe(languageCode(hybrid.original_language_name));
  });

  it('counts the hybrid rows it left out, by reason', () => {
    const unlinked = tv.filter((r) => r.source === 'nikhilkaushik631_tv_series' && typeof r.matched_tmdb_id !== 'number').length;
    expect(catalog.meta.skipped['tv: hybrid TMDB/IMDb row without a TMDB id']).toBe(unlinked);
  });

  it('summarises counts that add up', () => {
    const s = summarizeCatalog(catalog, new Date('2026-01-02T00:00:00Z'));
    expect(s.byMediaType.movie + s.byMediaType.tv).toBe(s.total);
    expect(s.ageDays).toBe(1);
    expect(s.dateRange.from! <= s.dateRange.to!).toBe(true);
    // As of the newest collection, which is before the newest (upcoming) release date.
    expect(s.asOf < s.dateRange.to!).toBe(true);
  });

  it('dates each row by its collection, and the catalog by its newest collection', () => {
    const newest = [...movies, ...tv]
      .map((r) => (typeof r.collected === 'string' ? r.collected.slice(0, 10) : ''))
      .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))
      .sort()
      .at(-1)!;
    expect(catalog.meta.asOf).toBe(newest);
    // Rows without a dated `collected` of their own take their source's stated collection date.
    expect(catalog.titles.every((t) => t.collected !== null)).toBe(true);
    const bySource = new Map<string, Set<string>>();
    for (const t of catalog.titles) if (t.source !== 'sbtltv_tmdb_lists_2026') bySource.set(t.source, (bySource.get(t.source) ?? new Set()).add(t.collected!));
    for (const [source, dates] of bySource) expect([source, dates.size]).toEqual([source, 1]);
    // A title collected before its release is upcoming as of the catalog date.
    expect(catalog.titles.some((t) => t.releaseDate !== null && t.releaseDate > catalog.meta.asOf)).toBe(true);
  });

  it('keeps the pre-release signals of enriched movies: keywords and production companies', () => {
    const raw = movies.find((r) => Array.isArray(r.keywords) && (r.keywords as unknown[]).length > 0 && Array.isArray(r.production_companies))!;
    const t = catalog.titles.find((x) => x.mediaType === 'movie' && x.id === raw.id)!;
    expect(t.keywords).toEqual(raw.keywords);
    expect(t.productionCompanies).toEqual(raw.production_companies);
  });

  describe('store', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'gl-store-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('round-trips the catalog and keeps its fingerprint', async () => {
      const store = new CatalogStore(dir);
      expect(await store.load()).toBeNull();
      await store.save(catalog);
      const loaded = (await store.load())!;
      expect(loaded.titles.length).toBe(catalog.titles.length);
      expect(fingerprintTitles(loaded.titles)).toBe(catalog.meta.fingerprint);
    });
  });
});

describe('language names and codes', () => {
  it('maps English language names to ISO 639-1 codes', () => {
    expect(languageCode('English')).toBe('en');
    expect(languageCode('Korean')).toBe('ko');
    expect(languageCode('Klingon-ish')).toBeNull();
  });

  it("names TMDB's codes, its own ones outside ISO 639-1 too, and leaves an unknown code as it is", () => {
    expect(languageName('en')).toBe('English');
    expect(languageName('ko')).toBe('Korean');
    expect(languageName('cn')).toBe('Cantonese');
    expect(languageName('xx')).toBe('No language');
    expect(languageName('qq')).toBe('qq');
    for (const code of ['en', 'fr', 'ja', 'es']) expect(languageCode(languageName(code))).toBe(code);
  });
});
