/**
 * A stage result's chat charts, rendered to PNG concurrently but bounded (two at a time: the machine has two
 * cores and rasterising is CPU-bound). A chart that fails is left out and logged; the reply still goes out.
 */
import pLimit from 'p-limit';
import { chartsFor, renderChart } from '../../charts/index.ts';
import type { StageResult } from '../core/stages/types.ts';
import type { ReplyImage } from './reply.ts';

const RENDER_CONCURRENCY = 2;

export async function chatImages(result: StageResult, log: (message: string, error?: unknown) => void): Promise<ReplyImage[]> {
  const limit = pLimit(RENDER_CONCURRENCY);
  const specs = chartsFor(result, { surface: 'chat' });
  const rendered = await Promise.all(
    specs.map((spec) =>
      limit(async (): Promise<ReplyImage | null> => {
        try {
          const r = await renderChart(spec);
          return { id: spec.id, png: r.png, width: r.width, height: r.height, alt: r.alt, title: spec.title };
        } catch (error) {
          log(`chart ${spec.id} could not be rendered`, error);
          return null;
        }
      }),
    ),
  );
  return rendered.filter((x): x is ReplyImage => x !== null);
}
