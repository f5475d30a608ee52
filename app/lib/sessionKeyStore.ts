import type { Address, PrivateKeyAccount, PublicClient } from "viem";
import type { TxSender } from "@cairn/core/chain";
import { createSessionKeySender, isSessionKeyExpired, SessionKeyUnfundedError, type SessionKey } from "@cairn/core/session";
import { InsufficientFundsError } from "@cairn/core/chain";
import { createExternalStore } from "@cairn/core/createExternalStore";

/** The session key the wallet authorised (in memory; sealed under the identity key when saved). */
export interface ActiveSessionKey {
  wallet: Address;
  key: SessionKey;
  /** On-chain expiry, unix seconds. */
  expiry: bigint;
}

export interface SessionKeySnapshot {
  active: ActiveSessionKey | null;
  /** Why the last post needed the wallet after all (expired, revoked, out of funds), until dismissed. */
  notice: string | null;
}

const store = createExternalStore<SessionKeySnapshot>({ active: null, notice: null });
const senders = new WeakMap<ActiveSessionKey, TxSender>();

export const sessionKeySnapshot = store.getSnapshot;
export const subscribeSessionKey = store.subscribe;

export function setSessionKey(active: ActiveSessionKey | null, notice: string | null = null): void {
  store.set({ active, notice });
}

/** The session key's sender when a key is active for `wallet`, else null (posts go to the wallet). */
export function sessionSenderFor(publicClient: PublicClient, wallet: Address | undefined): TxSender | null {
  const { active } = store.getSnapshot();
  if (!active || !wallet || active.wallet.toLowerCase() !== wallet.toLowerCase()) return null;
  let sender = senders.get(active);
  if (!sender) senders.set(active, (sender = createSessionKeySender({ publicClient, key: active.key, expiry: active.expiry })));
  return sender;
}

/** The active session key's account while it signs for `wallet` and has not expired: presence beats are signed with it. */
export function sessionAccountFor(wallet: Address | undefined): PrivateKeyAccount | undefined {
  const { active } = store.getSnapshot();
  if (!active || !wallet || active.wallet.toLowerCase() !== wallet.toLowerCase() || isSessionKeyExpired(active.expiry)) return undefined;
  return active.key.account;
}

/** A post went to the wallet because the key could not send it: keep a funded key, drop an expired or revoked one. */
export function sessionKeyFellBack(reason: Error): void {
  if (reason instanceof SessionKeyUnfundedError || reason instanceof InsufficientFundsError) {
    setSessionKey(store.getSnapshot().active, "The session key is out of funds: top it up. Until then each message asks your wallet.");
  } else {
    setSessionKey(null, "Fast sending ended (the session key expired or was revoked): each message asks your wallet again.");
  }
}
