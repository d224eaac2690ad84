/**
 * `Reply`: the one channel-neutral answer every surface renders — Block Kit in Slack, an Adaptive Card in
 * Teams, JSON + PNG files in the console, HTML on the dashboard, a digest post. Adapters only translate it.
 */
import type { Intent } from '../../intents/intent.ts';
import type { StageName } from '../core/types.ts';
import type { NativeChart, TableForm } from '../../charts/chat-form.ts';

export interface ReplyImage {
  /** Stable chart id (e.g. `explore.genre-distribution`), used for file names and URLs. */
  id: string;
  png: Buffer;
  width: number;
  height: number;
  /** One sentence describing the chart, for accessibility and text-only fallbacks. */
  alt: string;
  title: string;
}

/** A follow-up the user can take: open a link, or run another command (the reply's thread keeps context). */
export type ReplyAction = { kind: 'link'; label: string; url: string } | { kind: 'command'; label: string; command: string; style?: 'primary' | 'danger' };

/**
 * One chart of a reply as chat shows it: its native form when it has one (see `charts/chat-form.ts`), and its PNG
 * unless the channel said it draws this one itself (`AskOptions.nativeCharts`).
 */
export interface ReplyChart {
  id: string;
  title: string;
  alt: string;
  /** 0..1: orders the reply's charts when a channel can draw only a few natively. */
  importance: number;
  native?: NativeChart;
  image?: ReplyImage;
}

export interface Reply {
  /** `error` replies carry a short, useful message and no images; `clarify` asks which reading was meant. */
  kind: 'answer' | 'clarify' | 'error' | 'help';
  stage?: StageName;
  title: string;
  text: string;
  bullets: string[];
  images: ReplyImage[];
  actions: ReplyAction[];
  /** The dashboard page showing this exact question, with the same parameters. */
  dashboardUrl?: string;
  /** Model accuracy, data date, the TMDB attribution. */
  footnotes: string[];
  /** Key figures as label/value pairs (e.g. "Hit probability" / "64%"): a FactSet in Teams, fields in Slack. */
  facts?: ReplyFact[];
  /** The reply's charts with their chat forms, most important first (answers only; `images` holds their PNGs). */
  charts?: ReplyChart[];
  /** Key figures as a table (compare's metrics): a Slack table block, a Teams `Table`. */
  table?: TableForm;
  /** The first line: the decision with how sure it is, and the caveat that qualifies it. */
  decision?: string;
  /** Model diagnostics (accuracy against baselines, what was left out): behind "How sure are we?" in chat. */
  diagnostics?: string[];
  /** The intent this reply answered: a thread keeps it so follow-ups ("what if budget 3?") reuse its parameters. */
  intent?: Intent;
}

export interface ReplyFact {
  label: string;
  value: string;
}

export const TMDB_ATTRIBUTION = 'This product uses the TMDB API but is not endorsed or certified by TMDB.';
