"use client";
import { useMutation } from "@tanstack/react-query";
import { publishKeyTx } from "@cairn/core/chain";
import { appDeployment } from "../lib/deployment";
import { useIdentity } from "./useIdentity";
import { useTxSender } from "./useTxSender";

/** Publishes the identity's public key in the KeyDirectory (one transaction), then marks it published. */
export function usePublishKey() {
  const { identity, setIdentity } = useIdentity();
  const send = useTxSender();
  return useMutation({
    mutationKey: ["publish-key", identity?.address],
    mutationFn: async () => {
      if (!identity || !appDeployment) throw new Error("Unlock your keys first.");
      await send(publishKeyTx(appDeployment.keyDirectory, { publicKey: identity.keys.publicKey }));
      setIdentity({ ...identity, keyPublished: true });
    },
  });
}
