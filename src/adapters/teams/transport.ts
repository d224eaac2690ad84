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
import { failureReply } from '../../reply/messages.ts';
import type { ChatHandler, ChatLogger } from '../conversation.ts';
import { readBody } from '../http-body.ts';
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

async function readJson(req: IncomingMessage, limit: number): Promise<Record<string, unknown> | undefined> {
  const body = await readBody(req, limit);
  try {
    const parsed: unknown = body ? JSON.parse(body.toString('utf8')) : undefined;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The minimal Express-like response `CloudAdapter.process` writes to. */
function responseFor(res: ServerResponse) {
  const shim = {
    socket: res.socket,
    status(code: number) {
      res.statusCode = code;
      return shim;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
      return shim;
    },
    send(body: unknown) {
      if (body === undefined || body === null) return shim;
      if (typeof body === 'string' || Buffer.isBuffer(body)) {
        res.write(body);
      } else {
        if (!res.headersSent) res.setHeader('content-type', 'application/json; charset=utf-8');
        res.write(JSON.stringify(body));
      }
      return shim;
    },
    end() {
      res.end();
      return shim;
    },
  };
  return shim;
}

export function createBotFrameworkEndpoint(options: BotFrameworkOptions): TeamsEndpoint {
  if (!options.appId && !options.localMode) {
    throw new TeamsConfigError(
      'Teams needs MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD: without an app id the Bot Framework accepts any token. ' +
        'Set GREENLIGHT_LOCAL_MODE=true to run it unauthenticated for local development.',
    );
  }
  if (options.appId && !options.appPassword) {
    throw new TeamsConfigError('MICROSOFT_APP_ID is set but MICROSOFT_APP_PASSWORD is not: the bot could not sign its replies.');
  }
  const adapter = new CloudAdapter(authentication(options));
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
  return {
    authenticated: Boolean(options.appId),
    async handle(req, res) {
      const body = await readJson(req, limit);
      if (!body) {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Expected a Bot Framework activity as a JSON object.');
        return;
      }
      const request = { body, headers: req.headers, method: req.method };
      await adapter.process(request, responseFor(res), (context) => bot.run(context));
    },
  };
}
