export { CairnError } from "../errors.js";
export * from "./constants.js";
export * from "./errors.js";
export type { DeploymentContext, EpochContext, IdentityKeyPair, SenderContext } from "./types.js";

export {
  identityMessage,
  legacyIdentityMessage,
  IDENTITY_MESSAGE_ISSUED_AT,
  IDENTITY_MESSAGE_NONCE,
  IDENTITY_MESSAGE_STATEMENT,
  type IdentityMessageContext,
  type LegacyIdentityMessageContext,
} from "./identityMessage.js";
export { deriveIdentityKey } from "./deriveIdentityKey.js";
export { checkDeterminism } from "./checkDeterminism.js";
export { generateIdentityKey } from "./generateIdentityKey.js";
export { backupIdentityKey, type BackupIdentityKeyParameters } from "./backupIdentityKey.js";
export { isPassphraseLongEnough } from "./isPassphraseLongEnough.js";
export { restoreIdentityKey, type RestoreIdentityKeyParameters } from "./restoreIdentityKey.js";
export { safetyNumber, type SafetyNumberParty } from "./safetyNumber.js";

export { generateKey } from "./generateKey.js";
export { sealKey, type SealKeyParameters } from "./sealKey.js";
export { assertUsablePublicKey } from "./x25519Seal.js";
export { openSealedKey, type OpenSealedKeyParameters } from "./openSealedKey.js";
export { encodePublicKeyMaterial } from "./encodePublicKeyMaterial.js";
export { decodePublicKeyMaterial } from "./decodePublicKeyMaterial.js";

export { contentAad } from "./contentAad.js";
export { sealMessage, type SealMessageParameters } from "./sealMessage.js";
export { openMessage, type OpenMessageParameters, MAX_MESSAGE_BLOCK_LENGTH, MIN_MESSAGE_BLOCK_LENGTH } from "./openMessage.js";
export { wrapCid, type WrapCidParameters } from "./wrapCid.js";
export { wrappedCidEpoch } from "./wrappedCidEpoch.js";
export { unwrapCid, type UnwrapCidParameters } from "./unwrapCid.js";
export { packBatch } from "./packBatch.js";
export { unpackBatch } from "./unpackBatch.js";

export type { ChannelMetadata } from "./channelMetadataBody.js";
export { encodeChannelMetadata } from "./encodeChannelMetadata.js";
export { decodeChannelMetadata } from "./decodeChannelMetadata.js";
export { encryptChannelMetadata, type EncryptChannelMetadataParameters } from "./encryptChannelMetadata.js";
export { decryptChannelMetadata, type DecryptChannelMetadataParameters } from "./decryptChannelMetadata.js";

export { encryptFileStream, encryptFileStreamPieces, encryptedFileSize, type EncryptFileStreamOptions } from "./encryptFileStream.js";
export { decryptFileStream, type DecryptFileStreamOptions } from "./decryptFileStream.js";
