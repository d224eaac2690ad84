import { describe, expect, it } from 'vitest';
import { asHeadline, insight, int, num, ordinal, pct, rankInsights, titleWithYear } from '../../src/core/insights.ts';

describe('insight formatting', () => {
  it('formats shares, numbers and counts for chat', () => {
    expect(pct(0.1234)).toBe('12%');
    expect(pct(0.045)).toBe('4.5%');
    expect(pct(0.003)).toBe('0.3%');
    expect(pct(0.1)).toBe('10%');
    expect(num(1234.5)).toBe('1,235');
    expect(num(12.345)).toBe('12.3');
    expect(num(0.1234)).toBe('0.12');
    expect(int(5450)).toBe('5,450');
  });

  it('writes ordinals and titles with their year', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 43, 101, 111].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '43rd',
      '101st',
      '111th',
    ]);
    expect(titleWithYear({ title: 'Dune', year: 2021 })).toBe('Dune (2021)');
    expect(titleWithYear({ title: 'Untitled', year: null })).toBe('Untitled');
  });

  it('keeps the four weightiest bullets, ties by text, and clamps weights to 0..1', () => {
    const ranked = rankInsights([
      insight('b', { x: 1 }, 0.5),
      null,
      insight('a', { x: 1 }, 0.5),
      insight('top', { x: 1 }, 7),
      insight('low', { x: 1 }, 0.1),
      insight('lowest', { x: 1 }, -1),
    ]);
    expect(ranked.map((i) => i.text)).toEqual(['top', 'a', 'b', 'low']);
    expect(ranked[0].weight).toBe(1);
  });

  it('does not count the headline claims among the four: a reply states them in its decision line, and bullets the others', () => {
    const ranked = rankInsights([
      insight('one', { x: 1 }, 0.9),
      asHeadline(insight('claim', { x: 1 }, 0.8)),
      insight('two', { x: 1 }, 0.7),
      asHeadline(insight('caveat', { x: 1 }, 0.6)),
      insight('three', { x: 1 }, 0.5),
      insight('four', { x: 1 }, 0.4),
      insight('five', { x: 1 }, 0.3),
    ]);
    expect(ranked.map((i) => i.text)).toEqual(['one', 'claim', 'two', 'caveat', 'three', 'four']);
    expect(ranked.filter((i) => !i.headline)).toHaveLength(4);
  });
});
