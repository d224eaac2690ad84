import { describe, expect, it } from 'vitest';
import { captionLine, formatNumber, formatPercent, MEASURE_LABELS, numberExpr } from '../../charts/format.ts';
import { LABELS } from '../../src/core/stages/understand-details.ts';
import { renderSvg } from '../../charts/render.ts';

describe('number formatting', () => {
  it('uses three significant digits with k / M / B', () => {
    expect(formatNumber(1234)).toBe('1.23k');
    expect(formatNumber(1200)).toBe('1.2k');
    expect(formatNumber(45_300_000)).toBe('45.3M');
    expect(formatNumber(2_100_000_000)).toBe('2.1B');
    expect(formatNumber(999)).toBe('999');
    expect(formatNumber(7.25)).toBe('7.25');
    expect(formatNumber(0.4567)).toBe('0.457');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(-1500)).toBe('-1.5k');
    expect(formatNumber(Number.NaN)).toBe('–');
  });

  it('writes shares as percentages', () => {
    expect(formatPercent(0.45)).toBe('45%');
    expect(formatPercent(0.042)).toBe('4.2%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0)).toBe('0%');
  });

  it('captions name the data date and TMDB', () => {
    expect(captionLine('2026-01-01')).toBe('Data as of 2026-01-01 · Source: TMDB');
  });

  it('the Vega expression draws the same text as formatNumber', async () => {
    const values = [1234, 1200, 45_300_000, 2_100_000_000, 999, 7.25, 0.4567, 12];
    const svg = await renderSvg({
      data: { values: values.map((v, i) => ({ v, i })) },
      mark: 'text',
      encoding: { y: { field: 'i', type: 'ordinal' }, text: { field: 'label', type: 'nominal' } },
      transform: [{ calculate: numberExpr('datum.v'), as: 'label' }],
    });
    const drawn = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    for (const v of values) expect(drawn).toContain(formatNumber(v));
  });
});

describe('measure names', () => {
  it("are the same words in a reply's bullets and on the charts' axes (a rating is not a 'vote average' in one and 'Rating' in the other)", () => {
    // Axes abbreviate two of them.
    const abbreviated = new Set(['voteCount', 'genreCount']);
    const shared = Object.keys(LABELS).filter((key) => key in MEASURE_LABELS && !abbreviated.has(key));
    expect(shared.length).toBeGreaterThanOrEqual(7);
    for (const key of shared) expect(MEASURE_LABELS[key].toLowerCase(), key).toBe(LABELS[key]);
  });
});
