/** The plaintext message format: envelope fields, encoding and padding. */
export * from "./constants.js";
export * from "./errors.js";
export type { Attachment, Envelope } from "./types.js";
export { decodeEnvelope, encodeEnvelope, validateEnvelope } from "./envelope.js";
export { padEnvelope, paddedSize, unpadEnvelope } from "./padding.js";
export { previewType, type PreviewKind, type PreviewType } from "./previewType.js";
