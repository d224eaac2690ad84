/** `--enrich`: the details endpoints fill budget, revenue, runtime (movies) and seasons, networks (TV). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/data/catalog.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { titleKey, type Title } from '../../src/data/title.ts';
import type { TmdbClient } from '../../src/data/tmdb/client.ts';
import { ingestFromTmdb, type IngestReport } from '../../src/data/tmdb/ingest.ts';
import { startTmdbStandIn, type TmdbStandIn } from '../fakes/tmdb-server.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';
import { NOW, quickClient, READ_TOKEN } from './tmdb-setup.ts';

describe('details enrichment', () => {
  let standIn: TmdbStandIn;
  let client: TmdbClient;
  let catalog: Catalog;
  let report: IngestReport;
  let snapshot: Map<string, Title>;
  const GONE = { mediaType: 'tv', id: 1396 } as const; // Breaking Bad: its details answer 404 in this run

  beforeAll(async () => {
    standIn = await startTmdbStandIn({ readToken: READ_TOKEN });
    standIn.inject({ kind: 'status', status: 404, path: `tv/${GONE.id}`, times: Infinity });
    client = quickClient(standIn);
    ({ catalog, report } = await ingestFromTmdb(client, { pages: 1, since: 2016, enrich: true, now: NOW }));
    snapshot = new Map((await importSnapshot(SNAPSHOT_DIR, NOW)).titles.map((t) => [titleKey(t), t]));
  });
  afterAll(async () => {
    await client?.close();
    await standIn?.close();
  });

  it('asks for every title’s details once, through the details endpoints', () => {
    const details = standIn.log.filter((r) => /^(movie|tv)\/\d+$/.test(r.path));
    expect(details).toHaveLength(catalog.titles.length);
    expect(new Set(details.map((r) => r.path)).size).toBe(catalog.titles.length);
    expect(report.detailsDone).toBe(catalog.titles.length);
  });

  it('fills the movie details fields as the snapshot has them', () => {
    const movies = catalog.titles.filter((t) => t.mediaType === 'movie');
    const withBudget = movies.filter((t) => t.budget !== null);
    expect(withBudget.length).toBeGreaterThan(50);
    for (const t of movies) {
      const s = snapshot.get(titleKey(t))!;
      expect([t.budget, t.revenue, t.runtime, t.status, t.genres], titleKey(t)).toEqual([s.budget, s.revenue, s.runtime, s.status, s.genres]);
    }
  });

  it('fills TV seasons, episodes and networks from the details', () => {
    const tv = catalog.titles.filter((t) => t.mediaType === 'tv' && titleKey(t) !== titleKey(GONE));
    expect(tv.filter((t) => t.networks.length > 0).length).toBeGreaterThan(20);
    for (const t of tv) {
      const s = snapshot.get(titleKey(t))!;
      expect([t.numberOfSeasons, t.numberOfEpisodes, t.networks], titleKey(t)).toEqual([s.numberOfSeasons, s.numberOfEpisodes, s.networks]);
    }
  });

  it('keeps a title as listed when TMDB no longer has its details', () => {
    expect(report.detailsMissing).toBe(1);
    const gone = catalog.titles.find((t) => titleKey(t) === titleKey(GONE))!;
    expect(gone.title).toBe('Breaking Bad');
    expect(gone.numberOfSeasons).toBeNull();
  });
});
