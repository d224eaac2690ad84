/**
 * The honest-scale building blocks: a dominating bar breaks the axis (and the dominated-scale rule then passes),
 * and a release series marks where the catalog thins out.
 */
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { bars, outlierCap, thinningStart } from '../../charts/layers.ts';
import { frame, type Row } from '../../charts/spec.ts';
import { dominated, sceneOf } from './scenegraph-rules.ts';

const rows: Row[] = [
  { name: 'English', value: 0.72, label: '72%' },
  { name: 'French', value: 0.06, label: '6%' },
  { name: 'Japanese', value: 0.04, label: '4%' },
  { name: 'Korean', value: 0.02, label: '2%' },
];

describe('broken value axis', () => {
  it('caps the axis at 1.5× the second value only when the first is over 4× it', () => {
    expect(outlierCap([0.72, 0.06, 0.04])).toBeCloseTo(0.09, 10);
    expect(outlierCap([630, 245, 95])).toBeNull();
    expect(outlierCap([10, 1])).toBeNull();
  });

  it('draws a dominating bar cut, its value written on it, so no bar flattens the rest', async () => {
    const drawn = async (breakOutlier: boolean) => {
      const spec = frame(bars(rows, { category: 'name', value: 'value', label: 'label', kind: 'percent', color: '#E50914', breakOutlier }), {
        title: 'Languages',
        asOf: '2026-02-21',
        rows,
      });
      return sceneOf(compile(spec).spec);
    };
    const linear = await drawn(false);
    const broken = await drawn(true);
    expect(dominated(linear)).toHaveLength(1);
    expect(dominated(broken)).toEqual([]);
    const texts = broken.items.filter((p) => p.mark.marktype === 'text').map((p) => String(p.item.text));
    expect(texts).toEqual(expect.arrayContaining(['72%', '6%', '4%', '2%']));
  });
});

describe('where the catalog thins out', () => {
  it('starts at the first period after the peak below 60% of it, on the trailing mean', () => {
    expect(thinningStart([100, 300, 600, 550, 510, 280, 170, 190])).toBe(5);
    expect(thinningStart([100, 200, 300, 400])).toBeNull();
    // A 2-period trailing mean smooths a one-period dip away.
    expect(thinningStart([500, 600, 300, 600, 580], 2)).toBeNull();
    expect(thinningStart([500, 600, 300, 600, 580])).toBe(2);
  });
});
