/**
 * What the chat server plugs in: `/digest …` for a conversation (a `ChatTurn` becomes the subscription's channel
 * and owner) and a thread store on the shared digest state, so follow-ups work whichever replica answers.
 */
import type { Intent } from '../../intents/intent.ts';
import type { ChatTurn } from '../adapters/conversation.ts';
import { channelNamed } from '../adapters/registry.ts';
import type { Catalog } from '../data/catalog.ts';
import type { Reply } from '../reply/reply.ts';
import { handleDigestCommand } from './command.ts';
import type { DigestRuntime } from './runtime.ts';
import { runNow } from './scheduler.ts';
import type { ChannelRef } from './types.ts';

/**
 * The turn's conversation as a delivery target (Teams also needs the service URL, when the turn carries it).
 * In a Teams channel the conversation id of a turn names its thread (`19:…@thread.tacv2;messageid=…`); a digest
 * belongs to the channel, so the thread part is dropped.
 */
export function channelOfTurn(turn: Pick<ChatTurn, 'channel' | 'conversation' | 'serviceUrl' | 'tenantId'>): ChannelRef {
  // The turn's channel adapter knows its platform's conversation ids (e.g. a Teams thread inside a channel).
  return channelNamed(turn.channel).conversationRef({ ...turn, text: '', thread: '' });
}

/** `(args, turn) → Reply` for `/digest …`: the server's `DigestCommand`. */
export function digestCommandFor(runtime: DigestRuntime, catalog?: Catalog): (args: string, turn: ChatTurn) => Promise<Reply> {
  return (args, turn) =>
    handleDigestCommand(args, channelOfTurn(turn), turn.user ?? 'unknown', {
      state: runtime.state,
      clock: runtime.deps.clock,
      ...(catalog ? { catalog } : {}),
      runNow: async (id) => {
        const { entry, result } = await runNow(runtime.deps, id);
        return result === 'sent' ? `Posted ${id} now.` : `Could not post ${id}: ${entry.note ?? entry.lastError ?? result}.`;
      },
    });
}

/** The server's `ThreadStore` on the digest state (embedded or Redis): the thread's last intent, kept 7 days. */
export function sharedThreadStore(runtime: DigestRuntime): { get(thread: string): Promise<Intent | undefined>; set(thread: string, intent: Intent): Promise<void> } {
  return {
    get: (thread) => runtime.state.threads.get<Intent>(thread),
    set: (thread, intent) => runtime.state.threads.set(thread, intent),
  };
}
