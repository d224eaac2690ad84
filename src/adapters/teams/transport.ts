/**
 * The Bot Framework transport for Teams: botbuilder's `CloudAdapter` behind a two-method interface the server
 * mounts at `/api/messages`. With an app id, every request's JWT is validated (issuer, signature against the
 * OpenID metadata's JWKS, expiry, audience = our app id, serviceUrl claim). Without one `CloudAdapter` turns
 * authentication off entirely, so that is only allowed when local mode is explicit.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CallerIdConstants, CloudAdapter, ConfigurationBotFrameworkAuthentication, StatusCodes, type Activity, type TurnContext } from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  BotFrameworkAuthentication,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { failureReply } from '../../reply/messages.ts';
import type { ChatHandler, ChatLogger } from '../conversation.ts';
import { readBody, refuseTooLarge } from '../http-body.ts';
import type { ServedImageUrl } from './card.ts';
import { GreenlightTeamsBot, replyActivity } from './bot.ts';

/** What the server needs from any Teams transport (botbuilder today, the Teams SDK later). */
export interface TeamsEndpoint {
  readonly authenticated: boolean;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

export interface BotFrameworkOptions {
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  /** Run without authentication when there is no app id: local development only. */
  localMode: boolean;
  /** Where the channel's signing keys are published and who issues its tokens (tests: a loopback issuer). */
  openIdMetadataUrl?: string;
  tokenIssuer?: string;
  handler: ChatHandler;
  /** Stores a reply image and resolves to its public URL (the server's `/images/<id>.png`). */
  imageUrl: ServedImageUrl;
  logger: ChatLogger;
  /** Largest activity accepted (bytes). */
  bodyLimit?: number;
  /**
   * Hosts an activity's `serviceUrl` may name (the bot POSTs its replies there): exact names, or `*.domain` for
   * any subdomain. Default: Microsoft's documented Bot Framework / Teams hosts, plus loopback in local mode.
   */
  serviceUrlHosts?: readonly string[];
}

/**
 * The hosts Microsoft documents for the Bot Connector service a bot replies to: Teams (public cloud and the
 * GCC, GCC High and DoD clouds) and the other Bot Framework channels (Web Chat, Direct Line).
 */
export const MICROSOFT_SERVICE_URL_HOSTS: readonly string[] = [
  'smba.trafficmanager.net',
  'smba.infra.gcc.teams.microsoft.com',
  'smba.infra.gov.teams.microsoft.us',
  'smba.infra.dod.teams.microsoft.us',
  '*.botframework.com',
  '*.botframework.azure.us',
];
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/** Whether `serviceUrl` is an http(s) URL on one of `hosts` (https only, except loopback hosts). */
export function serviceUrlAllowed(serviceUrl: unknown, hosts: readonly string[]): boolean {
  if (typeof serviceUrl !== 'string') return false;
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase();
  const loopback = LOOPBACK_HOSTS.includes(host);
  if (url.protocol !== 'https:' && !(loopback && url.protocol === 'http:')) return false;
  if (url.username || url.password) return false;
  return hosts.some((allowed) =>
    allowed.startsWith('*.') ? host.endsWith(allowed.slice(1)) && host.length > allowed.length - 1 : host === allowed.toLowerCase(),
  );
}

/** Why an activity cannot be processed (before authentication or any turn runs), or undefined. */
function activityProblem(activity: Record<string, unknown>): string | undefined {
  if (typeof activity.type !== 'string' || activity.type === '') return 'an activity needs a "type"';
  const conversation = activity.conversation as { id?: unknown } | undefined;
  if (typeof conversation !== 'object' || conversation === null || typeof conversation.id !== 'string') return 'an activity needs "conversation.id"';
  if (activity.from !== undefined && (typeof activity.from !== 'object' || activity.from === null)) return '"from" must be an object';
  if (activity.recipient !== undefined && (typeof activity.recipient !== 'object' || activity.recipient === null)) return '"recipient" must be an object';
  if (activity.text !== undefined && typeof activity.text !== 'string') return '"text" must be a string';
  return undefined;
}

export class TeamsConfigError extends Error {
  override name = 'TeamsConfigError';
}

/**
 * botframework-connector reports a bad signature as a plain `JsonWebTokenError` (a 500 from `CloudAdapter`);
 * a forged token is an authentication failure, so this decorator makes every token error a 401.
 */
class StrictAuthentication extends BotFrameworkAuthentication {
  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  private static async strictly<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      const name = error instanceof Error ? error.name : '';
      if (['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError'].includes(name)) {
        throw new AuthenticationError(`Unauthorized: ${(error as Error).message}`, StatusCodes.UNAUTHORIZED);
      }
      throw error;
    }
  }

  override authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return StrictAuthentication.strictly(() => this.inner.authenticateRequest(activity, authHeader));
  }
  override authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return StrictAuthentication.strictly(() => this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }
  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return StrictAuthentication.strictly(() => this.inner.authenticateChannelRequest(authHeader));
  }
  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
  }
  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }
  override createBotFrameworkClient() {
    return this.inner.createBotFrameworkClient();
  }
  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }
}

