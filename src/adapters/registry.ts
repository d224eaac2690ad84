/**
 * The registered chat channels. The server starts each one the configuration turns on and routes its paths; the
 * digests and the CLI look channels up by name. Adding a platform is adding its adapter here.
 */
import type { ChannelAdapter } from './channel.ts';
import { slackChannel } from './slack/channel.ts';
import { teamsChannel } from './teams/channel.ts';

export const CHANNELS: readonly ChannelAdapter[] = [slackChannel, teamsChannel];

export const CHANNEL_NAMES: readonly string[] = CHANNELS.map((c) => c.name);

/** The channel called `name`; throws naming the channels there are. */
export function channelNamed(name: string): ChannelAdapter {
  const channel = CHANNELS.find((c) => c.name === name);
  if (!channel) throw new Error(`No chat channel "${name}": the channels are ${CHANNEL_NAMES.join(', ')}.`);
  return channel;
}
