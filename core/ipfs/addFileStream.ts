import type { CID } from "multiformats/cid";
import { throwIfAborted } from "./throwIfAborted.js";
import { toIpfsError } from "./toIpfsError.js";
import { toUnixFs, type UnixFsTarget } from "./toUnixFs.js";
import type { AbortOptions } from "./types.js";

export interface AddFileStreamOptions extends AbortOptions {
  /** Called after each chunk is consumed with the total number of bytes read so far. */
  onProgress?: (bytesRead: number) => void;
}

/**
 * Stream bytes (already encrypted by the caller) into a UnixFS file: 1 MiB raw
 * leaves, CIDv1, balanced DAG. Memory stays bounded to a few chunks whatever the
 * file size. Returns the root CID. Cancel with `signal` (`IpfsAbortedError`).
 */
export async function addFileStream(
  target: UnixFsTarget,
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: AddFileStreamOptions = {},
): Promise<CID> {
  const { signal, onProgress } = options;
  throwIfAborted(signal);
  try {
    return await toUnixFs(target).addByteStream(counted(source, signal, onProgress), { signal });
  } catch (error) {
    throw toIpfsError(error, signal);
  }
}

async function* counted(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  signal: AbortSignal | undefined,
  onProgress: ((bytesRead: number) => void) | undefined,
): AsyncGenerator<Uint8Array> {
  let bytesRead = 0;
  for await (const chunk of source) {
    throwIfAborted(signal);
    bytesRead += chunk.length;
    yield chunk;
    onProgress?.(bytesRead);
  }
}