function authentication(options: BotFrameworkOptions): BotFrameworkAuthentication {
  const overridden = options.openIdMetadataUrl || options.tokenIssuer;
  return new StrictAuthentication(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: options.appId,
      MicrosoftAppPassword: options.appPassword,
      MicrosoftAppTenantId: options.tenantId,
      MicrosoftAppType: options.tenantId ? 'SingleTenant' : 'MultiTenant',
      // Setting any endpoint switches botbuilder to "parameterized" mode, which then needs all of them.
      ...(overridden
        ? {
            ToBotFromChannelOpenIdMetadataUrl: options.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
            ToBotFromChannelTokenIssuer: options.tokenIssuer ?? AuthenticationConstants.ToBotFromChannelTokenIssuer,
            ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
            ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
            ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
            OAuthUrl: AuthenticationConstants.OAuthUrl,
            CallerId: CallerIdConstants.PublicAzureChannel,
            ValidateAuthority: true,
          }
        : {}),
    }),
  );
}

function parseObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function plain(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
}

/**
 * A first check of the channel's token, before botbuilder sees it: signature against the published keys (the
 * OpenID metadata's `jwks_uri`), issuer, audience (our app id), expiry with botbuilder's 5-minute clock tolerance.
 * botframework-connector prints a forged or expired token's error and the published key to the console itself;
 * a token refused here is one log line. botbuilder still validates what passes (serviceUrl claim, endorsements).
 * When the keys cannot be fetched the check stands aside and botbuilder decides, as it would alone.
 */
function channelTokenCheck(options: Pick<BotFrameworkOptions, 'appId' | 'openIdMetadataUrl' | 'tokenIssuer'>) {
  const metadataUrl = options.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl;
  const issuer = options.tokenIssuer ?? AuthenticationConstants.ToBotFromChannelTokenIssuer;
  let keys: JWTVerifyGetKey | undefined;
  const keySet = async (): Promise<JWTVerifyGetKey | undefined> => {
    if (keys) return keys;
    try {
      const metadata = (await (await fetch(metadataUrl, { signal: AbortSignal.timeout(5_000) })).json()) as { jwks_uri?: unknown };
      if (typeof metadata.jwks_uri === 'string') keys = createRemoteJWKSet(new URL(metadata.jwks_uri));
    } catch {
      // Unreachable metadata: botbuilder's own fetch will fail the request the same way.
    }
    return keys;
  };
  /** Why the token is refused, or undefined when it passes (or cannot be checked here). */
  return async (authorization: string): Promise<string | undefined> => {
    const token = /^Bearer (\S+)$/i.exec(authorization)?.[1];
    if (!token) return 'no bearer token';
    const getKey = await keySet();
    if (!getKey) return undefined;
    try {
      await jwtVerify(token, getKey, { issuer, ...(options.appId ? { audience: options.appId } : {}), clockTolerance: 300 });
      return undefined;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && /^ERR_JW[TKS]/.test(code) && !/TIMEOUT|NO_MATCHING_KEY_TIMEOUT/.test(code)) return code;
      return undefined;
    }
  };
}

/** `CloudAdapter` with its activity processing callable: the transport reads, checks and answers requests itself. */
class QuietCloudAdapter extends CloudAdapter {
  answer(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authHeader, activity, logic);
  }
}

/**
 * The activity as botbuilder's own `process` hands it on (its `validateAndFixActivity`): date fields as `Date`s,
 * with their raw strings kept.
 */
