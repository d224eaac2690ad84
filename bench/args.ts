/** What the chat benchmarks share: `--name value` options and the quantile of sorted latencies. */

export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/** The q-quantile (nearest rank) of ascending values; NaN when there are none. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/**
 * A fresh data directory for a server under test, so that one run's state (subscriptions, outbox, thread memory)
 * never weighs on the next one's figures. The catalog and the trained models are linked from the usual data
 * directory when it has them (no retraining); otherwise the server builds them there as usual.
 */
export async function freshDataDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const { mkdtemp, rm, symlink, access } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join, resolve } = await import('node:path');
  const usual = resolve(process.env.GREENLIGHT_DATA_DIR ?? '.greenlight');
  const dir = await mkdtemp(join(tmpdir(), 'gl-bench-'));
  for (const name of ['catalog.json', 'models']) {
    const from = join(usual, name);
    if (
      await access(from).then(
        () => true,
        () => false,
      )
    )
      await symlink(from, join(dir, name));
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A fixed single-threaded loop's time in ms (median of three): how fast this machine runs right now. Shared
 * machines drift (the same build measured a third slower minutes apart); printed beside a bench's figures so runs
 * can be compared with the machine's state at the time.
 */
export function machineSpeedMs(): number {
  const times = [0, 1, 2].map(() => {
    const started = performance.now();
    let x = 0;
    for (let i = 0; i < 1e8; i += 1) x += i % 7;
    if (x < 0) throw new Error('unreachable');
    return performance.now() - started;
  });
  return Math.round(times.sort((a, b) => a - b)[1]);
}
