"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { bytesToHex, type Address } from "viem";
import { useAccount, useSignMessage } from "wagmi";
import { publishKeyTx, readPublicKey } from "../../core/chain";
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

/** The text the wallet signs; null when Cairn is not deployed on the configured chain. */
export const unlockMessage: string | null = appDeployment
  ? identityMessage({ chainId: appChain.id, keyDirectory: appDeployment.keyDirectory })
  : null;

const sameKey = (a: Uint8Array | null, b: Uint8Array) => a !== null && bytesToHex(a) === bytesToHex(b);

/**
 * Unlock: sign the identity message and derive the keys (core). When the KeyDirectory does
 * not already hold this exact key (first setup, or a different key), the wallet signs a
 * second time so core can check it is deterministic, and the key is published (one
 * transaction). A failed publication still unlocks; `keyPublished` stays false.
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
    mutationFn: async () => {
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
        return;
      }
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
    },
    onSuccess: () => setStep("done"),
    onError: () => setStep("idle"),
  });

  return { ...mutation, step };
}
