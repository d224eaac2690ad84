/**
 * `TmdbClient`: TMDB API v3 over HTTP, as the real service needs to be spoken to.
 *
 * - One keep-alive undici `Pool` (`connections` sockets) and `p-limit` so no more requests are in flight than there
 *   are sockets; a `RequestPacer` keeps the rate under `ratePerSecond`, retries included.
 * - Auth by a v4 read-access token (`Authorization: Bearer`) or a v3 `api_key` query parameter.
 * - Retries (p-retry: exponential backoff with jitter, bounded attempts) for what the real service does now and
 *   then: 5xx, timeouts, connection resets, malformed JSON or a response of the wrong shape. A 429 pauses the whole
 *   client for its `Retry-After` and does not use up an attempt. 401 and other 4xx are not retried.
 * - A final failure is a `TmdbRequestError` naming the endpoint, page and reason, never showing a credential.
 * - Validated responses go to the optional cache; a cached response is served without a request.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import pRetry from 'p-retry';
import { Pool } from 'undici';
import type { z } from 'zod';
import { describeIssues } from '../title.ts';
import { cacheKey, type ResponseCache } from './cache.ts';
import { describeRequest, maskSecrets, TmdbAuthError, TmdbRequestError, type Query } from './errors.ts';
import { RequestPacer } from './pacer.ts';

export interface TmdbClientOptions {
  /** e.g. `https://api.themoviedb.org/3`. */
  baseUrl: string;
  readToken?: string;
  apiKey?: string;
  /** Requests per second, retries included. */
  ratePerSecond: number;
  /** Keep-alive sockets, and so the most requests in flight at once. */
  connections: number;
  /** Per-request limit for the headers and, separately, for the body (default 10 s). */
  timeoutMs?: number;
  /** Attempts per request before giving up, 429s not counted (default 5). */
  maxAttempts?: number;
  /** Backoff between attempts: the first wait and the longest (default 500 ms .. 8 s), times a random 1..2. */
  backoffMs?: { min: number; max: number };
  cache?: ResponseCache;
}

export interface ClientStats {
  /** Requests sent over the network (each attempt counts). */
  requests: number;
  /** Attempts that failed and were tried again (429s included). */
  retries: number;
  /** 429 responses received. */
  rateLimited: number;
  /** Responses served from the cache without a request. */
  cacheHits: number;
}

/** A failed attempt worth trying again. */
class RetryableError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** A 429 is ridden out this many times per request before the client gives up on it. */
const MAX_RATE_LIMITED = 30;
/** A request (all its attempts and pauses) gives up after this long. */
const MAX_RETRY_TIME_MS = 10 * 60_000;

export class TmdbClient {
  readonly stats: ClientStats = { requests: 0, retries: 0, rateLimited: 0, cacheHits: 0 };
  readonly pacer: RequestPacer;
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly origin: string;
  private readonly inFlight: LimitFunction;
  private readonly controller = new AbortController();
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly backoff: { min: number; max: number };

  constructor(private readonly options: TmdbClientOptions) {
    if (!options.readToken && !options.apiKey) {
      throw new Error('The TMDB client needs credentials: set TMDB_READ_TOKEN (v4 read access token) or TMDB_API_KEY.');
    }
    const url = new URL(options.baseUrl);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoff = options.backoffMs ?? { min: 500, max: 8_000 };
    this.pacer = new RequestPacer(options.ratePerSecond);
    this.inFlight = pLimit(options.connections);
    this.pool = new Pool(this.origin, {
      connections: options.connections,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      keepAliveTimeout: 30_000,
    });
  }

  /** The base URL people may see (it never holds a credential: the key travels per request). */
  get baseUrl(): string {
    return `${this.origin}${this.basePath}`;
  }

