"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useSignMessage } from "wagmi";
import { publishKeyTx } from "@cairn/core/chain";
import { appDeployment } from "../lib/deployment";
import { unlockMessage } from "../lib/identitySite";
import { loadCryptoModule } from "../lib/loadCore";
import { useIdentity } from "./useIdentity";
import { useTxSender } from "./useTxSender";

/**
 * Moves a version-1 identity key to the key of this site's identity message (PROTOCOL.md §3.4):
 * the wallet signs the message once more (core checks both signatures agree), the new key is
 * published, and the identity switches to it. It is a key change: channel admins share their
 * keys with the new key (the stale-keys flow) before its channels can be read again.
 */
export function useMigrateKey() {
  const { identity, setIdentity } = useIdentity();
  const { signMessageAsync } = useSignMessage();
  const send = useTxSender();
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["migrate-key", identity?.address],
    mutationFn: async () => {
      const message = identity && unlockMessage(identity.address);
      if (!identity?.migration || !message || !appDeployment) throw new Error("Unlock your keys first.");
      const { checkDeterminism } = await loadCryptoModule();
      const keys = checkDeterminism(identity.migration.signature, await signMessageAsync({ account: identity.address, message }));
      await send(publishKeyTx(appDeployment.keyDirectory, { publicKey: keys.publicKey }));
      setIdentity({ address: identity.address, keys, keyPublished: true });
    },
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
