/**
 * Request bodies at the edge: read up to a limit, and refuse a larger one with 413 in a way that does not leave
 * the client hanging (the rest of its body is read and dropped, and the connection is closed after the answer).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Reads a request body up to `limit` bytes; `undefined` when it is larger (the caller answers with `refuseTooLarge`).
 * A declared `content-length` over the limit is refused before anything is read.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return; // drained and dropped
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => (over ? undefined : reject(error)));
  });
}

/** Answers 413 with a short JSON reason and closes the connection once the client has it. */
export function refuseTooLarge(req: IncomingMessage, res: ServerResponse, limit: number): void {
  req.resume(); // drop whatever is still coming, so the client can read the answer
  if (res.headersSent) {
    res.end();
    return;
  }
  res.shouldKeepAlive = false;
  res
    .writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' })
    .end(JSON.stringify({ error: `The request body is larger than the ${limit} bytes accepted here.` }));
}