function withDates(body: Record<string, unknown>): Activity {
  const activity: Record<string, unknown> = { ...body };
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    const value = activity[field];
    if (typeof value === 'string') {
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  return activity as unknown as Activity;
}

/** Why these Teams settings cannot run, or undefined (also checked before `greenlight serve` starts anything). */
export function teamsConfigProblem(options: Pick<BotFrameworkOptions, 'appId' | 'appPassword' | 'localMode'>): string | undefined {
  if (options.appId && !options.appPassword) return 'MICROSOFT_APP_ID is set but MICROSOFT_APP_PASSWORD is not: the bot could not sign its replies.';
  if (options.appPassword && !options.appId) return 'MICROSOFT_APP_PASSWORD is set but MICROSOFT_APP_ID is not: Teams is half-configured.';
  return undefined;
}

export function createBotFrameworkEndpoint(options: BotFrameworkOptions): TeamsEndpoint {
  if (!options.appId && !options.localMode) {
    throw new TeamsConfigError(
      'Teams needs MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD: without an app id the Bot Framework accepts any token. ' +
        'Set GREENLIGHT_LOCAL_MODE=true to run it unauthenticated for local development.',
    );
  }
  const problem = teamsConfigProblem(options);
  if (problem) throw new TeamsConfigError(problem);
  const adapter = new QuietCloudAdapter(authentication(options));
  const bot = new GreenlightTeamsBot({ handler: options.handler, imageUrl: options.imageUrl, logger: options.logger });
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    options.logger.error('teams: turn failed', error);
    try {
      await context.sendActivity(replyActivity(failureReply(), () => undefined));
    } catch (again) {
      options.logger.error('teams: sending the failure notice failed too', again);
    }
  };
  const limit = options.bodyLimit ?? 1024 * 1024;
  const hosts = options.serviceUrlHosts ?? [...MICROSOFT_SERVICE_URL_HOSTS, ...(options.localMode && !options.appId ? LOOPBACK_HOSTS : [])];
  const authenticated = Boolean(options.appId);
  const checkToken = channelTokenCheck(options);
  return {
    authenticated,
    async handle(req, res) {
      if (authenticated && !/^Bearer \S+$/i.test(String(req.headers.authorization ?? ''))) {
        plain(res, 401, 'Unauthorized.');
        req.resume();
        return;
      }
      const raw = await readBody(req, limit);
      if (!raw) {
        refuseTooLarge(req, res, limit);
        return;
      }
      const body = parseObject(raw);
      const problem = body ? activityProblem(body) : 'expected a Bot Framework activity as a JSON object';
      if (!body || problem) {
        plain(res, 400, `Bad activity: ${problem}.`);
        return;
      }
      // The bot POSTs its answer to the activity's serviceUrl: only to Microsoft's documented hosts.
      if (body.serviceUrl !== undefined && !serviceUrlAllowed(body.serviceUrl, hosts)) {
        options.logger.warn(`teams: refused an activity whose serviceUrl is not an accepted Bot Framework host`);
        plain(res, 400, 'Bad activity: its serviceUrl is not a Bot Framework service host accepted here.');
        return;
      }
      const refused = authenticated ? await checkToken(String(req.headers.authorization ?? '')) : undefined;
      if (refused) {
        options.logger.warn(`teams: refused an activity: its token failed the check (${refused})`);
        plain(res, 401, 'Unauthorized.');
        return;
      }
      // `processActivity`, not `CloudAdapter.process`: `process` prints every failure's stack to the console itself
      // (a forged token included) and answers with the error's message; here a refused token is one log line and a
      // generic 401, and anything else is logged once and a generic 500.
      try {
        const invoke = await adapter.answer(String(req.headers.authorization ?? ''), withDates(body), (context) => bot.run(context));
        if (invoke?.body === undefined) res.writeHead(invoke?.status ?? StatusCodes.OK).end();
        else res.writeHead(invoke.status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(invoke.body));
      } catch (error) {
        if (error instanceof AuthenticationError) {
          options.logger.warn(`teams: refused an activity: ${error.message.split('\n')[0].slice(0, 200)}`);
          plain(res, 401, 'Unauthorized.');
          return;
        }
        options.logger.error('teams: processing an activity failed', error);
        plain(res, 500, 'Internal error.');
      }
    },
  };
}