  /** GET `path` (relative to the base URL, e.g. `discover/movie`), validated by `schema`. */
  async get<T>(path: string, query: Query, schema: z.ZodType<T>): Promise<T> {
    const key = cacheKey(this.baseUrl, path, query);
    const cached = await this.options.cache?.get(key);
    if (cached !== undefined) {
      const parsed = schema.safeParse(cached);
      if (parsed.success) {
        this.stats.cacheHits++;
        return parsed.data;
      }
    }

    let attempts = 0;
    let rateLimited = 0;
    try {
      const value = await pRetry(
        () =>
          this.inFlight(() => {
            attempts++;
            return this.attempt(path, query, schema);
          }),
        {
          retries: this.maxAttempts - 1,
          factor: 2,
          minTimeout: this.backoff.min,
          maxTimeout: this.backoff.max,
          randomize: true,
          maxRetryTime: MAX_RETRY_TIME_MS,
          signal: this.controller.signal,
          shouldConsumeRetry: ({ error }) => !(error instanceof RetryableError && error.status === 429),
          shouldRetry: ({ error }) => {
            if (!(error instanceof RetryableError)) return false;
            if (error.status === 429 && ++rateLimited > MAX_RATE_LIMITED) return false;
            this.stats.retries++;
            return true;
          },
        },
      );
      await this.options.cache?.set(key, value.json);
      return value.data;
    } catch (error) {
      if (error instanceof RetryableError) {
        throw new TmdbRequestError(
          `TMDB request ${describeRequest(path, query)} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ` +
            `${error.message}. TMDB may be down or overloaded; try again later (a failed ingest keeps the last catalog).`,
          path,
          pageOf(query),
          error.status,
        );
      }
      throw error;
    }
  }

  /** Cancels every request not yet finished (they reject with `reason`). */
  abort(reason: Error): void {
    this.controller.abort(reason);
  }

  /** Closes the sockets; waits for nothing once aborted. */
  async close(): Promise<void> {
    if (this.controller.signal.aborted) await this.pool.destroy();
    else await this.pool.close();
  }

  private async attempt<T>(path: string, query: Query, schema: z.ZodType<T>): Promise<{ data: T; json: unknown }> {
    const signal = this.controller.signal;
    await this.pacer.acquire(signal);
    this.stats.requests++;
    let status: number;
    let retryAfter: string | string[] | undefined;
    let text: string;
    try {
      const response = await this.pool.request({
        method: 'GET',
        path: this.requestPath(path, query),
        headers: this.headers(),
        signal,
      });
      status = response.statusCode;
      retryAfter = response.headers['retry-after'];
      text = await response.body.text();
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw new RetryableError(`no complete response (${this.describeCause(error)})`);
    }

    if (status === 429) {
      this.stats.rateLimited++;
      this.pacer.pause(retryAfterMs(retryAfter) ?? 1_000);
      throw new RetryableError(`HTTP 429, rate limited${this.tmdbMessage(text)}`, 429);
    }
    if (status >= 500) throw new RetryableError(`HTTP ${status}${this.tmdbMessage(text)}`, status);
    if (status === 401) {
      throw new TmdbAuthError(
        `TMDB refused the credentials for ${describeRequest(path, query)} (HTTP 401${this.tmdbMessage(text)}). ` +
          'Check TMDB_READ_TOKEN (a v4 read access token) or TMDB_API_KEY (a v3 key).',
        path,
        pageOf(query),
        status,
      );
    }
    if (status < 200 || status >= 300) {
      throw new TmdbRequestError(
        `TMDB request ${describeRequest(path, query)} was refused: HTTP ${status}${this.tmdbMessage(text)}.`,
        path,
        pageOf(query),
        status,
      );
    }

    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new RetryableError(`HTTP ${status} but the body is not valid JSON (${text.length} bytes)`, status);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new RetryableError(`HTTP ${status} but the response is not what TMDB sends (${describeIssues(parsed.error)})`, status);
    }
    return { data: parsed.data, json };
  }

  private requestPath(path: string, query: Query): string {
    const params = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
    if (!this.options.readToken && this.options.apiKey) params.set('api_key', this.options.apiKey);
    const search = params.toString();
    return `${this.basePath}/${path}${search ? `?${search}` : ''}`;
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.readToken) headers.authorization = `Bearer ${this.options.readToken}`;
    return headers;
  }

  /** ": <status_message>" from TMDB's error JSON (masked), or '' when the body is not one. */
  private tmdbMessage(text: string): string {
    try {
      const body = JSON.parse(text) as { status_message?: unknown };
      const message = typeof body.status_message === 'string' ? body.status_message : '';
      return message ? `: ${maskSecrets(message, [this.options.readToken, this.options.apiKey])}` : '';
    } catch {
      return '';
    }
  }

  private describeCause(error: unknown): string {
    const code = (error as { code?: unknown } | null)?.code;
    const message = error instanceof Error ? error.message : String(error);
    const text = typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
    return maskSecrets(text, [this.options.readToken, this.options.apiKey]);
  }
}

function pageOf(query: Query): number | undefined {
  return typeof query.page === 'number' ? query.page : undefined;
}

/** `Retry-After` in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
