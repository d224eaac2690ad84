/**
 * Subscriptions from configuration: `GREENLIGHT_DIGESTS_FILE` names a JSON file, read when the scheduler starts,
 * e.g. `[{ "id": "exec-weekly", "channel": "C0123ABC", "schedule": "weekly mon 09:00 Europe/Berlin",
 * "sections": ["rising", "green"], "owner": "U0456DEF" }, { "id": "horror-zone", "channel": "C0123ABC",
 * "alert": "zone Horror", "schedule": "daily 08:00 Europe/Berlin" }]`. Entries are upserted by id: the
 * definition follows the file; when it was created and whether it was stopped are kept.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Catalog } from '../data/catalog.ts';
import { parseChannelRef } from '../adapters/registry.ts';
import { parseDigestRequest } from './command.ts';
import type { DigestState } from './state.ts';
import type { Subscription } from './types.ts';

const entrySchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'ids are 1–64 letters, digits, - or _'),
  channel: z.string().min(1),
  schedule: z.string().min(1),
  sections: z.array(z.string()).optional(),
  alert: z.string().optional(),
  owner: z.string().default('config'),
  serviceUrl: z.string().optional(),
});

export async function loadSubscriptionsFile(file: string, state: DigestState, now: Date, catalog?: Catalog): Promise<Subscription[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`GREENLIGHT_DIGESTS_FILE ${file} could not be read as JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = z.array(entrySchema).safeParse(raw);
  if (!parsed.success) {
    throw new Error(`GREENLIGHT_DIGESTS_FILE ${file}: ${parsed.error.issues.map((i) => `[${i.path.join('.')}] ${i.message}`).join('; ')}`);
  }
  const out: Subscription[] = [];
  for (const entry of parsed.data) {
    const words = entry.alert ? `alert ${entry.alert} ${entry.schedule}` : `${entry.schedule} ${(entry.sections ?? []).join(' ')}`;
    let request;
    try {
      request = parseDigestRequest(words, catalog);
    } catch (error) {
      throw new Error(`GREENLIGHT_DIGESTS_FILE ${file}, subscription ${entry.id}: ${(error as Error).message}`, { cause: error });
    }
    if (request.kind !== 'subscribe') throw new Error(`GREENLIGHT_DIGESTS_FILE ${file}, subscription ${entry.id}: "${words}" is not a schedule`);
    const existing = await state.getSubscription(entry.id);
    const sub: Subscription = {
      id: entry.id,
      channel: parseChannelRef(entry.channel, entry.serviceUrl),
      owner: entry.owner,
      schedule: request.schedule,
      content: request.content,
      createdAt: existing?.createdAt ?? now.toISOString(),
      status: existing?.status ?? 'active',
      ...(existing?.failure ? { failure: existing.failure } : {}),
    };
    await state.putSubscription(sub);
    out.push(sub);
  }
  return out;
}
