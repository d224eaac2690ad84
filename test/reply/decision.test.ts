/**
 * The decision line of an identify answer: the opportunities with their population in one bracket, and the genres
 * that look green on too few titles counted beside them (not as a second bracket).
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
      if (green.length > 0) expect(line).toContain(`Opportunity: ${green.slice(0, 4).join(', ')}`);
      if (thin > 0) expect(line).toContain(`${thin} more look green on too few titles to argue from`);
      else expect(line).not.toContain('look green');
    }
  });
});
