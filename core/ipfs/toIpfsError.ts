import { CairnError } from "../errors.js";
import { BlockNotFoundError, IpfsAbortedError } from "./errors.js";
import { isNotFoundError } from "./isNotFoundError.js";

/** Map a library error raised during a streaming operation to Cairn's typed errors. */
export function toIpfsError(error: unknown, signal: AbortSignal | undefined, cid?: string): unknown {
  if (error instanceof CairnError) return error;
  if (signal?.aborted) return new IpfsAbortedError({ cause: error });
  if (isNotFoundError(error)) return new BlockNotFoundError(cid ?? "unknown", { cause: error });
  return error;
}
