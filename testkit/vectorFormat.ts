/** JSON form of vector values (shared by scripts/generate-vectors.ts and the tests). */
import { sha256 } from "@noble/hashes/sha2.js";
import { CID } from "multiformats/cid";
import { bytesToHex, hexToBytes, type Hex } from "viem";
import type { Envelope } from "@cairn/core/envelope";

/** Deterministic stand-in for random bytes: SHA-256 chain of a label, truncated/extended to `length`. */
export function fixedBytes(label: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let block = sha256(new TextEncoder().encode(label));
  for (let offset = 0; offset < length; offset += 32) {
    out.set(block.subarray(0, Math.min(32, length - offset)), offset);
    block = sha256(block);
  }
  return out;
}

export interface EnvelopeJson {
  timestamp: number;
  text: string;
  replyTo?: string;
  attachments: { name: string; mimeType: string; size: number; chunkSize: number; key: Hex; cid: string }[];
}

export function envelopeToJson(envelope: Envelope): EnvelopeJson {
  return {
    timestamp: envelope.timestamp,
    text: envelope.text,
    ...(envelope.replyTo ? { replyTo: envelope.replyTo.toString() } : {}),
    attachments: envelope.attachments.map((a) => ({ ...a, key: bytesToHex(a.key), cid: a.cid.toString() })),
  };
}

export function envelopeFromJson(json: EnvelopeJson): Envelope {
  return {
    timestamp: json.timestamp,
    text: json.text,
    ...(json.replyTo ? { replyTo: CID.parse(json.replyTo) } : {}),
    attachments: json.attachments.map((a) => ({ ...a, key: hexToBytes(a.key), cid: CID.parse(a.cid) })),
  };
}
