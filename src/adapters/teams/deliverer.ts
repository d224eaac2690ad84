/**
 * Posting a digest to Teams proactively (the Teams channel's `Deliverer`, see src/adapters/delivery.ts): botbuilder's `CloudAdapter.continueConversationAsync` with the
 * conversation reference captured when the subscription was made (conversation id + service URL), the reply as
 * the Teams adapter's Adaptive Card activity (`replyActivity`). Teams cannot be searched for a message by our
 * delivery id, so `find` says `unknown`: an attempt that may have arrived is not repeated (never twice).
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConversationReference } from 'botbuilder';
import type { Deliverer, DeliveryLogger, DeliveryOutcome } from '../delivery.ts';
import { cardImageUrls, replyActivity } from './bot.ts';
import { imageUrlWithin, type ServedImageUrl } from './card.ts';

export interface TeamsDelivererOptions {
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  /**
   * Stores a card image where the server serves it (`/images/<id>.png`, on the shared state backend) and resolves
   * to its public URL; charts are described in words without it, or when storing one fails.
   */
  imageUrl?: ServedImageUrl;
  /** Hears a chart that could not be stored (a warning); nothing by default. */
  log?: DeliveryLogger;
  /**
   * How long storing the charts may take before they are described in words instead (default 5 s). Kept well under
   * the delivery timeout: a send that times out counts as possibly arrived, which Teams never resends.
   */
  imageBudgetMs?: number;
}

/** An error's message for the log, with any credentials in a URL (`redis://user:password@…`) masked. */
function safeMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1***@');
}

/** Connector errors carry the HTTP status: 401/403/404 mean the bot cannot post there; 429 and 5xx are retried. */
export function classifyTeamsError(error: unknown): Extract<DeliveryOutcome, { status: 'retryable' | 'fatal' }> {
  const e = error as { statusCode?: number; response?: { headers?: { get?: (name: string) => string | undefined } }; message?: string };
  const status = e.statusCode;
  const message = e.message ?? String(error);
  if (status === 401 || status === 403 || status === 404) return { status: 'fatal', reason: `Teams answered HTTP ${status}: ${message}` };
  if (status === 429) {
    const retryAfter = Number(e.response?.headers?.get?.('retry-after'));
    return { status: 'retryable', reason: 'Teams rate limit', ...(retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}) };
  }
  return { status: 'retryable', reason: status ? `Teams answered HTTP ${status}` : `Teams unreachable: ${message}`, uncertain: true };
}

export function createTeamsDeliverer(options: TeamsDelivererOptions): Deliverer {
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: options.appId,
      MicrosoftAppPassword: options.appPassword,
      MicrosoftAppTenantId: options.tenantId,
      MicrosoftAppType: options.tenantId ? 'SingleTenant' : 'MultiTenant',
    }),
  );
  const imageUrl: ServedImageUrl = options.imageUrl ? imageUrlWithin(options.imageUrl, options.imageBudgetMs ?? 5_000) : async () => undefined;
  return {
    async deliver(channel, reply, ctx) {
      if (channel.kind !== 'teams') throw new Error(`The Teams deliverer got a ${channel.kind} channel`);
      if (!channel.serviceUrl) {
        return { status: 'fatal', reason: 'the Teams conversation has no service URL: subscribe again from Teams (or pass --service-url)' };
      }
      if (ctx.progress.messageRef) return { status: 'ok', messageRef: ctx.progress.messageRef };
      const reference: Partial<ConversationReference> = {
        channelId: 'msteams',
        serviceUrl: channel.serviceUrl,
        conversation: {
          id: channel.conversationId,
          isGroup: true,
          conversationType: 'channel',
          name: '',
          ...(channel.tenantId ? { tenantId: channel.tenantId } : {}),
        },
        bot: { id: options.appId ?? 'greenlight', name: 'Greenlight' },
      };
      try {
        // The charts are stored (content-hash ids: a retry rewrites the same keys) before the card that shows them
        // is posted, so Teams can fetch them at once from any replica. One that cannot be stored is described in
        // words: the digest still goes out.
        const urls = await cardImageUrls(reply, imageUrl, (image, error) =>
          options.log?.(
            'warn',
            `Teams digest ${ctx.deliveryId}: chart "${image.title}" could not be stored for the card, so it is described in words (${safeMessage(error)})`,
          ),
        );
        let id = '';
        await adapter.continueConversationAsync(options.appId ?? '', reference, async (context) => {
          const sent = await context.sendActivity({ ...replyActivity(reply, urls), channelData: { greenlightDeliveryId: ctx.deliveryId } });
          id = sent?.id ?? '';
        });
        await ctx.checkpoint({ ...ctx.progress, messageRef: id });
        return { status: 'ok', messageRef: id };
      } catch (error) {
        if (error instanceof Error && error.name === 'LostClaim') throw error;
        return classifyTeamsError(error);
      }
    },
    find: async () => ({ status: 'unknown' }),
    // A DM to the owner needs a 1:1 conversation the bot has not got; the failure is in the logs and `digest list`.
    notifyOwner: async () => undefined,
  };
}
