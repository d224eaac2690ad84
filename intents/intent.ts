/**
 * `Intent`: what a person asked, in one shape for every channel. `parse(text)` produces it from a slash
 * command or a plain question; `answer(intent)` (src/reply) turns it into a `Reply`.
 */
import type { ValidParams } from '../src/core/params.ts';
import type { StageName } from '../src/core/types.ts';

export interface Intent {
  /** A stage, or `help`. */
  stage: StageName | 'help';
  /** Validated parameters for the stage (their exact shape is the stage's parameter type). */
  params: Record<string, unknown>;
  /** 0..1: how sure the parser is. Below the clarify threshold the bot asks back with likely readings. */
  confidence: number;
  /** The user's own words, kept for echoes ("You asked: …"). */
  raw: string;
  /** Values the parser filled in because the question left them out, in words ("a mid budget (level 5)"). */
  assumed?: string[];
}

/**
 * An intent's parameters as the core's validated type. `toIntent` (intents/candidate.ts), the one maker of
 * intents, validated them with the catalog, so the stage runs on them without validating again.
 */
export function intentParams<S extends StageName>(intent: Intent & { stage: S }): ValidParams<S> {
  return intent.params as unknown as ValidParams<S>;
}
