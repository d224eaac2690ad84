/**
 * The catalog on local disk: one JSON file in the data directory, replaced atomically (write to a temporary
 * file, fsync, rename), so a crash or a failed ingest never leaves a half-written catalog behind.
 */
import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { fingerprintTitles, type Catalog, type CatalogMeta } from './catalog.ts';
import { describeIssues, titleKey, titleSchema, type Title } from './title.ts';

const FORMAT_VERSION = 1;

/** The saved catalog cannot be read by this version (another format); rebuilding it is the remedy. */
export class CatalogFormatError extends Error {
  override name = 'CatalogFormatError';
}

interface CatalogFile {
  format: number;
  meta: CatalogMeta;
  titles: Catalog['titles'];
}

export class CatalogStore {
  readonly path: string;

  constructor(readonly dataDir: string) {
    this.path = join(dataDir, 'catalog.json');
  }

  /**
   * Deletes the temporary files of atomic writes that never finished (`catalog.json.<hex>`, left by a process
   * killed mid-write). One younger than a minute may belong to a writer still at work, and is left alone.
   */
  private async removeAbandonedTemporaries(now = Date.now()): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dataDir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!/^catalog\.json\.[0-9a-f]+$/.test(name)) continue;
      const path = join(this.dataDir, name);
      try {
        if (now - (await stat(path)).mtimeMs > 60_000) await unlink(path);
      } catch {
        // gone already, or not ours to delete: nothing to do
      }
    }
  }

  /**
   * The saved catalog, or `null` when none has been saved yet. Every record is validated: one that is not a
   * `Title` (e.g. `genres: null` from a hand-edited or damaged file) is quarantined — left out, counted in
   * `meta.skipped` and reported through `notify` — so it cannot fail every answer later.
   */
  async load(notify: (message: string) => void = () => undefined): Promise<Catalog | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    await this.removeAbandonedTemporaries();
    let file: CatalogFile;
    try {
      file = JSON.parse(text) as CatalogFile;
    } catch (error) {
      throw new Error(`The catalog file ${this.path} is not valid JSON (${(error as Error).message}). ` + 'Delete it and run `greenlight ingest` again.');
    }
    if (file.format !== FORMAT_VERSION || !Array.isArray(file.titles) || !file.meta) {
      throw new CatalogFormatError(
        `The catalog file ${this.path} has format ${String(file.format)}; this version reads format ` +
          `${FORMAT_VERSION}. Run \`greenlight ingest\` to rebuild it.`,
      );
    }
    return validated(file, this.path, notify);
  }

  /** Replaces the saved catalog atomically. */
  async save(catalog: Catalog): Promise<void> {
    const file: CatalogFile = { format: FORMAT_VERSION, meta: catalog.meta, titles: catalog.titles };
    await mkdir(this.dataDir, { recursive: true });
    await this.removeAbandonedTemporaries();
    await writeFileAtomic(this.path, JSON.stringify(file), { encoding: 'utf8', fsync: true });
  }
}

/** The `meta.skipped` reason under which records refused at load are counted. */
export const QUARANTINE_REASON = 'invalid at load (quarantined)';

/** The file's catalog without the records that are not valid titles (fingerprint and counts recomputed then). */
function validated(file: CatalogFile, path: string, notify: (message: string) => void): Catalog {
  const titles: Title[] = [];
  const bad: string[] = [];
  for (const [i, record] of (file.titles as unknown[]).entries()) {
    const parsed = titleSchema.safeParse(record);
    if (parsed.success) titles.push(record as Title);
    else {
      const key = record && typeof record === 'object' && 'id' in record ? titleKey(record as Title) : `#${i}`;
      bad.push(`${key} (${describeIssues(parsed.error)})`);
    }
  }
  if (bad.length === 0) return { meta: file.meta, titles: file.titles };
  // Many invalid records are not damage but a file written by another version: refuse it rather than serve
  // what is left of it.
  if (bad.length > 0.1 * (file.titles as unknown[]).length) {
    throw new CatalogFormatError(
      `The catalog file ${path}: ${bad.length} of ${(file.titles as unknown[]).length} records are not valid titles ` +
        `(e.g. ${bad[0]}); it was probably written by another version of Greenlight. Run \`greenlight ingest\` to rebuild it.`,
    );
  }
  notify(
    `Catalog ${path}: ${bad.length} record(s) quarantined as invalid and left out: ${bad.slice(0, 5).join('; ')}${bad.length > 5 ? '; …' : ''}. ` +
      'Run `greenlight ingest` to rebuild the catalog.',
  );
  const movie = titles.filter((t) => t.mediaType === 'movie').length;
  const meta: CatalogMeta = {
    ...file.meta,
    fingerprint: fingerprintTitles(titles),
    counts: { total: titles.length, movie, tv: titles.length - movie },
    skipped: { ...file.meta.skipped, [QUARANTINE_REASON]: (file.meta.skipped?.[QUARANTINE_REASON] ?? 0) + bad.length },
  };
  return { meta, titles };
}
