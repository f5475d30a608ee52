"use client";
import { useMutation } from "@tanstack/react-query";
import { publishKeyTx } from "../../core/chain";
import { appDeployment } from "../lib/deployment";
import { useSession } from "./useSession";
import { useTxSender } from "./useTxSender";

/** Publishes the session's public key in the KeyDirectory (one transaction), then marks it published. */
export function usePublishKey() {
  const { session, setSession } = useSession();
  const send = useTxSender();
  return useMutation({
    mutationKey: ["publish-key", session?.address],
    mutationFn: async () => {
      if (!session || !appDeployment) throw new Error("Unlock your keys first.");
      await send(publishKeyTx(appDeployment.keyDirectory, { publicKey: session.keys.publicKey }));
      setSession({ ...session, keyPublished: true });
    },
  });
}
