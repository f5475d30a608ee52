import { concat, u8 } from "./bytes.js";
import { MAX_BATCH_ITEMS, MAX_WRAPPED_CID_LENGTH } from "./constants.js";
import { BatchTooLargeError, InvalidLengthError } from "./errors.js";

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
