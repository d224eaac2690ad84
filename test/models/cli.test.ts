import { describe, expect, it } from 'vitest';
import { formatMetricsTable } from '../../src/cli/models.ts';
import type { ModelMetric } from '../../src/core/model-port.ts';

describe('greenlight models --eval table', () => {
  it('prints one line per row and says plainly when a model does not beat its baseline', () => {
    const rows: ModelMetric[] = [
      { name: 'popularity-booster', metric: 'R²', value: 0.3, baseline: 0.1, higherIsBetter: true, trainSeconds: 1.5, cpuSeconds: 1.2 },
      { name: 'forecast-prophet', metric: 'sMAPE %', value: 160.2, baseline: 137.2, higherIsBetter: false, trainSeconds: 2, cpuSeconds: 1.6 },
    ];
    const lines = formatMetricsTable(rows).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/model\s+metric\s+value\s+baseline\s+beats baseline\s+train s\s+CPU s/);
    expect(lines[2]).toMatch(/popularity-booster\s+R²\s+0\.3000\s+0\.1000\s+yes\s+1\.50\s+1\.20/);
    expect(lines[3]).toMatch(/forecast-prophet\s+sMAPE %\s+160\.2\s+137\.2\s+NO/);
  });
});
