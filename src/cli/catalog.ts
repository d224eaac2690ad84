import type { Command } from 'commander';
import { summarizeCatalog, type CatalogSummary } from '../data/catalog.ts';
import type { CliContext } from './context.ts';

function formatSummary(s: CatalogSummary): string {
  const top = (record: Record<string, number>, n: number) =>
    Object.entries(record)
      .slice(0, n)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  const years = Object.entries(s.byReleaseYear).sort((a, b) => Number(a[0]) - Number(b[0]));
  const decades = new Map<string, number>();
  for (const [year, n] of years) {
    const decade = `${year.slice(0, 3)}0s`;
    decades.set(decade, (decades.get(decade) ?? 0) + n);
  }
  const skipped = Object.entries(s.skipped);
  return [
    `Titles:      ${s.total} (${s.byMediaType.movie} movies, ${s.byMediaType.tv} TV)`,
    `Released:    ${s.dateRange.from ?? '?'} .. ${s.dateRange.to ?? '?'}`,
    `By decade:   ${[...decades].map(([d, n]) => `${d} ${n}`).join(', ')}`,
    `Top genres:  ${top(s.byGenre, 10)}`,
    `Source:      ${s.source}`,
    `Fetched at:  ${s.fetchedAt} (${s.ageDays} days ago); data as of ${s.asOf}`,
    `Fingerprint: ${s.fingerprint.slice(0, 16)}`,
    skipped.length > 0 ? `Skipped:     ${skipped.map(([reason, n]) => `${n} × ${reason}`).join('; ')}` : 'Skipped:     none',
  ].join('\n');
}

export function registerCatalog(program: Command, ctx: () => CliContext): void {
  program
    .command('catalog')
    .description('Show what is loaded: counts by media type, genre and release year, date range, source and age')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { json?: boolean }) => {
      const c = ctx();
      const summary = summarizeCatalog(await c.catalog(), new Date());
      c.print(opts.json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
    });
}
