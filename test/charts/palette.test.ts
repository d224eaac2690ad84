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

const FIXED: Record<string, string> = {
  Drama: '#8b5cf6', Action: '#ef4444', Comedy: '#fbbf24', 'Science Fiction': '#3b82f6', Horror: '#7f1d1d',
  Romance: '#ec4899', Thriller: '#991b1b', Animation: '#10b981', Documentary: '#6366f1', Fantasy: '#a855f7',
};

describe('genre palette', () => {
  it('keeps the design’s fixed colours', () => {
    for (const [genre, color] of Object.entries(FIXED)) expect(genreColor(genre)).toBe(color);
  });

  it('gives every canonical genre its own colour', () => {
    const colors = CANONICAL_GENRES.map((g) => GENRE_COLORS[g].toLowerCase());
    expect(new Set(colors).size).toBe(CANONICAL_GENRES.length);
    expect(colors).not.toContain(OTHER_GENRE_COLOR);
  });

  it('chooses colours that read on the dark background (≥ 3:1) for the genres it was free to pick', () => {
    for (const genre of CANONICAL_GENRES.filter((g) => !(g in FIXED))) {
      expect(contrast(GENRE_COLORS[genre], COLORS.background), genre).toBeGreaterThanOrEqual(3);
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
