"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { Address } from "viem";
import { useAccount, useSignMessage } from "wagmi";
import { publishKeyTx, resolveIdentity } from "@cairn/core/chain";
import { loadCryptoModule } from "../lib/loadCore";
import { appChain } from "../lib/chain";
import { appDeployment } from "../lib/deployment";
import { identitySite, unlockMessage } from "../lib/identitySite";
import { useAppPublicClient } from "./useAppPublicClient";
import { useNotify } from "./useNotify";
import { useIdentity } from "./useIdentity";
import { useTxSender } from "./useTxSender";

/** "replace": the KeyDirectory holds another key for this wallet, which publishing replaces. */
export type UnlockStep = "idle" | "sign" | "confirm" | "publish" | "replace" | "done";

/**
 * How an unlock ended: the identity started, or the wallet's published key is a passphrase-
 * protected key whose backup the KeyDirectory stores: restore it with the passphrase
 * (useFallbackKey().restoreStored) instead of deriving a key.
 */
export type UnlockOutcome =
  | { kind: "unlocked" }
  | { kind: "restore"; account: Address; publishedKey: Uint8Array; backup: Uint8Array };

/**
 * Unlock (PROTOCOL.md §3.3, §3.4): sign the identity message for this site, and let core's
 * resolveIdentity compare the key with the KeyDirectory. The published key may be this key, a
 * version-1 key (signed once more with the earlier message; the identity then offers the move to
 * the origin-bound key), or a passphrase-protected key (the outcome asks for the passphrase).
 * Otherwise (first setup, or another key) the wallet signs a second time so core can check it is
 * deterministic, and the key is published (one transaction). A failed publication still
 * unlocks; `keyPublished` stays false.
 */
export function useUnlock() {
  const { address } = useAccount();
  const publicClient = useAppPublicClient();
  const { signMessageAsync } = useSignMessage();
  const { setIdentity } = useIdentity();
  const send = useTxSender();
  const [step, setStep] = useState<UnlockStep>("idle");
  const { notifyError } = useNotify();

  const mutation = useMutation({
    mutationKey: ["unlock", address],
    mutationFn: async (): Promise<UnlockOutcome> => {
      if (!address || !appDeployment) throw new Error("Connect your wallet first.");
      const account: Address = address;
      const keyDirectory = appDeployment.keyDirectory;
      const sign = (message: string) => signMessageAsync({ account, message });
      setStep("sign");
      const [{ checkDeterminism }, resolved] = await Promise.all([
        loadCryptoModule(),
        resolveIdentity(publicClient, { ...identitySite(), keyDirectory, account, chainId: appChain.id, sign }),
      ]);
      if (resolved.kind === "backup") return { kind: "restore", account, publishedKey: resolved.publishedKey, backup: resolved.backup };
      if (resolved.kind === "current") {
        setIdentity({ address: account, keys: resolved.keys, keyPublished: true });
        return { kind: "unlocked" };
      }
      if (resolved.kind === "legacy") {
        setIdentity({ address: account, keys: resolved.keys, keyPublished: true, migration: { signature: resolved.signature } });
        return { kind: "unlocked" };
      }
      setStep("confirm");
      const keys = checkDeterminism(resolved.signature, await sign(unlockMessage(account)!));
      setStep(resolved.published === null ? "publish" : "replace");
      try {
        await send(publishKeyTx(keyDirectory, { publicKey: keys.publicKey }));
        setIdentity({ address: account, keys, keyPublished: true });
      } catch (error) {
        notifyError(error, "Your key is unlocked but not published");
        setIdentity({ address: account, keys, keyPublished: false });
      }
      return { kind: "unlocked" };
    },
    onSuccess: (outcome) => setStep(outcome.kind === "unlocked" ? "done" : "idle"),
    onError: () => setStep("idle"),
  });

  return { ...mutation, step };
}
