/**
 * An answer worker's warm-up. A new worker thread's JIT is cold: V8 optimises the stage maths, Vega-Lite's
 * compiler and Vega's renderer only once they have run many times, so a fresh worker's first few dozen answers
 * cost much more CPU than later ones (bench:bot, 50 answers at once: `serve` used 3.6–3.8 s of CPU after ten
 * answers, 2.5 s after eighty). While it has nothing else to do, a new worker therefore asks itself a
 * set of ordinary questions — every stage, over the catalog's largest genres — as dry runs (`AskOptions.dryRun`:
 * charts drawn to SVG, nothing rasterised, nothing cached, no reply kept).
 *
 * Measured in one thread, in pairs on the same machine: after the warm-up (≈ 2 s) and ten questions, the next fifty
 * answers took 15–25 % less CPU than after the ten questions alone.
 *
 * It gives way to real work: a question is started only while no task is in flight, so a task arriving during the
 * warm-up waits at most for the one question under way (tens of milliseconds).
 */
import { formatCommand } from '../../intents/format.ts';
import type { Intent } from '../../intents/intent.ts';
import { columnsOf } from '../core/columns.ts';
import { topGenresByVolume } from '../core/stages/forecast.ts';
import type { Catalog } from '../data/catalog.ts';
import { ask, type AnswerDeps } from '../reply/answer.ts';

/** Genres the warm-up asks about (the catalog's largest). */
export const WARM_UP_GENRES = 5;

/**
 * The warm-up's questions, as a person would type them: for each of the catalog's largest genres, one question per
 * stage (movies and TV, a budget and a quarter, a span of years, a pair to compare and to forecast), varied so that the code paths
 * of different answers — not one answer over and over — get warm.
 */
export function warmUpQuestions(catalog: Catalog, genres: number = WARM_UP_GENRES): string[] {
  const top = topGenresByVolume(columnsOf(catalog), genres);
  return top.flatMap((genre, i) => {
    const other = top[(i + 1) % top.length];
    const media = i % 2 === 0 ? 'movie' : 'tv';
    const intents: Pick<Intent, 'stage' | 'params'>[] = [
      { stage: 'explore', params: { mediaType: media, genres: [genre] } },
      { stage: 'understand', params: { genres: [genre] } },
      { stage: 'identify', params: { mediaType: media, yearFrom: 1990 + 5 * i } },
      { stage: 'predict', params: { genre, mediaType: 'movie', budgetLevel: 3 + (i % 6), quarter: 1 + (i % 4) } },
      { stage: 'forecast', params: { genres: other === genre ? [genre] : [genre, other] } },
      ...(other === genre ? [] : [{ stage: 'compare' as const, params: { left: genre, right: other } }]),
    ];
    return intents.map((intent) => formatCommand(intent, catalog));
  });
}

export interface WarmUpReport {
  questions: number;
  ms: number;
}

/**
 * Asks `questions` as dry runs, one at a time, each only once `idle()` has resolved (no task in flight). Failures
 * are not reported here (a dry run answers like a real one: a question it cannot answer is a reply, not a throw).
 */
export async function warmUp(questions: readonly string[], deps: AnswerDeps, idle: () => Promise<void>): Promise<WarmUpReport> {
  const started = performance.now();
  for (const question of questions) {
    await idle();
    // Let a task that arrived meanwhile (its message is in the port's queue) start before this question does.
    await new Promise((resolve) => setImmediate(resolve));
    await idle();
    await ask(question, { ...deps, log: () => undefined }, { nativeCharts: 2, dryRun: true });
  }
  return { questions: questions.length, ms: Math.round(performance.now() - started) };
}
