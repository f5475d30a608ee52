import { bytesToHex, type Address, type PublicClient } from "viem";
import { readKeyBackup, readPublicKey, restoreIdentityKey, DecryptionFailedError, type IdentityKeyPair } from "../../core/index.js";
import { CairnError } from "../../core/errors.js";

/** The passphrase does not decrypt the key backup the KeyDirectory stores for this wallet. */
export class WrongKeyPassphraseError extends CairnError {
  constructor(cause: unknown) {
    super("Wrong passphrase for the key backup stored in the KeyDirectory.", { cause });
  }
}

/** Where the session's identity key came from. */
export type IdentitySource = "signature" | "stored backup";

/**
 * PROTOCOL.md §3.3 on a later session: the key derived from the wallet's signature, unless the
 * KeyDirectory publishes another key with a passphrase backup. Then that key is the wallet's
 * passphrase-protected key: it is restored with `passphrase()` and checked against the
 * published key (BackupKeyMismatchError otherwise).
 */
export async function resolveIdentity(params: {
  publicClient: PublicClient;
  keyDirectory: Address;
  account: Address;
  derived: IdentityKeyPair;
  passphrase: () => Promise<string>;
}): Promise<{ identity: IdentityKeyPair; source: IdentitySource }> {
  const { publicClient, keyDirectory, account, derived } = params;
  const published = await readPublicKey(publicClient, { keyDirectory, account });
  const matches = published !== null && bytesToHex(published) === bytesToHex(derived.publicKey);
  const backup = published && !matches ? await readKeyBackup(publicClient, { keyDirectory, account }) : null;
  if (!published || !backup) return { identity: derived, source: "signature" };
  try {
    return { identity: await restoreIdentityKey({ backup, passphrase: await params.passphrase(), publicKey: published }), source: "stored backup" };
  } catch (error) {
    throw error instanceof DecryptionFailedError ? new WrongKeyPassphraseError(error) : error;
  }
}
