export * from "./constants.js";
export * from "./errors.js";
export type { Attachment, Envelope } from "./types.js";
export { encodeEnvelope } from "./encodeEnvelope.js";
export { decodeEnvelope } from "./decodeEnvelope.js";
export { validateEnvelope } from "./validateEnvelope.js";
export { padEnvelope, paddedSize } from "./padEnvelope.js";
export { unpadEnvelope } from "./unpadEnvelope.js";
export { previewType, type PreviewKind, type PreviewType } from "./previewType.js";
