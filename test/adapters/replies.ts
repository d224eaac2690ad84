/**
 * Hand-built `Reply` values shaped like `answer`'s: test data for the adapters' rendering and
 * transport, independent of the stages. The PNGs are real (sharp), small, and differ from each other.
 */
import sharp from 'sharp';
import { TMDB_ATTRIBUTION, type Reply, type ReplyChart, type ReplyImage } from '../../src/reply/reply.ts';

export async function png(r: number, g: number, b: number, width = 24, height = 16): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r, g, b } } })
    .png()
    .toBuffer();
}

export async function chartImages(): Promise<ReplyImage[]> {
  return [
    {
      id: 'explore.genre-distribution',
      png: await png(200, 40, 40),
      width: 24,
      height: 16,
      alt: 'Bar chart: Drama leads with 3,120 titles, then Comedy with 2,410.',
      title: 'Titles by genre',
    },
    {
      id: 'explore.release-trend',
      png: await png(40, 160, 80),
      width: 24,
      height: 16,
      alt: 'Line chart: releases per year rise from 2010 to a peak in 2019.',
      title: 'Releases per year',
    },
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

/**
 * An answer with charts in every chat form: a picture-only chart (most important), three that map to native
 * charts (one more than Slack draws in a message, so the least important goes out as its picture), a table and
 * diagnostics.
 */
export async function nativeReply(overrides: Partial<Reply> = {}): Promise<Reply> {
  const [bars, trend] = await chartImages();
  const scatter: ReplyImage = {
    id: 'explore.quality-popularity',
    png: await png(90, 90, 200),
    width: 24,
    height: 16,
    alt: 'Scatter of rating against popularity.',
    title: 'Quality vs popularity',
  };
  const charts: ReplyChart[] = [
    { id: scatter.id, title: scatter.title, alt: scatter.alt, importance: 1, image: scatter },
    {
      id: bars.id,
      title: bars.title,
      alt: bars.alt,
      importance: 0.9,
      native: {
        kind: 'bar',
        title: 'Titles per genre',
        categories: ['Drama', 'Comedy', 'Horror'],
        series: [
          { name: 'Movies', values: [3120, 2410, 900] },
          { name: 'TV', values: [800, 700, 120] },
        ],
        yLabel: 'Titles',
        horizontal: true,
      },
    },
    {
      id: 'explore.top-performers',
      title: 'Top titles',
      alt: 'Top titles by engagement.',
      importance: 0.8,
      native: {
        kind: 'pie',
        title: 'Share of hits',
        segments: [
          { label: 'Drama', value: 40 },
          { label: 'Comedy', value: 35 },
          { label: 'Horror', value: 25 },
        ],
      },
    },
    {
      id: trend.id,
      title: trend.title,
      alt: trend.alt,
      importance: 0.6,
      native: { kind: 'line', title: 'Releases per year', categories: ['2019', '2020', '2021'], series: [{ name: 'Releases', values: [472, 342, 332] }] },
      image: trend,
    },
  ];
  return answerReply({
    charts,
    images: [scatter, trend],
    decision: 'Drama leads: 25% of genre tags, 3,120 titles (of 12,257 in scope).',
    diagnostics: ['This answer is descriptive: counts and means over the catalog, with no model involved.', 'Data as of 2026-01-01.'],
    table: {
      kind: 'table',
      title: 'Drama vs Comedy',
      columns: ['Metric', 'Drama', 'Comedy'],
      rows: [
        ['Titles', '3,120 ✓', '2,410'],
        ['Hit rate', '24% ✓', '22%'],
      ],
      align: ['left', 'right', 'right'],
    },
    ...overrides,
  });
}
