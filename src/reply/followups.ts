/**
 * Follow-up buttons under an answer, each a full command that reuses this answer's parameters, so it works in
 * a thread and outside one: "Compare with …", "Why?", "What if budget …", and "Predict …" from a genre view.
 */
import { formatCommand } from '../../intents/format.ts';
import { genresOf } from '../../intents/followup.ts';
import type { Intent } from '../../intents/intent.ts';
import type { StageResult } from '../core/stages/types.ts';
import { FORECAST_DETAIL_LIMITS } from '../core/stages/forecast-details.ts';
import type { ReplyAction } from './reply.ts';

/** The genre a genre is most often weighed against, for the "Compare with …" button. */
const RIVALS: Readonly<Record<string, string>> = {
  Action: 'Adventure',
  Adventure: 'Action',
  Animation: 'Family',
  Comedy: 'Drama',
  Crime: 'Thriller',
  Documentary: 'History',
  Drama: 'Comedy',
  Family: 'Animation',
  Fantasy: 'Science Fiction',
  History: 'War',
  Horror: 'Thriller',
  Music: 'Documentary',
  Mystery: 'Thriller',
  Romance: 'Comedy',
  'Science Fiction': 'Fantasy',
  'TV Movie': 'Drama',
  Thriller: 'Horror',
  War: 'History',
  Western: 'Action',
  Kids: 'Animation',
  News: 'Documentary',
  Reality: 'Documentary',
  Soap: 'Drama',
  Talk: 'Reality',
};

const command = (label: string, text: string): ReplyAction => ({ kind: 'command', label, command: text });

export function rivalOf(genre: string): string {
  return RIVALS[genre] ?? (genre === 'Drama' ? 'Comedy' : 'Drama');
}

/**
 * The genres an answer is about: the ones asked for, else the ones its result puts first (the largest genres,
 * the GREEN then RED zone, the most momentum, the clearest drivers), so even "/identify movies" offers a compare.
 */
export function focusGenres(intent: Intent, result: StageResult): string[] {
  const asked = genresOf(intent);
  if (asked.length > 0) return asked;
  switch (result.stage) {
    case 'explore':
      return result.data.genres.slice(0, 2).map((g) => g.genre);
    case 'identify': {
      const rows = result.data.saturation.genres.filter((g) => !g.thin);
      const green = rows.find((g) => g.zone === 'GREEN');
      const red = rows.find((g) => g.zone === 'RED');
      return [green?.genre, red?.genre].filter((g): g is NonNullable<typeof g> => g !== undefined);
    }
    case 'forecast':
      // A genre ranked on too few titles is no rival to suggest comparing with.
      return result.data.momentum
        .filter((m, i) => i === 0 || m.titles >= FORECAST_DETAIL_LIMITS.fewTitles)
        .slice(0, 2)
        .map((m) => m.genre);
    case 'understand':
      return result.data.drivers.slice(0, 2).map((d) => d.genre);
    case 'compare': {
      // Two titles: their main genres, when they differ.
      const left = result.data.left.title?.genres[0];
      const right = result.data.right.title?.genres[0];
      return left && right && left !== right ? [left, right] : left ? [left] : [];
    }
    default:
      return [];
  }
}

/** Follow-up buttons for an answer to `intent` about `genres` (see `focusGenres`). */
export function followUpActions(intent: Intent, genres: readonly string[] = genresOf(intent)): ReplyAction[] {
  if (intent.stage === 'help') return [];
  const p = intent.params;
  const mediaType = p.mediaType === 'movie' || p.mediaType === 'tv' ? p.mediaType : undefined;
  const actions: ReplyAction[] = [];
  const main = genres[0];
  if (main && intent.stage !== 'compare') {
    const rival = genres[1] ?? rivalOf(main);
    actions.push(command(`Compare with ${rival}`, formatCommand({ stage: 'compare', params: { kind: 'genre', left: main, right: rival } })));
  }
  if (intent.stage === 'compare' && main && genres[1]) {
    if (p.kind === 'title') {
      actions.push(command(`Compare ${main} vs ${genres[1]}`, formatCommand({ stage: 'compare', params: { kind: 'genre', left: main, right: genres[1] } })));
    }
    actions.push(command(`Forecast ${main} & ${genres[1]}`, formatCommand({ stage: 'forecast', params: { genres } })));
  }
  if (intent.stage !== 'understand' && (genres.length > 0 || intent.stage !== 'compare')) {
    // "Why?" keeps the question's own filters (the genres it asked about, or none); a title comparison asks
    // about the titles' genres.
    const asked = intent.stage === 'compare' ? genres : genresOf(intent);
    actions.push(command('Why?', formatCommand({ stage: 'understand', params: { genres: asked, ...(mediaType ? { mediaType } : {}) } })));
  }
  if (intent.stage === 'predict') {
    // TV has no budgets: no budget what-if. A movie's what-if is a level (its dollar budget, if any, is dropped).
    if (p.mediaType !== 'tv') {
      const budget = Number(p.budgetLevel);
      const other = budget <= 5 ? Math.min(10, budget + 3) : Math.max(1, budget - 4);
      const { budgetUsd: _dollars, ...level } = p;
      actions.push(command(`What if budget ${other}?`, formatCommand({ stage: 'predict', params: { ...level, budgetLevel: other } })));
    }
    const quarter = Number(p.quarter);
    const nextQuarter = (quarter % 4) + 1;
    actions.push(command(`What if Q${nextQuarter}?`, formatCommand({ stage: 'predict', params: { ...p, quarter: nextQuarter } })));
  } else if (main) {
    const type = mediaType ?? 'movie';
    actions.push(
      command(
        `Predict ${/^[AEIOU]/.test(main) ? 'an' : 'a'} ${main} ${type === 'tv' ? 'show' : 'movie'}`,
        formatCommand({ stage: 'predict', params: { genre: main, mediaType: type, budgetLevel: 5, quarter: 3 } }),
      ),
    );
  }
  return actions;
}
