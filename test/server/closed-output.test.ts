/**
 * When the reader of the server's output goes away (its pipe closes), the server keeps serving quietly and still
 * stops on SIGTERM. Before `surviveClosedOutput`, each write's EPIPE was an uncaught exception whose containment
 * wrote again: the process spun at 100 % CPU and ignored SIGTERM (seen with `serve` piped into a log reader that
 * died). The control shows that loop without the guard.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CHILD = join(import.meta.dirname, 'closed-output-child.ts');

/** CPU time (ms) the process has used, from /proc. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the child, closes its output once it is ready, then reports its CPU over a second and whether SIGTERM stops it. */
async function closeOutputThenStop(mode: 'guarded' | 'unguarded'): Promise<{ cpuInOneSecond: number; stoppedBySigterm: boolean }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve) => child.stderr.once('data', () => resolve()));
  child.stdout.destroy();
  child.stderr.destroy();
  await sleep(500);
  const before = cpuMs(child.pid!);
  await sleep(1000);
  const cpuInOneSecond = cpuMs(child.pid!) - before;
  const exited = new Promise<boolean>((resolve) => child.once('exit', () => resolve(true)));
  child.kill('SIGTERM');
  const stoppedBySigterm = await Promise.race([exited, sleep(3000).then(() => false)]);
  if (!stoppedBySigterm) child.kill('SIGKILL');
  return { cpuInOneSecond, stoppedBySigterm };
}

describe('a server whose output reader went away', () => {
  it('keeps running quietly and stops on SIGTERM', async () => {
    const guarded = await closeOutputThenStop('guarded');
    expect(guarded.cpuInOneSecond).toBeLessThan(200);
    expect(guarded.stoppedBySigterm).toBe(true);
  }, 20_000);

  it('(control) without the guard, spins on EPIPE', async () => {
    const unguarded = await closeOutputThenStop('unguarded');
    expect(unguarded.cpuInOneSecond).toBeGreaterThan(250);
  }, 20_000);
});
