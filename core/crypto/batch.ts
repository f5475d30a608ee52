import { concat, u8, MAX_BATCH_ITEMS, MAX_WRAPPED_CID_LENGTH, InvalidLengthError, decodingSync } from "../encoding/index.js";
import { BatchTooLargeError, MalformedBatchError } from "./errors.js";

/**
 * Packs wrapped CIDs for postBatch (PROTOCOL.md §Packed batch): (uint8 length ‖ wrappedCid)*,
 * 1..MAX_BATCH_ITEMS items of 1..MAX_WRAPPED_CID_LENGTH bytes each.
 */
export function packBatch(wrappedCids: readonly Uint8Array[]): Uint8Array {
  if (wrappedCids.length === 0) throw new InvalidLengthError("batch", 0, `1..${MAX_BATCH_ITEMS} items`);
  if (wrappedCids.length > MAX_BATCH_ITEMS) throw new BatchTooLargeError(wrappedCids.length, MAX_BATCH_ITEMS);
  for (const item of wrappedCids)
    if (item.length < 1 || item.length > MAX_WRAPPED_CID_LENGTH)
      throw new InvalidLengthError("wrapped CID", item.length, `1..${MAX_WRAPPED_CID_LENGTH} bytes`);
  return concat(...wrappedCids.flatMap((item) => [u8(item.length), item]));
}

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
