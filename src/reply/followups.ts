/**
 * Follow-up buttons under an answer, each a full command that reuses this answer's parameters, so it works in
 * a thread and outside one: "Compare with …", "Why?", "What if budget …", and "Predict …" from a genre view.
 */
import { formatCommand } from '../../intents/format.ts';
import { genresOf } from '../../intents/followup.ts';
import type { Intent } from '../../intents/intent.ts';
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

export function followUpActions(intent: Intent): ReplyAction[] {
  if (intent.stage === 'help') return [];
  const p = intent.params;
  const genres = genresOf(intent);
  const mediaType = p.mediaType === 'movie' || p.mediaType === 'tv' ? p.mediaType : undefined;
  const actions: ReplyAction[] = [];
  const main = genres[0];
  if (main && intent.stage !== 'compare') {
    const rival = genres[1] ?? rivalOf(main);
    actions.push(command(`Compare with ${rival}`, formatCommand({ stage: 'compare', params: { kind: 'genre', left: main, right: rival } })));
  }
  if (intent.stage === 'compare' && main && genres[1]) {
    actions.push(command(`Forecast both`, formatCommand({ stage: 'forecast', params: { genres } })));
  }
  if (intent.stage !== 'understand' && (genres.length > 0 || intent.stage !== 'compare')) {
    actions.push(command('Why?', formatCommand({ stage: 'understand', params: { genres, ...(mediaType ? { mediaType } : {}) } })));
  }
  if (intent.stage === 'predict') {
    const budget = Number(p.budgetLevel);
    const other = budget <= 5 ? Math.min(10, budget + 3) : Math.max(1, budget - 4);
    actions.push(command(`What if budget ${other}?`, formatCommand({ stage: 'predict', params: { ...p, budgetLevel: other } })));
    const quarter = Number(p.quarter);
    const nextQuarter = (quarter % 4) + 1;
    actions.push(command(`What if Q${nextQuarter}?`, formatCommand({ stage: 'predict', params: { ...p, quarter: nextQuarter } })));
  } else if (main) {
    const type = mediaType ?? 'movie';
    actions.push(
      command(`Predict a ${main} ${type === 'tv' ? 'show' : 'movie'}`, formatCommand({ stage: 'predict', params: { genre: main, mediaType: type, budgetLevel: 5, quarter: 3 } })),
    );
  }
  return actions;
}
