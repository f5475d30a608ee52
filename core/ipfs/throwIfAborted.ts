import { IpfsAbortedError } from "./errors.js";

/** Throw `IpfsAbortedError` if the signal has already fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new IpfsAbortedError({ cause: signal.reason });
}
