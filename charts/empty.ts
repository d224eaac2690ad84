/**
 * The "not enough data" card: what a builder draws when its input is empty or too thin (no titles, a single
 * genre where a comparison needs several, no model output). A titled card stating the reason, so chat never
 * shows a blank or broken image. `stageChart` frames it like any other chart.
 */
import type { Body, Row } from './spec.ts';
import { COLORS, FONT_SIZE } from './theme.ts';

export const NOT_ENOUGH_DATA = 'Not enough data';

export function notEnoughDataBody(reason: string): { body: Body; rows: Row[] } {
  const center = { expr: 'width / 2' };
  const middle = { expr: 'height / 2' };
  return {
    rows: [{ reason }],
    body: {
      layer: [
        {
          mark: { type: 'rect', fill: COLORS.card, cornerRadius: 10 },
          encoding: { x: { value: 0 }, x2: { value: 'width' }, y: { value: 0 }, y2: { value: 'height' } },
        },
        {
          mark: { type: 'text', fontSize: 26, fontWeight: 'bold', color: COLORS.text, align: 'center', dy: -14 },
          encoding: { text: { value: NOT_ENOUGH_DATA }, x: { value: center }, y: { value: middle } },
        },
        {
          mark: { type: 'text', fontSize: FONT_SIZE.axisTitle, color: COLORS.secondary, align: 'center', dy: 18, limit: 560 },
          encoding: { text: { field: 'reason' }, x: { value: center }, y: { value: middle } },
        },
      ],
    },
  };
}
