/**
 * Keeps a service of the stack running: when its process dies, it is started again after a
 * backoff (1 s, doubling up to 30 s; back to 1 s once it has run for a minute), while the rest
 * of the stack carries on. `stop()` ends the supervision and the service.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Child } from "./startChild.js";

export interface SupervisedService<T extends { child: Child }> {
  current(): T;
  /** Restarts so far. */
  restarts(): number;
  stop(): Promise<void>;
}

export interface SuperviseOptions<T> {
  name: string;
  start: () => Promise<T>;
  log: (line: string) => void;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Uptime after which the backoff starts over. */
  stableMs?: number;
  onRestart?: (service: T) => void;
}

export async function superviseService<T extends { child: Child }>(options: SuperviseOptions<T>): Promise<SupervisedService<T>> {
  const minBackoff = options.minBackoffMs ?? 1_000;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  const stableMs = options.stableMs ?? 60_000;
  let current = await options.start();
  let startedAt = Date.now();
  let restarts = 0;
  let backoff = minBackoff;
  let stopping = false;
  const wake = new AbortController();

  const watch = async (): Promise<void> => {
    while (!stopping) {
      const { code, signal } = await current.child.exited;
      if (stopping) return;
      await current.child.stop(); // whatever it left in its process group
      if (Date.now() - startedAt >= stableMs) backoff = minBackoff;
      for (;;) {
        options.log(`${options.name} exited (${signal ?? `code ${code}`}); restarting in ${Math.round(backoff / 1000)} s`);
        await sleep(backoff, undefined, { signal: wake.signal }).catch(() => undefined);
        if (stopping) return;
        backoff = Math.min(maxBackoff, backoff * 2);
        try {
          current = await options.start();
          if (stopping) {
            await current.child.stop();
            return;
          }
          startedAt = Date.now();
          restarts += 1;
          options.log(`${options.name} restarted`);
          options.onRestart?.(current);
          break;
        } catch (error) {
          options.log(`${options.name} failed to start: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
        }
      }
    }
  };
  const watching = watch();

  return {
    current: () => current,
    restarts: () => restarts,
    async stop() {
      stopping = true;
      wake.abort();
      await current.child.stop();
      await watching;
    },
  };
}
