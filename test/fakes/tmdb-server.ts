/**
 * A TMDB API v3 stand-in on 127.0.0.1 (a random port), serving the real snapshot (see `tmdb-data.ts`) with TMDB's
 * wire format, for the client's tests and `npm run bench:ingest`:
 *
 * - `genre/{movie,tv}/list`; `discover/movie` (`primary_release_year` or `year`, `primary_release_date.gte/lte`), `discover/tv`
 *   (`first_air_date_year`, `first_air_date.gte/lte`) with `sort_by`; `movie/{popular,top_rated,now_playing,upcoming}`,
 *   `tv/{popular,top_rated,on_the_air,airing_today}`, `trending/all/{day,week}`; `movie/{id}`, `tv/{id}`.
 * - Pages of 20 (`page`, `results`, `total_pages`, `total_results`); pages past 500 are refused like TMDB does.
 * - Auth: `Authorization: Bearer <readToken>` or `?api_key=<apiKey>`, else 401 with TMDB's error JSON.
 * - A rate limit (`rateLimit` requests in any sliding second, every arrival counted) answered by 429 + `Retry-After`.
 * - Faults on demand (`inject`): an HTTP status for N requests or for good, slow responses, dropped connections,
 *   bad JSON, a body of the wrong shape, 429 storms, malformed records added to a page.
 * - `log`: every request (arrival time, path, query without the key, status, fault) for tests to measure.
 *
 * "Today" for now_playing/upcoming/airing_today is `today`, by default 30 days before the newest release in the
 * snapshot, so each of those lists has titles. on_the_air and airing_today approximate TMDB's (the snapshot has no
 * episode schedule): running shows, and running shows that premiered on today's weekday.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RawRecord } from '../../src/data/normalise.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';
import { loadStandInData, servedMovie, TMDB_MOVIE_GENRES, TMDB_TV_GENRES, type ServedTitle, type StandInData } from './tmdb-data.ts';

export const PAGE_SIZE = 20;
export const MAX_PAGE = 500;

export type Fault =
  | (FaultScope & { kind: 'status'; status?: number })
  | (FaultScope & { kind: 'slow'; delayMs: number })
  | (FaultScope & { kind: 'drop' })
  | (FaultScope & { kind: 'bad-json' })
  | (FaultScope & { kind: 'wrong-shape' })
  | (FaultScope & { kind: 'rate-limit'; retryAfterSeconds?: number })
  | (FaultScope & { kind: 'malformed-records'; records: RawRecord[] });

export interface FaultScope {
  /** Requests whose path below `/3/` starts with this (all requests when omitted). */
  path?: string;
  /** Only this page. */
  page?: number;
  /** Only requests whose query has these values (e.g. one year slice: `{ first_air_date_year: '2024' }`). */
  query?: Record<string, string>;
  /** How many matching requests it hits (default 1); `Infinity` for every one from now on. */
  times?: number;
}

export interface LoggedRequest {
  /** `performance.now()` at arrival, ms. */
  at: number;
  path: string;
  /** The query without `api_key`. */
  query: Record<string, string>;
  status: number;
  /** The injected fault that shaped the answer, or `rate-limit` when the stand-in's own limit refused it. */
  fault?: Fault['kind'] | 'limit';
}

export interface TmdbStandInOptions {
  snapshotDir?: string;
  readToken?: string;
  apiKey?: string;
  /** Requests allowed in any sliding one-second window (default: no limit). */
  rateLimit?: number;
  /** YYYY-MM-DD. */
  today?: string;
  /** Movie records (snapshot row shape) served besides the snapshot's, e.g. to model TMDB's volume of recent releases. */
  extraMovies?: RawRecord[];
}

