"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useSyncExternalStore } from "react";
import { authorizeSessionKeyTx, revokeSessionKeyTx } from "@cairn/core/chain";
import { createSessionKey, estimateFunding, sessionExpiry, sweepSessionKey } from "@cairn/core/session";
import { appChain } from "../lib/chain";
import { appDeployment } from "../lib/deployment";
import { gasPriceQuery, queryKeys, sessionKeyStatusQuery } from "../lib/queries";
import { sessionKeySnapshot, setSessionKey, subscribeSessionKey } from "../lib/sessionKeyStore";
import { useAppPublicClient } from "./useAppPublicClient";
import { useChainHead } from "./useChainIndex";
import { useIdentity } from "./useIdentity";
import { useTxSender } from "./useTxSender";

const MAX_TIMEOUT_MS = 2 ** 31 - 1;

const registry = () => {
  if (!appDeployment) throw new Error("Cairn is not deployed on this chain.");
  return appDeployment.channelRegistry;
};

/**
 * The session key of the unlocked account: `enable` creates a key in memory and asks the wallet
 * once to authorise and fund it; then posts need no confirmation. `status` is its balance and
 * what it still pays for, read again at each new head of the tab's chain index; `topUp` sends it value from the wallet; `revoke` ends it on-chain and
 * returns what is left on the key to the wallet (signed by the key). At expiry the key is dropped
 * with a notice.
 */
export function useSessionKey() {
  const { identity } = useIdentity();
  const publicClient = useAppPublicClient();
  const send = useTxSender();
  const { active, notice } = useSyncExternalStore(subscribeSessionKey, sessionKeySnapshot, sessionKeySnapshot);
  const wallet = identity?.address;
  const mine = active && wallet && active.wallet.toLowerCase() === wallet.toLowerCase() ? active : null;
  const keyAddress = mine?.key.account.address;

  const gasPrice = useQuery(gasPriceQuery(publicClient));
  const status = useQuery(sessionKeyStatusQuery(publicClient, wallet, keyAddress));
  const queryClient = useQueryClient();
  const head = useChainHead();
  useEffect(() => {
    if (keyAddress && head !== undefined) void queryClient.invalidateQueries({ queryKey: queryKeys.sessionKeyStatus(wallet, keyAddress) });
  }, [queryClient, wallet, keyAddress, head]);

  const enable = useMutation({
    mutationFn: async ({ hours, messages }: { hours: number; messages: number }) => {
      if (!wallet) throw new Error("Unlock your keys first.");
      const price = gasPrice.data ?? (await publicClient.estimateFeesPerGas()).maxFeePerGas;
      const funding = estimateFunding({ gasPrice: price, messages });
      const { timestamp } = await publicClient.getBlock();
      const expiry = sessionExpiry(timestamp, BigInt(Math.round(hours * 3600)));
      const key = createSessionKey();
      await send(authorizeSessionKeyTx(registry(), { key: key.account.address, expiry, funding }));
      setSessionKey({ wallet, key, expiry });
    },
  });

  const topUp = useMutation({
    mutationFn: async (messages: number) => {
      if (!keyAddress) throw new Error("No session key to top up.");
      const price = (await publicClient.estimateFeesPerGas()).maxFeePerGas;
      const value = estimateFunding({ gasPrice: price, messages });
      await send({ to: keyAddress, data: "0x", value });
      setSessionKey(sessionKeySnapshot().active);
      await status.refetch();
    },
  });

  const revoke = useMutation({
    mutationFn: async () => {
      if (!mine || !wallet) throw new Error("No session key to revoke.");
      await send(revokeSessionKeyTx(registry(), { key: mine.key.account.address }));
      setSessionKey(null);
      await sweepSessionKey({ publicClient, key: mine.key, chainId: appChain.id, to: wallet });
    },
  });

  useEffect(() => {
    if (!mine) return;
    const expired = () => setSessionKey(null, "The session key expired: each message asks your wallet again. Enable fast sending to renew it.");
    const left = Number(mine.expiry) * 1000 - Date.now();
    if (left <= 0) return expired();
    // Past setTimeout's range (≈ 24.8 days) the first refused post drops the key instead.
    if (left > MAX_TIMEOUT_MS) return;
    const timer = setTimeout(expired, left);
    return () => clearTimeout(timer);
  }, [mine]);

  /** What enabling would send to the key for `messages` messages at the current gas price. */
  const fundingFor = (messages: number) => (gasPrice.data && messages >= 1 && Number.isSafeInteger(messages) ? estimateFunding({ gasPrice: gasPrice.data, messages }) : undefined);

  return { active: mine, notice, status, gasPrice: gasPrice.data, fundingFor, enable, topUp, revoke, dismissNotice: () => setSessionKey(sessionKeySnapshot().active) };
}
