/**
 * Backoff for retryable delivery failures: exponential from `baseMs`, capped, with "equal jitter" (half fixed,
 * half random, so retries from many channels spread out), and never sooner than the server's `Retry-After`.
 */
export interface RetryPolicy {
  baseMs: number;
  capMs: number;
  /** Attempts in all, the first included; after the last retryable failure the delivery fails. */
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 2_000, capMs: 5 * 60_000, maxAttempts: 6 };

/** Delay before attempt `attempt + 1`, after `attempt` (>= 1) failed; `random` is in [0, 1). */
export function backoffMs(policy: RetryPolicy, attempt: number, retryAfterMs: number | undefined, random: () => number): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exp / 2 + random() * (exp / 2);
  return Math.max(retryAfterMs ?? 0, Math.round(jittered));
}
