/**
 * Hand-built `Reply` values shaped like `answer`'s: test data for the adapters' rendering and
 * transport, independent of the stages. The PNGs are real (sharp), small, and differ from each other.
 */
import sharp from 'sharp';
import { TMDB_ATTRIBUTION, type Reply, type ReplyImage } from '../../src/reply/reply.ts';

export async function png(r: number, g: number, b: number, width = 24, height = 16): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r, g, b } } }).png().toBuffer();
}

export async function chartImages(): Promise<ReplyImage[]> {
  return [
    { id: 'explore.genre-distribution', png: await png(200, 40, 40), width: 24, height: 16, alt: 'Bar chart: Drama leads with 3,120 titles, then Comedy with 2,410.', title: 'Titles by genre' },
    { id: 'explore.release-trend', png: await png(40, 160, 80), width: 24, height: 16, alt: 'Line chart: releases per year rise from 2010 to a peak in 2019.', title: 'Releases per year' },
  ];
}

export async function answerReply(overrides: Partial<Reply> = {}): Promise<Reply> {
  return {
    kind: 'answer',
    stage: 'explore',
    title: 'Content universe: movies, 2010–2024',
    text: 'Drama & Comedy make up <half> of the catalog.',
    bullets: ['Drama leads with 3,120 titles (25%).', 'Horror grew fastest since 2015 (+48%).', 'Animation has the highest average rating (7.1).'],
    facts: [
      { label: 'Titles', value: '12,257' },
      { label: 'Median rating', value: '6.6' },
    ],
    images: await chartImages(),
    actions: [
      { kind: 'command', label: 'Why?', command: '/understand movies drama years 2010-2024', style: 'primary' },
      { kind: 'command', label: 'Compare with…', command: '/compare Drama vs Comedy' },
      { kind: 'command', label: 'What if budget 3?', command: '/predict drama movie budget 3 Q3' },
    ],
    dashboardUrl: 'http://127.0.0.1:3000/dashboard/explore?type=movie&years=2010-2024',
    footnotes: ['Data as of 2026-01-01.', TMDB_ATTRIBUTION],
    ...overrides,
  };
}
