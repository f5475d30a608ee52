import { UnknownVersionError } from "../encoding/index.js";
import { PUBSUB_KIND, PUBSUB_VERSION, type PubsubKind } from "./constants.js";
import { MalformedPubsubMessageError, UnknownPubsubKindError } from "./errors.js";

const kinds = new Map<number, PubsubKind>(Object.entries(PUBSUB_KIND).map(([name, code]) => [code, name as PubsubKind]));

/**
 * What a pubsub message is, from its first two bytes (version, kind): a receiver routes it to
 * verifyPendingMessage or openPresence. Throws UnknownVersionError or UnknownPubsubKindError (a
 * newer client's format: skip it) or MalformedPubsubMessageError (fewer than two bytes).
 */
export function pubsubKind(bytes: Uint8Array): PubsubKind {
  if (bytes.length < 2) throw new MalformedPubsubMessageError(`${bytes.length} bytes: no version and kind`);
  if (bytes[0] !== PUBSUB_VERSION) throw new UnknownVersionError("pubsub message", bytes[0]!);
  const kind = kinds.get(bytes[1]!);
  if (kind === undefined) throw new UnknownPubsubKindError(bytes[1]!);
  return kind;
}

/** The two header bytes of a pubsub message of `kind`. */
export function pubsubHeader(kind: PubsubKind): Uint8Array {
  return Uint8Array.of(PUBSUB_VERSION, PUBSUB_KIND[kind]);
}
