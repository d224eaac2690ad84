/**
 * The command grammar, one entry per command: its usage line, what it answers and examples. The help reply,
 * the parser's error messages and the README all read this table, so they cannot drift apart.
 */
import type { StageName } from '../src/core/types.ts';

export interface CommandHelp {
  stage: StageName | 'help';
  usage: string;
  /** What it answers, in a few words. */
  purpose: string;
  examples: readonly string[];
}

export const COMMANDS: readonly CommandHelp[] = [
  {
    stage: 'explore',
    usage: '/explore [movies|tv] [genre…] [years 2010-2024] [language=xx]',
    purpose: 'the content universe: genre mix, quality vs popularity, top titles',
    examples: ['/explore movies horror years 2015-2024', '/explore tv korean drama'],
  },
  {
    stage: 'understand',
    usage: '/understand [movies|tv] [genre…] [years 2010-2024]',
    purpose: 'what drives engagement: correlations, seasonality, anomalies',
    examples: ['/understand movies', '/understand sci-fi years 2000-2024'],
  },
  {
    stage: 'identify',
    usage: '/identify [movies|tv] [genre…] [years 2010-2024]',
    purpose: 'market opportunities: saturation zones, Pareto, release windows',
    examples: ['/identify movies', '/identify tv years 2015-2024'],
  },
  {
    stage: 'predict',
    usage: '/predict genre=<g> type=<movie|tv> budget=<1-10 or $amount> quarter=<Q1-Q4>',
    purpose: 'the copilot: predicted popularity, hit chance, risk and a recommendation',
    examples: ['/predict sci-fi movie budget 7 Q3', '/predict horror movie budget $15M Q4'],
  },
  {
    stage: 'forecast',
    usage: '/forecast [genre…]',
    purpose: '12-month genre forecasts, momentum and rising stars',
    examples: ['/forecast', '/forecast horror comedy'],
  },
  {
    stage: 'compare',
    usage: '/compare <genre> vs <genre> | /compare "<title>" vs "<title>"',
    purpose: 'head to head on the same metrics, with a winner',
    examples: ['/compare Drama vs Comedy', '/compare "Dune: Part Two" vs "Oppenheimer"'],
  },
  {
    stage: 'help',
    usage: 'help',
    purpose: 'this list',
    examples: ['help'],
  },
];

/** Plain questions the parser understands, for the help reply and the "didn't catch that" error. */
export const QUESTION_EXAMPLES: readonly string[] = [
  'should we greenlight a sci-fi movie for Q3 with a big budget?',
  'which is doing better, horror or thriller?',
  "what's rising?",
  'where are the gaps in TV?',
  'what drives engagement for comedies?',
];

export function usageOf(stage: StageName | 'help'): string {
  return COMMANDS.find((c) => c.stage === stage)?.usage ?? 'help';
}
