/** What the loopback fakes share: resolve once something they recorded reaches a count, or fail naming it. */
export function waitForCount<T>(what: string, items: () => T[], count: number, timeoutMs: number, waiters: (() => void)[]): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`timed out waiting for ${count} × ${what} (got ${items().length})`)), timeoutMs);
    const check = () => {
      const got = items();
      if (got.length >= count) {
        clearTimeout(deadline);
        resolve(got);
      } else waiters.push(check);
    };
    check();
  });
}
