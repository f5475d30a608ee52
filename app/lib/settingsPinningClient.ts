import type { Address, Hex } from "viem";
import type { PinningAuth, PinningClient, PinningClientConfig, PinningSignInConfig } from "@cairn/core/ipfs";
import { appConfig } from "./config";
import { pinningTokenCache } from "./pinningTokenCache";
import { readPinningSettings } from "./pinningSettings";

/** Who pins: the account, and how it signs the pinning service's sign-in message (the wallet). */
export interface PinningSigner {
  account: Address;
  signMessage: (message: string) => Promise<Hex>;
}

export interface PinningFactories {
  createPinningClient: (config: PinningClientConfig) => PinningClient;
  createPinningAuth: (config: PinningSignInConfig) => PinningAuth;
}

/**
 * A pinning client for `signer`'s account that follows the saved settings (`/settings`): each
 * call goes to the service configured at that moment, so a change applies without restarting
 * the IPFS node. With no token configured it signs in with the wallet (one signature per token
 * lifetime, the token kept in this browser); with one, it sends that token.
 */
export function settingsPinningClient(factories: PinningFactories, signer: PinningSigner): PinningClient {
  let current: { key: string; client: PinningClient } | undefined;
  const client = (): PinningClient => {
    const { url, token } = readPinningSettings();
    const key = `${url}\n${token}`;
    if (current?.key !== key) current = { key, client: factories.createPinningClient(token ? { url, token } : { url, auth: auth(url) }) };
    return current.client;
  };
  const auth = (url: string): PinningAuth => walletPinningAuth(factories.createPinningAuth, url, signer);
  return {
    pin: (cid, options) => client().pin(cid, options),
    status: (requestId, options) => client().status(requestId, options),
    find: (cid, options) => client().find(cid, options),
    waitPinned: (cid, options) => client().waitPinned(cid, options),
    list: (options) => client().list(options),
    remove: (requestId, options) => client().remove(requestId, options),
    confirm: (requestId, cid, options) => client().confirm(requestId, cid, options),
    uploadCar: (car, options) => client().uploadCar(car, options),
    uploadDag: (blockstore, root, options) => client().uploadDag(blockstore, root, options),
  };
}

/** The wallet sign-in of `signer`'s account to the pinning service at `url` (its token kept in this browser, shared by every tab). */
export function walletPinningAuth(createPinningAuth: PinningFactories["createPinningAuth"], url: string, signer: PinningSigner): PinningAuth {
  return createPinningAuth({
    url,
    account: signer.account,
    chainId: appConfig.chainId,
    origin: window.location.origin,
    signMessage: signer.signMessage,
    cache: pinningTokenCache(url, signer.account),
  });
}
