/**
 * Replies that are not a stage's answer: help (the command list with examples), a clarification (which reading
 * was meant, each a button) and an input error (what was wrong, with the corrected commands as buttons).
 */
import { COMMANDS, QUESTION_EXAMPLES } from '../../intents/grammar.ts';
import type { Reading, Suggestion } from '../../intents/result.ts';
import { TMDB_ATTRIBUTION, type Reply, type ReplyAction } from './reply.ts';

const HELP_ACTION: ReplyAction = { kind: 'command', label: 'Help', command: 'help' };

function commandActions(items: readonly Suggestion[]): ReplyAction[] {
  return items.map((s) => ({ kind: 'command', label: s.label, command: s.command }));
}

export function helpReply(asOf: string): Reply {
  return {
    kind: 'help',
    title: 'Greenlight: what you can ask',
    text:
      'Ask in plain words or use a command. Every answer comes with charts, 3–4 insights and a link to the full ' +
      'dashboard; in a thread, follow-ups like "what if budget 3?", "compare with comedy" or "why?" reuse the last question.',
    bullets: [
      ...COMMANDS.filter((c) => c.stage !== 'help').map((c) => `${c.usage} — ${c.purpose}. e.g. ${c.examples[0]}`),
      `Plain questions: ${QUESTION_EXAMPLES.map((q) => `"${q}"`).join(', ')}`,
    ],
    images: [],
    actions: commandActions([
      { label: 'Explore movies', command: '/explore movies' },
      { label: "What's rising?", command: "what's rising?" },
      { label: 'Sci-fi movie, big budget, Q3', command: '/predict sci-fi movie budget 8 Q3' },
      { label: 'Drama vs Comedy', command: '/compare Drama vs Comedy' },
    ]),
    footnotes: [`Data as of ${asOf}.`, TMDB_ATTRIBUTION],
  };
}

export function clarifyReply(question: string, readings: readonly Reading[], raw: string): Reply {
  return {
    kind: 'clarify',
    title: 'Which did you mean?',
    text: `${question} (You asked: "${raw}")`,
    // The readings are the buttons; listing them again as bullets would say everything twice.
    bullets: [],
    images: [],
    actions: [...commandActions(readings), HELP_ACTION],
    footnotes: [],
  };
}

export function errorReply(message: string, suggestions: readonly Suggestion[], raw: string): Reply {
  const actions = commandActions(suggestions);
  if (!suggestions.some((s) => s.command === 'help')) actions.push(HELP_ACTION);
  return {
    kind: 'error',
    title: "Let's fix the question",
    text: raw ? `${message} (You asked: "${raw}")` : message,
    bullets: [],
    images: [],
    actions,
    footnotes: [],
  };
}

/**
 * A failure that is not the person's — in answering, or in a channel delivering the answer: a short message, the
 * details go to the logs. `raw` is the question when the failing part knows it.
 */
export function failureReply(raw?: string): Reply {
  return {
    kind: 'error',
    title: 'Something went wrong on our side',
    text: `I could not finish ${raw === undefined ? 'that answer' : `the answer to "${raw}"`}. The details are in the server log; please try again or ask differently.`,
    bullets: [],
    images: [],
    actions: [HELP_ACTION],
    footnotes: [],
  };
}
