/**
 * Socket Mode as a Bolt receiver plug-in: the same `App` and listeners as HTTP mode, fed over Slack's WebSocket
 * instead of `/slack/events`. Bolt's own `SocketModeReceiver` does not pass the Web API base URL to its client,
 * so `apps.connections.open` would always go to slack.com; this one honours `SLACK_API_URL` (tests and bench use
 * a loopback fake). Each envelope is acknowledged by the listener's `ack()`, or after a failure, never twice.
 */
import type { App, Logger, Receiver, ReceiverEvent } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';

interface SlackEventArgs {
  ack: (response?: Record<string, unknown>) => Promise<void>;
  body: Record<string, unknown>;
  retry_num?: number;
  retry_reason?: string;
}

export class SocketReceiver implements Receiver {
  private app?: App;
  readonly client: SocketModeClient;

  constructor(options: { appToken: string; apiUrl?: string; logger: Logger }) {
    this.client = new SocketModeClient({
      appToken: options.appToken,
      logger: options.logger,
      clientOptions: options.apiUrl ? { slackApiUrl: options.apiUrl } : {},
    });
    this.client.on('slack_event', async (args: SlackEventArgs) => {
      let acked = false;
      const ack = async (response?: unknown) => {
        if (acked) return;
        acked = true;
        await args.ack(response && typeof response === 'object' ? (response as Record<string, unknown>) : {});
      };
      const event: ReceiverEvent = {
        body: args.body,
        ack,
        ...(args.retry_num !== undefined ? { retryNum: args.retry_num } : {}),
        ...(args.retry_reason !== undefined ? { retryReason: args.retry_reason } : {}),
      };
      try {
        await this.app?.processEvent(event);
      } catch (error) {
        options.logger.error(`slack: socket mode event failed: ${error instanceof Error ? error.message : String(error)}`);
        await ack();
      }
    });
  }

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {
    await this.client.start();
  }

  async stop(): Promise<void> {
    await this.client.disconnect();
  }
}
