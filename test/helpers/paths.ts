/** Where the real TMDB snapshot sits: `../shared/tmdb` beside the checkout (override with GREENLIGHT_SNAPSHOT). */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const SNAPSHOT_DIR = resolve(process.env.GREENLIGHT_SNAPSHOT ?? resolve(import.meta.dirname, '../../../shared/tmdb'));

if (!existsSync(resolve(SNAPSHOT_DIR, 'movies.jsonl.gz'))) {
  throw new Error(`The TMDB snapshot is missing at ${SNAPSHOT_DIR}: the tests expect ../shared/tmdb beside the checkout.`);
}
