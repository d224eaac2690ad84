/**
 * One figure, one computation: every number in a stage bullet about a chart (an insight with a `view`) appears in
 * that chart's own data — the values the chart draws or labels, at the precision the bullet writes them (as is, or
 * as a percentage). On the real snapshot, for several scopes of the four descriptive stages.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { chartsFor } from '../../charts/index.ts';
import { runStage } from '../../src/core/stages/index.ts';
import type { StageResult } from '../../src/core/stages/types.ts';
import type { StageName } from '../../src/core/types.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';

const now = new Date('2026-03-01T00:00:00Z');
let catalog: Catalog;

beforeAll(async () => {
  catalog = await importSnapshot(SNAPSHOT_DIR, now);
}, 120_000);

/** Every number a chart carries: numeric values of its inline rows (any layer), and numbers written in its labels. */
function chartNumbers(spec: unknown): { values: number[]; written: Set<string> } {
  const values: number[] = [];
  const written = new Set<string>();
  const visit = (node: unknown, inData: boolean): void => {
    if (Array.isArray(node)) for (const n of node) visit(n, inData);
    else if (node && typeof node === 'object') {
      for (const [key, v] of Object.entries(node)) visit(v, inData || key === 'values');
    } else if (inData && typeof node === 'number') values.push(node);
    else if (inData && typeof node === 'string') for (const m of node.matchAll(/\d[\d,]*(?:\.\d+)?/g)) written.add(m[0].replace(/,/g, ''));
  };
  visit(spec, false);
  return { values, written };
}

/** Does the token (as the bullet writes it) stand for one of the chart's values? */
function presentIn(token: string, chart: { values: number[]; written: Set<string> }): boolean {
  const plain = token.replace(/,/g, '');
  if (chart.written.has(plain)) return true;
  const x = Number(plain);
  const decimals = plain.includes('.') ? plain.split('.')[1].length : 0;
  const same = (v: number) => Math.abs(Number(v.toFixed(decimals)) - x) < 1e-9;
  return chart.values.some((v) => same(v) || same(v * 100) || (Math.abs(v) >= 1000 && Math.abs(Math.round(v) - x) < 1));
}

const CASES: [StageName, Record<string, unknown>][] = [
  ['explore', {}],
  ['explore', { type: 'movie', genres: ['Horror'] }],
  ['explore', { type: 'tv', years: '2010-2024' }],
  ['understand', {}],
  ['understand', { type: 'movie', genres: ['Science Fiction'] }],
  ['understand', { type: 'tv' }],
  ['identify', {}],
  ['identify', { type: 'movie', genres: ['Family'] }],
  ['identify', { type: 'movie', genres: ['Animation'], aspect: 'window' }],
  ['identify', { type: 'tv' }],
  ['compare', { left: 'Drama', right: 'Comedy' }],
  ['compare', { left: 'Animation', right: 'Documentary' }],
  ['compare', { left: 'Dune: Part Two', right: 'Oppenheimer' }],
];

describe('a stage bullet about a chart quotes that chart’s numbers', () => {
  it.each(CASES)('%s %j', (stage, params) => {
    const r: StageResult = runStage(stage, params, { catalog, now });
    const charts = new Map(chartsFor(r, { surface: 'dashboard' }).map((c) => [c.id, c]));
    let checked = 0;
    for (const i of r.insights) {
      if (!i.view) continue;
      const chart = charts.get(`${stage}.${i.view}`);
      expect(chart, `${stage}.${i.view} for "${i.text}"`).toBeDefined();
      const numbers = chartNumbers(chart?.spec);
      // "p < 0.001" is a bound, not a figure: numbers after "<" are skipped
      for (const m of i.text.matchAll(/(?<!< )-?\d[\d,]*(?:\.\d+)?/g)) {
        expect(presentIn(m[0], numbers), `${m[0]} of "${i.text}" is not in ${stage}.${i.view}'s data`).toBe(true);
        checked++;
      }
    }
    // the test must have something to check for the stages whose bullets speak about charts
    if (stage !== 'compare') expect(checked).toBeGreaterThan(0);
  });
});
