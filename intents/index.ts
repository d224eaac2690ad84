/** The intents room: one grammar and one plain-question parser for every channel. */
export { parse, intentOf } from './parse.ts';
export { formatCommand } from './format.ts';
export { COMMANDS, QUESTION_EXAMPLES, usageOf, type CommandHelp } from './grammar.ts';
export { genresOf } from './followup.ts';
export type { Intent } from './intent.ts';
export { CLARIFY_BELOW, type ParseContext, type ParseResult, type Reading, type Suggestion } from './result.ts';
