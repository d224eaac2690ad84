/** What the intents and reply tests share: the real catalog (imported once per file) and result unwrapping. */
import type { Intent, ParseResult } from '../../intents/index.ts';
import type { Catalog } from '../../src/data/catalog.ts';
import { importSnapshot } from '../../src/data/snapshot.ts';
import { SNAPSHOT_DIR } from '../helpers/paths.ts';

let loading: Promise<Catalog> | undefined;

/** The real snapshot, imported on first use. */
export function realCatalog(): Promise<Catalog> {
  return (loading ??= importSnapshot(SNAPSHOT_DIR, new Date('2026-01-01T00:00:00Z')));
}

/** The intent of a parse result; fails the test with the result when it is a clarification or an error. */
export function expectIntent(result: ParseResult): Intent {
  if (result.kind !== 'intent') throw new Error(`expected an intent, got ${JSON.stringify(result)}`);
  return result.intent;
}
