import { CID } from "multiformats/cid";
import { encryptFileStreamPieces, generateKey } from "../crypto/index.js";
import type { Attachment, Envelope } from "../envelope/index.js";
import { addFileStream } from "../ipfs/index.js";
import { EmptyMessageError } from "./errors.js";
import { sealEnvelope, type SealContext, type SealTarget } from "./sealEnvelope.js";
import type { FileInput, OutgoingMessage, SendInput } from "./types.js";

/** What preparing a message needs: no chain access, only the local blockstore and the deployment. */
export type PrepareContext = SealContext;

export type PrepareOptions = {
  /** Progress of each file's encryption + local storage, in plaintext bytes. */
  onFileProgress?: (file: FileInput, bytes: number) => void;
  /** Cancels encryption (`IpfsAbortedError`); blocks already stored locally stay until collected. */
  signal?: AbortSignal;
};

/**
 * Plaintext bytes per file chunk (recorded in the attachment; PROTOCOL.md §8 allows 1 KiB..16 MiB).
 * Half the 1 MiB default: Chromium's WebCrypto costs about twice as much per byte for buffers of
 * 960 KiB and more (measured in docs/BENCHMARKS.md "Files").
 */
export const FILE_CHUNK_SIZE = 512 * 1024;

/** Counts plaintext bytes as they stream through. */
async function* counting(source: FileInput["content"], count: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    count(total);
    yield chunk;
  }
}

/** Encrypts one file with a fresh key into the local blockstore (UnixFS); returns its attachment. */
async function storeFile(context: PrepareContext, file: FileInput, options: PrepareOptions): Promise<Attachment> {
  const key = generateKey();
  const chunkSize = FILE_CHUNK_SIZE;
  let size = 0;
  const plaintext = counting(file.content, (bytes) => {
    size = bytes;
    options.onFileProgress?.(file, bytes);
  });
  const cid = await addFileStream(context.ipfs, encryptFileStreamPieces(plaintext, { key, chunkSize }), { signal: options.signal });
  return { name: file.name, mimeType: file.mimeType ?? "", size, chunkSize, key, cid };
}

/**
 * Builds the envelope, seals it under the channel's epoch key (sealEnvelope), stores the block
 * locally and wraps its CID. Files are encrypted and stored first. Nothing leaves the device yet:
 * deliver the result with `deliverMessages`.
 */
export async function prepareMessage(context: PrepareContext, target: SealTarget, input: SendInput, options: PrepareOptions = {}): Promise<OutgoingMessage> {
  const fields = typeof input === "string" ? { text: input } : input;
  const text = fields.text ?? "";
  const files = fields.files ?? [];
  if (text === "" && files.length === 0) throw new EmptyMessageError();
  const attachments: Attachment[] = [];
  for (const file of files) attachments.push(await storeFile(context, file, options));
  const replyTo = fields.replyTo === undefined ? undefined : typeof fields.replyTo === "string" ? CID.parse(fields.replyTo) : fields.replyTo;
  const envelope: Envelope = { timestamp: Date.now(), text, attachments, ...(replyTo ? { replyTo } : {}) };
  return {
    ...(await sealEnvelope(context, target, envelope)),
    channelId: target.channelId,
    envelope,
    unpinnedFiles: attachments.map((attachment) => attachment.cid),
    status: "prepared",
    attempts: [],
  };
}
