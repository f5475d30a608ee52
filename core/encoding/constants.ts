/** Version bytes and limits of the Cairn wire formats (docs/PROTOCOL.md §Limits). */

/** Every 256-bit symmetric key (epoch key, per-file key). */
export const KEY_LENGTH = 32;
/** X25519 private and public keys. */
export const X25519_KEY_LENGTH = 32;
/** AES-GCM IV (96 bits, random unless stated otherwise). */
export const IV_LENGTH = 12;
/** AES-GCM tag (128 bits). */
export const TAG_LENGTH = 16;

/** Epochs are 1..2^32-1 (the contract counts from 1; wrapped CIDs carry a uint32). */
export const MAX_EPOCH = 0xffff_ffff;

export const SEALED_KEY_VERSION = 1;
/** 1 version + 32 ephemeral public key + 12 IV + 32 key + 16 tag. */
export const SEALED_KEY_LENGTH = 93;

export const PUBLIC_KEY_MATERIAL_VERSION = 1;
/** 1 version + 32 raw epoch key. */
export const PUBLIC_KEY_MATERIAL_LENGTH = 33;

export const MESSAGE_BLOCK_VERSION = 1;

export const WRAPPED_CID_VERSION = 1;
/** The contract accepts wrapped CIDs of 1..128 bytes. */
export const MAX_WRAPPED_CID_LENGTH = 128;
/** 1 version + 4 epoch + 12 IV + 16 tag. */
export const WRAPPED_CID_OVERHEAD = 33;
/** Longest CID that still fits MAX_WRAPPED_CID_LENGTH once wrapped. */
export const MAX_CID_LENGTH = MAX_WRAPPED_CID_LENGTH - WRAPPED_CID_OVERHEAD;

/** Messages per packed batch (ChannelRegistry.MAX_BATCH_SIZE). */
export const MAX_BATCH_ITEMS = 128;

export const METADATA_VERSION = 1;
export const METADATA_MODE_PLAIN = 0;
export const METADATA_MODE_ENCRYPTED = 1;
/** The contract accepts metadata of at most 1024 bytes. */
export const MAX_METADATA_LENGTH = 1024;
export const MAX_CHANNEL_NAME_BYTES = 64;
export const MAX_CHANNEL_DESCRIPTION_BYTES = 512;

export const FILE_STREAM_VERSION = 1;
export const FILE_NONCE_PREFIX_LENGTH = 8;
/** 1 version + 8 nonce prefix. */
export const FILE_HEADER_LENGTH = 9;
/** uint32 chunk index + uint8 flags. */
export const CHUNK_HEADER_LENGTH = 5;
export const CHUNK_FLAG_LAST = 0x01;
export const DEFAULT_CHUNK_SIZE = 1 << 20;
export const MIN_CHUNK_SIZE = 1 << 10;
export const MAX_CHUNK_SIZE = 1 << 24;
export const MAX_CHUNKS = 2 ** 32;

export const BACKUP_VERSION = 1;
export const BACKUP_KDF_SCRYPT = 1;
/** 1 version + 1 kdf + 1 log2(N) + 1 r + 1 p + 16 salt + 12 IV + 32 key + 16 tag. */
export const BACKUP_LENGTH = 81;
export const BACKUP_SALT_LENGTH = 16;
export const DEFAULT_SCRYPT_LOG_N = 17;
export const DEFAULT_SCRYPT_R = 8;
export const DEFAULT_SCRYPT_P = 1;
export const MIN_SCRYPT_LOG_N = 14;
export const MAX_SCRYPT_LOG_N = 20;
export const MAX_SCRYPT_R = 16;
export const MAX_SCRYPT_P = 4;
/** Backups are stored publicly (KeyDirectory, PROTOCOL.md §11): offline guessing is bounded only by scrypt. */
export const MIN_PASSPHRASE_LENGTH = 12;

/** Safety numbers: 12 groups of 5 decimal digits. */
export const SAFETY_NUMBER_GROUPS = 12;
/** scrypt uses 128·N·r bytes; restores refuse more than this. */
export const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;
