import { MAX_PADDED_SIZE, MIN_PADDED_SIZE, PADDING_MARKER } from "./constants.js";
import { EnvelopeTooLargeError, InvalidPaddingError } from "./errors.js";
import { paddedSize } from "./padEnvelope.js";

/**
 * Strips the padding of padEnvelope. Rejects (InvalidPaddingError) a size that is not a bucket,
 * a missing 0x80 marker, and a bucket larger than the content needs (non-canonical padding).
 */
export function unpadEnvelope(padded: Uint8Array): Uint8Array {
  if (padded.length > MAX_PADDED_SIZE) throw new EnvelopeTooLargeError(padded.length, MAX_PADDED_SIZE);
  if (padded.length < MIN_PADDED_SIZE || (padded.length & (padded.length - 1)) !== 0)
    throw new InvalidPaddingError(`${padded.length} bytes is not a padding bucket`);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (end < 0 || padded[end] !== PADDING_MARKER) throw new InvalidPaddingError("missing 0x80 padding marker");
  if (paddedSize(end) !== padded.length)
    throw new InvalidPaddingError(`${end} content bytes belong in a ${paddedSize(end)}-byte bucket, not ${padded.length}`);
  return padded.subarray(0, end);
}
