import { IpfsAbortedError } from "./errors.js";

/** Wait `ms`, or reject with `IpfsAbortedError` as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new IpfsAbortedError({ cause: signal.reason }));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new IpfsAbortedError({ cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
