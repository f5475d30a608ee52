"use client";
import { useMutation } from "@tanstack/react-query";
import { bytesToHex, type Address } from "viem";
import { useAccount } from "wagmi";
import { publishKeyTx, readPublicKey } from "../../core/chain";
import type { IdentityKeyPair } from "../../core/crypto";
import { appDeployment } from "../lib/deployment";
import { loadCryptoModule } from "../lib/loadCore";
import { useAppPublicClient } from "./useAppPublicClient";
import { useSession } from "./useSession";
import { useTxSender } from "./useTxSender";

/** A fallback key made in this tab, its 81-byte backup, and whether publishing it succeeded. */
export type CreatedFallbackKey = { address: Address; keys: IdentityKeyPair; backup: Uint8Array };

/**
 * The passphrase fallback for wallets with non-deterministic signatures (PROTOCOL.md §3.3, §11):
 * `create` makes a random identity key, encrypts it under the passphrase (scrypt + AES-GCM, core)
 * and publishes its public key; the user keeps the backup (Cairn publishes nothing of it) and
 * `finish` starts the session. `restore` decrypts a backup with its passphrase, publishes the key
 * if the KeyDirectory holds another one (or none), and starts the session.
 */
export function useFallbackKey() {
  const { address } = useAccount();
  const publicClient = useAppPublicClient();
  const send = useTxSender();
  const { setSession } = useSession();

  /** Publishes `keys` unless the KeyDirectory already holds exactly that key. */
  const ensurePublished = async (account: Address, keys: IdentityKeyPair) => {
    const keyDirectory = appDeployment!.keyDirectory;
    const published = await readPublicKey(publicClient, { keyDirectory, account });
    if (published && bytesToHex(published) === bytesToHex(keys.publicKey)) return;
    await send(publishKeyTx(keyDirectory, { publicKey: keys.publicKey }));
  };

  const requireAccount = (): Address => {
    if (!address || !appDeployment) throw new Error("Connect your wallet first.");
    return address;
  };

  const create = useMutation({
    mutationKey: ["fallback-create", address],
    mutationFn: async (passphrase: string): Promise<CreatedFallbackKey> => {
      const account = requireAccount();
      const { generateIdentityKey, backupIdentityKey } = await loadCryptoModule();
      const keys = generateIdentityKey();
      const backup = await backupIdentityKey({ privateKey: keys.privateKey, passphrase });
      await ensurePublished(account, keys);
      return { address: account, keys, backup };
    },
  });

  const restore = useMutation({
    mutationKey: ["fallback-restore", address],
    mutationFn: async ({ backup, passphrase }: { backup: Uint8Array; passphrase: string }) => {
      const account = requireAccount();
      const { restoreIdentityKey } = await loadCryptoModule();
      const keys = await restoreIdentityKey({ backup, passphrase });
      await ensurePublished(account, keys);
      setSession({ address: account, keys, keyPublished: true });
    },
  });

  const finish = (created: CreatedFallbackKey) => setSession({ address: created.address, keys: created.keys, keyPublished: true });

  return { create, restore, finish };
}
