/**
 * Link previews: a dashboard link pasted in a chat becomes the view's answer — its decision line and most
 * important chart — as Metabase and Lightdash unfurl theirs. Only this Greenlight's own links are previewed
 * (same origin as its public URL), and with `GREENLIGHT_LINK_SECRET` set only links whose signature checks out
 * and has not expired: a preview shows what the link's holder may see, nothing more.
 */
import type { Config } from '../config.ts';
import { answer } from '../reply/answer.ts';
import type { AnswerDeps } from '../reply/deps.ts';
import { dashboardBaseUrl, stageOfPath, verifyDashboardLink } from '../reply/links.ts';
import type { Reply } from '../reply/reply.ts';
import { rawParams } from './dashboard/service.ts';

/** The reply a dashboard link stands for, or null when the link is not one of ours (or not valid). */
export type LinkPreview = (url: string) => Promise<Reply | null>;

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
    const reply = await answer({ stage, params: rawParams(query), confidence: 1, raw: `/${stage}` }, deps, options);
    return reply.kind === 'answer' ? reply : null;
  };
}
