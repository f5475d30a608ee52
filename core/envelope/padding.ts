import { MAX_ENVELOPE_SIZE, MIN_PADDED_SIZE, PADDING_MARKER, MAX_PADDED_SIZE } from "./constants.js";
import { EnvelopeTooLargeError, InvalidPaddingError } from "./errors.js";

/** The bucket for `length` envelope bytes: the smallest power of two ≥ length + 1, at least 256. */
export function paddedSize(length: number): number {
  let size = MIN_PADDED_SIZE;
  while (size < length + 1) size *= 2;
  return size;
}

/**
 * Pads encoded envelope bytes to their bucket: bytes ‖ 0x80 ‖ 0x00… (ISO/IEC 7816-4), so the
 * ciphertext length reveals only the bucket (256 B, 512 B, … 128 KiB).
 */
export function padEnvelope(bytes: Uint8Array): Uint8Array {
  if (bytes.length > MAX_ENVELOPE_SIZE) throw new EnvelopeTooLargeError(bytes.length, MAX_ENVELOPE_SIZE);
  const out = new Uint8Array(paddedSize(bytes.length));
  out.set(bytes);
  out[bytes.length] = PADDING_MARKER;
  return out;
}

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
