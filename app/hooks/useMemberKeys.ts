"use client";
import { useQuery } from "@tanstack/react-query";
import { keyChangedMembers, listKeyChanges, noUsableKey, readPublicKey, staleKeyMembers, type ChannelMember } from "../../core/chain";
import { appConfig } from "../lib/config";
import { appDeployment } from "../lib/deployment";
import { useAppPublicClient } from "./useAppPublicClient";

/**
 * The published key of each member (null if none, or none usable), the members who replaced their key after
 * joining (their safety number changed) and those of them whose channel keys are still sealed to
 * the earlier key (`stale`: they cannot read until the admin seals the keys again), from the
 * KeyDirectory. Addresses in the sets are lower case.
 */
export function useMemberKeys(members: readonly ChannelMember[] | undefined) {
  const client = useAppPublicClient();
  return useQuery({
    queryKey: ["member-keys", appConfig.chainId, members?.map((m) => `${m.account}:${m.joinedBlock}:${m.keysSharedBlock}`).join(",")],
    queryFn: async () => {
      const deployment = appDeployment!;
      const accounts = members!.map((m) => m.account);
      const [keys, changes] = await Promise.all([
        Promise.all(accounts.map((account) => readPublicKey(client, { keyDirectory: deployment.keyDirectory, account }).catch(noUsableKey))),
        listKeyChanges(client, { keyDirectory: deployment.keyDirectory, fromBlock: deployment.fromBlock, accounts }),
      ]);
      const keyOf = new Map(accounts.map((account, i) => [account.toLowerCase(), keys[i] ?? null]));
      const changed = new Set(keyChangedMembers(members!, changes).map((account) => account.toLowerCase()));
      const stale = new Set(staleKeyMembers(members!, changes).map((account) => account.toLowerCase()));
      return { keyOf, changed, stale };
    },
    enabled: members !== undefined && members.length > 0 && appDeployment !== undefined,
    refetchInterval: 15_000,
  });
}
