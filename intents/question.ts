/**
 * Plain questions, read deterministically: cue words score the six stages ("greenlight", "budget" → predict;
 * "rising", "trend" → forecast; "better", "vs" → compare …), the slot reader picks up genres, media type, years,
 * budget and quarter words, and the best-scoring stage wins. Its confidence grows with the score and shrinks when
 * a second stage is close; below `CLARIFY_BELOW` the parser asks back with the likely readings.
 */
import { isGenreWord } from '../src/core/resolve/genre.ts';
import { STAGES, type StageName } from '../src/core/types.ts';
import type { Candidate } from './candidate.ts';
import { questionSides } from './compare-sides.ts';
import { predictParams, recencyWindow, stageParams, unsplitTypeNote } from './params.ts';
import type { Slots } from './slots.ts';
import { STAGE_CUES } from './vocabulary.ts';

export interface StageScore {
  stage: StageName;
  score: number;
}

/** Words that set one named thing against another. */
const SET_AGAINST = / (?:or|vs|vs\.|versus|v|against|than) /;

/**
 * A word's stem for cue matching, so that a cue's other forms count too ("driving" as "drives", "decline" as
 * "declining"): one ending (-ing, -ed, -es, -s, -e) off when three letters stay.
 */
export function stem(word: string): string {
  const m = /^(.{3,}?)(?:ing|ed|es|s|e)$/.exec(word);
  return m ? m[1] : word;
}

const stemPhrase = (phrase: string) => phrase.split(' ').map(stem).join(' ');

/** Each stage's cues by stem; cues with the same stem ("rise", "rising") count once, at the higher weight. */
const STEMMED_CUES: ReadonlyMap<StageName, ReadonlyMap<string, number>> = new Map(
  STAGES.map((stage) => {
    const cues = new Map<string, number>();
    for (const [cue, weight] of STAGE_CUES[stage]) cues.set(stemPhrase(cue), Math.max(weight, cues.get(stemPhrase(cue)) ?? 0));
    return [stage, cues];
  }),
);

/** Sums each stage's cue weights found in the words (phrases match on word boundaries, by stem). */
export function scoreStages(words: readonly string[], slots: Slots): StageScore[] {
  const text = ` ${words.join(' ')} `;
  const stemmed = ` ${words.map(stem).join(' ')} `;
  const scores = STAGES.map((stage) => {
    let score = 0;
    for (const [cue, weight] of STEMMED_CUES.get(stage) ?? []) if (stemmed.includes(` ${cue} `)) score += weight;
    return { stage, score };
  });
  const add = (stage: StageName, n: number) => {
    const s = scores.find((x) => x.stage === stage);
    if (s) s.score += n;
  };
  if (slots.budget !== undefined || slots.budgetUsd !== undefined) add('predict', 2);
  // "what's big right now?": a question about the present with no other cue is about the current mix.
  if (slots.recency !== undefined) add('explore', 1);
  if (slots.quarter !== undefined && slots.genres.length > 0) add('predict', 1);
  const compareCue = scores.find((x) => x.stage === 'compare')?.score ?? 0;
  const twoSides = slots.genres.length >= 2 || slots.quoted.length >= 2 || slots.titles.length >= 2;
  if (compareCue > 0 && twoSides) add('compare', 1);
  // "horror or thriller?", "Barbie versus Oppenheimer": two things set against each other are a comparison.
  if (twoSides && SET_AGAINST.test(text)) add('compare', text.includes(' which ') ? 4 : 2.5);
  // "Compare" needs two sides; without them it is a weak reading.
  if (!twoSides) {
    const s = scores.find((x) => x.stage === 'compare');
    if (s) s.score = Math.min(s.score, 2.5);
  }
  return scores.sort((a, b) => b.score - a.score || STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage));
}

/** Confidence from the winning score and the margin over the runner-up. */
export function confidenceOf(best: number, second: number): number {
  if (best <= 0) return 0;
  const strength = Math.min(0.95, 0.45 + 0.1 * best);
  const margin = best - second;
  return margin >= 1.5 ? strength : Math.min(strength, 0.3 + 0.15 * margin);
}

const STAGE_LABELS: Record<StageName, string> = {
  explore: 'Explore',
  understand: 'Understand',
  identify: 'Opportunities',
  predict: 'Predict',
  forecast: 'Forecast',
  compare: 'Compare',
};

function labelOf(stage: StageName, slots: Slots): string {
  const what = slots.genres.length > 0 ? ` ${slots.genres.join(' & ')}` : '';
  const media = slots.media.length === 1 ? (slots.media[0] === 'tv' ? ' TV' : ' movies') : '';
  return `${STAGE_LABELS[stage]}${what}${media}`;
}

/** A question about when to release (identify's release window). */
const WINDOW_QUESTION =
  /\b(?:release window|best (?:month|time|season|quarter)|when (?:to|should (?:we|i)|is the best (?:time|month) to) release|which month)\b/i;

/** The candidate for reading the question as `stage`. */
export function candidateFor(stage: StageName, slots: Slots, text: string, confidence: number): Candidate {
  const label = labelOf(stage, slots);
  const assumed = slots.corrected;
  switch (stage) {
    case 'predict': {
      const built = predictParams(slots);
      return { stage, params: built.params, confidence, assumed: [...assumed, ...built.assumed], label };
    }
    case 'compare': {
      const sides = questionSides(text, slots);
      const params = { left: sides?.left, right: sides?.right };
      const genres = sides !== undefined && sides !== null && isGenreWord(sides.left) && isGenreWord(sides.right);
      const typeNote = genres ? unsplitTypeNote('genre-compare', slots) : [];
      return { stage, params, confidence, assumed: [...assumed, ...typeNote], label: sides ? `Compare ${sides.left} vs ${sides.right}` : label };
    }
    default: {
      const recent = stage === 'forecast' ? undefined : recencyWindow(slots);
      // "When should we release …", "best month …": the release window is what was asked, so it leads the answer.
      const window = stage === 'identify' && WINDOW_QUESTION.test(text);
      const params = window ? { ...stageParams(stage, slots), aspect: 'window' } : stageParams(stage, slots);
      const typeNote = stage === 'forecast' ? unsplitTypeNote('forecast', slots) : [];
      return { stage, params, confidence, assumed: [...assumed, ...(recent ? [recent.note] : []), ...typeNote], label };
    }
  }
}

/** Readings of a plain question, best first; the first one's confidence decides between answering and asking. */
export function questionCandidates(words: readonly string[], slots: Slots, text: string): Candidate[] {
  const scores = scoreStages(words, slots);
  const [best, second] = scores;
  const confidence = confidenceOf(best.score, second.score);
  if (best.score <= 0) {
    // No cue at all but something recognisable (a genre, a type): offer the descriptive stages for it.
    const named = slots.genres.length > 0 || slots.media.length > 0 || slots.yearFrom !== undefined || slots.language !== undefined;
    if (!named) return [];
    return (['explore', 'forecast', 'understand'] as const).map((stage) => candidateFor(stage, slots, text, 0.35));
  }
  const out = [candidateFor(best.stage, slots, text, confidence)];
  for (const s of scores.slice(1)) {
    if (s.score > 0 && best.score - s.score < 1.5 && out.length < 3) out.push(candidateFor(s.stage, slots, text, confidenceOf(s.score, best.score)));
  }
  return out;
}
