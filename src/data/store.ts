/**
 * The catalog on local disk: one JSON file in the data directory, replaced atomically (write to a temporary
 * file, fsync, rename), so a crash or a failed ingest never leaves a half-written catalog behind.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { Catalog, CatalogMeta } from './catalog.ts';

const FORMAT_VERSION = 1;

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

  /** The saved catalog, or `null` when none has been saved yet. */
  async load(): Promise<Catalog | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let file: CatalogFile;
    try {
      file = JSON.parse(text) as CatalogFile;
    } catch (error) {
      throw new Error(`The catalog file ${this.path} is not valid JSON (${(error as Error).message}). ` +
        'Delete it and run `greenlight ingest` again.');
    }
    if (file.format !== FORMAT_VERSION || !Array.isArray(file.titles) || !file.meta) {
      throw new Error(`The catalog file ${this.path} has format ${String(file.format)}; this version reads format ` +
        `${FORMAT_VERSION}. Run \`greenlight ingest\` to rebuild it.`);
    }
    return { meta: file.meta, titles: file.titles };
  }

  /** Replaces the saved catalog atomically. */
  async save(catalog: Catalog): Promise<void> {
    const file: CatalogFile = { format: FORMAT_VERSION, meta: catalog.meta, titles: catalog.titles };
    await mkdir(this.dataDir, { recursive: true });
    await writeFileAtomic(this.path, JSON.stringify(file), { encoding: 'utf8', fsync: true });
  }
}
