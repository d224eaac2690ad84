/**
 * What `parse` returns: an intent it is sure enough of, a clarification offering the likely readings as
 * buttons, or an input error the person can fix (with suggested commands as buttons).
 */
import type { Catalog } from '../src/data/catalog.ts';
import type { Intent } from './intent.ts';

/** A command a button sends back: the label people see and the text the parser reads. */
export interface Suggestion {
  label: string;
  command: string;
}

/** One reading of an unclear message, ready to run. */
export interface Reading extends Suggestion {
  intent: Intent;
}

export type ParseResult =
  | { kind: 'intent'; intent: Intent }
  | { kind: 'clarify'; raw: string; question: string; readings: Reading[] }
  | {
      kind: 'error';
      raw: string;
      /** Every problem in one message; with several, `field` lists their fields comma-separated. */
      message: string;
      field: string;
      suggestions: Suggestion[];
      /** With several wrong values: each one's message and its own suggestions. */
      problems?: Problem[];
    };

/** One wrong value of a message: which parameter, what was wrong and what is accepted, and the nearest values. */
export interface Problem {
  field: string;
  message: string;
  suggestions: Suggestion[];
}

export interface ParseContext {
  /** Needed to resolve titles (`/compare "Dune: Part Two" vs "Oppenheimer"`); genres and commands work without. */
  catalog?: Catalog;
  /** The thread's last intent: follow-ups ("what if budget 3?", "why?") reuse its parameters. */
  previous?: Intent;
}

/** Below this confidence the parser asks back instead of answering. */
export const CLARIFY_BELOW = 0.5;
