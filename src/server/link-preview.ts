/**
 * Link previews: a dashboard link pasted in a chat becomes the board's answer — its decision line and most
 * important chart — as Metabase and Lightdash unfurl theirs. Only this Greenlight's own links are previewed
 * (same origin as its public URL), and with `GREENLIGHT_LINK_SECRET` set only links whose signature checks out
 * and has not expired: a preview shows what the link's holder may see, nothing more.
 */
import { toIntent } from '../../intents/candidate.ts';
import type { Intent } from '../../intents/intent.ts';
import type { LinkPreview } from '../adapters/conversation.ts';
import type { Config } from '../config.ts';
import { InputError } from '../core/types.ts';
import { answer } from '../reply/answer.ts';
import type { AnswerDeps } from '../reply/deps.ts';
import { dashboardBaseUrl, stageOfPath, verifyDashboardLink } from '../reply/links.ts';
import { rawParams } from './dashboard/service.ts';

/** The reply a dashboard link stands for, or null when the link is not one of ours (or not valid). */
export function createLinkPreview(deps: AnswerDeps, config: Config, options: { nativeCharts?: number } = {}): LinkPreview {
  const origin = new URL(dashboardBaseUrl(config)).origin;
  return async (link) => {
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      return null;
    }
    const stage = stageOfPath(url.pathname);
    if (url.origin !== origin || !stage || !url.pathname.startsWith('/dashboard/')) return null;
    if (config.GREENLIGHT_LINK_SECRET && verifyDashboardLink(url, config.GREENLIGHT_LINK_SECRET, deps.now()) !== 'ok') return null;
    const query = new URLSearchParams([...url.searchParams].filter(([key]) => key !== 'sig' && key !== 'exp'));
    // Validated once here, as every intent is (`toIntent`); a link whose parameters no longer validate is not previewed.
    let intent: Intent;
    try {
      intent = toIntent({ stage, params: rawParams(query), confidence: 1 }, `/${stage}`, { catalog: deps.catalog });
    } catch (error) {
      if (error instanceof InputError) return null;
      throw error;
    }
    const reply = await answer(intent, deps, options);
    return reply.kind === 'answer' ? reply : null;
  };
}
