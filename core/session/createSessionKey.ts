import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { createNonceManager, jsonRpc } from "viem/nonce";
import type { Hex } from "viem";

/** An ephemeral key that posts for a wallet once the wallet authorises it. */
export type SessionKey = { privateKey: Hex; account: PrivateKeyAccount };

/** A new random session key (kept in memory; `privateKey` given to restore a saved one), with its own nonce manager. */
export function createSessionKey(privateKey: Hex = generatePrivateKey()): SessionKey {
  return { privateKey, account: privateKeyToAccount(privateKey, { nonceManager: createNonceManager({ source: jsonRpc() }) }) };
}
