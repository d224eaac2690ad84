/**
 * What keeps a long-running `greenlight serve` process alive and stoppable whatever happens around it.
 */

/**
 * The last line of containment: a failure that escaped every handler (a library's background promise, a callback
 * that threw) is logged and the server keeps serving. Questions already acknowledged are in the durable outbox,
 * so even a crash loses none; this keeps one bad request from costing everyone else theirs.
 */
export function containFailures(info: (message: string) => void): void {
  process.on('unhandledRejection', (reason) => {
    info(`greenlight: an unhandled failure was contained: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
  });
  process.on('uncaughtException', (error) => {
    info(`greenlight: an uncaught exception was contained: ${error.stack ?? error.message}`);
  });
}

/**
 * When whatever reads the server's output goes away (a closed pipe: the log shipper or the shell that started it
 * died), stop writing there and keep serving. Without this each write's EPIPE became an uncaught exception whose
 * containment wrote again — a loop at 100 % CPU that no longer answered SIGTERM.
 */
export function surviveClosedOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') return;
      stream.write = (() => true) as typeof stream.write;
    });
  }
}
