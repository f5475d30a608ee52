"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { bytesToHex, type Address } from "viem";
import { useAccount, useSignMessage } from "wagmi";
import { publishKeyTx, readKeyBackup, readPublicKey } from "../../core/chain";
import type { IdentityKeyPair } from "../../core/crypto";
import { identityMessage } from "../../core/crypto/identityMessage";
import { loadCryptoModule } from "../lib/loadCore";
import { appChain } from "../lib/chain";
import { appDeployment } from "../lib/deployment";
import { useAppPublicClient } from "./useAppPublicClient";
import { useNotify } from "./useNotify";
import { useSession } from "./useSession";
import { useTxSender } from "./useTxSender";

/** "replace": the KeyDirectory holds another key for this wallet, which publishing replaces. */
export type UnlockStep = "idle" | "sign" | "confirm" | "publish" | "replace" | "done";

/**
 * How an unlock ended: the session started, or the wallet's published key is a passphrase-
 * protected key whose backup the KeyDirectory stores: restore it with the passphrase
 * (useFallbackKey().restoreStored) instead of deriving a key.
 */
export type UnlockOutcome =
  | { kind: "unlocked" }
  | { kind: "restore"; account: Address; publishedKey: Uint8Array; backup: Uint8Array };

/** The text the wallet signs; null when Cairn is not deployed on the configured chain. */
export const unlockMessage: string | null = appDeployment
  ? identityMessage({ chainId: appChain.id, keyDirectory: appDeployment.keyDirectory })
  : null;

const sameKey = (a: Uint8Array | null, b: Uint8Array) => a !== null && bytesToHex(a) === bytesToHex(b);

/**
 * Unlock (PROTOCOL.md §3.3): sign the identity message and derive the keys (core). When the
 * KeyDirectory holds another key together with a passphrase backup, that key is the wallet's
 * passphrase-protected key: the outcome asks for the passphrase instead. Otherwise, when it does
 * not already hold this exact key (first setup, or a different key), the wallet signs a second
 * time so core can check it is deterministic, and the key is published (one transaction). A
 * failed publication still unlocks; `keyPublished` stays false.
 */
export function useUnlock() {
  const { address } = useAccount();
  const publicClient = useAppPublicClient();
  const { signMessageAsync } = useSignMessage();
  const { setSession } = useSession();
  const send = useTxSender();
  const [step, setStep] = useState<UnlockStep>("idle");
  const { notifyError } = useNotify();

  const mutation = useMutation({
    mutationKey: ["unlock", address],
    mutationFn: async (): Promise<UnlockOutcome> => {
      if (!address || !appDeployment || !unlockMessage) throw new Error("Connect your wallet first.");
      const account: Address = address;
      const keyDirectory = appDeployment.keyDirectory;
      setStep("sign");
      const [{ checkDeterminism, deriveIdentityKey }, first] = await Promise.all([
        loadCryptoModule(),
        signMessageAsync({ account, message: unlockMessage }),
      ]);
      const published = await readPublicKey(publicClient, { keyDirectory, account });
      let keys: IdentityKeyPair = deriveIdentityKey(first);
      if (sameKey(published, keys.publicKey)) {
        setSession({ address: account, keys, keyPublished: true });
        return { kind: "unlocked" };
      }
      const backup = published && (await readKeyBackup(publicClient, { keyDirectory, account }));
      if (published && backup) return { kind: "restore", account, publishedKey: published, backup };
      setStep("confirm");
      const second = await signMessageAsync({ account, message: unlockMessage });
      keys = checkDeterminism(first, second);
      setStep(published === null ? "publish" : "replace");
      try {
        await send(publishKeyTx(keyDirectory, { publicKey: keys.publicKey }));
        setSession({ address: account, keys, keyPublished: true });
      } catch (error) {
        notifyError(error, "Your key is unlocked but not published");
        setSession({ address: account, keys, keyPublished: false });
      }
      return { kind: "unlocked" };
    },
    onSuccess: (outcome) => setStep(outcome.kind === "unlocked" ? "done" : "idle"),
    onError: () => setStep("idle"),
  });

  return { ...mutation, step };
}
