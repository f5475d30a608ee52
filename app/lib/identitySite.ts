import type { Address } from "viem";
import { identityMessage } from "@cairn/core/crypto";
import { appChain } from "./chain";
import { appDeployment } from "./deployment";

/**
 * The site the identity message is bound to (PROTOCOL.md §3.1): this page's host and origin, so
 * that the key derived here differs from the key any other site could derive from a signature it
 * obtains, and wallets that check EIP-4361 domains warn on another site. Browser only.
 */
export function identitySite(): { domain: string; uri: string } {
  return { domain: window.location.host, uri: window.location.origin };
}

/** The text `account` signs to unlock on this site; null when Cairn is not deployed on the configured chain. */
export function unlockMessage(account: Address): string | null {
  if (!appDeployment) return null;
  return identityMessage({ ...identitySite(), account, chainId: appChain.id, keyDirectory: appDeployment.keyDirectory });
}
