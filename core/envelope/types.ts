import type { CID } from "multiformats/cid";

/** A file attached to a message; everything needed to fetch and decrypt it. */
export interface Attachment {
  /** File name shown to people (1..255 bytes of UTF-8). */
  name: string;
  /** MIME type, printable ASCII (0..127 bytes; "" = unknown). */
  mimeType: string;
  /** Plaintext size in bytes. */
  size: number;
  /** Plaintext bytes per encrypted chunk (see encryptFileStream). */
  chunkSize: number;
  /** The random 256-bit per-file key. */
  key: Uint8Array;
  /** Root CID of the encrypted file in IPFS (UnixFS). */
  cid: CID;
}

/** The plaintext of one message (version 1). */
export interface Envelope {
  /** Sender's clock, milliseconds since the Unix epoch. */
  timestamp: number;
  /** Message text ("" = no text), at most 64 KiB of UTF-8. */
  text: string;
  /** The message this one answers: the CID of its message block (its message id). */
  replyTo?: CID;
  /** Attached files ([] = none). */
  attachments: readonly Attachment[];
}
