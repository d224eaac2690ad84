/**
 * What Slack sends to an app: slash commands (form-encoded), Events API callbacks (JSON) and interactivity
 * payloads (form field `payload` holding JSON), each signed the way Slack signs them:
 * `x-slack-signature: v0=HMAC-SHA256(secret, "v0:" + timestamp + ":" + body)` with `x-slack-request-timestamp`.
 */
import { createHmac } from 'node:crypto';

export interface SignedRequestOptions {
  /** Unix seconds; defaults to now (Slack rejects more than 5 minutes of skew). */
  timestamp?: number;
  /** Sent as `x-slack-retry-num` / `x-slack-retry-reason`, as Slack does when it re-sends an event. */
  retryNum?: number;
  /** Sign with this secret instead (a forged request). */
  signWith?: string;
}

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export async function postSignedSlack(url: string, secret: string, body: string, contentType: string, options: SignedRequestOptions = {}): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(options.signWith ?? secret, timestamp, body),
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  return fetch(url, { method: 'POST', headers, body });
}

export function slashCommandBody(command: string, text: string, extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0TEST',
    team_domain: 'greenlight-test',
    channel_id: 'C0CHANNEL',
    channel_name: 'content-strategy',
    user_id: 'U0ALICE',
    user_name: 'alice',
    command,
    text,
    api_app_id: 'A0GREEN',
    response_url: 'https://hooks.slack.com/commands/T0TEST/1/abc',
    trigger_id: '1.2.abc',
    ...extra,
  }).toString();
}

export function sendSlashCommand(url: string, secret: string, command: string, text: string, options?: SignedRequestOptions): Promise<Response> {
  return postSignedSlack(url, secret, slashCommandBody(command, text), 'application/x-www-form-urlencoded', options);
}

let eventSeq = 0;

export function eventBody(event: Record<string, unknown>, eventId = `Ev0TEST${(eventSeq += 1)}`): string {
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: 'T0TEST',
    api_app_id: 'A0GREEN',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0TEST', user_id: 'U0BOT', is_bot: true }],
  });
}

export function sendEvent(url: string, secret: string, body: string, options?: SignedRequestOptions): Promise<Response> {
  return postSignedSlack(url, secret, body, 'application/json', options);
}

export function buttonClickBody(value: string, actionId: string, message: { ts: string; thread_ts?: string }, channel = 'C0CHANNEL'): string {
  const payload = {
    type: 'block_actions',
    team: { id: 'T0TEST', domain: 'greenlight-test' },
    user: { id: 'U0ALICE', username: 'alice', team_id: 'T0TEST' },
    api_app_id: 'A0GREEN',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: message.ts, channel_id: channel, is_ephemeral: false },
    trigger_id: '2.3.def',
    channel: { id: channel, name: 'content-strategy' },
    message: { type: 'message', ts: message.ts, ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}), text: 'reply', user: 'U0BOT', bot_id: 'B0BOT' },
    response_url: 'https://hooks.slack.com/actions/T0TEST/2/def',
    actions: [{ type: 'button', action_id: actionId, block_id: 'b1', text: { type: 'plain_text', text: 'Why?' }, value, action_ts: String(Date.now() / 1000) }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function clickButton(url: string, secret: string, body: string, options?: SignedRequestOptions): Promise<Response> {
  return postSignedSlack(url, secret, body, 'application/x-www-form-urlencoded', options);
}
