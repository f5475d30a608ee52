import { MAX_BATCH_ITEMS, MAX_WRAPPED_CID_LENGTH } from "./constants.js";
import { decodingSync } from "./decoding.js";
import { BatchTooLargeError, MalformedBatchError } from "./errors.js";

/**
 * Splits a BatchPosted `packed` payload into its wrapped CIDs (copies). Throws only
 * CairnErrors: MalformedBatchError (empty, zero or too-long length, overrun) or BatchTooLargeError.
 */
export function unpackBatch(packed: Uint8Array): Uint8Array[] {
  return decodingSync("message batch", () => {
    if (packed.length === 0) throw new MalformedBatchError("empty batch", 0);
    const items: Uint8Array[] = [];
    let offset = 0;
    while (offset < packed.length) {
      const length = packed[offset]!;
      if (length === 0 || length > MAX_WRAPPED_CID_LENGTH)
        throw new MalformedBatchError(`item length ${length} is outside 1..${MAX_WRAPPED_CID_LENGTH}`, offset);
      if (offset + 1 + length > packed.length)
        throw new MalformedBatchError(`item of ${length} bytes runs past the end`, offset);
      items.push(packed.slice(offset + 1, offset + 1 + length));
      offset += 1 + length;
      if (items.length > MAX_BATCH_ITEMS) throw new BatchTooLargeError(items.length, MAX_BATCH_ITEMS);
    }
    return items;
  });
}
