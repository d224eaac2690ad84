/**
 * The charts room's API: `chartsFor(result)` → the stage's charts as `ChartSpec`s (pure), `renderChart(spec)` →
 * PNG + SVG (the I/O edge). Chat gets the stage's 1–3 aggregated charts chosen for a thread; the dashboard gets
 * all of them, in the same order, from the same specs.
 */
import type { ChartId, StageResult } from '../src/core/stages/types.ts';
import type { StageName } from '../src/core/types.ts';
import { COMPARE_CHARTS } from './compare.ts';
import { EXPLORE_CHARTS } from './explore.ts';
import { FORECAST_CHARTS } from './forecast.ts';
import { IDENTIFY_CHARTS } from './identify.ts';
import { PREDICT_CHARTS } from './predict.ts';
import { UNDERSTAND_CHARTS } from './understand.ts';
import type { ChartBuilder, ChartSpec, Surface } from './spec.ts';

export type { ChartSpec, Surface } from './spec.ts';
export { forDashboard, withTooltips, withZoom, type DashboardChart, type VegaSpec } from './dashboard.ts';
export { renderChart, renderChatPicture, renderChatSvg, renderVegaSvg, PNG_HEIGHT, PNG_WIDTH, type RenderedChart } from './render.ts';
export { forChat, CHAT_WIDTH } from './chat-picture.ts';
export { GENRE_COLORS, genreColor, genreColorScale } from './palette.ts';
export { COLORS, FONT, SIZE, THEME_CONFIG } from './theme.ts';
export { formatNumber, formatPercent, captionLine } from './format.ts';

type Builders = { [S in StageName]: readonly ChartBuilder<Extract<StageResult, { stage: S }>>[] };

const BUILDERS: Builders = {
  explore: EXPLORE_CHARTS,
  understand: UNDERSTAND_CHARTS,
  identify: IDENTIFY_CHARTS,
  predict: PREDICT_CHARTS,
  forecast: FORECAST_CHARTS,
  compare: COMPARE_CHARTS,
};

/** The ids of a stage's charts, in dashboard order (`chat: true` for the ones a chat reply shows). */
export function chartCatalog(stage: StageName): { id: ChartId; chat: boolean }[] {
  return BUILDERS[stage].map(({ id, chat }) => ({ id, chat }));
}

export function chartsFor(result: StageResult, opts: { surface?: Surface } = {}): ChartSpec[] {
  const surface = opts.surface ?? 'chat';
  const builders = BUILDERS[result.stage] as readonly ChartBuilder<StageResult>[];
  return builders.filter((b) => surface === 'dashboard' || b.chat).map((b) => b.build(result));
}
