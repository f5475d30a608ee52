"use client";
import { useMutation } from "@tanstack/react-query";
import { bytesToHex, type Address } from "viem";
import { useAccount } from "wagmi";
import { publishKeyWithBackupTx, readPublicKey, restoreStoredIdentity } from "@cairn/core/chain";
import type { IdentityKeyPair } from "@cairn/core/crypto";
import { appDeployment } from "../lib/deployment";
import { loadCryptoModule } from "../lib/loadCore";
import { useAppPublicClient } from "./useAppPublicClient";
import { useIdentity } from "./useIdentity";
import { useTxSender } from "./useTxSender";

/** A fallback key made in this tab and its 81-byte backup, both published in the KeyDirectory. */
export type CreatedFallbackKey = { address: Address; keys: IdentityKeyPair; backup: Uint8Array };

/** A passphrase backup the KeyDirectory stores with the wallet's published key (see useUnlock). */
export type StoredBackup = { account: Address; publishedKey: Uint8Array; backup: Uint8Array };

/**
 * The passphrase fallback for wallets with non-deterministic signatures (PROTOCOL.md §3.3, §11).
 * `create` makes a random identity key, encrypts it under the passphrase (scrypt + AES-GCM, core)
 * and publishes the public key and the backup in one transaction; `finish` starts the identity.
 * `restoreStored` restores the backup the KeyDirectory stores with the published key, with the
 * passphrase alone (another device). `restore` takes a backup from a file or pasted hex instead
 * and publishes it with its key unless that key is already the published one (the KeyDirectory
 * takes a backup only with a new key).
 */
export function useFallbackKey() {
  const { address } = useAccount();
  const publicClient = useAppPublicClient();
  const send = useTxSender();
  const { setIdentity } = useIdentity();

  const requireAccount = (): { account: Address; keyDirectory: Address } => {
    if (!address || !appDeployment) throw new Error("Connect your wallet first.");
    return { account: address, keyDirectory: appDeployment.keyDirectory };
  };

  const create = useMutation({
    mutationKey: ["fallback-create", address],
    mutationFn: async (passphrase: string): Promise<CreatedFallbackKey> => {
      const { account, keyDirectory } = requireAccount();
      const { generateIdentityKey, backupIdentityKey } = await loadCryptoModule();
      const keys = generateIdentityKey();
      const backup = await backupIdentityKey({ privateKey: keys.privateKey, passphrase });
      await send(publishKeyWithBackupTx(keyDirectory, { publicKey: keys.publicKey, backup }));
      return { address: account, keys, backup };
    },
  });

  const restoreStored = useMutation({
    mutationKey: ["fallback-restore-stored", address],
    mutationFn: async ({ stored, passphrase }: { stored: StoredBackup; passphrase: string }) => {
      const keys = await restoreStoredIdentity(stored, passphrase);
      setIdentity({ address: stored.account, keys, keyPublished: true });
    },
  });

  const restore = useMutation({
    mutationKey: ["fallback-restore", address],
    mutationFn: async ({ backup, passphrase }: { backup: Uint8Array; passphrase: string }) => {
      const { account, keyDirectory } = requireAccount();
      const { restoreIdentityKey } = await loadCryptoModule();
      const keys = await restoreIdentityKey({ backup, passphrase });
      const published = await readPublicKey(publicClient, { keyDirectory, account });
      // The directory takes a backup only with a new key: a key already published stays as it is.
      const alreadyPublished = published !== null && bytesToHex(published) === bytesToHex(keys.publicKey);
      if (!alreadyPublished) await send(publishKeyWithBackupTx(keyDirectory, { publicKey: keys.publicKey, backup }));
      setIdentity({ address: account, keys, keyPublished: true });
    },
  });

  const finish = (created: CreatedFallbackKey) => setIdentity({ address: created.address, keys: created.keys, keyPublished: true });

  return { create, restore, restoreStored, finish };
}
