/**
 * `npm run bench:intents`: how well plain questions and commands are read. Over the phrasing corpus
 * (`test/intents/corpus.ts`, which the parser was tuned on) and held-out batches written after the tuning
 * (`test/intents/held-out.ts`; the last one not tuned on), it prints the accuracy (the reading each case is written for: its stage and
 * parameters, its question back, or its error fields), the clarification rate (questions answered with a
 * question back instead of an answer), per-stage figures and every miss. Target: accuracy ≥ 97 %.
 */
import { parse } from '../intents/index.ts';
import { importSnapshot } from '../src/data/snapshot.ts';
import { CORPUS, judge, type CorpusCase } from '../test/intents/corpus.ts';
import { FIRST_BATCH, SECOND_BATCH, THIRD_BATCH } from '../test/intents/held-out.ts';
import { SNAPSHOT_DIR } from '../test/helpers/paths.ts';

const catalog = await importSnapshot(SNAPSHOT_DIR, new Date('2026-01-01T00:00:00Z'));
const pct = (n: number, of: number) => (of === 0 ? '—' : `${((100 * n) / of).toFixed(1)} %`);
const kindOf = (c: CorpusCase) => ('stage' in c ? c.stage : 'clarify' in c ? 'asks back' : 'error');

function measure(name: string, cases: readonly CorpusCase[]): void {
  let correct = 0;
  let clarified = 0;
  let clarifiedWhenAnswerExpected = 0;
  const answerExpected = cases.filter((c) => 'stage' in c).length;
  const byKind = new Map<string, { n: number; ok: number }>();
  const misses: string[] = [];
  const times: number[] = [];
  for (const c of cases) {
    const started = performance.now();
    const result = parse(c.q, { catalog });
    times.push(performance.now() - started);
    const { ok, got } = judge(c, result, catalog.meta.asOf);
    const k = byKind.get(kindOf(c)) ?? { n: 0, ok: 0 };
    k.n += 1;
    if (ok) {
      k.ok += 1;
      correct += 1;
    } else misses.push(`  ✗ ${c.q}\n      got ${got.slice(0, 200)}`);
    byKind.set(kindOf(c), k);
    if (result.kind === 'clarify') {
      clarified += 1;
      if ('stage' in c) clarifiedWhenAnswerExpected += 1;
    }
  }
  times.sort((a, b) => a - b);
  console.log(`\n${name}: ${cases.length} cases`);
  console.log(`  accuracy            ${correct}/${cases.length} = ${pct(correct, cases.length)}  (target ≥ 97 %)`);
  console.log(
    `  clarification rate  ${clarified}/${cases.length} = ${pct(clarified, cases.length)} of all cases; ${clarifiedWhenAnswerExpected}/${answerExpected} = ${pct(clarifiedWhenAnswerExpected, answerExpected)} of the questions that have one answer`,
  );
  console.log(`  parse time          median ${times[Math.floor(times.length / 2)].toFixed(2)} ms, max ${times[times.length - 1].toFixed(2)} ms`);
  for (const [kind, k] of byKind) console.log(`    ${kind.padEnd(11)} ${String(k.ok).padStart(3)}/${String(k.n).padEnd(3)} ${pct(k.ok, k.n)}`);
  if (misses.length > 0) console.log(`  misses:\n${misses.join('\n')}`);
}

measure('Phrasing corpus (tuned on)', CORPUS);
measure('Held-out, first batch (measured once at 50/54, then its gaps fixed)', FIRST_BATCH);
measure('Held-out, second batch (measured at 25/30, then 27/30 with stem matching, then its gaps fixed)', SECOND_BATCH);
measure('Held-out, third batch (not tuned on)', THIRD_BATCH);
