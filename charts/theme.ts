/**
 * The one look of every Greenlight chart: a Vega-Lite `config` (dark background, cards, accent, white text,
 * DejaVu Sans) and the size charts are laid out at. Every spec builder puts `THEME_CONFIG` into its spec, so the
 * server renderer and the dashboard's vega-embed draw the same picture from the same JSON.
 */
import type { Config } from 'vega-lite';

export const COLORS = {
  background: '#0A0A0A',
  card: '#1A1A1A',
  accent: '#E50914',
  text: '#FFFFFF',
  secondary: '#B3B3B3',
  grid: '#2A2A2A',
  muted: '#555555',
  /** Saturation zones (Identify) and win/lose marks (Compare). */
  green: '#22c55e',
  amber: '#f59e0b',
  red: '#E50914',
} as const;

/** Installed from Debian's `fonts-dejavu-core` by `scripts/setup.sh`; librsvg finds it through fontconfig. */
export const FONT = 'DejaVu Sans';

/**
 * Charts are laid out at 600×337.5 CSS pixels and rasterised at 2× density: a 1200×675 PNG (16:9), which Slack
 * and Teams show full width in a thread and which stays legible on a phone because the fonts are sized for 600.
 */
export const SIZE = { width: 600, height: 337.5, scale: 2 } as const;

export const FONT_SIZE = { title: 17, subtitle: 11, label: 11, axisTitle: 12, mark: 11, big: 40 } as const;

export const THEME_CONFIG: Config = {
  background: COLORS.background,
  font: FONT,
  padding: { left: 12, right: 16, top: 10, bottom: 10 },
  view: { stroke: null, fill: null },
  title: {
    color: COLORS.text,
    subtitleColor: COLORS.secondary,
    fontSize: FONT_SIZE.title,
    subtitleFontSize: FONT_SIZE.subtitle,
    fontWeight: 'bold',
    subtitleFontWeight: 'normal',
    anchor: 'start',
    frame: 'bounds',
    offset: 10,
    subtitlePadding: 4,
  },
  axis: {
    labelColor: COLORS.secondary,
    titleColor: COLORS.text,
    labelFontSize: FONT_SIZE.label,
    titleFontSize: FONT_SIZE.axisTitle,
    titleFontWeight: 'normal',
    gridColor: COLORS.grid,
    domainColor: COLORS.muted,
    tickColor: COLORS.muted,
    labelLimit: 150,
  },
  legend: {
    labelColor: COLORS.secondary,
    titleColor: COLORS.text,
    labelFontSize: FONT_SIZE.label,
    titleFontSize: FONT_SIZE.label,
    titleFontWeight: 'normal',
    symbolStrokeWidth: 0,
    labelLimit: 220,
  },
  header: { labelColor: COLORS.secondary, titleColor: COLORS.text, labelFontSize: FONT_SIZE.label },
  text: { color: COLORS.text, fontSize: FONT_SIZE.mark, font: FONT },
  bar: { fill: COLORS.accent },
  line: { stroke: COLORS.accent, strokeWidth: 2 },
  point: { fill: COLORS.accent, filled: true },
  rect: { fill: COLORS.card },
  range: { category: [COLORS.accent, COLORS.secondary, COLORS.green, COLORS.amber] },
};
