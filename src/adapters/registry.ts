/**
 * The registered chat channels. The server starts each one the configuration turns on and routes its paths; the
 * digests and the CLI look channels up by name. Adding a platform is adding its adapter here.
 */
import type { ChannelAdapter, ChannelRef } from './channel.ts';
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

/** How people name a conversation: "Slack channel C0123", "Teams conversation 19:…". */
export function describeChannelRef(ref: ChannelRef): string {
  return channelNamed(ref.kind).describeRef(ref);
}

/**
 * `<channel>:<id>` names a conversation of that channel (`teams:19:abc…`, `slack:C0123ABC`); a bare id is one of
 * the first registered channel's (Slack: `C0123ABC`).
 */
export function parseChannelRef(text: string, serviceUrl?: string): ChannelRef {
  const named = CHANNELS.find((c) => text.startsWith(`${c.name}:`));
  return named ? named.refFromId(text.slice(named.name.length + 1), serviceUrl) : CHANNELS[0].refFromId(text, serviceUrl);
}

/** The inverse of `parseChannelRef`: a bare id for the first registered channel, `<channel>:<id>` for the others. */
export function channelRefText(ref: ChannelRef): string {
  const id = channelNamed(ref.kind).idOfRef(ref);
  return ref.kind === CHANNELS[0].name ? id : `${ref.kind}:${id}`;
}
