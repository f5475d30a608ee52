"use client";
import { useEffect } from "react";
import { createSessionKey, isSessionKeyExpired, openSessionState, readSessionKeyExpiry, sealSessionState, type SessionStateContext } from "@cairn/core/session";
import { accountChannelKey } from "../lib/accountChannelKey";
import { appChain } from "../lib/chain";
import { appDeployment } from "../lib/deployment";
import { outboxLists, subscribeOutbox, updateOutbox, type PendingMessage } from "../lib/outbox";
import { sessionKeySnapshot, setSessionKey, subscribeSessionKey } from "../lib/sessionKeyStore";
import { useAppPublicClient } from "./useAppPublicClient";
import { useIdentity } from "./useIdentity";

const storageKey = (context: SessionStateContext) => `cairn.session.${context.chainId}.${context.registry}.${context.wallet.toLowerCase()}`;

/** Restored messages get negative local ids, apart from the ids useOutgoingMessages hands out. */
let restoredId = 0;

/** Unsent text messages of `wallet` in this tab (files are references to local files: they cannot survive a reload). */
function unsent(wallet: string) {
  const prefix = `${wallet.toLowerCase()}:`;
  const pending: { channelId: bigint; text: string; id?: string }[] = [];
  for (const [key, list] of outboxLists()) {
    if (!key.startsWith(prefix)) continue;
    const channelId = BigInt(key.slice(prefix.length));
    for (const item of list) if (item.status !== "confirmed" && !item.files?.length) pending.push({ channelId, text: item.text, id: item.id });
  }
  return pending;
}

/**
 * Keeps the session key and the unsent messages across a reload, sealed (AES-GCM, key from
 * HKDF over the identity private key) in localStorage: nothing readable is stored. After the
 * next unlock, a key still authorised on-chain becomes active again and unsent messages come
 * back as failed with Retry (they may have reached the chain just before the reload, so they
 * are never re-posted unasked).
 */
export function useIdentityPersistence() {
  const { identity } = useIdentity();
  const publicClient = useAppPublicClient();

  useEffect(() => {
    if (!identity || !appDeployment) return;
    const registry = appDeployment.channelRegistry;
    const wallet = identity.address;
    const context: SessionStateContext = { identityPrivateKey: identity.keys.privateKey, wallet, chainId: appChain.id, registry };
    let live = true;
    let restored = false;

    const save = async () => {
      if (!restored) return;
      const { active } = sessionKeySnapshot();
      const mine = active && active.wallet.toLowerCase() === wallet.toLowerCase() ? active : null;
      const pending = unsent(wallet);
      if (!mine && pending.length === 0) return localStorage.removeItem(storageKey(context));
      const sealed = await sealSessionState(context, { privateKey: mine?.key.privateKey ?? null, expiry: mine?.expiry ?? 0n, pending });
      if (live) localStorage.setItem(storageKey(context), sealed);
    };

    const restore = async () => {
      const stored = localStorage.getItem(storageKey(context));
      if (!stored) return;
      const state = await openSessionState(context, stored);
      if (state.privateKey && !sessionKeySnapshot().active) {
        const key = createSessionKey(state.privateKey);
        const expiry = await readSessionKeyExpiry(publicClient, { registry, wallet, key: key.account.address });
        if (live && !isSessionKeyExpired(expiry)) setSessionKey({ wallet, key, expiry });
      }
      for (const { channelId, text, id } of state.pending) {
        const error = new Error("The page was reloaded before this message was confirmed: Retry sends it");
        // With its id, the message disappears from the outbox once its chain copy is read (it did get through).
        const item: PendingMessage = { localId: --restoredId, text, id, createdAt: Date.now(), status: "failed", error };
        updateOutbox(accountChannelKey(wallet, channelId), (list) => [...list, item]);
      }
    };

    const unsubscribe = [subscribeSessionKey(() => void save()), subscribeOutbox(() => void save())];
    restore()
      .catch(() => localStorage.removeItem(storageKey(context)))
      .finally(() => {
        restored = true;
        void save();
      });
    return () => {
      live = false;
      for (const stop of unsubscribe) stop();
    };
  }, [identity, publicClient]);
}
