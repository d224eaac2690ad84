/**
 * Link previews: a dashboard link pasted in a chat becomes the board's answer — its decision line and most
 * important chart — as Metabase and Lightdash unfurl theirs. Only this Greenlight's own links are previewed
 * (same origin as its public URL), and with `GREENLIGHT_LINK_SECRET` set only links whose signature checks out
 * and has not expired: a preview shows what the link's holder may see, nothing more.
 */
import { toIntent } from '../../intents/candidate.ts';
import { formatCommand } from '../../intents/format.ts';
import type { Intent } from '../../intents/intent.ts';
import type { LinkPreview } from '../adapters/conversation.ts';
import type { Config } from '../config.ts';
import { InputError } from '../core/types.ts';
import { answer } from '../reply/answer.ts';
import type { AnswerDeps } from '../reply/deps.ts';
import { dashboardBaseUrl, stageOfPath, verifyDashboardLink } from '../reply/links.ts';
import { rawParams } from './dashboard/service.ts';
import type { AskFn } from './pool.ts';

export interface LinkPreviewOptions {
  /** Charts the channel draws itself (see `AskOptions.nativeCharts`). */
  nativeCharts?: number;
  /**
   * Where to answer: the worker pool's `ask` in `serve`, so that an unfurl's stage maths and pictures never hold up
   * the main thread (which acknowledges Slack). The link's intent goes as its command (`parse(formatCommand(i))`
   * is `i`). Without it, answered in this thread.
   */
  ask?: AskFn;
}

/** The reply a dashboard link stands for, or null when the link is not one of ours (or not valid). */
export function createLinkPreview(deps: AnswerDeps, config: Config, options: LinkPreviewOptions = {}): LinkPreview {
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
    const native = options.nativeCharts ? { nativeCharts: options.nativeCharts } : {};
    const reply = options.ask ? await options.ask(formatCommand(intent, deps.catalog), native) : await answer(intent, deps, native);
    return reply.kind === 'answer' ? reply : null;
  };
}
