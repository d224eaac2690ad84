/** The pure renderers: `toBlockKit` and `toAdaptiveCard` on hand-built replies, at and past the platforms' limits. */
import { describe, expect, it } from 'vitest';
import { toBlockKit, type SlackBlock } from '../../src/adapters/slack/blocks.ts';
import { cardBytes, MAX_CARD_BYTES, toAdaptiveCard } from '../../src/adapters/teams/card.ts';
import type { ReplyImage } from '../../src/reply/reply.ts';
import { answerReply, png } from './replies.ts';

const textOf = (block: SlackBlock): string => JSON.stringify(block);

describe('toBlockKit', () => {
  it('lays out header, text, facts, bullets, images, buttons and footer', async () => {
    const reply = await answerReply();
    const { blocks, text } = toBlockKit(reply, {
      files: new Map([
        ['explore.genre-distribution', 'F1'],
        ['explore.release-trend', 'F2'],
      ]),
    });
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'image', 'image', 'actions', 'context']);
    expect(text).toBe(`${reply.title}: ${reply.text}`);
    // mrkdwn control characters are escaped; the person's words are not turned into links or mentions.
    expect(textOf(blocks[1])).toContain('Drama &amp; Comedy make up &lt;half&gt;');
    expect(textOf(blocks[2])).toContain('*Titles*\\n12,257');
    expect(textOf(blocks[3])).toContain('• Horror grew fastest');
    expect(blocks[4]).toMatchObject({ type: 'image', slack_file: { id: 'F1' }, alt_text: reply.images[0].alt, title: { text: 'Titles by genre' } });
    const buttons = (blocks[6] as { elements: { action_id: string; url?: string; value?: string; style?: string }[] }).elements;
    expect(buttons[0]).toMatchObject({ action_id: 'greenlight_link_0', url: reply.dashboardUrl });
    expect(buttons[1]).toMatchObject({ action_id: 'greenlight_cmd_1', value: '/understand movies drama years 2010-2024', style: 'primary' });
    expect(textOf(blocks[7])).toContain('not endorsed or certified by TMDB');
  });

  it('says the decision once: a text line the decision line begins with is not repeated under it', async () => {
    const decision = 'Drama: median velocity 0.27 popularity percentile per day (the only genre measured, so no ranking); no outlook: Prophet lost.';
    const reply = await answerReply({
      decision,
      text: 'Drama: median velocity 0.27 popularity percentile per day (the only genre measured, so no ranking).\nRead as: /forecast Drama',
    });
    const json = JSON.stringify(toBlockKit(reply).blocks);
    expect(json.split('median velocity 0.27').length - 1).toBe(1);
    expect(json).toContain('Read as: /forecast Drama');
    expect(JSON.stringify(toAdaptiveCard(reply)).split('median velocity 0.27').length - 1).toBe(1);
  });

  it('describes charts in words when they were not uploaded, and marks errors', async () => {
    const reply = await answerReply({ kind: 'error', title: 'Unknown genre "scifu"' });
    const { blocks } = toBlockKit(reply);
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: ':warning: Unknown genre "scifu"' } });
    expect(blocks.filter((b) => b.type === 'image')).toEqual([]);
    expect(JSON.stringify(blocks)).toContain('Bar chart: Drama leads');
  });

  it('stays inside Slack limits: 150-char header, 75-char labels, 50 blocks with buttons and footer kept', async () => {
    const image = (await answerReply()).images[0];
    const many: ReplyImage[] = Array.from({ length: 60 }, (_, i) => ({ ...image, id: `chart-${i}` }));
    const files = new Map(many.map((m, i) => [m.id, `F${i}`]));
    const reply = await answerReply({ title: 'T'.repeat(400), images: many, actions: [{ kind: 'command', label: 'L'.repeat(200), command: '/forecast' }] });
    const { blocks } = toBlockKit(reply, { files });
    expect(blocks).toHaveLength(50);
    expect(blocks.at(-1)?.type).toBe('context');
    expect(blocks.at(-2)?.type).toBe('actions');
    expect((blocks[0] as { text: { text: string } }).text.text).toHaveLength(150);
    const labels = (blocks.at(-2) as { elements: { text: { text: string } }[] }).elements.map((e) => e.text.text.length);
    expect(Math.max(...labels)).toBeLessThanOrEqual(75);
  });
});

describe('toAdaptiveCard', () => {
  it('is a 1.5 card with a FactSet, images by URL, OpenUrl and Submit actions', async () => {
    const reply = await answerReply();
    const card = toAdaptiveCard(reply, (image) => `https://greenlight.example.com/images/${image.id}.png`);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json' });
    expect(card.body.map((e) => e.type)).toEqual(['TextBlock', 'TextBlock', 'FactSet', 'TextBlock', 'Image', 'TextBlock', 'Image', 'TextBlock', 'TextBlock']);
    expect(card.body.filter((e) => e.type === 'Image').map((e) => e.url)).toEqual(reply.images.map((i) => `https://greenlight.example.com/images/${i.id}.png`));
    expect(card.actions[0]).toEqual({ type: 'Action.OpenUrl', title: 'Open dashboard', url: reply.dashboardUrl });
    expect(card.actions[1]).toMatchObject({
      type: 'Action.Submit',
      style: 'positive',
      data: { greenlight: '/understand movies drama years 2010-2024', msteams: { type: 'messageBack', text: '/understand movies drama years 2010-2024' } },
    });
    // No PNG bytes inside the card.
    expect(JSON.stringify(card)).not.toContain('iVBOR');
  });

  it('shrinks an oversized reply under the Teams size budget, keeping title and actions', async () => {
    const long = '€'.repeat(3000); // 3 bytes each in UTF-8
    const reply = await answerReply({
      text: long,
      bullets: Array.from({ length: 20 }, () => long),
      footnotes: Array.from({ length: 20 }, () => long),
      images: [],
    });
    const full = toAdaptiveCard(reply, () => undefined, Number.MAX_SAFE_INTEGER);
    expect(cardBytes(full)).toBeGreaterThan(MAX_CARD_BYTES);
    const card = toAdaptiveCard(reply);
    expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(card.body[0]).toMatchObject({ text: reply.title });
    expect(card.actions).toHaveLength(5);
  });

  it('describes an image in words when it has no URL', async () => {
    const reply = await answerReply({ images: [{ id: 'a', png: await png(1, 2, 3), width: 24, height: 16, alt: 'A chart of things', title: 'Things' }] });
    const card = toAdaptiveCard(reply);
    expect(card.body.some((e) => e.type === 'Image')).toBe(false);
    expect(JSON.stringify(card.body)).toContain('**Things**: A chart of things');
  });
});
