import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { getAddress, type Address, type Hex } from "viem";
import { importAesKey, openAfter, sealAfter } from "../crypto/index.js";
import { utf8 } from "../encoding/index.js";
import { SessionStateUnreadableError } from "./errors.js";

/**
 * What survives a reload: the session key, its expiry and the unsent messages (plaintext, so
 * always sealed), each with its message id when it was sealed already, so that a copy that
 * reached the chain is recognised.
 */
export type SessionState = {
  privateKey: Hex | null;
  expiry: bigint;
  pending: readonly { channelId: bigint; text: string; id?: string }[];
};

export type SessionStateContext = {
  /** The wallet's X25519 identity private key (re-derived after unlock). */
  identityPrivateKey: Uint8Array;
  wallet: Address;
  chainId: number;
  registry: Address;
};

const VERSION = 1;
const SALT = "Cairn/v1/session-state-salt";

const label = ({ wallet, chainId, registry }: SessionStateContext) => utf8(`Cairn/v1/session-state|${chainId}|${getAddress(registry)}|${getAddress(wallet)}`);

/** AES-256-GCM key = HKDF-SHA256(identity private key), bound to chain, registry and wallet. */
function stateKey(context: SessionStateContext) {
  return importAesKey(hkdf(sha256, context.identityPrivateKey, utf8(SALT), label(context), 32), "session state key");
}

const toBase64 = (bytes: Uint8Array) => btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join(""));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** Seals the session state for storage: base64 of `version ‖ iv ‖ AES-GCM(state JSON)`, AAD = the context label. */
export async function sealSessionState(context: SessionStateContext, state: SessionState): Promise<string> {
  const json = JSON.stringify({
    privateKey: state.privateKey,
    expiry: state.expiry.toString(),
    pending: state.pending.map((item) => ({ channelId: item.channelId.toString(), text: item.text, id: item.id })),
  });
  return toBase64(await sealAfter(Uint8Array.of(VERSION), await stateKey(context), label(context), utf8(json)));
}

/** Opens what sealSessionState stored; anything wrong (key, context, bytes) is SessionStateUnreadableError. */
export async function openSessionState(context: SessionStateContext, sealed: string): Promise<SessionState> {
  try {
    const bytes = fromBase64(sealed);
    if (bytes[0] !== VERSION) throw new Error(`Unknown session state version ${bytes[0]}`);
    const plain = await openAfter(bytes, 1, await stateKey(context), label(context), "session state");
    const raw = JSON.parse(new TextDecoder().decode(plain)) as { privateKey: Hex | null; expiry: string; pending: { channelId: string; text: string; id?: string }[] };
    return {
      privateKey: raw.privateKey,
      expiry: BigInt(raw.expiry),
      pending: raw.pending.map((item) => ({ channelId: BigInt(item.channelId), text: item.text, ...(item.id ? { id: item.id } : {}) })),
    };
  } catch (cause) {
    throw new SessionStateUnreadableError({ cause });
  }
}
