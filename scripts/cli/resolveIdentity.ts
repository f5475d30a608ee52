import type { Address, Hex, PublicClient } from "viem";
import { deriveIdentityKey, DecryptionFailedError, resolveIdentity as resolveCoreIdentity, restoreIdentityKey, type IdentityKeyPair } from "../../core/index.js";
import { CairnError } from "../../core/errors.js";

/** The passphrase does not decrypt the key backup the KeyDirectory stores for this wallet. */
export class WrongKeyPassphraseError extends CairnError {
  override readonly name: string = "WrongKeyPassphraseError";
  constructor(cause: unknown) {
    super("Wrong passphrase for the key backup stored in the KeyDirectory.", { cause });
  }
}

/** Where the session's identity key came from. */
export type IdentitySource = "signature" | "version-1 signature" | "stored backup";

/**
 * PROTOCOL.md §3.3–3.4 through core's resolveIdentity (the app's unlock runs the same): the key
 * derived from the wallet's signature of the identity message for `origin` (the app's origin,
 * whose key the CLI shares), a version-1 key when that is the published one (`next` is then the
 * origin-bound key to move to: `migrate-key`), or the passphrase-protected key the KeyDirectory
 * stores a backup of, restored with `passphrase()` and checked against the published key.
 */
export async function resolveIdentity(params: {
  publicClient: PublicClient;
  keyDirectory: Address;
  account: Address;
  chainId: number;
  origin: URL;
  sign: (message: string) => Promise<Hex>;
  passphrase: () => Promise<string>;
}): Promise<{ identity: IdentityKeyPair; source: IdentitySource; next?: IdentityKeyPair }> {
  const { publicClient, keyDirectory, account, chainId, origin, sign } = params;
  const resolved = await resolveCoreIdentity(publicClient, { keyDirectory, account, chainId, domain: origin.host, uri: origin.origin, sign });
  switch (resolved.kind) {
    case "current":
    case "unpublished":
      return { identity: resolved.keys, source: "signature" };
    case "legacy":
      return { identity: resolved.keys, source: "version-1 signature", next: deriveIdentityKey(resolved.signature) };
    case "backup":
      try {
        const identity = await restoreIdentityKey({ backup: resolved.backup, passphrase: await params.passphrase(), publicKey: resolved.publishedKey });
        return { identity, source: "stored backup" };
      } catch (error) {
        throw error instanceof DecryptionFailedError ? new WrongKeyPassphraseError(error) : error;
      }
  }
}
