import { getAddress, type Address, hexToBytes } from "viem";
import { createSiweMessage } from "viem/siwe";
import { InvalidContextError, concat, u256be, utf8, equalBytes, X25519_KEY_LENGTH, randomBytes } from "../encoding/index.js";
import { x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { InvalidSignatureError, NonDeterministicWalletError } from "./errors.js";
import type { IdentityKeyPair } from "./types.js";

/** What the version-1 identity message is bound to: the chain and the KeyDirectory contract. */
export interface LegacyIdentityMessageContext {
  chainId: number | bigint;
  /** KeyDirectory contract address (rendered EIP-55 checksummed). */
  keyDirectory: Address;
}

/** What the identity message is bound to (PROTOCOL.md §3.1): the app's origin, the wallet, the chain and the KeyDirectory. */
export interface IdentityMessageContext extends LegacyIdentityMessageContext {
  /** The app's host, with its port if not the default (`cairn.example`, `127.0.0.1:3000`): the EIP-4361 domain. */
  domain: string;
  /** The app's origin (`https://cairn.example`): the EIP-4361 URI. */
  uri: string;
  /** The wallet that signs. */
  account: Address;
}

/** The fixed EIP-4361 fields that make the message, and so the signature and the key, the same every time. */
export const IDENTITY_MESSAGE_NONCE = "CairnIdentityKeyV2";
export const IDENTITY_MESSAGE_ISSUED_AT = new Date("2025-01-01T00:00:00.000Z");
export const IDENTITY_MESSAGE_STATEMENT =
  "Unlock your Cairn encryption key for this site. This signature derives the key that decrypts your Cairn messages: anyone who holds it can read them, so sign it only on the site named above. It sends no transaction and costs no gas.";

function checkedContext({ chainId, keyDirectory }: LegacyIdentityMessageContext): { chain: bigint; directory: Address } {
  const chain = BigInt(chainId);
  if (chain <= 0n) throw new InvalidContextError(`chain id ${chain} must be positive`);
  try {
    return { chain, directory: getAddress(keyDirectory) };
  } catch (cause) {
    throw new InvalidContextError(`${keyDirectory} is not an address: ${String(cause)}`);
  }
}

/**
 * The exact text the wallet signs (EIP-191 personal_sign) to derive the Cairn identity key
 * (PROTOCOL.md §3.1): an EIP-4361 (Sign-In with Ethereum) message for the app's domain, so that
 * wallets warn when another site asks for it, with every other field fixed (nonce, issued-at,
 * statement) so that a deterministic wallet signs it identically each time. The KeyDirectory
 * is its one resource, as a CAIP-10 account id.
 */
export function identityMessage(context: IdentityMessageContext): string {
  const { chain, directory } = checkedContext(context);
  if (chain > BigInt(Number.MAX_SAFE_INTEGER)) throw new InvalidContextError(`chain id ${chain} is too large`);
  try {
    return createSiweMessage({
      domain: context.domain,
      uri: context.uri,
      address: getAddress(context.account),
      chainId: Number(chain),
      statement: IDENTITY_MESSAGE_STATEMENT,
      nonce: IDENTITY_MESSAGE_NONCE,
      issuedAt: IDENTITY_MESSAGE_ISSUED_AT,
      version: "1",
      resources: [`eip155:${chain}:${directory}`],
    });
  } catch (cause) {
    throw new InvalidContextError(`not a valid EIP-4361 message: ${String(cause)}`);
  }
}

/**
 * The version-1 identity message (PROTOCOL.md §3.4), bound to the chain and the KeyDirectory
 * but not to any site: it is signed only to recognise a key published before version 2.
 * Lines are joined with "\n"; no trailing newline.
 */
export function legacyIdentityMessage(context: LegacyIdentityMessageContext): string {
  const { chain, directory } = checkedContext(context);
  return [
    "Cairn: unlock my encryption key",
    "",
    "Signing this message derives the key that encrypts and decrypts your Cairn messages.",
    "Anyone who holds this signature can read your messages: sign it only in the Cairn app.",
    "It sends no transaction and costs no gas.",
    "",
    "Purpose: Cairn identity key (X25519), version 1",
    `Chain ID: ${chain}`,
    `Key directory: ${directory}`,
  ].join("\n");
}

/** secp256k1 group order. */
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

export const IDENTITY_HKDF_SALT = "Cairn/v1/identity-salt";
export const IDENTITY_HKDF_INFO = "Cairn/v1/identity-key/x25519";

function toBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

/**
 * The HKDF input keying material of a 65-byte signature r ‖ s ‖ v: r ‖ low-s (64 bytes).
 * v is dropped and s normalised to n - s when s > n/2, so wallets that differ only in the
 * recovery byte (0/1 vs 27/28) or in s-malleability derive the same key.
 */
export function signatureKeyMaterial(signature: Uint8Array | `0x${string}`): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = typeof signature === "string" ? hexToBytes(signature) : signature;
  } catch (cause) {
    throw new InvalidSignatureError(`not hex: ${String(cause)}`);
  }
  if (bytes.length !== 65) throw new InvalidSignatureError(`${bytes.length} bytes instead of 65`);
  const r = toBigInt(bytes.subarray(0, 32));
  let s = toBigInt(bytes.subarray(32, 64));
  if (r === 0n || r >= N) throw new InvalidSignatureError("r is outside 1..n-1");
  if (s === 0n || s >= N) throw new InvalidSignatureError("s is outside 1..n-1");
  if (s > N / 2n) s = N - s;
  return concat(bytes.subarray(0, 32), u256be(s, "s"));
}

/**
 * Derives the X25519 identity key pair from the wallet's signature of identityMessage():
 * privateKey = HKDF-SHA256(ikm = r ‖ low-s, salt = "Cairn/v1/identity-salt",
 * info = "Cairn/v1/identity-key/x25519", 32 bytes).
 */
export function deriveIdentityKey(signature: Uint8Array | `0x${string}`): IdentityKeyPair {
  const ikm = signatureKeyMaterial(signature);
  const privateKey = hkdf(sha256, ikm, utf8(IDENTITY_HKDF_SALT), utf8(IDENTITY_HKDF_INFO), 32);
  return { privateKey, publicKey: x25519.getPublicKey(privateKey) };
}

/**
 * First-setup check: the wallet signed identityMessage() twice. Equal signatures (after
 * dropping v and normalising s) give the identity key; different ones mean the wallet is
 * non-deterministic and throw NonDeterministicWalletError (offer the passphrase fallback).
 */
export function checkDeterminism(
  first: Uint8Array | `0x${string}`,
  second: Uint8Array | `0x${string}`,
): IdentityKeyPair {
  if (!equalBytes(signatureKeyMaterial(first), signatureKeyMaterial(second))) throw new NonDeterministicWalletError();
  return deriveIdentityKey(first);
}

/** A random X25519 identity key pair: the fallback for wallets that fail checkDeterminism. */
export function generateIdentityKey(): IdentityKeyPair {
  const privateKey = randomBytes(X25519_KEY_LENGTH);
  return { privateKey, publicKey: x25519.getPublicKey(privateKey) };
}
