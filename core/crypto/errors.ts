import { CairnError } from "../errors.js";

export { InvalidCidError } from "../errors.js";

/**
 * Errors of keys and the encrypted formats (docs/PROTOCOL.md). Decoders throw these, the decode
 * errors of core/encoding (version, length, epoch, context) or other CairnError subclasses;
 * anything unexpected is wrapped in UnexpectedDecodeError.
 */

/**
 * AES-256-GCM authentication failed. GCM cannot tell a wrong key, a wrong AAD (other channel,
 * epoch, sender, chain or contract) and tampered bytes apart: all three look the same.
 */
export class DecryptionFailedError extends CairnError {
  override readonly name: string = "DecryptionFailedError";
  readonly what: string;
  constructor(what: string, options: { cause?: unknown } = {}) {
    super(`Could not decrypt the ${what}.`, {
      ...options,
      details: "Wrong key, wrong context (channel, epoch, sender, chain, contract) or tampered bytes.",
    });
    this.what = what;
  }
}

/** A wallet signature is not a 65-byte secp256k1 signature with valid r and s. */
export class InvalidSignatureError extends CairnError {
  override readonly name: string = "InvalidSignatureError";
  constructor(reason: string) {
    super("The wallet signature is not a valid 65-byte secp256k1 signature.", { details: reason });
  }
}

/** Two signatures of the identity message differ: this wallet cannot derive a stable key. */
export class NonDeterministicWalletError extends CairnError {
  override readonly name: string = "NonDeterministicWalletError";
  constructor() {
    super("This wallet signs the same message differently each time, so it cannot derive a stable Cairn key.", {
      details:
        "Use a random identity key backed up under a passphrase instead (backupIdentityKey / restoreIdentityKey).",
    });
  }
}

/** An X25519 public key is the wrong length or a low-order point (shared secret would be zero). */
export class InvalidPublicKeyError extends CairnError {
  override readonly name: string = "InvalidPublicKeyError";
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super("Invalid X25519 public key.", { ...options, details: reason });
  }
}

/** A packed batch is empty, has a zero or overrunning item length, or a trailing partial item. */
export class MalformedBatchError extends CairnError {
  override readonly name: string = "MalformedBatchError";
  readonly offset: number;
  constructor(reason: string, offset: number) {
    super(`Malformed message batch at byte ${offset}.`, { details: reason });
    this.offset = offset;
  }
}

/** A batch has more items than MAX_BATCH_ITEMS. */
export class BatchTooLargeError extends CairnError {
  override readonly name: string = "BatchTooLargeError";
  constructor(count: number, max: number) {
    super(`A batch holds at most ${max} messages (got ${count}).`);
  }
}

/** Channel metadata bytes do not follow the format (bad mode, lengths, UTF-8, trailing bytes). */
export class MalformedMetadataError extends CairnError {
  override readonly name: string = "MalformedMetadataError";
  constructor(reason: string) {
    super("Malformed channel metadata.", { details: reason });
  }
}

/** A channel name or description is longer than the format allows. */
export class MetadataFieldTooLongError extends CairnError {
  override readonly name: string = "MetadataFieldTooLongError";
  constructor(field: string, length: number, max: number) {
    super(`Channel ${field} is too long (${length} bytes, at most ${max}).`);
  }
}

/** A file chunk size outside MIN_CHUNK_SIZE..MAX_CHUNK_SIZE. */
export class InvalidChunkSizeError extends CairnError {
  override readonly name: string = "InvalidChunkSizeError";
  constructor(chunkSize: number) {
    super(`Invalid file chunk size ${chunkSize}.`, { details: "Allowed: integers from 1 KiB to 16 MiB." });
  }
}

/** An encrypted file stream ends before its last chunk (the final chunk is missing or cut). */
export class TruncatedStreamError extends CairnError {
  override readonly name: string = "TruncatedStreamError";
  constructor(reason: string) {
    super("The encrypted file is truncated.", { details: reason });
  }
}

/** A chunk of an encrypted file carries the wrong index (chunks reordered, dropped or duplicated). */
export class ChunkOrderError extends CairnError {
  override readonly name: string = "ChunkOrderError";
  readonly expected: number;
  readonly found: number;
  constructor(expected: number, found: number) {
    super(`File chunk out of order: expected chunk ${expected}, found ${found}.`);
    this.expected = expected;
    this.found = found;
  }
}

/** Bytes follow the last chunk of an encrypted file (the stream was extended). */
export class TrailingDataError extends CairnError {
  override readonly name: string = "TrailingDataError";
  constructor(what: string) {
    super(`Unexpected bytes after the end of the ${what}.`);
  }
}

/** A chunk header carries flag bits this version does not define. */
export class InvalidChunkFlagsError extends CairnError {
  override readonly name: string = "InvalidChunkFlagsError";
  constructor(flags: number) {
    super(`Invalid file chunk flags 0x${flags.toString(16)}.`);
  }
}

/** A file would need more than 2^32 chunks. */
export class FileTooLargeError extends CairnError {
  override readonly name: string = "FileTooLargeError";
  constructor() {
    super("The file is too large for its chunk size (more than 2^32 chunks).");
  }
}

/** scrypt parameters of an identity-key backup are outside the allowed range. */
export class InvalidKdfParamsError extends CairnError {
  override readonly name: string = "InvalidKdfParamsError";
  constructor(reason: string) {
    super("Invalid passphrase key-derivation parameters.", { details: reason });
  }
}

/** A backup passphrase is shorter than MIN_PASSPHRASE_LENGTH characters. */
export class WeakPassphraseError extends CairnError {
  override readonly name: string = "WeakPassphraseError";
  constructor(min: number) {
    super(`The passphrase must have at least ${min} characters.`);
  }
}

/**
 * A passphrase backup decrypted, but to a key whose public key is not the one the KeyDirectory
 * publishes for the wallet: the backup belongs to another key, so it must not be used.
 */
export class BackupKeyMismatchError extends CairnError {
  override readonly name: string = "BackupKeyMismatchError";
  constructor() {
    super("The backup does not match the published key.", {
      details: "It decrypts to another identity key than the one the KeyDirectory publishes for this wallet.",
    });
  }
}

/** WebCrypto's `crypto.subtle` is missing: browsers expose it only in secure contexts (https or localhost). */
export class WebCryptoUnavailableError extends CairnError {
  override readonly name: string = "WebCryptoUnavailableError";
  constructor() {
    super("This page cannot use WebCrypto.", {
      details: "crypto.subtle exists only in secure contexts: open Cairn over https:// or from localhost/127.0.0.1.",
    });
  }
}
