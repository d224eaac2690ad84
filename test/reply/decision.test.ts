/**
 * The decision line of an identify answer: the opportunities with their population in one bracket, and the genres
 * that look green on too few titles counted beside them (not as a second bracket); about an asked genre, its zone first.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/data/catalog.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { validateAndRunStage } from '../../src/core/stages/index.ts';
import { decisionFor } from '../../src/reply/decision.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';

describe('identify decision', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = await importSnapshot(SNAPSHOT_DIR, new Date('2026-03-01T00:00:00Z'));
  }, 60_000);

  it('names the opportunities and counts the thin green genres in the same bracket', () => {
    for (const mediaType of ['movie', 'tv'] as const) {
      const result = validateAndRunStage('identify', { mediaType }, { catalog, now: new Date('2026-03-01T00:00:00Z') });
      const rows = result.data.saturation.genres;
      const green = rows.filter((g) => g.zone === 'GREEN' && !g.thin).map((g) => g.genre);
      const thin = rows.filter((g) => g.zone === 'GREEN' && g.thin).length;
      const line = decisionFor(result) ?? '';
      expect(line.match(/\(/g)?.length ?? 0, line).toBeLessThanOrEqual(1);
      // The first four, and how many more the chart shows green: a cut list says it is cut.
      if (green.length > 0) expect(line).toContain(`Opportunity: ${green.slice(0, 4).join(', ')}${green.length > 4 ? ` and ${green.length - 4} more` : ''} —`);
      if (thin > 0) expect(line).toContain(`${thin} more look green on too few titles to argue from`);
      else expect(line).not.toContain('look green');
    }
  });

  it('about an asked genre: its own zone first, among the market it was zoned in and with that market’s count', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    for (const genre of ['Horror', 'Animation', 'Comedy']) {
      const result = validateAndRunStage('identify', { mediaType: 'movie', genres: [genre] }, { catalog, now });
      const row = result.data.saturation.genres.find((g) => g.genre === genre);
      const market = result.data.market;
      if (!row || !market) throw new Error(`expected ${genre} zoned among a market`);
      const line = decisionFor(result);
      expect(line.startsWith(`${genre}: ${row.zone}, `), line).toBe(true);
      // The zone was computed over the market (all movies), so its count is the market's, not the asked genre's.
      expect(line).toContain(`among ${market.label} (${market.titles.toLocaleString('en-US')} titles)`);
      expect(market.titles).toBeGreaterThan(result.data.scope.titles);
      // The market's other opportunities follow, never the asked genre again.
      expect(line.split('opportunities there:')[1] ?? '').not.toContain(genre);
      // The line states the zone, so the zone bullet is its headline (chat leaves it out; the dashboard keeps it).
      expect(result.insights.find((i) => i.text.startsWith(`${genre} movies vs all movies: ${row.zone}`))?.headline).toBe(true);
    }
  });
});
