/**
 * The "not enough data" chart: what every builder returns when its input is empty or too thin to draw (no
 * titles, a single genre where a comparison needs several, no model output). A titled card with the reason, so
 * chat never shows a blank or broken image.
 */
import type { TopLevelSpec } from 'vega-lite';
import { frame } from './spec.ts';
import { COLORS, FONT_SIZE } from './theme.ts';

export const NOT_ENOUGH_DATA = 'Not enough data';

export function notEnoughData(title: string, asOf: string, reason: string): TopLevelSpec {
  const center = { expr: 'width / 2' };
  return frame(
    {
      layer: [
        {
          mark: { type: 'rect', fill: COLORS.card, cornerRadius: 10 },
          encoding: { x: { value: 0 }, x2: { value: 'width' }, y: { value: 0 }, y2: { value: 'height' } },
        },
        {
          mark: { type: 'text', fontSize: 26, fontWeight: 'bold', color: COLORS.text, align: 'center', dy: -14 },
          encoding: { text: { value: NOT_ENOUGH_DATA }, x: { value: center }, y: { value: { expr: 'height / 2' } } },
        },
        {
          mark: { type: 'text', fontSize: FONT_SIZE.axisTitle, color: COLORS.secondary, align: 'center', dy: 18 },
          encoding: { text: { field: 'reason' }, x: { value: center }, y: { value: { expr: 'height / 2' } } },
        },
      ],
    },
    { title, asOf, rows: [{ reason }] },
  );
}
