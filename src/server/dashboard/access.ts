/**
 * Who may see the dashboard. Without `GREENLIGHT_LINK_SECRET` every request is let through, and the dashboard
 * refuses to be created when it would be exposed beyond localhost that way. With a secret, a request needs either
 * a valid signed link (`verifyDashboardLink`) — which then sets a short-lived session cookie so in-page filter
 * changes keep working — or that session cookie. Everything else is refused with a reason a person can act on.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../../config.ts';
import { hmac, isExposed, signaturesMatch, verifyDashboardLink, type LinkStatus } from '../../reply/links.ts';

export const SESSION_COOKIE = 'greenlight_session';
export const SESSION_TTL_SECONDS = 3600;

export type Denial = Exclude<LinkStatus, 'ok'>;

/** What a refused person reads: what was wrong and what to do. */
export const DENIAL_MESSAGES: Readonly<Record<Denial, string>> = {
  missing: 'This dashboard opens from a signed link. Use the "Open dashboard" button of a Greenlight reply in Slack or Teams.',
  expired: 'This link has expired. Ask Greenlight again in Slack or Teams for a fresh link.',
  forged: 'This link was changed after it was issued, or was not issued by this Greenlight. Open the link from the original reply.',
};

export class ExposedWithoutSecretError extends Error {
  override name = 'ExposedWithoutSecretError';
  constructor() {
    super(
      'The dashboard is exposed beyond localhost (GREENLIGHT_HOST is not a loopback address or GREENLIGHT_PUBLIC_URL ' +
        'is set) but GREENLIGHT_LINK_SECRET is not set: set a long random secret so dashboard links are signed.',
    );
  }
}

/** Throws `ExposedWithoutSecretError` when the configuration would expose an unprotected dashboard. */
export function assertSafeExposure(config: Config): void {
  if (isExposed(config) && !config.GREENLIGHT_LINK_SECRET) throw new ExposedWithoutSecretError();
}

function sessionToken(secret: string, expSeconds: number): string {
  return `${expSeconds}.${hmac(secret, `session:${expSeconds}`)}`;
}

function sessionValid(secret: string, token: string | undefined, now: Date): boolean {
  if (!token) return false;
  const [exp, sig] = token.split('.');
  const expSeconds = Number(exp);
  if (!sig || !Number.isInteger(expSeconds) || expSeconds * 1000 <= now.getTime()) return false;
  return signaturesMatch(hmac(secret, `session:${expSeconds}`), sig);
}

export interface AccessOptions {
  config: Config;
  now: () => Date;
  /** How a refusal is answered: an HTML page for pages, JSON for the API. */
  deny: (c: Context, reason: Denial) => Response | Promise<Response>;
}

/** Middleware enforcing signed links (when a secret is configured) on the routes it guards. */
export function requireAccess(options: AccessOptions): MiddlewareHandler {
  return async (c, next) => {
    const secret = options.config.GREENLIGHT_LINK_SECRET;
    if (!secret) return next();
    const now = options.now();
    if (sessionValid(secret, getCookie(c, SESSION_COOKIE), now)) return next();
    const status = verifyDashboardLink(c.req.url, secret, now);
    if (status !== 'ok') return options.deny(c, status);
    const exp = Math.floor(now.getTime() / 1000) + SESSION_TTL_SECONDS;
    setCookie(c, SESSION_COOKIE, sessionToken(secret, exp), {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      maxAge: SESSION_TTL_SECONDS,
      secure: options.config.GREENLIGHT_PUBLIC_URL?.startsWith('https:') ?? false,
    });
    return next();
  };
}
