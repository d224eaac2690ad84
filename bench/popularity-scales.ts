/**
 * `npm run bench:scales`: the evidence behind the comparable popularity measure (docs/core.md). On the real
 * snapshot, for three popularity terms in the engagement formula — raw TMDB popularity, a log-ratio to the
 * scale's median, and the percentile within the scale (the one Greenlight uses) — prints the hit rate of each
 * source and which sources hold the 100 most engaging titles. Released titles only (upcoming ones have no outcome).
 */
import { comparablePopularity, hitFlags, isUpcoming, popularityScaleKey, voteCountP99, voteFactor } from '../src/core/measures.ts';
import { importSnapshot } from '../src/data/snapshot.ts';
import { median } from '../models/metrics.ts';
import { SNAPSHOT_DIR } from '../test/helpers/paths.ts';

const catalog = await importSnapshot(SNAPSHOT_DIR, new Date());
const titles = catalog.titles.filter((t) => !isUpcoming(t, catalog.meta.asOf));
const percentile = comparablePopularity(titles);
const logsByScale = new Map<string, number[]>();
for (const t of titles) {
  const key = popularityScaleKey(t);
  logsByScale.set(key, [...(logsByScale.get(key) ?? []), Math.log1p(t.popularity)]);
}
const scaleMedian = new Map([...logsByScale].map(([key, logs]) => [key, median(logs)]));
const p99 = voteCountP99(titles);

const terms: Record<string, (i: number) => number> = {
  'raw popularity': (i) => titles[i].popularity,
  'log-ratio ×10': (i) => 10 * (Math.log1p(titles[i].popularity) - scaleMedian.get(popularityScaleKey(titles[i]))!),
  'percentile / 10': (i) => percentile[i] / 10,
};
const short = (source: string) => source.split('_')[0];
console.log(`snapshot as of ${catalog.meta.asOf}; ${titles.length} released titles`);
for (const [name, term] of Object.entries(terms)) {
  const engagement = Float64Array.from(titles, (t, i) => 0.4 * term(i) + 0.6 * t.voteAverage * voteFactor(t.voteCount, p99[t.mediaType]));
  const flags = hitFlags(titles, catalog.meta.asOf, engagement);
  const bySource = new Map<string, { hits: number; n: number }>();
  titles.forEach((t, i) => {
    const s = bySource.get(short(t.source)) ?? { hits: 0, n: 0 };
    s.hits += flags.hit[i];
    s.n += 1;
    bySource.set(short(t.source), s);
  });
  const top = new Map<string, number>();
  for (const i of [...engagement.keys()].sort((a, b) => engagement[b] - engagement[a]).slice(0, 100)) {
    top.set(short(titles[i].source), (top.get(short(titles[i].source)) ?? 0) + 1);
  }
  const rates = [...bySource].sort().map(([s, { hits, n }]) => `${s} ${Math.round((100 * hits) / n)}%`);
  console.log(
    `${name.padEnd(16)} hit rate by source: ${rates.join(', ')} | top 100: ${[...top]
      .sort((a, b) => b[1] - a[1])
      .map(([s, c]) => `${s} ${c}`)
      .join(', ')}`,
  );
}
