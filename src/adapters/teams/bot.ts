/**
 * The Teams conversation logic, independent of the transport: a message (in a channel thread, a group chat or
 * 1:1), a `/compare …`-style command, or a card's `Action.Submit` becomes a `ChatTurn`; the `Reply` goes back as
 * an Adaptive Card. Written against botbuilder's `TurnContext` only, so moving to the newer Teams SDK means
 * replacing `transport.ts`, not this.
 */
import { ActivityHandler, ActivityTypes, CardFactory, TurnContext } from 'botbuilder';
import type { Activity } from 'botbuilder';
import type { Reply, ReplyImage } from '../../reply/reply.ts';
import { failureReply } from '../../reply/messages.ts';
import type { ChatHandler, ChatLogger, ChatTurn } from '../conversation.ts';
import { cardSummary, toAdaptiveCard, type ImageUrl, type ServedImageUrl } from './card.ts';

export interface TeamsBotOptions {
  handler: ChatHandler;
  /** Stores a reply image and resolves to its public URL (served by Greenlight at `/images/<id>.png`). */
  imageUrl: ServedImageUrl;
  logger: ChatLogger;
}

/**
 * Stores the reply's images before the card is sent (so Teams can fetch them from any replica at once) and
 * returns the card's URL look-up. An image that could not be stored gets no URL — the card describes it in words —
 * and `onFailure` hears why.
 */
export async function cardImageUrls(reply: Reply, imageUrl: ServedImageUrl, onFailure: (image: ReplyImage, error: unknown) => void): Promise<ImageUrl> {
  const urls = new Map<ReplyImage, string>();
  await Promise.all(
    reply.images.map(async (image) => {
      try {
        const url = await imageUrl(image);
        if (url) urls.set(image, url);
      } catch (error) {
        onFailure(image, error);
      }
    }),
  );
  return (image) => urls.get(image);
}

/** The words to answer: a card button's command, else the text without the bot's @mention. */
export function turnText(activity: Partial<Activity>): string {
  const value = activity.value as { greenlight?: unknown } | undefined;
  if (value && typeof value.greenlight === 'string') return value.greenlight.trim();
  const withoutMention = activity.recipient ? TurnContext.removeRecipientMention(activity) : activity.text;
  return (withoutMention ?? activity.text ?? '')
    .replace(/<at>[^<]*<\/at>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function replyActivity(reply: Reply, imageUrl: ImageUrl, maxCardBytes?: number): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    summary: cardSummary(reply),
    attachments: [CardFactory.adaptiveCard(toAdaptiveCard(reply, imageUrl, maxCardBytes))],
  };
}

export class GreenlightTeamsBot extends ActivityHandler {
  constructor(private readonly options: TeamsBotOptions) {
    super();
    this.onMessage(async (context, next) => {
      await this.handleTurn(context, turnText(context.activity));
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botJoined = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient.id);
      if (botJoined) await this.handleTurn(context, 'help');
      await next();
    });
  }

  private async handleTurn(context: TurnContext, text: string): Promise<void> {
    const activity = context.activity;
    const turn: ChatTurn = {
      channel: 'teams',
      text,
      // In a channel the conversation id carries `;messageid=<root>`: one thread, one memory.
      thread: `teams:${activity.conversation.id}`,
      conversation: activity.conversation.id,
      ...(activity.from?.id ? { user: activity.from.id } : {}),
      ...(activity.serviceUrl ? { serviceUrl: activity.serviceUrl } : {}),
      ...(activity.conversation.tenantId ? { tenantId: activity.conversation.tenantId } : {}),
    };
    let reply: Reply;
    try {
      await context.sendActivity({ type: ActivityTypes.Typing });
      reply = await this.options.handler(turn);
    } catch (error) {
      this.options.logger.error(`teams: answering "${text}" failed`, error);
      reply = failureReply(text);
    }
    const urls = await cardImageUrls(reply, this.options.imageUrl, (image, error) =>
      this.options.logger.warn(
        `teams: chart "${image.title}" could not be stored for the card, so it is described in words (${error instanceof Error ? error.message : String(error)})`,
      ),
    );
    await context.sendActivity(replyActivity(reply, urls));
  }
}
