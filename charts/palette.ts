/**
 * One colour per genre, the same in every chart and on every surface.
 *
 * Every colour reads on the #0A0A0A background (WCAG contrast ≥ 3:1). Seven are the product design's (Drama,
 * Action, Comedy, Science Fiction, Romance, Animation, Documentary). The design's Horror #7f1d1d (1.98:1) and
 * Thriller #991b1b (2.38:1) were too dark to see, so they are lightened to ≥ 3:1 within their hue family, staying
 * ΔE*ab ≥ 20 from every other colour: Horror a blood/brick red, Thriller a crimson. The design's Fantasy #a855f7 sat
 * ΔE 10 from Drama (indistinguishable), so Fantasy is a light lavender. The other fourteen were chosen to sit at
 * least ΔE*ab 20 from every other genre colour.
 */
import type { Genre } from '../src/data/genres.ts';

export const GENRE_COLORS: Readonly<Record<Genre, string>> = {
  Action: '#ef4444',
  Adventure: '#f97316',
  Animation: '#10b981',
  Comedy: '#fbbf24',
  Crime: '#94a3b8',
  Documentary: '#6366f1',
  Drama: '#8b5cf6',
  Family: '#a3e635',
  Fantasy: '#d8b4fe',
  History: '#d6b98c',
  Horror: '#af3728',
  Music: '#22d3ee',
  Mystery: '#2dd4bf',
  Romance: '#ec4899',
  'Science Fiction': '#3b82f6',
  'TV Movie': '#fca5a5',
  Thriller: '#be1e44',
  War: '#6b8e23',
  Western: '#b45309',
  Kids: '#86efac',
  News: '#e2e8f0',
  Reality: '#fdba74',
  Soap: '#e879f9',
  Talk: '#38bdf8',
};

/** Used for labels that are not a canonical genre (e.g. "All titles", "Other"). */
export const OTHER_GENRE_COLOR = '#737373';

export function genreColor(genre: string): string {
  return (GENRE_COLORS as Readonly<Record<string, string>>)[genre] ?? OTHER_GENRE_COLOR;
}

/**
 * The colour scale for a chart showing `genres` (in the order given, which is also the legend's order).
 * Every chart builds its genre colour encoding from this, so a genre never changes colour between charts.
 */
export function genreColorScale(genres: readonly string[]): { domain: string[]; range: string[] } {
  const domain = [...new Set(genres)];
  return { domain, range: domain.map(genreColor) };
}

/** Movies and TV where a chart splits by media type rather than genre. */
export const MEDIA_COLORS = { movie: '#E50914', tv: '#B3B3B3' } as const;
export const MEDIA_LABELS = { movie: 'Movies', tv: 'TV' } as const;
