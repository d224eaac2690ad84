/**
 * Chart ids are `${stage}.${view}`, typed once in the core (`ChartId`): the compiler refuses an id that names no
 * view of its stage (the `@ts-expect-error` lines fail `npm run typecheck` if they ever compile), and every chart
 * a stage draws has one of its views.
 */
import { describe, expect, it } from 'vitest';
import { chartCatalog } from '../../charts/index.ts';
import type { ChartBuilder } from '../../charts/spec.ts';
import type { ChartId, ExploreResult } from '../../src/core/stages/types.ts';
import { STAGES } from '../../src/core/types.ts';

describe('chart ids', () => {
  it('name a view of their stage, checked by the compiler', () => {
    // @ts-expect-error: explore has no view 'no-such-view'
    const unknown: ChartId = 'explore.no-such-view';
    // @ts-expect-error: a chart of the explore stage cannot carry a forecast view
    const elsewhere: ChartBuilder<ExploreResult>['id'] = 'forecast.momentum';
    const ids: string[] = STAGES.flatMap((stage) => chartCatalog(stage).map((c) => c.id));
    expect(ids).not.toContain(unknown);
    expect(chartCatalog('explore').map((c) => c.id)).not.toContain(elsewhere);
    expect(ids).toContain('explore.genre-distribution' satisfies ChartId);
  });

  it('are unique and each starts with its stage', () => {
    for (const stage of STAGES) for (const { id } of chartCatalog(stage)) expect(id.startsWith(`${stage}.`)).toBe(true);
    const ids = STAGES.flatMap((stage) => chartCatalog(stage).map((c) => c.id));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
