/**
 * Dashboard links: the URL of a stage's page with the question's parameters in the query, so a chat reply's
 * "Open dashboard" lands on the same question. When a secret is configured the link is signed:
 *
 *   /dashboard/<stage>?<params, keys sorted>&exp=<unix seconds>&sig=<base64url HMAC-SHA256>
 *
 * The HMAC covers the canonical form `/dashboard/<stage>?<every param but sig, keys sorted>`, so the same params
 * always give the same URL, the signature survives re-encoding by browsers and proxies, and it holds whether the
 * link is opened as a page (`/dashboard/<stage>`) or fetched from the JSON API (`/api/stage/<stage>`).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.ts';
import { STAGES, type StageName } from '../core/types.ts';

/** A parameter value as it goes into a query: arrays become repeated keys, nested objects `key.sub` keys. */
export type LinkParams = Readonly<Record<string, unknown>>;

export interface LinkOptions {
  /** Where the dashboard is reached, e.g. `https://greenlight.example.com` (a path prefix is kept). */
  baseUrl: string;
  /** Signs the link when set. */
  secret?: string;
  now: Date;
  /** How long a signed link stays valid (default 7 days). */
  ttlSeconds?: number;
}

export type LinkStatus = 'ok' | 'expired' | 'forged' | 'missing';

export const DEFAULT_LINK_TTL_SECONDS = 7 * 24 * 3600;
const RESERVED = new Set(['exp', 'sig']);

/** Flattens params into [key, value] pairs: nulls, undefined and empty strings are left out. */
export function paramEntries(params: LinkParams, prefix = ''): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(params)) {
    const key = prefix + name;
    if (RESERVED.has(key)) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (v === null || v === undefined || v === '') continue;
      if (v instanceof Date) out.push([key, v.toISOString()]);
      else if (typeof v === 'object') out.push(...paramEntries(v as LinkParams, `${key}.`));
      else out.push([key, String(v)]);
    }
  }
  return out;
}

/** The canonical query: keys sorted (a stable sort keeps repeated keys in their order), RFC 3986 encoding. */
export function canonicalQuery(entries: readonly (readonly [string, string])[]): string {
  return [...entries]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

/** HMAC-SHA256 of `text`, base64url. */
export function hmac(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('base64url');
}

/** Constant-time comparison of two base64url signatures (different lengths are simply unequal). */
export function signaturesMatch(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function stagePath(stage: StageName): string {
  return `/dashboard/${stage}`;
}

function signedText(stage: StageName, entries: readonly (readonly [string, string])[]): string {
  return `${stagePath(stage)}?${canonicalQuery(entries)}`;
}

/** The dashboard URL of `stage` showing `params`; signed with an expiry when `secret` is set. */
export function dashboardLink(stage: StageName, params: LinkParams, options: LinkOptions): string {
  const entries = paramEntries(params);
  if (options.secret) {
    const ttl = options.ttlSeconds ?? DEFAULT_LINK_TTL_SECONDS;
    entries.push(['exp', String(Math.floor(options.now.getTime() / 1000) + ttl)]);
    entries.push(['sig', hmac(options.secret, signedText(stage, entries))]);
  }
  const query = canonicalQuery(entries.filter(([k]) => k !== 'sig'));
  const sig = entries.find(([k]) => k === 'sig');
  const search = [query, sig ? `sig=${sig[1]}` : ''].filter(Boolean).join('&');
  return `${options.baseUrl.replace(/\/+$/, '')}${stagePath(stage)}${search ? `?${search}` : ''}`;
}

/** The stage a dashboard page or API path names (`/dashboard/<stage>` or `/api/stage/<stage>`), if any. */
export function stageOfPath(pathname: string): StageName | null {
  const match = /\/(?:dashboard|api\/stage)\/([a-z]+)\/?$/.exec(pathname);
  const name = match?.[1];
  return STAGES.find((s) => s === name) ?? null;
}

/**
 * Checks a link (absolute, or a path with its query): `missing` without `sig`/`exp`, `forged` when the signature
 * does not match its stage and parameters (or `exp` was altered), `expired` when `exp` has passed, else `ok`.
 */
export function verifyDashboardLink(url: string | URL, secret: string, now: Date): LinkStatus {
  const parsed = new URL(url, 'http://localhost');
  const sig = parsed.searchParams.get('sig');
  const exp = parsed.searchParams.get('exp');
  if (!sig || !exp) return 'missing';
  const stage = stageOfPath(parsed.pathname);
  if (!stage) return 'forged';
  const entries = [...parsed.searchParams.entries()].filter(([k]) => k !== 'sig');
  if (!signaturesMatch(hmac(secret, signedText(stage, entries)), sig)) return 'forged';
  const expSeconds = Number(exp);
  if (!Number.isFinite(expSeconds) || expSeconds * 1000 <= now.getTime()) return 'expired';
  return 'ok';
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/** True when the dashboard is reachable beyond this machine: a non-loopback bind address or a public URL. */
export function isExposed(config: Pick<Config, 'GREENLIGHT_HOST' | 'GREENLIGHT_PUBLIC_URL'>): boolean {
  const loopback = LOOPBACK_HOSTS.has(config.GREENLIGHT_HOST) || config.GREENLIGHT_HOST.startsWith('127.');
  return Boolean(config.GREENLIGHT_PUBLIC_URL) || !loopback;
}

/** Where links point: `GREENLIGHT_PUBLIC_URL`, else the local server (`0.0.0.0`/`::` shown as 127.0.0.1). */
export function dashboardBaseUrl(config: Pick<Config, 'GREENLIGHT_HOST' | 'GREENLIGHT_PORT' | 'GREENLIGHT_PUBLIC_URL'>): string {
  if (config.GREENLIGHT_PUBLIC_URL) return config.GREENLIGHT_PUBLIC_URL.replace(/\/+$/, '');
  const host = config.GREENLIGHT_HOST === '0.0.0.0' || config.GREENLIGHT_HOST === '::' ? '127.0.0.1' : config.GREENLIGHT_HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.GREENLIGHT_PORT}`;
}

/** `dashboardLink` with the base URL and secret taken from the configuration: what replies and digests call. */
export function dashboardLinkFor(stage: StageName, params: LinkParams, config: Config, now: Date): string {
  return dashboardLink(stage, params, { baseUrl: dashboardBaseUrl(config), secret: config.GREENLIGHT_LINK_SECRET, now });
}
