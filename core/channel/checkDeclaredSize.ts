import { DownloadSizeMismatchError } from "./errors.js";

/**
 * Passes a decrypted file through, failing with DownloadSizeMismatchError as soon as it runs
 * past the size its message declares, or when it ends short of it: a reader never takes a
 * longer or truncated file for the one the sender described.
 */
export async function* checkDeclaredSize(plaintext: AsyncIterable<Uint8Array>, declared: number): AsyncGenerator<Uint8Array> {
  let received = 0;
  for await (const chunk of plaintext) {
    received += chunk.length;
    if (received > declared) throw new DownloadSizeMismatchError(declared, received);
    yield chunk;
  }
  if (received !== declared) throw new DownloadSizeMismatchError(declared, received);
}
