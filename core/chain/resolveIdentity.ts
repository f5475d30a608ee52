import { bytesToHex, type Address, type Hex, type PublicClient } from "viem";
import { DecryptionFailedError, deriveIdentityKey, identityMessage, legacyIdentityMessage, restoreIdentityKey } from "../crypto/index.js";
import type { IdentityKeyPair } from "../crypto/index.js";
import { WrongKeyPassphraseError } from "./errors.js";
import { readKeyBackup } from "./readKeyBackup.js";
import { readPublicKey } from "./readPublicKey.js";
import type { RetryOptions } from "./withRetry.js";

/**
 * Where the wallet's identity key comes from this session (PROTOCOL.md §3.3, §3.4):
 * - `current`: the origin-bound message's key is the published one;
 * - `legacy`: the published key is the one the version-1 message derives. It is used as is;
 *   `signature` is the origin-bound message's signature, to move to its key when the user agrees
 *   (a determinism check, then a key change);
 * - `backup`: the published key was stored with a passphrase backup: restore it;
 * - `unpublished`: no key, or another key without a backup (another site's origin-bound key, or
 *   another wallet's doing): publishing `keys` (after a determinism check on `signature`)
 *   replaces `published`.
 */
export type IdentityResolution =
  | { kind: "current"; keys: IdentityKeyPair }
  | { kind: "legacy"; keys: IdentityKeyPair; signature: Hex }
  | { kind: "backup"; publishedKey: Uint8Array; backup: Uint8Array }
  | { kind: "unpublished"; keys: IdentityKeyPair; signature: Hex; published: Uint8Array | null };

export interface ResolveIdentityParameters {
  keyDirectory: Address;
  account: Address;
  chainId: number | bigint;
  /** The app's EIP-4361 domain and URI (its host and origin). */
  domain: string;
  uri: string;
  /** Asks the wallet for a personal_sign signature of `message`. */
  sign: (message: string) => Promise<Hex>;
  retry?: RetryOptions;
}

const sameKey = (a: Uint8Array, b: Uint8Array) => bytesToHex(a) === bytesToHex(b);

/**
 * Signs the origin-bound identity message and finds out what the KeyDirectory holds for the
 * wallet. The version-1 message is signed only when a key without a backup is published and
 * the origin-bound key is not it (a key published before version 2). Used by the app's unlock
 * and the CLI alike.
 */
export async function resolveIdentity(client: PublicClient, params: ResolveIdentityParameters): Promise<IdentityResolution> {
  const { keyDirectory, account, chainId, retry } = params;
  const message = identityMessage({ domain: params.domain, uri: params.uri, account, chainId, keyDirectory });
  const [signature, published] = await Promise.all([params.sign(message), readPublicKey(client, { keyDirectory, account, retry })]);
  const keys = deriveIdentityKey(signature);
  if (published && sameKey(published, keys.publicKey)) return { kind: "current", keys };
  if (!published) return { kind: "unpublished", keys, signature, published };
  const backup = await readKeyBackup(client, { keyDirectory, account, retry });
  if (backup) return { kind: "backup", publishedKey: published, backup };
  const legacy = deriveIdentityKey(await params.sign(legacyIdentityMessage({ chainId, keyDirectory })));
  if (sameKey(published, legacy.publicKey)) return { kind: "legacy", keys: legacy, signature };
  return { kind: "unpublished", keys, signature, published };
}

/**
 * Restores the passphrase-protected key of a `backup` resolution (the backup the KeyDirectory
 * stores with the published key), checked against that key: WrongKeyPassphraseError when the
 * passphrase does not decrypt it. The app's passphrase form and the CLI both restore this way.
 */
export async function restoreStoredIdentity(stored: { publishedKey: Uint8Array; backup: Uint8Array }, passphrase: string): Promise<IdentityKeyPair> {
  try {
    return await restoreIdentityKey({ backup: stored.backup, passphrase, publicKey: stored.publishedKey });
  } catch (error) {
    throw error instanceof DecryptionFailedError ? new WrongKeyPassphraseError(error) : error;
  }
}
