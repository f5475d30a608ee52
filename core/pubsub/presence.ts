import { bytesToHex, getAddress, hexToBytes, keccak256, recoverMessageAddress, type Address, type Hex, type LocalAccount } from "viem";
import { epochAad, importAesKey, openAfter, sealAfter, DecryptionFailedError } from "../crypto/index.js";
import { addressBytes, ByteReader, concat, u64be, u8 } from "../encoding/index.js";
import type { EpochContext } from "../crypto/index.js";
import type { TopicContext } from "./channelTopic.js";
import { MAX_CLOCK_SKEW_MS, PRESENCE_LENGTH, PRESENCE_PLAINTEXT_LENGTH, PRESENCE_SIGNATURE_LENGTH, PRESENCE_STATE, PUBSUB_LABEL, type PresenceState } from "./constants.js";
import { decodeDropReason } from "./checkPendingMessage.js";
import { dropped, type Verdict } from "./dropReasons.js";
import { MalformedPubsubMessageError } from "./errors.js";
import { pubsubHeader, pubsubKind } from "./pubsubKind.js";

/** What a presence beat says, once a member opened and checked it. */
export type PresenceBeat = {
  sender: Address;
  state: PresenceState;
  /** The sender's clock, ms since 1970. */
  timestamp: number;
  /** The session key that signed the beat for `sender` (authorised and unexpired); absent for an unsigned beat. */
  signedBy?: Address;
};

/** Signs presence beats: a wallet's authorised session key (a viem LocalAccount). */
export type PresenceSigner = Pick<LocalAccount, "address" | "signMessage">;

export type SealPresenceParameters = TopicContext & {
  sender: Address;
  state: PresenceState;
  /** ms since 1970 (default now). */
  timestamp?: number;
  /** The sender's authorised session key: signed beats cannot be passed off by another member. */
  sessionKey?: PresenceSigner;
  /** Test vectors only: fixed IV (default: random). */
  iv?: Uint8Array;
};

/** The chain state a member checks a beat against (see PendingMessageChecks). */
export type PresenceChecks = {
  isMember(channelId: bigint, account: Address): boolean | Promise<boolean>;
  sessionKeyExpiry(wallet: Address, key: Address): bigint | Promise<bigint>;
  /** The time in ms since 1970 (default the local clock). */
  nowMs?: () => number;
};

const STATES = new Map<number, PresenceState>(Object.entries(PRESENCE_STATE).map(([name, code]) => [code, name as PresenceState]));
const HEADER_LENGTH = 2;

/** AAD of a presence beat: epochAad("Cairn/v1/presence"). The sender is inside the ciphertext, never in the clear. */
export const presenceAad = (context: EpochContext): Uint8Array => epochAad(PUBSUB_LABEL.presence, context);

/** What a session key signs (EIP-191, as raw bytes): keccak256(epochAad("Cairn/v1/presence-signature") ‖ state ‖ sender ‖ u64(timestamp)). */
export function presenceDigest(context: EpochContext, beat: Pick<PresenceBeat, "sender" | "state" | "timestamp">): Hex {
  return keccak256(
    concat(epochAad(PUBSUB_LABEL.presenceSignature, context), u8(PRESENCE_STATE[beat.state]), addressBytes(beat.sender, "sender"), u64be(beat.timestamp)),
  );
}

/**
 * A presence beat (PROTOCOL.md §Presence beats), always PRESENCE_LENGTH bytes:
 * 0x01 ‖ 0x02 ‖ IV (12) ‖ AES-256-GCM(epoch key, IV, plaintext (128), presenceAad), with
 * plaintext = state ‖ sender (20) ‖ u64(timestamp) ‖ signature (65, zeros when unsigned) ‖ zeros.
 */
