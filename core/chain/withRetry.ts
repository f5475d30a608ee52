import { causeChain } from "./causeChain.js";
import { RpcRateLimitedError, RpcUnavailableError } from "./errors.js";
import { isTimeout, toRpcError } from "./classifyRpcError.js";

export type RetryOptions = {
  /** Retries after the first attempt (default 4). */
  retries?: number;
  /** Delay before the first retry in ms; doubles on each retry (default 250). */
  baseDelayMs?: number;
  /** Upper bound of one backoff delay in ms (default 4,000). */
  maxDelayMs?: number;
  /**
   * Longest wait a rate limit may ask for (Retry-After, Infura's `backoff_seconds`) in ms
   * (default 30,000); a longer one ends the retries at once with RpcRateLimitedError.
   */
  maxRetryAfterMs?: number;
  /** Retry timeouts too (default true); `eth_getLogs` passes false and asks for fewer blocks instead. */
  retryTimeouts?: boolean;
  /** Called before each retry with the typed error and the coming delay. */
  onRetry?: (error: RpcUnavailableError | RpcRateLimitedError, attempt: number, delayMs: number) => void;
};

/** The delay before retry number `attempt` (0-based): base · 2^attempt, capped. */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
}

/** Parses a Retry-After value (delay-seconds or an HTTP date) into ms from `now`. */
function parseRetryAfter(value: string, now: number): number | undefined {
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value) * 1_000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long a rate-limited endpoint asks the client to wait, in ms: the HTTP Retry-After header of
 * the 429 answer (viem keeps the response headers on its errors), or the `backoff_seconds` Infura
 * puts in the JSON-RPC error's data. Undefined when the answer names no wait.
 */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  for (const link of causeChain(error)) {
    const headers = (link as { headers?: { get?: (name: string) => string | null } }).headers;
    const header = typeof headers?.get === "function" ? headers.get("retry-after") : null;
    const fromHeader = header ? parseRetryAfter(header, now) : undefined;
    if (fromHeader !== undefined) return fromHeader;
    const backoff = (link.data as { rate?: { backoff_seconds?: unknown } } | undefined)?.rate?.backoff_seconds;
    if (typeof backoff === "number" && backoff >= 0) return backoff * 1_000;
  }
  return undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn`, retrying with bounded exponential backoff while it fails with a transient RPC error
 * (unreachable endpoint, timeout, rate limit); a rate limit waits at least as long as the endpoint
 * asks (Retry-After). Those failures surface as RpcUnavailableError / RpcRateLimitedError once the
 * retries are spent; any other error is thrown at once, unchanged. This is Cairn's one retry
 * policy for RPC reads: the requests it wraps must not be retried by the transport as well (see
 * rpcRequest), or the attempts multiply.
 */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { retries = 4, baseDelayMs = 250, maxDelayMs = 4_000, maxRetryAfterMs = 30_000, retryTimeouts = true, onRetry } = options;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const typed = toRpcError(error);
      const transient = typed instanceof RpcRateLimitedError || typed instanceof RpcUnavailableError;
      if (!transient || (!retryTimeouts && isTimeout(error))) throw error;
      const asked = typed instanceof RpcRateLimitedError ? retryAfterMs(error) : undefined;
      if (attempt >= retries || (asked !== undefined && asked > maxRetryAfterMs)) throw typed;
      const delay = Math.max(backoffDelay(attempt, baseDelayMs, maxDelayMs), asked ?? 0);
      onRetry?.(typed, attempt, delay);
      await sleep(delay);
    }
  }
}