export interface TmdbStandIn {
  /** e.g. `http://127.0.0.1:41234/3`. */
  readonly baseUrl: string;
  readonly log: LoggedRequest[];
  readonly data: StandInData;
  readonly today: string;
  inject(fault: Fault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

const NOT_FOUND = { success: false, status_code: 34, status_message: 'The resource you requested could not be found.' };
const BAD_KEY = { status_code: 7, status_message: 'Invalid API key: You must be granted a valid key.', success: false };
const BAD_PAGE = {
  success: false,
  status_code: 22,
  status_message: 'Invalid page: Pages start at 1 and max at 500. They are expected to be an integer.',
};

type Sorter = (a: ServedTitle, b: ServedTitle) => number;
const by =
  (field: (t: ServedTitle) => number | string, dir: 1 | -1): Sorter =>
  (a, b) => {
    const x = field(a);
    const y = field(b);
    return x < y ? -dir : x > y ? dir : a.id - b.id;
  };
const SORTS: Record<string, Sorter> = {
  'popularity.desc': by((t) => t.popularity, -1),
  'popularity.asc': by((t) => t.popularity, 1),
  'vote_average.desc': by((t) => t.voteAverage, -1),
  'vote_average.asc': by((t) => t.voteAverage, 1),
  'vote_count.desc': by((t) => t.voteCount, -1),
  'vote_count.asc': by((t) => t.voteCount, 1),
  'primary_release_date.desc': by((t) => t.date, -1),
  'primary_release_date.asc': by((t) => t.date, 1),
  'first_air_date.desc': by((t) => t.date, -1),
  'first_air_date.asc': by((t) => t.date, 1),
};

/** A title in a discover slice: its year (when given) and date bounds (when given); an undated title in none with a filter. */
function inSlice(t: ServedTitle, year: string | null, gte: string | null, lte: string | null): boolean {
  if (year && !t.date.startsWith(`${year}-`)) return false;
  if ((gte || lte) && t.date === '') return false;
  return (!gte || t.date >= gte) && (!lte || t.date <= lte);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export async function startTmdbStandIn(options: TmdbStandInOptions = {}): Promise<TmdbStandIn> {
  const loaded = await loadStandInData(options.snapshotDir ?? SNAPSHOT_DIR);
  const data: StandInData = options.extraMovies ? { ...loaded, movies: [...loaded.movies, ...options.extraMovies.map(servedMovie)] } : loaded;
  const today = options.today ?? addDays(data.latestRelease, -30);
  const log: LoggedRequest[] = [];
  const faults: { fault: Fault; left: number }[] = [];
  const arrivals: number[] = [];
  const lists = new Map<string, ServedTitle[]>();

  /** A list, filtered and sorted once, then kept. */
  const list = (key: string, make: () => ServedTitle[]) => {
    let found = lists.get(key);
    if (!found) lists.set(key, (found = make()));
    return found;
  };
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  const all = () => [...data.movies, ...data.tv];
  const ROUTES: Record<string, (q: URLSearchParams) => { titles: ServedTitle[]; mixed?: boolean; extra?: RawRecord } | undefined> = {
    // TMDB's discover filters: a release year, and release-date bounds (inclusive, YYYY-MM-DD).
    'discover/movie': (q) => {
      const year = q.get('primary_release_year') ?? q.get('year');
      const gte = q.get('primary_release_date.gte');
      const lte = q.get('primary_release_date.lte');
      const sort = q.get('sort_by') ?? 'popularity.desc';
      return {
        titles: list(`discover/movie ${year} ${gte} ${lte} ${sort}`, () =>
          data.movies.filter((t) => inSlice(t, year, gte, lte)).sort(SORTS[sort] ?? SORTS['popularity.desc']),
        ),
      };
    },
    'discover/tv': (q) => {
      const year = q.get('first_air_date_year');
      const gte = q.get('first_air_date.gte');
      const lte = q.get('first_air_date.lte');
      const sort = q.get('sort_by') ?? 'popularity.desc';
      return {
        titles: list(`discover/tv ${year} ${gte} ${lte} ${sort}`, () =>
          data.tv.filter((t) => inSlice(t, year, gte, lte)).sort(SORTS[sort] ?? SORTS['popularity.desc']),
        ),
      };
    },
    'movie/popular': () => ({ titles: list('movie/popular', () => [...data.movies].sort(SORTS['popularity.desc'])) }),
    'movie/top_rated': () => ({
      titles: list('movie/top_rated', () => data.movies.filter((t) => t.voteCount >= 300).sort(SORTS['vote_average.desc'])),
    }),
    'movie/now_playing': () => ({
      titles: list('movie/now_playing', () => data.movies.filter((t) => t.date >= addDays(today, -42) && t.date <= today).sort(SORTS['popularity.desc'])),
      extra: { dates: { maximum: today, minimum: addDays(today, -42) } },
    }),
    'movie/upcoming': () => ({
      titles: list('movie/upcoming', () => data.movies.filter((t) => t.date > today && t.date <= addDays(today, 60)).sort(SORTS['popularity.desc'])),
      extra: { dates: { maximum: addDays(today, 60), minimum: addDays(today, 1) } },
    }),
    'tv/popular': () => ({ titles: list('tv/popular', () => [...data.tv].sort(SORTS['popularity.desc'])) }),
    'tv/top_rated': () => ({
      titles: list('tv/top_rated', () => data.tv.filter((t) => t.voteCount >= 200).sort(SORTS['vote_average.desc'])),
    }),
    'tv/on_the_air': () => ({
      titles: list('tv/on_the_air', () => data.tv.filter((t) => t.ongoing && t.date <= today).sort(SORTS['popularity.desc'])),
    }),
    'tv/airing_today': () => ({
      titles: list('tv/airing_today', () =>
        data.tv.filter((t) => t.ongoing && t.date <= today && new Date(`${t.date}T00:00:00Z`).getUTCDay() === weekday).sort(SORTS['popularity.desc']),
      ),
    }),
    'trending/all/week': () => ({ titles: list('trending/all/week', () => all().sort(SORTS['popularity.desc'])), mixed: true }),
    'trending/all/day': () => ({
      titles: list('trending/all/day', () =>
        all()
          .filter((t) => t.date >= addDays(today, -365))
          .sort(SORTS['popularity.desc']),
      ),
      mixed: true,
    }),
  };
  // Build every list once up front (TMDB has them indexed): sorting on the first request would stall the server.
  for (const [path, route] of Object.entries(ROUTES)) {
    if (!path.startsWith('discover/')) route(new URLSearchParams());
  }
  const years = new Set([...data.movies, ...data.tv].map((t) => t.date.slice(0, 4)).filter((y) => y !== ''));
  for (const year of years) {
    ROUTES['discover/movie']!(new URLSearchParams({ primary_release_year: year }));
    ROUTES['discover/tv']!(new URLSearchParams({ first_air_date_year: year }));
  }
  const movieById = new Map(data.movies.map((t) => [t.id, t]));
  const tvById = new Map(data.tv.map((t) => [t.id, t]));

  const takeFault = (path: string, page: number | undefined, query: Record<string, string>): Fault | undefined => {
    for (const entry of faults) {
      const { fault } = entry;
      if (entry.left <= 0) continue;
      if (fault.path !== undefined && !path.startsWith(fault.path)) continue;
      if (fault.page !== undefined && fault.page !== page) continue;
      if (fault.query !== undefined && Object.entries(fault.query).some(([k, v]) => query[k] !== v)) continue;
      entry.left--;
      return fault;
    }
    return undefined;
  };

  /** Counts this arrival; true when it is over the limit for the last second. */
  const overLimit = (now: number): boolean => {
    if (options.rateLimit === undefined) return false;
    arrivals.push(now);
    while (arrivals.length > 0 && arrivals[0]! <= now - 1000) arrivals.shift();
    return arrivals.length > options.rateLimit;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const at = performance.now();
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const path = url.pathname.replace(/^\/3\//, '');
    const query = Object.fromEntries([...url.searchParams].filter(([k]) => k !== 'api_key'));
    const entry: LoggedRequest = { at, path, query, status: 0 };
    log.push(entry);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };

    if (overLimit(at)) {
      entry.fault = 'limit';
      return send(
        429,
        { success: false, status_code: 25, status_message: `Your request count (${arrivals.length}) is over the allowed limit of ${options.rateLimit}.` },
        { 'retry-after': '1' },
      );
    }
    const pageParam = url.searchParams.get('page');
    const fault = takeFault(path, pageParam === null ? undefined : Number(pageParam), query);
    if (fault) entry.fault = fault.kind;
    switch (fault?.kind) {
      case 'status':
        return send(fault.status ?? 503, { success: false, status_code: 11, status_message: 'Internal error: Something went wrong, contact TMDB.' });
      case 'rate-limit':
        return send(
          429,
          { success: false, status_code: 25, status_message: 'Your request count is over the allowed limit.' },
          {
            'retry-after': String(fault.retryAfterSeconds ?? 1),
          },
        );
      case 'drop':
        entry.status = -1;
        req.socket.destroy();
        return;
      case 'bad-json':
        return send(200, '{"page":1,"results":[{"id":');
      case 'wrong-shape':
        return send(200, { status: 'ok', items: [] });
      case 'slow':
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
        if (res.destroyed || req.socket.destroyed) {
          entry.status = -1;
          return;
        }
        break;
      default:
        break;
    }

    const bearer = req.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    const key = url.searchParams.get('api_key');
    const authorised = (options.readToken !== undefined && bearer === options.readToken) || (options.apiKey !== undefined && key === options.apiKey);
    if (!authorised) return send(401, BAD_KEY);

    if (path === 'genre/movie/list') return send(200, { genres: TMDB_MOVIE_GENRES });
    if (path === 'genre/tv/list') return send(200, { genres: TMDB_TV_GENRES });
    const details = path.match(/^(movie|tv)\/(\d+)$/);
    if (details) {
      const title = (details[1] === 'movie' ? movieById : tvById).get(Number(details[2]));
      return title ? send(200, title.details) : send(404, NOT_FOUND);
    }
    const route = ROUTES[path]?.(url.searchParams);
    if (!route) return send(404, NOT_FOUND);
    const page = pageParam === null ? 1 : Number(pageParam);
    if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE) return send(400, BAD_PAGE);
    const results: RawRecord[] = route.titles
      .slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
      .map((t) => (route.mixed ? { ...t.list, media_type: t.mediaType } : t.list));
    if (fault?.kind === 'malformed-records') results.push(...fault.records);
    return send(200, {
      ...route.extra,
      page,
      results,
      total_pages: Math.ceil(route.titles.length / PAGE_SIZE),
      total_results: route.titles.length,
    });
  };

  const server = createServer({ keepAlive: true }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ success: false, status_code: 11, status_message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/3`,
    log,
    data,
    today,
    inject: (fault) => faults.push({ fault, left: fault.times ?? 1 }),
    clearFaults: () => {
      faults.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
