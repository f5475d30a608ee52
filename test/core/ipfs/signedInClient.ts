import type { Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createPinningAuth, createPinningClient, type PinningAuth, type PinningClient, type PinningClientConfig } from "@cairn/core/ipfs";

export interface SignedInClient extends PinningClient {
  account: `0x${string}`;
  /** The bearer token (signing in first if needed), for raw requests. */
  token(): Promise<string>;
  signOut: PinningAuth["signOut"];
}

/**
 * A pinning client signed in (EIP-4361) as `privateKey`'s account (a fresh random one by
 * default), for `origin` (default: the service's own origin, as headless clients do).
 */
export function signedInClient(
  url: string,
  options: { privateKey?: Hex; origin?: string; chainId?: number } & Omit<PinningClientConfig, "url" | "auth" | "token"> = {},
): SignedInClient {
  const { privateKey = generatePrivateKey(), origin, chainId = 31337, ...config } = options;
  const account = privateKeyToAccount(privateKey);
  const auth = createPinningAuth({ url, account: account.address, chainId, origin, signMessage: (message) => account.signMessage({ message }), fetch: config.fetch });
  return { ...createPinningClient({ ...config, url, auth }), account: account.address, token: () => auth.token(), signOut: (signOutOptions) => auth.signOut(signOutOptions) };
}
