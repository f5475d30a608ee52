/** Polls until a check passes, a child process dies, or time runs out. */
import { setTimeout as sleep } from "node:timers/promises";
import type { Child } from "./startChild.js";
import { StartupTimeoutError } from "./errors.js";

export interface WaitOptions {
  /** What is awaited, for the timeout message. */
  what: string;
  timeoutMs?: number;
  intervalMs?: number;
  /** Fail at once if this process exits while waiting. */
  child?: Child;
}

export async function waitUntil<T>(check: () => Promise<T | undefined>, options: WaitOptions): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  let done = false;
  const poll = async (): Promise<T> => {
    while (!done) {
      try {
        const value = await check();
        if (value !== undefined) return value;
      } catch (error) {
        lastError = error;
      }
      if (Date.now() > deadline) throw new StartupTimeoutError(options.what, timeoutMs, lastError);
      await sleep(options.intervalMs ?? 200);
    }
    throw new StartupTimeoutError(options.what, timeoutMs, lastError);
  };
  try {
    return await (options.child ? Promise.race([poll(), options.child.failOnExit()]) : poll());
  } finally {
    done = true;
  }
}

/** A JSON-RPC node answers `eth_chainId`; resolves with the chain id. */
export function waitForRpc(rpcUrl: string, options: WaitOptions): Promise<number> {
  return waitUntil(async () => {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    const body = (await response.json()) as { result?: string };
    return body.result === undefined ? undefined : Number(body.result);
  }, options);
}

/**
 * An HTTP endpoint answers; resolves with the response body. By default any status counts
 * (the server is up); `accept` narrows that.
 */
export function waitForHttp(
  url: string,
  options: WaitOptions & { accept?: (status: number) => boolean },
): Promise<string> {
  return waitUntil(async () => {
    const response = await fetch(url);
    const body = await response.text();
    return (options.accept?.(response.status) ?? true) ? body : undefined;
  }, options);
}
