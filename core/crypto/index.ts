/** Keys and the encrypted wire formats: one module per format, every AAD in aad.ts. */
export { CairnError } from "../errors.js";
export * from "../encoding/constants.js";
export * from "../encoding/errors.js";
export * from "./errors.js";
export type { DeploymentContext, EpochContext, IdentityKeyPair, SenderContext } from "./types.js";

export { AAD_LABEL, backupAad, chunkAad, contentAad, epochAad, metadataAad, sealedKeyAad, wrappedCidAad } from "./aad.js";
export { aesGcmDecrypt, aesGcmEncrypt, assertKeyLength, generateKey, importAesKey, openAfter, sealAfter } from "./aesGcm.js";

export {
  checkDeterminism,
  deriveIdentityKey,
  generateIdentityKey,
  identityMessage,
  legacyIdentityMessage,
  signatureKeyMaterial,
  IDENTITY_MESSAGE_ISSUED_AT,
  IDENTITY_MESSAGE_NONCE,
  IDENTITY_MESSAGE_STATEMENT,
  type IdentityMessageContext,
  type LegacyIdentityMessageContext,
} from "./identity.js";
export {
  backupIdentityKey,
  isPassphraseLongEnough,
  restoreIdentityKey,
  type BackupIdentityKeyParameters,
  type RestoreIdentityKeyParameters,
} from "./backup.js";
export { safetyNumber, type SafetyNumberParty } from "./safetyNumber.js";

export {
  assertUsablePublicKey,
  decodePublicKeyMaterial,
  encodePublicKeyMaterial,
  openSealedKey,
  sealKey,
  type OpenSealedKeyParameters,
  type SealKeyParameters,
} from "./sealedKey.js";
export { unwrapCid, wrapCid, wrappedCidEpoch, type UnwrapCidParameters, type WrapCidParameters } from "./wrappedCid.js";
export { packBatch, unpackBatch } from "./batch.js";
export {
  decodeChannelMetadata,
  decryptChannelMetadata,
  encodeChannelMetadata,
  encryptChannelMetadata,
  type ChannelMetadata,
  type DecryptChannelMetadataParameters,
  type EncryptChannelMetadataParameters,
} from "./metadata.js";

export { encryptFileStream, encryptFileStreamPieces, encryptedFileSize, CHUNKS_IN_FLIGHT, type EncryptFileStreamOptions } from "./encryptFileStream.js";
export { decryptFileStream, type DecryptFileStreamOptions } from "./decryptFileStream.js";
