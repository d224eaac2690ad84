import { describe, expect, it } from 'vitest';
import { CANONICAL_GENRES, canonicalGenre, canonicalGenres } from '../../src/data/genres.ts';

describe('canonical genres', () => {
  it('keeps canonical names as they are', () => {
    for (const g of CANONICAL_GENRES) expect(canonicalGenre(g)).toEqual([g]);
  });
  it('splits TMDB TV pairs into their parts', () => {
    expect(canonicalGenre('Sci-Fi & Fantasy')).toEqual(['Science Fiction', 'Fantasy']);
    expect(canonicalGenre('Action & Adventure')).toEqual(['Action', 'Adventure']);
    expect(canonicalGenre('War & Politics')).toEqual(['War']);
  });
  it('renames aliases and keeps the genre a compound names', () => {
    expect(canonicalGenre('Sci-Fi')).toEqual(['Science Fiction']);
    expect(canonicalGenre('Space Sci-Fi')).toEqual(['Science Fiction']);
    expect(canonicalGenre('Psychological Thriller')).toEqual(['Thriller']);
    expect(canonicalGenre('Zombie Horror')).toEqual(['Horror']);
    expect(canonicalGenre('Reality TV')).toEqual(['Reality']);
  });
  it('drops names that are not a tracked genre', () => {
    expect(canonicalGenre('Iyashikei')).toEqual([]);
    expect(canonicalGenre('Kaiju')).toEqual([]);
  });
  it('dedupes while keeping first-seen order', () => {
    expect(canonicalGenres(['Sci-Fi & Fantasy', 'Fantasy', 'Dark Fantasy', 'Drama'])).toEqual(['Science Fiction', 'Fantasy', 'Drama']);
  });
});
