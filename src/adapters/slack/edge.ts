/**
 * The edge in front of Bolt's HTTP receiver: every request to `/slack/events` is read (up to a limit), its
 * signature and timestamp checked, its body parsed and checked to be an object, and a replay refused, before Bolt
 * sees it. Bolt then gets the already-read body (`rawBody`) and does its own, now safe, work.
 *
 * Why: Bolt reads `body.ssl_check` on whatever `JSON.parse` returned, so a correctly signed `null` (JSON) or
 * `payload=null` (form) threw outside any handler and took the process down. And Slack's own rules are stricter
 * than Bolt's: a timestamp more than five minutes away *either way* is refused (Bolt accepts the future), and a
 * signed request replayed inside that window is acknowledged but not acted on twice.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KvBackend } from '../../digests/store/backend.ts';
import type { ChatLogger } from '../conversation.ts';
import { readBody, refuseTooLarge } from '../http-body.ts';

/** Slack's documented window for `x-slack-request-timestamp` (seconds). */
export const SLACK_TIMESTAMP_TOLERANCE_S = 300;
/** Slack's payloads are small; Bolt's own default limit is 10 MB. */
export const SLACK_BODY_LIMIT = 256 * 1024;
const FORM = 'application/x-www-form-urlencoded';

export interface SlackEdgeOptions {
  signingSecret: string;
  /** Where request fingerprints are remembered (shared by replicas), to refuse a replay. */
  state: Pick<KvBackend, 'insertIfAbsent'>;
  logger: ChatLogger;
  bodyLimit?: number;
  /** Unix seconds now (tests move the clock). */
  nowSeconds?: () => number;
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

function refuse(res: ServerResponse, status: number, error: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error }));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function signatureValid(secret: string, timestamp: string, body: Buffer, given: string): boolean {
  const expected = Buffer.from(`v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex')}`);
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What Bolt will parse, parsed the way Bolt parses it (an exact form content type is a form, with its JSON in
 * `payload`; anything else is JSON): an object, or the reason it is not.
 */
export function parseSlackBody(contentType: string | undefined, body: string): { payload: Record<string, unknown> } | { problem: string } {
  try {
    if (contentType === FORM) {
      const form = new URLSearchParams(body);
      const payload = form.get('payload');
      if (payload === null) return { payload: Object.fromEntries(form) };
      const parsed: unknown = JSON.parse(payload);
      return isObject(parsed) ? { payload: parsed as Record<string, unknown> } : { problem: 'the form field `payload` must hold a JSON object' };
    }
    const parsed: unknown = JSON.parse(body);
    return isObject(parsed) ? { payload: parsed as Record<string, unknown> } : { problem: 'the body must be a JSON object' };
  } catch {
    return { problem: contentType === FORM ? 'the form field `payload` is not JSON' : 'the body is not JSON' };
  }
}

/** Wraps Bolt's request listener with the checks above; nothing that reaches it can throw out of it. */
export function guardSlackRequests(listener: Listener, options: SlackEdgeOptions): Listener {
  const limit = options.bodyLimit ?? SLACK_BODY_LIMIT;
  const now = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const log = options.logger;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, limit);
    if (!body) {
      log.warn(`slack: refused a request body over ${limit} bytes`);
      refuseTooLarge(req, res, limit);
      return;
    }
    const contentType = header(req, 'content-type');
    const text = body.toString('utf8');
    // Slack's SSL check carries no signature and needs only a 200 (Bolt would answer it the same way).
    if (contentType === FORM && new URLSearchParams(text).get('ssl_check') === '1') {
      res.writeHead(200).end();
      return;
    }
    const timestamp = header(req, 'x-slack-request-timestamp');
    const signature = header(req, 'x-slack-signature');
    const seconds = Number(timestamp);
    if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) {
      refuse(res, 401, 'Missing or malformed Slack signature headers.');
      return;
    }
    if (Math.abs(now() - seconds) > SLACK_TIMESTAMP_TOLERANCE_S) {
      log.warn(`slack: refused a request stamped ${now() - seconds} s from now (more than ${SLACK_TIMESTAMP_TOLERANCE_S} s either way)`);
      refuse(res, 401, 'The request timestamp is outside the accepted five-minute window.');
      return;
    }
    if (!signatureValid(options.signingSecret, timestamp, body, signature)) {
      refuse(res, 401, 'The request signature does not match.');
      return;
    }
    const parsed = parseSlackBody(contentType, text);
    if ('problem' in parsed) {
      log.warn(`slack: refused a signed request whose body is not a Slack payload: ${parsed.problem}`);
      refuse(res, 400, `Expected a Slack event, command or interaction: ${parsed.problem}.`);
      return;
    }
    // A signed command or interaction seen before inside the window is a replay: acknowledge it, act once.
    // (Events are de-duplicated by their event id after Bolt's ack, which also covers Slack's own retries.)
    // If the store cannot tell, answer: a duplicate beats a lost question.
    const fingerprint = createHash('sha256').update(body).digest('hex');
    let first = true;
    if (typeof parsed.payload.event_id !== 'string') {
      try {
        first = await options.state.insertIfAbsent(`slack-request:${fingerprint}`, String(seconds), 2 * SLACK_TIMESTAMP_TOLERANCE_S * 1000);
      } catch (error) {
        log.warn(`slack: cannot check for a replayed request (${error instanceof Error ? error.message : String(error)}); handling it`);
      }
    }
    if (!first) {
      log.info(`slack: a request identical to one already received (${fingerprint.slice(0, 12)}) was acknowledged and not acted on again`);
      res.writeHead(200).end();
      return;
    }
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
    listener(req, res);
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error('slack: a request failed at the edge', error);
      refuse(res, 500, 'Internal error.');
    });
  };
}
