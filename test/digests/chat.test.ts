import { describe, expect, it } from 'vitest';
import { channelOfTurn } from '../../src/digests/chat.ts';

describe('channelOfTurn', () => {
  it('subscribes a Teams channel, not the thread the command was typed in', () => {
    const ref = channelOfTurn({
      channel: 'teams',
      conversation: '19:abc@thread.tacv2;messageid=1700000000000',
      serviceUrl: 'https://smba.example/teams/',
    });
    expect(ref).toEqual({ kind: 'teams', conversationId: '19:abc@thread.tacv2', serviceUrl: 'https://smba.example/teams/' });
  });

  it('keeps a 1:1 Teams conversation and a Slack channel as they are', () => {
    expect(channelOfTurn({ channel: 'teams', conversation: 'a:1xyz' })).toEqual({ kind: 'teams', conversationId: 'a:1xyz', serviceUrl: '' });
    expect(channelOfTurn({ channel: 'slack', conversation: 'C0123' })).toEqual({ kind: 'slack', channelId: 'C0123' });
  });
});
