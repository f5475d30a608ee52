import { RpcRateLimitedError, RpcUnavailableError } from "./errors.js";
import { toRpcError } from "./classifyRpcError.js";

export type RetryOptions = {
  /** Retries after the first attempt (default 4). */
  retries?: number;
  /** Delay before the first retry in ms; doubles on each retry (default 250). */
  baseDelayMs?: number;
  /** Upper bound of one delay in ms (default 4,000). */
  maxDelayMs?: number;
  /** Called before each retry with the typed error and the coming delay. */
  onRetry?: (error: RpcUnavailableError | RpcRateLimitedError, attempt: number, delayMs: number) => void;
};

/** The delay before retry number `attempt` (0-based): base · 2^attempt, capped. */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn`, retrying with bounded exponential backoff while it fails with a transient RPC error
 * (unreachable endpoint, timeout, rate limit). Those failures surface as RpcUnavailableError /
 * RpcRateLimitedError once the retries are spent; any other error is thrown at once, unchanged.
 */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { retries = 4, baseDelayMs = 250, maxDelayMs = 4_000, onRetry } = options;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const typed = toRpcError(error);
      const transient = typed instanceof RpcUnavailableError || typed instanceof RpcRateLimitedError;
      if (!transient) throw error;
      if (attempt >= retries) throw typed;
      const delay = backoffDelay(attempt, baseDelayMs, maxDelayMs);
      onRetry?.(typed, attempt, delay);
      await sleep(delay);
    }
  }
}
