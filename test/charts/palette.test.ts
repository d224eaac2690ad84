import { describe, expect, it } from 'vitest';
import { CANONICAL_GENRES } from '../../src/data/genres.ts';
import { GENRE_COLORS, OTHER_GENRE_COLOR, genreColor, genreColorScale } from '../../charts/palette.ts';
import { COLORS } from '../../charts/theme.ts';

/** WCAG relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

/** CIE76 colour difference (ΔE*ab) of two sRGB hex colours. */
function lab(hex: string): [number, number, number] {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const [x, y, z] = [(0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b, (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883];
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}
const deltaE = (a: string, b: string) => Math.hypot(...lab(a).map((v, i) => v - lab(b)[i]));
/** The hue angle (degrees) in CIELAB. */
const hue = (hex: string) => ((Math.atan2(lab(hex)[2], lab(hex)[1]) * 180) / Math.PI + 360) % 360;

/** The design's colours kept as they were. */
const FIXED: Record<string, string> = {
  Drama: '#8b5cf6',
  Action: '#ef4444',
  Comedy: '#fbbf24',
  'Science Fiction': '#3b82f6',
  Romance: '#ec4899',
  Animation: '#10b981',
  Documentary: '#6366f1',
};
/** The design's colours that had to change: too dark on #0A0A0A (Horror, Thriller), or Drama's twin (Fantasy). */
const DESIGN_BEFORE = { Horror: '#7f1d1d', Thriller: '#991b1b', Fantasy: '#a855f7' } as const;

describe('genre palette', () => {
  it('keeps the design’s fixed colours', () => {
    for (const [genre, color] of Object.entries(FIXED)) expect(genreColor(genre)).toBe(color);
  });

  it('gives every canonical genre its own colour', () => {
    const colors = CANONICAL_GENRES.map((g) => GENRE_COLORS[g].toLowerCase());
    expect(new Set(colors).size).toBe(CANONICAL_GENRES.length);
    expect(colors).not.toContain(OTHER_GENRE_COLOR);
  });

  it('gives every genre a colour that reads on the dark background (≥ 3:1), Horror and Thriller included', () => {
    for (const genre of CANONICAL_GENRES) {
      expect(contrast(GENRE_COLORS[genre], COLORS.background), genre).toBeGreaterThanOrEqual(3);
    }
    expect(contrast(DESIGN_BEFORE.Horror, COLORS.background)).toBeLessThan(3);
  });

  it('keeps Horror and Thriller red (hue within 20° of the design’s) and apart from every other genre (ΔE ≥ 20)', () => {
    for (const genre of ['Horror', 'Thriller'] as const) {
      const angle = Math.abs(hue(GENRE_COLORS[genre]) - hue(DESIGN_BEFORE[genre]));
      expect(Math.min(angle, 360 - angle), genre).toBeLessThanOrEqual(20);
      for (const other of CANONICAL_GENRES.filter((g) => g !== genre)) {
        expect(deltaE(GENRE_COLORS[genre], GENRE_COLORS[other]), `${genre} vs ${other}`).toBeGreaterThanOrEqual(20);
      }
    }
  });

  it('separates Drama from Fantasy (ΔE ≥ 20; the design’s pair was 10 apart)', () => {
    expect(deltaE(DESIGN_BEFORE.Fantasy, GENRE_COLORS.Drama)).toBeLessThan(12);
    expect(deltaE(GENRE_COLORS.Fantasy, GENRE_COLORS.Drama)).toBeGreaterThanOrEqual(20);
    for (const other of CANONICAL_GENRES.filter((g) => g !== 'Fantasy')) {
      expect(deltaE(GENRE_COLORS.Fantasy, GENRE_COLORS[other]), other).toBeGreaterThanOrEqual(20);
    }
  });

  it('builds a scale whose colours follow the genre, whatever the order or subset', () => {
    const a = genreColorScale(['Horror', 'Drama', 'Comedy']);
    const b = genreColorScale(['Comedy', 'Horror', 'Horror', 'Not a genre']);
    expect(a.range[a.domain.indexOf('Horror')]).toBe(b.range[b.domain.indexOf('Horror')]);
    expect(b.domain).toEqual(['Comedy', 'Horror', 'Not a genre']);
    expect(b.range[2]).toBe(OTHER_GENRE_COLOR);
  });
});