export async function sealPresence(parameters: SealPresenceParameters): Promise<Uint8Array> {
  const beat = { sender: parameters.sender, state: parameters.state, timestamp: parameters.timestamp ?? Date.now() };
  const signature = parameters.sessionKey
    ? await parameters.sessionKey.signMessage({ message: { raw: presenceDigest(parameters, beat) } })
    : undefined;
  const fields = concat(u8(PRESENCE_STATE[beat.state]), addressBytes(beat.sender, "sender"), u64be(beat.timestamp));
  const plaintext = new Uint8Array(PRESENCE_PLAINTEXT_LENGTH);
  plaintext.set(fields);
  if (signature) plaintext.set(hexToBytes(signature), fields.length);
  const key = await importAesKey(parameters.key, "epoch key");
  return sealAfter(pubsubHeader("presence"), key, presenceAad(parameters), plaintext, parameters.iv);
}

/** A node without the key (a relay) checks only the header and the fixed length. */
export function checkPresence(bytes: Uint8Array): Verdict<void> {
  try {
    if (pubsubKind(bytes) !== "presence") throw new MalformedPubsubMessageError("not a presence beat");
    if (bytes.length !== PRESENCE_LENGTH) throw new MalformedPubsubMessageError(`presence beat of ${bytes.length} bytes (${PRESENCE_LENGTH})`);
    return { ok: true, value: undefined };
  } catch (cause) {
    return dropped(decodeDropReason(cause), { cause });
  }
}

function parsePlaintext(plaintext: Uint8Array) {
  const reader = new ByteReader(plaintext, () => new MalformedPubsubMessageError("short presence plaintext"));
  const state = STATES.get(reader.u8());
  const sender = getAddress(bytesToHex(reader.take(20)));
  const timestamp = reader.u64();
  const signature = reader.take(PRESENCE_SIGNATURE_LENGTH);
  if (state === undefined || timestamp > BigInt(Number.MAX_SAFE_INTEGER) || reader.rest().some((byte) => byte !== 0)) return undefined;
  return { state, sender, timestamp: Number(timestamp), signature: signature.some((byte) => byte !== 0) ? bytesToHex(signature) : undefined };
}

async function signedBy(context: EpochContext, beat: Omit<PresenceBeat, "signedBy">, signature: Hex): Promise<Address | undefined> {
  try {
    return await recoverMessageAddress({ message: { raw: presenceDigest(context, beat) }, signature });
  } catch {
    return undefined;
  }
}

/**
 * Opens and checks a presence beat received on a member's topic (PROTOCOL.md §Presence beats): the fixed
 * length, the epoch key and AAD, a valid plaintext, a timestamp within MAX_CLOCK_SKEW_MS of the
 * reader's clock, a signature (when present) by an unexpired session key of the sender, and the
 * sender's membership. Whether it is newer than the sender's last beat is the presence state's
 * check (reducePresence).
 */
export async function openPresence(bytes: Uint8Array, topic: TopicContext, checks: PresenceChecks): Promise<Verdict<PresenceBeat>> {
  const framed = checkPresence(bytes);
  if (!framed.ok) return framed;
  let plaintext: Uint8Array;
  try {
    plaintext = await openAfter(bytes, HEADER_LENGTH, await importAesKey(topic.key, "epoch key"), presenceAad(topic), "presence beat");
  } catch (cause) {
    if (cause instanceof DecryptionFailedError) return dropped("undecryptable", { cause });
    throw cause;
  }
  const parsed = parsePlaintext(plaintext);
  if (!parsed) return dropped("invalid-content");
  const { signature, ...beat } = parsed;
  const nowMs = checks.nowMs?.() ?? Date.now();
  if (Math.abs(nowMs - beat.timestamp) > MAX_CLOCK_SKEW_MS) return dropped("stale-presence");
  let key: Address | undefined;
  if (signature) {
    key = await signedBy(topic, beat, signature);
    if (!key) return dropped("invalid-content");
    if ((await checks.sessionKeyExpiry(beat.sender, key)) * 1000n <= BigInt(nowMs)) return dropped("forged-presence", { signer: key });
  }
  if (!(await checks.isMember(topic.channelId, beat.sender))) return dropped("forged-presence", key ? { signer: key } : {});
  return { ok: true, value: key ? { ...beat, signedBy: key } : beat };
}
