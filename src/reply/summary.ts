/**
 * A stage result's headline for a reply: the title, one sentence of text and the key figures (facts). The
 * bullets are the result's own insights; this module only names what was asked and its headline numbers.
 */
import { num, pct } from '../core/insights.ts';
import { firstOf } from '../core/words.ts';
import { periodLabel } from '../core/series.ts';
import { momentumClaim } from '../core/stages/forecast-details.ts';
import { formatUsd } from '../core/params.ts';
import type { StageResult } from '../core/stages/types.ts';
import type { ReplyFact } from './reply.ts';

export interface Summary {
  title: string;
  text: string;
  facts: ReplyFact[];
}

const typeWord = (mediaType: string) => (mediaType === 'tv' ? 'TV show' : 'movie');

/** "6,459 titles in scope; 25% are hits." — split into movies and TV only when the scope has both. */
function scopeText(s: { titles: number; movie: number; tv: number; hitRate: number }): string {
  const split = s.movie > 0 && s.tv > 0 ? ` (${s.movie.toLocaleString('en-US')} movies, ${s.tv.toLocaleString('en-US')} TV)` : '';
  return `${s.titles.toLocaleString('en-US')} titles in scope${split}; ${pct(s.hitRate)} are hits.`;
}

export function summarise(result: StageResult): Summary {
  switch (result.stage) {
    case 'explore': {
      const d = result.data;
      const top = d.genres[0];
      return {
        title: `Content universe: ${d.scope.label}`,
        // The decision line (reply/decision.ts) gives the scope's titles and hit rate; this adds only the media split.
        text: d.scope.movie > 0 && d.scope.tv > 0 ? `${d.scope.movie.toLocaleString('en-US')} movies and ${d.scope.tv.toLocaleString('en-US')} TV series.` : '',
        facts: [
          { label: 'Titles', value: d.scope.titles.toLocaleString('en-US') },
          ...(top && result.params.genres.length === 0 ? [{ label: 'Largest genre', value: `${top.genre} (${pct(top.titleShare)} of titles)` }] : []),
          ...(d.topTitles[0] ? [{ label: 'Top title', value: d.topTitles[0].title }] : []),
        ],
      };
    }
    case 'understand': {
      const d = result.data;
      return {
        title: `What drives engagement: ${d.scope.label}`,
        text: scopeText(d.scope),
        facts: [
          { label: 'Titles', value: d.scope.titles.toLocaleString('en-US') },
          ...(d.anomalies.available ? [{ label: 'Anomalies', value: `${d.anomalies.count} (${pct(d.anomalies.rate)})` }] : []),
        ],
      };
    }
    case 'identify': {
      const d = result.data;
      const green = d.saturation.genres.filter((g) => g.zone === 'GREEN' && !g.thin).map((g) => g.genre);
      return {
        title: `Market opportunities: ${d.scope.label}`,
        // The concentration (the Pareto share) is a key figure and a bullet already: not a third time here.
        text: scopeText(d.scope),
        facts: [
          ...(d.market
            ? d.market.focus.map((g) => {
                const row = d.saturation.genres.find((r) => r.genre === g);
                return { label: `${g} zone (vs ${d.market?.label})`, value: !row ? 'none' : row.thin ? `too few titles (${row.titles})` : row.zone };
              })
            : [{ label: 'GREEN zone', value: green.length > 0 ? firstOf(green, 4) : 'none' }]),
          { label: '80% of engagement from', value: `${pct(d.pareto.overall.titleShareFor80)} of titles` },
        ],
      };
    }
    case 'predict': {
      const { input, prediction, budget, verdictLine } = result.data;
      const budgetWords = budget?.given ? `budget ${formatUsd(budget.usd)}` : input.mediaType === 'tv' ? 'no budget (TV)' : `budget ${input.budgetLevel}/10`;
      const title = `Copilot: ${input.genre} ${typeWord(input.mediaType)}, ${budgetWords}, Q${input.quarter} release`;
      if (!prediction) {
        return { title, text: `${verdictLine}. The models are not available right now, so this shows the comparables and benchmarks only.`, facts: [] };
      }
      const money = prediction.money;
      return {
        title,
        // The verdict line is the core's (predict-details.ts `verdictLine`): the verdict with its confidence.
        text: verdictLine,
        facts: [
          { label: 'Recommendation', value: prediction.recommendation },
          ...(money
            ? [
                { label: 'Break-even chance', value: pct(money.breakEvenProbability) },
                { label: 'Expected revenue', value: `${formatUsd(money.revenue.value)} (${formatUsd(money.revenue.low)}–${formatUsd(money.revenue.high)})` },
              ]
            : [
                {
                  label: 'Predicted popularity percentile',
                  value: `${num(prediction.popularity.value)} (${num(prediction.popularity.low)}–${num(prediction.popularity.high)})`,
                },
              ]),
          // A probability with how far it can be trusted: the classifier's held-out AUC, or that it was not measured.
          {
            label: 'Hit probability',
            value: `${pct(prediction.hitProbability)} (${prediction.hitModel ? `model AUC ${prediction.hitModel.auc.toFixed(2)}` : 'not validated'})`,
          },
          { label: 'Risk', value: prediction.risk },
        ],
      };
    }
    case 'forecast': {
      const d = result.data;
      const genres = d.series.map((s) => s.genre);
      const lead = d.momentum[0];
      const star = d.risingStars[0];
      return {
        // "Right now" is the data's collection date, and the history ends at the last complete period before it.
        title:
          `Forecast as of ${result.asOf}: the next ${d.horizonMonths} months after ${periodLabel(d.coverage.last, d.coverage.granularity)}` +
          `${genres.length > 0 ? ` for ${genres.slice(0, 6).join(', ')}` : ''}`,
        text: `${momentumClaim(d) ?? 'Too few recent releases to measure momentum'}.`,
        facts: [
          ...(lead ? [{ label: d.momentum.length > 1 ? 'Most momentum' : 'Momentum', value: lead.genre }] : []),
          ...(star ? [{ label: 'Rising star', value: `${star.title} (${star.ratio.toFixed(1)}× the ${star.genre} median)` }] : []),
        ],
      };
    }
    case 'compare': {
      const d = result.data;
      const { overall } = d;
      const winner = overall.winner === 'tie' ? null : d[overall.winner];
      const won = overall.winner === 'tie' ? overall.won.left : overall.won[overall.winner];
      return {
        title: `${d.left.label} vs ${d.right.label}`,
        text: winner
          ? `Verdict: ${winner.label} ahead, ${won}–${overall.compared - won - overall.won.ties}${overall.won.ties > 0 ? ` (${overall.won.ties} tied)` : ''}.`
          : `Verdict: a tie, ${overall.won.left}–${overall.won.right}.`,
        facts: [
          { label: 'Winner', value: winner ? winner.label : 'tie' },
          { label: 'Metrics won', value: `${d.left.label} ${overall.won.left} · ${d.right.label} ${overall.won.right} · ties ${overall.won.ties}` },
        ],
      };
    }
  }
}
