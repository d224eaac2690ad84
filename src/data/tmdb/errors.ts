/**
 * Errors the TMDB client raises. Each names what failed (endpoint, page, the query without credentials) and what
 * to do about it; none ever carries a secret: URLs are described through `describeRequest`, which leaves the
 * `api_key` out, and `maskSecrets` scrubs any text that came from elsewhere (a cause's message) before it is shown.
 */

export type Query = Readonly<Record<string, string | number | boolean>>;

/** Query parameters that are credentials: never printed, never part of a cache key. */
const SECRET_PARAMS = new Set(['api_key']);

/** The query without credentials, in a stable order. */
export function publicQuery(query: Query): [string, string][] {
  return Object.entries(query)
    .filter(([key]) => !SECRET_PARAMS.has(key))
    .map(([key, value]): [string, string] => [key, String(value)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** "discover/movie page 3 (primary_release_year=2001, sort_by=popularity.desc)": what a request was, for people. */
export function describeRequest(path: string, query: Query): string {
  const page = query.page === undefined ? '' : ` page ${String(query.page)}`;
  const rest = publicQuery(query).filter(([key]) => key !== 'page' && key !== 'language');
  return `${path}${page}${rest.length > 0 ? ` (${rest.map(([k, v]) => `${k}=${v}`).join(', ')})` : ''}`;
}

/** Replaces every occurrence of each secret (and any `api_key=…` query parameter) with `***`. */
export function maskSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text.replace(/([?&]api_key=)[^&\s"']*/gi, '$1***');
  for (const secret of secrets) if (secret) out = out.split(secret).join('***');
  return out;
}

/** A request that failed for good: after its retries, or at once when retrying cannot help. */
export class TmdbRequestError extends Error {
  override name = 'TmdbRequestError';

  constructor(
    message: string,
    /** The endpoint path, e.g. `discover/movie`. */
    readonly endpoint: string,
    /** The page asked for, when the endpoint is paged. */
    readonly page: number | undefined,
    /** The HTTP status of the last attempt, when there was a response. */
    readonly status: number | undefined,
  ) {
    super(message);
  }
}

/** TMDB answered 401: the read token or API key is wrong. Never retried. */
export class TmdbAuthError extends TmdbRequestError {
  override name = 'TmdbAuthError';
}
