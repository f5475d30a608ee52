import { MAX_ENVELOPE_SIZE, MIN_PADDED_SIZE, PADDING_MARKER } from "./constants.js";
import { EnvelopeTooLargeError } from "./errors.js";

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
